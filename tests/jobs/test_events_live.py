"""The job event stream over a real HTTP server (``lifeboat serve`` in a subprocess): heartbeat
comments while the job is idle, resumption with Last-Event-ID, and release of the stream when
the client goes away (the server's open-stream gauge returns to zero)."""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_server import LifeboatServer, LiveServerError, live_lifeboat
from tests.services import TestServices


@pytest.fixture(scope="module")
def sse_server(services: TestServices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LifeboatServer]:
    log_path = Path(tmp_path_factory.mktemp("sse")) / "server.log"
    try:
        with live_lifeboat(
            services, environment="sse", log_path=log_path, extra_env={"LIFEBOAT_SSE_HEARTBEAT_S": "0.3"}
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def headers(sse_server: LifeboatServer) -> dict[str, str]:
    with httpx.Client(base_url=sse_server.base_url, timeout=10) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"username": sse_server.admin_username, "password": sse_server.admin_password},
        )
        assert login.status_code == 200, login.text
        created = client.post(
            "/api/v1/tokens",
            json={"name": "sse", "role": "admin", "reason": "sse test"},
            headers={"x-csrf-token": login.json()["csrf_token"]},
        )
        assert created.status_code == 201, created.text
        return {"Authorization": f"Bearer {created.json()['secret']}"}


def open_streams(client: httpx.Client) -> float:
    text = client.get("/metrics").text
    match = re.search(r"^lifeboat_job_event_streams_open (\S+)$", text, re.MULTILINE)
    assert match, "the open-stream gauge is exported"
    return float(match.group(1))


def wait_streams(client: httpx.Client, expected: float) -> None:
    for _ in range(200):
        if open_streams(client) == expected:
            return
        time.sleep(0.05)
    raise AssertionError(f"open streams never reached {expected} (now {open_streams(client)})")


def test_idle_stream_sends_heartbeats_resumes_and_is_released_on_disconnect(
    sse_server: LifeboatServer, headers: dict[str, str]
) -> None:
    with httpx.Client(base_url=sse_server.base_url, timeout=10) as client:
        # no worker runs in this server: the job stays pending, so the stream stays idle
        created = client.post(
            "/api/v1/jobs",
            json={"kind": "system.probe", "params": {"steps": 2}, "reason": "sse test", "dry_run": False},
            headers={**headers, "Idempotency-Key": secrets.token_hex(8)},
        )
        assert created.status_code == 201, created.text
        job_id = created.json()["job"]["id"]
        assert open_streams(client) == 0

        lines: list[str] = []
        with client.stream("GET", f"/api/v1/jobs/{job_id}/events", headers=headers) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            # one iterator, kept open: leaving a for-loop over it must not close the response
            received = stream.iter_lines()
            for line in received:
                lines.append(line)
                if sum(1 for seen in lines if seen.startswith(": heartbeat")) >= 2:
                    break
            assert open_streams(client) == 1
        # the first event is the creation, with its id; heartbeats are bare comments (no data
        # line, which a browser's EventSource would dispatch as an empty message)
        assert "event: job.created" in lines
        assert lines.count("data: ") == 0
        first_id = next(line.split(": ", 1)[1] for line in lines if line.startswith("id: "))
        assert first_id == "1"
        wait_streams(client, 0)

        # resuming after the last seen id does not repeat it: only heartbeats arrive
        resumed: list[str] = []
        with client.stream(
            "GET", f"/api/v1/jobs/{job_id}/events", headers={**headers, "Last-Event-ID": first_id}
        ) as stream:
            for line in stream.iter_lines():
                resumed.append(line)
                if line.startswith(": heartbeat"):
                    break
        assert not any(line.startswith("id: ") for line in resumed)
        wait_streams(client, 0)


def test_stream_of_an_unknown_job_is_404(sse_server: LifeboatServer, headers: dict[str, str]) -> None:
    with httpx.Client(base_url=sse_server.base_url, timeout=10) as client:
        response = client.get("/api/v1/jobs/01a20240-0000-7000-8000-000000000000/events", headers=headers)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/problem+json")
