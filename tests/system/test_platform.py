"""Platform endpoints: liveness, readiness (and what it says when a dependency is down),
metrics, trace propagation into the logs, build info, and the SPA fallback."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from lifeboat import __version__
from lifeboat.app import create_app, start_resources, stop_resources
from tests.conftest import bearer_token, make_settings, running_app
from tests.core.test_logging_redaction import capture_logs, log_lines

if TYPE_CHECKING:
    from tests.services import TestServices


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:lifeboat:error:")
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def samples(text: str, name: str) -> list[tuple[dict[str, str], float]]:
    """(labels, value) of every sample called ``name`` in a Prometheus exposition."""
    return [
        (dict(sample.labels), sample.value)
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name
    ]


# --- liveness and readiness -------------------------------------------------------------


async def test_health_is_ok(client: httpx.AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_checks_every_dependency(client: httpx.AsyncClient) -> None:
    response = await client.get("/ready")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    checks = {c["name"]: c for c in body["checks"]}
    assert set(checks) == {"postgres", "nats", "s3"}
    assert all(c["ok"] for c in checks.values()), checks
    assert all(c["latency_ms"] >= 0 for c in checks.values())


def assert_not_ready(response: httpx.Response, broken: str) -> dict[str, Any]:
    """A 503 problem+json that lists every check and blames only ``broken``."""
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == "not_ready"
    assert body["type"] == "urn:lifeboat:error:not-ready"
    assert body["title"]
    assert body["request_id"] == response.headers["x-request-id"]
    assert broken in body["detail"]
    checks = {c["name"]: c for c in body["checks"]}
    assert set(checks) == {"postgres", "nats", "s3"}
    assert checks[broken]["ok"] is False
    assert checks[broken]["detail"]
    healthy = {"postgres", "nats", "s3"} - {broken}
    assert all(checks[name]["ok"] for name in healthy), checks
    for name in healthy:
        assert f"{name}:" not in body["detail"]
    return body


async def test_ready_names_s3_when_the_endpoint_is_dead(services: TestServices, database_url: str) -> None:
    app = create_app(
        make_settings(
            services, database_url, ready_timeout_s=1.0, s3_endpoint_url=f"http://127.0.0.1:{closed_port()}"
        )
    )
    async with running_app(app) as client:
        # The API itself still serves while a dependency is down.
        assert (await client.get("/health")).status_code == 200
        response = await client.get("/ready")
    assert_not_ready(response, "s3")


async def test_ready_names_nats_when_it_is_unreachable_at_startup(
    services: TestServices, database_url: str
) -> None:
    app = create_app(
        make_settings(
            services, database_url, ready_timeout_s=1.0, nats_url=f"nats://127.0.0.1:{closed_port()}"
        )
    )
    try:
        async with asyncio.timeout(15):
            await start_resources(app)
    except TimeoutError:
        await stop_resources(app)
        pytest.fail("the app did not start within 15 s with NATS down")
    try:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as client:
            assert (await client.get("/health")).status_code == 200
            response = await client.get("/ready")
    finally:
        await stop_resources(app)
    assert_not_ready(response, "nats")


class TcpRelay:
    """A loopback TCP relay to a real server that can be cut, to take a dependency away."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.server: asyncio.Server | None = None
        self.writers: list[asyncio.StreamWriter] = []

    async def start(self) -> int:
        self.server = await asyncio.start_server(self._handle, "127.0.0.1", 0)
        return int(self.server.sockets[0].getsockname()[1])

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self.writers += [writer, up_writer]

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await src.read(65536):
                    dst.write(data)
                    await dst.drain()
            dst.close()

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))

    async def cut(self) -> None:
        """Stop accepting and drop every relayed connection."""
        assert self.server is not None
        self.server.close()
        for writer in self.writers:
            writer.close()
        await self.server.wait_closed()


async def test_ready_names_nats_when_it_goes_away(services: TestServices, database_url: str) -> None:
    nats_target = urlsplit(services.nats_url)
    relay = TcpRelay(nats_target.hostname or "127.0.0.1", nats_target.port or 4222)
    port = await relay.start()
    app = create_app(
        make_settings(services, database_url, ready_timeout_s=1.0, nats_url=f"nats://127.0.0.1:{port}")
    )
    async with running_app(app) as client:
        assert (await client.get("/ready")).status_code == 200
        await relay.cut()
        response = await client.get("/ready")
        for _ in range(50):
            if response.status_code == 503:
                break
            await asyncio.sleep(0.1)
            response = await client.get("/ready")
        assert (await client.get("/health")).status_code == 200
    assert_not_ready(response, "nats")


