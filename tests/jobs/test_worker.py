"""The worker, in process against the test database: steps, retries, timeouts, cancellation,
approval, engine pause, receipts, SSE, and fencing of a worker whose lease was taken."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar

from lifeboat.jobs.definitions import StepResult
from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.worker import Lease, LeaseLost, Worker
from tests.conftest import bearer_token
from tests.core.test_errors import assert_problem
from tests.jobs.conftest import TERMINAL, create_probe, running_worker, wait_for, wait_for_status


async def _rows(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _effects(database_url: str, job_id: str) -> dict[int, int]:
    rows = await _rows(
        database_url,
        "select step, count(*) as n from job_effect where job_id = $1 group by step",
        uuid.UUID(job_id),
    )
    return {r["step"]: r["n"] for r in rows}


async def test_worker_runs_every_step_and_applies_each_effect_once(
    client: httpx.AsyncClient, admin_headers, worker, database_url
) -> None:
    job = await create_probe(client, admin_headers, steps=3, scope="tenant:acme")
    done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    assert done["job"]["status"] == "succeeded"
    assert [(s["status"], s["effect"], len(s["attempts"])) for s in done["steps"]] == [
        ("succeeded", "done", 1)
    ] * 3
    assert await _effects(database_url, job["job"]["id"]) == {1: 1, 2: 1, 3: 1}
    # the scope is free again once the job ended
    await create_probe(client, admin_headers, scope="tenant:acme")


async def test_retries_with_backoff_are_visible_as_attempts(
    client: httpx.AsyncClient, admin_headers, worker, database_url
) -> None:
    job = await create_probe(client, admin_headers, steps=2, fail_at_step=2, fail_times=2, max_attempts=3)
    done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    assert done["job"]["status"] == "succeeded"
    attempts = done["steps"][1]["attempts"]
    assert [a["status"] for a in attempts] == ["failed", "failed", "succeeded"]
    assert [a["error_type"] for a in attempts] == ["ProbeFailure", "ProbeFailure", None]
    first, second = attempts[0]["retry_in_s"], attempts[1]["retry_in_s"]
    assert first > 0
    assert second > first
    assert await _effects(database_url, job["job"]["id"]) == {1: 1, 2: 1}


async def test_exhausted_retries_fail_the_job_and_release_the_scope(
    client: httpx.AsyncClient, admin_headers, worker, database_url
) -> None:
    job = await create_probe(
        client, admin_headers, steps=3, fail_at_step=2, fail_times=5, max_attempts=2, scope="tenant:acme"
    )
    done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    assert done["job"]["status"] == "failed"
    assert "ProbeFailure" in done["job"]["error"]
    assert [s["status"] for s in done["steps"]] == ["succeeded", "failed", "skipped"]
    assert [a["retry_in_s"] is None for a in done["steps"][1]["attempts"]] == [False, True]
    assert await _effects(database_url, job["job"]["id"]) == {1: 1}
    await create_probe(client, admin_headers, scope="tenant:acme")


async def test_step_timeout_is_an_attempt_failure(client: httpx.AsyncClient, admin_headers, worker) -> None:
    job = await create_probe(client, admin_headers, steps=1, sleep_s=30, step_timeout_s=0.2, max_attempts=2)
    done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    assert done["job"]["status"] == "failed"
    assert [a["error_type"] for a in done["steps"][0]["attempts"]] == ["StepTimeout", "StepTimeout"]
    assert done["steps"][0]["effect"] == "unknown"


async def test_cancel_running_job_stops_the_step_and_runs_no_further_step(
    client: httpx.AsyncClient, admin_headers, worker, database_url, app: Litestar
) -> None:
    job = await create_probe(client, admin_headers, steps=3, sleep_s=30, scope="tenant:acme")
    job_id = job["job"]["id"]
    await wait_for_status(client, admin_headers, job_id, {"running"})
    response = await client.post(
        f"/api/v1/jobs/{job_id}/cancel", json={"reason": "stop it"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["job"]["status"] in ("cancelling", "cancelled")
    done = await wait_for_status(client, admin_headers, job_id, TERMINAL)
    assert done["job"]["status"] == "cancelled"
    assert [s["status"] for s in done["steps"]] == ["cancelled", "cancelled", "cancelled"]
    assert await _effects(database_url, job_id) == {}
    receipt = await _receipt(client, admin_headers, job_id)
    assert receipt["effects_not_done"] == ["probe-1", "probe-2", "probe-3"]
    assert receipt["effects_done"] == []
    assert receipt["cancel_reason"] == "stop it"
    await create_probe(client, admin_headers, scope="tenant:acme")


async def test_step_that_ignores_cancel_finishes_then_job_ends_cancelled_with_compensation(
    client: httpx.AsyncClient, admin_headers, worker, database_url
) -> None:
    job = await create_probe(client, admin_headers, steps=3, sleep_s=0.5, ignore_cancel=True)
    job_id = job["job"]["id"]
    await wait_for_status(client, admin_headers, job_id, {"running"})
    await client.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": "stop it"}, headers=admin_headers)
    done = await wait_for_status(client, admin_headers, job_id, TERMINAL)
    assert done["job"]["status"] == "cancelled"
    statuses = [s["status"] for s in done["steps"]]
    assert statuses[0] == "succeeded"
    assert statuses[-1] == "cancelled"
    effects = await _effects(database_url, job_id)
    assert set(effects.values()) == {1}  # each finished step applied its effect once
    receipt = await _receipt(client, admin_headers, job_id)
    assert receipt["effects_compensated"] == [f"probe-{p}" for p in sorted(effects)]
    events = await _rows(database_url, "select type from job_event where job_id = $1", uuid.UUID(job_id))
    assert [e["type"] for e in events].count("job.compensated") == 1


async def test_cancel_of_a_finished_job_is_409(client: httpx.AsyncClient, admin_headers, worker) -> None:
    job = await create_probe(client, admin_headers, steps=1)
    await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    response = await client.post(
        f"/api/v1/jobs/{job['job']['id']}/cancel", json={"reason": "too late"}, headers=admin_headers
    )
    assert_problem(response, 409, "conflict")


async def test_approval_by_a_second_admin_and_self_approval_is_403(
    client: httpx.AsyncClient, admin_headers, worker
) -> None:
    job = await create_probe(client, admin_headers, steps=1, require_approval=True, scope="dr:failback")
    job_id = job["job"]["id"]
    assert job["job"]["status"] == "awaiting_approval"
    own = await client.post(
        f"/api/v1/jobs/{job_id}/approve", json={"reason": "myself"}, headers=admin_headers
    )
    assert_problem(own, 403, "forbidden")
    operator = {"Authorization": f"Bearer {await bearer_token('operator')}"}
    assert_problem(
        await client.post(f"/api/v1/jobs/{job_id}/approve", json={"reason": "operator"}, headers=operator),
        403,
        "forbidden",
    )
    still = (await client.get(f"/api/v1/jobs/{job_id}", headers=admin_headers)).json()
    assert still["job"]["status"] == "awaiting_approval"  # the worker does not touch it
    second = {"Authorization": f"Bearer {await bearer_token('admin', name='second-admin')}"}
    approved = await client.post(f"/api/v1/jobs/{job_id}/approve", json={"reason": "checked"}, headers=second)
    assert approved.status_code == 200, approved.text
    done = await wait_for_status(client, admin_headers, job_id, TERMINAL)
    assert done["job"]["status"] == "succeeded"
    assert done["job"]["approved_by"] is not None


async def test_paused_engine_claims_no_mutating_job_until_resumed(
    client: httpx.AsyncClient, admin_headers, worker
) -> None:
    operator = {"Authorization": f"Bearer {await bearer_token('operator')}"}
    denied = await client.post(
        "/api/v1/jobs/engine", json={"paused": True, "reason": "drill"}, headers=operator
    )
    assert_problem(denied, 403, "forbidden")
    paused = await client.post(
        "/api/v1/jobs/engine", json={"paused": True, "reason": "epoch check"}, headers=admin_headers
    )
    assert paused.status_code == 200
    assert paused.json()["paused"] is True
    job = await create_probe(client, admin_headers, steps=1)
    job_id = job["job"]["id"]
    # several claim rounds pass (the worker polls every 0.2 s and is woken by NOTIFY) without a claim
    for _ in range(10):
        await worker.claim_next_job() is None or pytest.fail("a paused engine claimed a mutating job")
    state = (await client.get("/api/v1/jobs/engine", headers=operator)).json()
    assert state["queued_jobs"] == 1
    assert state["active_jobs"] == 0
    assert (await client.get(f"/api/v1/jobs/{job_id}", headers=admin_headers)).json()["job"][
        "status"
    ] == "pending"
    resumed = await client.post(
        "/api/v1/jobs/engine", json={"paused": False, "reason": "runbook done"}, headers=admin_headers
    )
    assert resumed.json()["paused"] is False
    done = await wait_for_status(client, admin_headers, job_id, TERMINAL)
    assert done["job"]["status"] == "succeeded"


async def _receipt(client: httpx.AsyncClient, headers: dict[str, str], job_id: str) -> dict[str, Any]:
    response = await client.get(f"/api/v1/jobs/{job_id}/receipt", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_receipt_is_stored_in_the_object_store_and_served(
    client: httpx.AsyncClient, admin_headers, worker, app: Litestar
) -> None:
    job = await create_probe(client, admin_headers, steps=2, fail_at_step=1, fail_times=1)
    job_id = job["job"]["id"]
    detail = await wait_for_status(client, admin_headers, job_id, TERMINAL)
    assert detail["job"]["receipt_url"] == f"/api/v1/jobs/{job_id}/receipt"

    async def stored() -> bytes | None:
        data: bytes | None = await app.state.store.get_bytes(f"receipts/{job_id}.json")
        return data

    raw = await wait_for(stored, what="receipt in the object store")
    served = await client.get(f"/api/v1/jobs/{job_id}/receipt", headers=admin_headers)
    assert served.content == raw
    receipt = json.loads(raw)
    assert receipt["status"] == "succeeded"
    assert receipt["effects_done"] == ["probe-1", "probe-2"]
    assert [len(s["attempts"]) for s in receipt["steps"]] == [2, 1]
    assert receipt["reason"] == "engine test"
    assert receipt["created_by"] == job["job"]["created_by"]
    assert receipt["plan"]["steps"][0]["name"] == "probe-1"
    assert receipt["request_id"] == job["job"]["request_id"]
    assert receipt["request_id"]


async def test_receipt_of_an_unfinished_job_is_409(client: httpx.AsyncClient, admin_headers) -> None:
    job = await create_probe(client, admin_headers, steps=1)
    response = await client.get(f"/api/v1/jobs/{job['job']['id']}/receipt", headers=admin_headers)
    assert_problem(response, 409, "conflict")


def _parse_sse(text: str) -> list[dict[str, str]]:
    events = []
    for block in text.strip().split("\r\n\r\n" if "\r\n\r\n" in text else "\n\n"):
        fields: dict[str, str] = {}
        for line in block.splitlines():
            if line.startswith(":"):
                continue
            key, _, value = line.partition(":")
            fields[key] = value.strip()
        if fields:
            events.append(fields)
    return events


async def test_event_stream_replays_and_resumes_after_last_event_id(
    client: httpx.AsyncClient, admin_headers, worker
) -> None:
    job = await create_probe(client, admin_headers, steps=2)
    job_id = job["job"]["id"]
    await wait_for_status(client, admin_headers, job_id, TERMINAL)
    full = await client.get(f"/api/v1/jobs/{job_id}/events", headers=admin_headers)
    assert full.status_code == 200
    assert full.headers["content-type"].startswith("text/event-stream")
    events = _parse_sse(full.text)
    ids = [int(e["id"]) for e in events]
    assert ids == list(range(1, len(ids) + 1))
    types = [e["event"] for e in events]
    assert types[0] == "job.created"
    assert types[-1] == "job.succeeded"
    assert "step.log" in types
    assert types.count("step.succeeded") == 2
    resumed = await client.get(
        f"/api/v1/jobs/{job_id}/events", headers={**admin_headers, "Last-Event-ID": str(ids[2])}
    )
    assert [int(e["id"]) for e in _parse_sse(resumed.text)] == ids[3:]
    assert json.loads(events[-1]["data"])["data"]["status"] == "succeeded"


async def test_worker_whose_lease_was_taken_cannot_record_completion_or_apply_effects(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url
) -> None:
    job = await create_probe(client, admin_headers, steps=1)
    job_id = uuid.UUID(job["job"]["id"])
    # two workers whose claims are driven by hand, so the interleaving is exact
    stale, fresh = (
        Worker(database_url=database_url, registry=default_registry(), store=app.state.store, worker_id=name)
        for name in ("stale", "fresh")
    )
    stale_claim = await stale.claim_next_job()
    assert stale_claim is not None
    assert stale_claim["lease_epoch"] == 1
    stale_lease = Lease(job_id, 1, "stale")
    await stale.start_attempt(stale_lease, 1)
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "update job set lease_expires_at = now() - interval '1 second' where id = $1", job_id
        )
    finally:
        await conn.close()
    fresh_claim = await fresh.claim_next_job()
    assert fresh_claim is not None
    assert fresh_claim["lease_epoch"] == 2
    with pytest.raises(LeaseLost):
        await stale.record_step_success(stale_lease, 1, 1, StepResult(fenced_effect=True))
    with pytest.raises(LeaseLost):
        await stale.renew_lease(stale_lease)
    assert await _effects(database_url, str(job_id)) == {}
    await fresh.run_job(fresh_claim)
    await fresh.flush_receipts()
    detail = (await client.get(f"/api/v1/jobs/{job_id}", headers=admin_headers)).json()
    assert detail["job"]["status"] == "succeeded"
    assert [(a["lease_epoch"], a["status"]) for a in detail["steps"][0]["attempts"]] == [
        (1, "abandoned"),
        (2, "succeeded"),
    ]
    effects = await _rows(
        database_url, "select step, lease_epoch, worker from job_effect where job_id = $1", job_id
    )
    assert [(e["step"], e["lease_epoch"], e["worker"]) for e in effects] == [(1, 2, "fresh")]


async def test_an_idle_worker_wakes_on_notify_not_on_its_poll_interval(
    client: httpx.AsyncClient, admin_headers, app: Litestar
) -> None:
    # the poll interval is far longer than the wait below: only LISTEN/NOTIFY can wake it in time
    async with running_worker(app, poll_s=600.0):
        await asyncio.sleep(0.5)  # the worker has claimed nothing and sleeps on its waiters
        job = await create_probe(client, admin_headers, steps=1)
        done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL, attempts=300)
    assert done["job"]["status"] == "succeeded"