# --- metrics ------------------------------------------------------------------------------


async def test_metrics_expose_build_info_and_request_series(
    services: TestServices, database_url: str
) -> None:
    app = create_app(make_settings(services, database_url, git_sha="0123abcd"))
    async with running_app(app) as client:
        headers = {"Authorization": f"Bearer {await bearer_token('admin')}"}
        missing_token = uuid.uuid4()
        revoke = await client.post(
            f"/api/v1/tokens/{missing_token}/revoke", json={"reason": "metrics test"}, headers=headers
        )
        assert revoke.status_code == 404
        for _ in range(3):
            assert (await client.get("/api/v1/audit", headers=headers)).status_code == 200
        assert (await client.get("/api/v1/audit")).status_code == 401
        assert (await client.get("/api/v1/definitely-not-here")).status_code == 404
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text

    assert 'lifeboat_build_info{git_sha="0123abcd",version="' + __version__ + '"} 1.0' in text
    assert samples(text, "lifeboat_build_info") == [({"version": __version__, "git_sha": "0123abcd"}, 1.0)]

    counts = {
        (labels["method"], labels["route"], labels["status"]): value
        for labels, value in samples(text, "lifeboat_http_requests_total")
    }
    # The route label is the template, never the concrete path (bounded cardinality).
    # (Litestar's path_template drops the converter: the same spelling as the OpenAPI path.)
    assert counts[("POST", "/api/v1/tokens/{token_id}/revoke", "404")] == 1.0
    assert not any(str(missing_token) in route for _, route, _ in counts)
    assert counts[("GET", "/api/v1/audit", "200")] == 3.0
    assert counts[("GET", "/api/v1/audit", "401")] == 1.0
    # Unrouted paths share one label instead of one series per path.
    assert not any("definitely-not-here" in route for _, route, _ in counts)

    buckets = {
        labels["le"]: value
        for labels, value in samples(text, "lifeboat_http_request_duration_seconds_bucket")
        if labels["route"] == "/api/v1/audit" and labels["status"] == "200"
    }
    assert {"0.005", "0.1", "1.0", "10.0", "+Inf"} <= set(buckets)
    assert buckets["+Inf"] == 3.0
    ordered = [buckets[le] for le in sorted(buckets, key=lambda le: float(le))]
    assert ordered == sorted(ordered), "histogram buckets must be cumulative"
    counts_of_histogram = samples(text, "lifeboat_http_request_duration_seconds_count")
    assert (
        {"method": "GET", "route": "/api/v1/audit", "status": "200"},
        3.0,
    ) in counts_of_histogram


# --- trace propagation ----------------------------------------------------------------------


async def test_traceparent_is_honoured_in_the_access_log(client: httpx.AsyncClient) -> None:
    trace_id = uuid.uuid4().hex
    traceparent = f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"
    with capture_logs() as buffer:
        response = await client.get(
            "/api/v1/system/info", headers={"traceparent": traceparent, "x-correlation-id": "flow-trace-1"}
        )
        untraced = await client.get("/api/v1/system/info")
    assert response.status_code == 401
    access = [line for line in log_lines(buffer) if line.get("logger") == "lifeboat.access"]
    traced = [line for line in access if line.get("trace_id") == trace_id]
    assert len(traced) == 1, access
    line = traced[0]
    assert line["event"] == "http_request"
    assert line["request_id"] == response.headers["x-request-id"]
    assert line["correlation_id"] == "flow-trace-1"
    assert line["route"] == "/api/v1/system/info"
    assert line["status"] == 401
    # Without a traceparent a fresh trace id is generated, not the previous one reused.
    other = [x for x in access if x.get("request_id") == untraced.headers["x-request-id"]]
    assert len(other) == 1
    assert other[0]["trace_id"]
    assert other[0]["trace_id"] != trace_id


async def test_malformed_traceparent_is_ignored(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"traceparent": "00-not-a-trace-zz"})
    assert response.status_code == 200


# --- build info -------------------------------------------------------------------------------


async def test_system_info_needs_auth(client: httpx.AsyncClient, viewer_headers: dict[str, str]) -> None:
    assert_problem(await client.get("/api/v1/system/info"), 401)
    response = await client.get("/api/v1/system/info", headers=viewer_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == __version__
    assert body["environment"] == "test"
    assert body["git_sha"]


# --- the SPA ------------------------------------------------------------------------------------


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    """A built-SPA lookalike, with a secret file next to (outside) it."""
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><html><body>LIFEBOAT-SPA-INDEX</body></html>")
    (root / "assets" / "app.js").write_text("console.log('LIFEBOAT-SPA-ASSET');")
    (root / "assets" / "app.js.map").write_text('{"version": 3, "sources": ["LIFEBOAT-SPA-SOURCE"]}')
    (root / "top.js.map").write_text('{"version": 3, "sources": ["LIFEBOAT-SPA-SOURCE"]}')
    (tmp_path / "outside-secret.txt").write_text("OUTSIDE-THE-SPA-DIR")
    (root / "assets" / "escape.js").symlink_to(tmp_path / "outside-secret.txt")
    return root


@pytest.fixture
async def spa_client(
    services: TestServices, database_url: str, spa_dir: Path
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(make_settings(services, database_url), spa_dir=spa_dir)
    async with running_app(app) as client:
        yield client


@pytest.mark.parametrize("path", ["/", "/audit?x=1", "/tokens/123/details", "/audit/"])
async def test_spa_serves_index_for_client_routes(spa_client: httpx.AsyncClient, path: str) -> None:
    response = await spa_client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "LIFEBOAT-SPA-INDEX" in response.text
    assert response.headers["cache-control"] == "no-cache"


async def test_spa_serves_assets_and_404s_missing_ones(spa_client: httpx.AsyncClient) -> None:
    asset = await spa_client.get("/assets/app.js")
    assert asset.status_code == 200
    assert "javascript" in asset.headers["content-type"]
    assert "LIFEBOAT-SPA-ASSET" in asset.text
    assert "immutable" in asset.headers["cache-control"]
    missing = await spa_client.get("/assets/missing.js")
    assert_problem(missing, 404)
    assert "LIFEBOAT-SPA-INDEX" not in missing.text


@pytest.mark.parametrize(
    "path", ["/assets/app.js.map", "/top.js.map", "/assets/APP.JS.MAP", "/assets/app.js.map/", "/missing.map"]
)
async def test_source_maps_are_never_served_even_when_present(
    spa_client: httpx.AsyncClient, path: str
) -> None:
    response = await spa_client.get(path)
    assert_problem(response, 404)
    assert "LIFEBOAT-SPA-SOURCE" not in response.text
    assert "LIFEBOAT-SPA-INDEX" not in response.text


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/nope", "/api"])
async def test_unknown_api_paths_are_problems_not_the_spa(spa_client: httpx.AsyncClient, path: str) -> None:
    response = await spa_client.get(path)
    assert_problem(response, 404)
    assert "LIFEBOAT-SPA-INDEX" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/..%2foutside-secret.txt",
        "/..%2f..%2fetc/passwd",
        "/assets/..%2f..%2foutside-secret.txt",
        "/%2e%2e/outside-secret.txt",
        "/assets/%2e%2e%2f%2e%2e%2foutside-secret.txt",
        "/..%5coutside-secret.txt",
        "/%2fetc%2fpasswd",
        "/assets/escape.js",
    ],
)
async def test_path_traversal_does_not_escape_the_spa_dir(spa_client: httpx.AsyncClient, path: str) -> None:
    response = await spa_client.get(path)
    assert response.status_code in (200, 400, 404), response.text
    assert "OUTSIDE-THE-SPA-DIR" not in response.text
    assert "root:" not in response.text
    if response.status_code == 200:
        assert "LIFEBOAT-SPA-INDEX" in response.text


async def test_spa_placeholder_when_not_built(
    services: TestServices, database_url: str, tmp_path: Path
) -> None:
    app = create_app(make_settings(services, database_url), spa_dir=tmp_path / "not-built")
    async with running_app(app) as client:
        response = await client.get("/audit")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "make frontend" in response.text
