"""SSRF (issue 10, finding 5): fleet base URLs and alert webhooks could name metadata addresses,
private ranges and loopback ports, and a viewer's fleet page then made Lifeboat call them with the
fleet secret as a Bearer token. Against a real ``lifeboat serve`` with the production policy
(nothing beyond public addresses allowed), and a second one that allows loopback:

- every spelling of a refused destination is a 422 at registration (fleet) and when set (webhook);
- a registry row that names loopback anyway (written before the policy, or under a looser one)
  is never connected to when a viewer loads the fleet page: a canary listener there gets nothing;
- with ``LIFEBOAT_OUTBOUND_ALLOW=127.0.0.0/8`` a loopback service is probed fine, metadata is
  still refused before any connection, a 302 is ``bad-response`` and the redirect target gets
  nothing, and an answer that is not HTTP is ``bad-response`` without its content.

Only loopback is ever contacted (nothing may leave the machine): the metadata refusals are shown
to happen before any connection (the 422, and ``refused-by-policy`` rather than a timeout).
"""

from __future__ import annotations

import contextlib
import json
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import pytest

from tests.live_server import LifeboatServer, LiveServerError, live_lifeboat, run_async
from tests.security.conftest import ARTIFACTS, bearer, login, mint_token
from tests.services import TestServices

pytestmark = pytest.mark.integration

FLEET_SECRET = "ssrf-fleet-secret-must-not-leave"
COMMON_ENV = {"LIFEBOAT_FLEET_SECRET": FLEET_SECRET, "LIFEBOAT_FLEET_PROBE_TIMEOUT_S": "3"}
#: The production policy: nothing but public addresses (the test suite's default allows loopback).
SERVER_ENV = {**COMMON_ENV, "LIFEBOAT_OUTBOUND_ALLOW": ""}
GARBAGE = b"SSRF-GARBAGE-LEAK \x01\x02 this is not HTTP\r\n\r\n"

REFUSED_URLS = [
    "http://169.254.169.254/",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://2852039166/",
    "http://[::ffff:169.254.169.254]/",
    "http://0xa9.0xfe.0xa9.0xfe/",
    "http://0251.0376.0251.0376/",
    "http://[fd00:ec2::254]/",
    "http://metadata.google.internal/",
    "http://127.0.0.1:5432/",
    "http://10.0.0.1/",
    "http://192.168.0.1:8080/",
    "http://[::1]:4222/",
    "http://0.0.0.0:5432/",
    "http://localhost:5432/",  # a name resolving to loopback
]
ALWAYS_REFUSED = REFUSED_URLS[:8]  # link-local / metadata: refused even when loopback is allowed


# --- a canary service on loopback ----------------------------------------------------------------


@dataclass
class Canary:
    """A loopback listener that records every request and answers per ``mode``: ``protocol``
    (a well-behaved managed service), ``redirect`` (302 to ``location``) or ``garbage``."""

    mode: str
    location: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path: str) -> bytes:
        if self.mode == "garbage":
            return GARBAGE
        if self.mode == "redirect":
            return (
                f"HTTP/1.1 302 Found\r\nLocation: {self.location}\r\ncontent-length: 0\r\n"
                "connection: close\r\n\r\n"
            ).encode()
        body: bytes
        kind = "application/json"
        if path == "/health":
            body = b'{"status": "ok"}'
        elif path == "/ready":
            body = b'{"status": "ready"}'
        elif path == "/metrics":
            body = b'canary_build_info{service="canary-1",version="9.9.9",git_sha="c0ffee"} 1\n'
            kind = "text/plain"
        elif path == "/admin/state":
            state = {
                "service": "canary-1",
                "kind": "gateway",
                "site": "primary",
                "version": "9.9.9",
                "git_sha": "c0ffee",
                "config_revisions": {},
                "tenants": {},
            }
            body = json.dumps(state).encode()
        else:
            return b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
        head = f"HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {len(body)}\r\nconnection: close\r\n\r\n"
        return head.encode() + body


@contextlib.contextmanager
def canary(mode: str, location: str = "") -> Iterator[Canary]:
    state = Canary(mode=mode, location=location)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = self.rfile.readline(65536)
                if not line:
                    break
                head += line
            lines = head.decode("latin-1").split("\r\n")
            parts = lines[0].split(" ")
            headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
            state.requests.append({"path": parts[1] if len(parts) > 1 else "", "headers": headers})
            self.wfile.write(state.answer(parts[1].split("?")[0] if len(parts) > 1 else ""))

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


# --- helpers ---------------------------------------------------------------------------------------


def service_body(name: str, base_url: str) -> dict[str, str]:
    return {
        "name": name,
        "kind": "gateway",
        "site": "primary",
        "environment": "sec",
        "base_url": base_url,
        "reason": "register a service",
    }


def assert_refused_by_policy(response: httpx.Response, field_name: str) -> None:
    assert response.status_code == 422, f"{response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "urn:lifeboat:error:outbound-refused", problem
    assert [e["field"] for e in problem["errors"]] == [field_name]
    assert "outbound URL policy" in problem["detail"]


def insert_service_row(server: LifeboatServer, name: str, base_url: str) -> None:
    """A registry row written behind the API's back (before the policy existed, or under a looser
    one): the connect-time check must hold on its own."""

    async def insert() -> None:
        conn = await asyncpg.connect(server.database_url)
        try:
            now = datetime.now(UTC)
            await conn.execute(
                """
                insert into fleet_service (name, kind, site, environment, base_url, created_at, updated_at, created_by)
                values ($1, 'gateway', 'primary', 'sec', $2, $3, $3, 'an older release')
                """,
                name,
                base_url,
                now,
            )
        finally:
            await conn.close()

    run_async(insert)


def snapshot_of(server: LifeboatServer, viewer: str) -> tuple[dict[str, dict[str, Any]], str]:
    response = httpx.get(f"{server.base_url}/api/v1/fleet", headers=bearer(viewer), timeout=30)
    assert response.status_code == 200, response.text
    return {s["name"]: s for s in response.json()["services"]}, response.text


def make_group(server: LifeboatServer, name: str) -> None:
    with contextlib.closing(login(server)) as admin:
        created = admin.post(
            "/api/v1/backups/groups",
            json={
                "name": name,
                "bucket": "lifeboat-backups",
                "prefix": f"repos/{name}",
                "region": "us-east-1",
                "password_ref": "env:LIFEBOAT_REPO_PASSWORD_SSRF",
                "reason": "catalog the group",
            },
        )
        assert created.status_code == 201, created.text


@pytest.fixture(scope="module")
def live_loopback(services: TestServices) -> Iterator[LifeboatServer]:
    """A second real server whose operator allows loopback (LIFEBOAT_OUTBOUND_ALLOW=127.0.0.0/8)."""
    try:
        with live_lifeboat(
            services,
            environment="sec",
            log_path=ARTIFACTS / "test_ssrf_loopback.log",
            extra_env={**COMMON_ENV, "LIFEBOAT_OUTBOUND_ALLOW": "127.0.0.0/8"},
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


# --- the production policy ---------------------------------------------------------------------


@pytest.mark.parametrize("base_url", REFUSED_URLS)
def test_registering_a_refused_base_url_is_422_and_nothing_is_stored(
    live: LifeboatServer, admin_api: httpx.Client, base_url: str
) -> None:
    # A name that never resolves (.invalid): a registered service is never contacted from here.
    elsewhere = "https://fleet-gw.example.invalid:9000"
    try:
        response = admin_api.post("/api/v1/fleet/services", json=service_body("ssrf-target", base_url))
        assert_refused_by_policy(response, "base_url")
        assert admin_api.get("/api/v1/fleet/services/ssrf-target").status_code == 404
        # Moving a registered service there is refused the same way.
        public = admin_api.post("/api/v1/fleet/services", json=service_body("ssrf-moved", elsewhere))
        assert public.status_code in (200, 201), public.text
        moved = {k: v for k, v in service_body("ssrf-moved", base_url).items() if k != "name"}
        assert_refused_by_policy(admin_api.put("/api/v1/fleet/services/ssrf-moved", json=moved), "base_url")
        assert admin_api.get("/api/v1/fleet/services/ssrf-moved").json()["base_url"] == elsewhere
    finally:
        # Never leave a row a later snapshot would probe (if the refusal ever regresses).
        for name in ("ssrf-target", "ssrf-moved"):
            admin_api.delete(f"/api/v1/fleet/services/{name}", params={"reason": "test done"})


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_setting_a_refused_webhook_is_422_and_nothing_is_stored(
    live: LifeboatServer, admin_api: httpx.Client, url: str
) -> None:
    group = "grp-ssrf"
    if admin_api.get(f"/api/v1/backups/groups/{group}").status_code == 404:
        make_group(live, group)
    path = f"/api/v1/restore/groups/{group}/alerting"
    response = admin_api.patch(path, json={"webhook_url": url, "reason": "route alerts"})
    assert_refused_by_policy(response, "webhook_url")
    assert admin_api.get(path).json()["webhook"] is None


def test_a_viewer_loading_the_fleet_page_never_makes_lifeboat_call_loopback(live: LifeboatServer) -> None:
    viewer = mint_token(live, "viewer", name="ssrf-viewer")
    with canary("protocol") as listener:
        insert_service_row(live, "legacy-loopback", listener.url)
        insert_service_row(live, "legacy-localhost", f"http://localhost:{listener.port}")
        insert_service_row(live, "legacy-decimal", f"http://2130706433:{listener.port}")
        try:
            services, text = snapshot_of(live, viewer)
            assert listener.requests == [], "Lifeboat connected to a refused address"
        finally:
            with contextlib.closing(login(live)) as admin:
                for name in ("legacy-loopback", "legacy-localhost", "legacy-decimal"):
                    admin.delete(f"/api/v1/fleet/services/{name}", params={"reason": "test done"})
    for name in ("legacy-loopback", "legacy-localhost", "legacy-decimal"):
        entry = services[name]
        assert entry["health"] == "unreachable", entry
        assert entry["last_error"].startswith("health: refused-by-policy"), entry
        assert "loopback" in entry["last_error"]
    assert FLEET_SECRET not in text


# --- an operator who allows loopback -----------------------------------------------------------


def test_with_loopback_allowed_a_loopback_service_is_probed_and_metadata_still_refused(
    live_loopback: LifeboatServer,
) -> None:
    viewer = mint_token(live_loopback, "viewer", name="loopback-viewer")
    with contextlib.closing(login(live_loopback)) as admin, canary("protocol") as service:
        for url in ALWAYS_REFUSED:
            assert_refused_by_policy(
                admin.post("/api/v1/fleet/services", json=service_body("meta", url)), "base_url"
            )
        registered = admin.post("/api/v1/fleet/services", json=service_body("canary-1", service.url))
        assert registered.status_code == 201, registered.text
        # A metadata row behind the API's back: refused before any connection (not a timeout).
        insert_service_row(live_loopback, "legacy-metadata", "http://169.254.169.254")
        insert_service_row(live_loopback, "legacy-metadata-v6", "http://[::ffff:169.254.169.254]")
        try:
            services, _ = snapshot_of(live_loopback, viewer)
        finally:
            for name in ("canary-1", "legacy-metadata", "legacy-metadata-v6"):
                admin.delete(f"/api/v1/fleet/services/{name}", params={"reason": "test done"})
    probed = services["canary-1"]
    assert probed["health"] == "ok", probed
    assert probed["version"] == "9.9.9"
    assert probed["last_error"] is None
    assert {r["path"] for r in service.requests} >= {"/health", "/ready", "/metrics", "/admin/state"}
    # The secret went to the allowed service, on /admin only.
    for request in service.requests:
        expected = f"Bearer {FLEET_SECRET}" if request["path"].startswith("/admin/") else None
        assert request["headers"].get("authorization") == expected
    for name in ("legacy-metadata", "legacy-metadata-v6"):
        entry = services[name]
        assert entry["health"] == "unreachable"
        assert entry["last_error"].startswith("health: refused-by-policy"), entry
        assert "link-local/metadata" in entry["last_error"]


def test_a_redirect_is_a_bad_response_and_its_target_gets_nothing(live_loopback: LifeboatServer) -> None:
    viewer = mint_token(live_loopback, "viewer", name="redirect-viewer")
    with (
        contextlib.closing(login(live_loopback)) as admin,
        canary("protocol") as target,
        canary("redirect", location="") as bouncer,
    ):
        bouncer.location = f"{target.url}/stolen"
        registered = admin.post("/api/v1/fleet/services", json=service_body("bouncer", bouncer.url))
        assert registered.status_code == 201, registered.text
        try:
            services, text = snapshot_of(live_loopback, viewer)
        finally:
            admin.delete("/api/v1/fleet/services/bouncer", params={"reason": "test done"})
    entry = services["bouncer"]
    assert bouncer.requests, "the service itself was probed"
    assert target.requests == [], "a redirect was followed"
    assert entry["health"] == "failing"
    assert entry["last_error"].startswith(
        ("health: bad-response", "ready: bad-response", "metrics: bad-response")
    )
    assert "HTTP 302" in entry["last_error"]
    assert "/stolen" not in text


def test_an_answer_that_is_not_http_is_a_bad_response_without_its_content(
    live_loopback: LifeboatServer,
) -> None:
    viewer = mint_token(live_loopback, "viewer", name="garbage-viewer")
    with contextlib.closing(login(live_loopback)) as admin, canary("garbage") as liar:
        registered = admin.post("/api/v1/fleet/services", json=service_body("liar", liar.url))
        assert registered.status_code == 201, registered.text
        try:
            services, text = snapshot_of(live_loopback, viewer)
            tenant = httpx.get(
                f"{live_loopback.base_url}/api/v1/fleet/tenants/acme",
                headers={**bearer(viewer), "x-tenant-id": "acme"},
                timeout=30,
            )
        finally:
            admin.delete("/api/v1/fleet/services/liar", params={"reason": "test done"})
    assert liar.requests
    entry = services["liar"]
    assert entry["last_error"].startswith("health: bad-response"), entry
    assert "SSRF-GARBAGE" not in text
    assert "GARBAGE" not in entry["last_error"]
    assert tenant.status_code == 200, tenant.text
    (activity,) = [s for s in tenant.json()["services"] if s["service"] == "liar"]
    assert activity["error"].startswith("state: bad-response"), activity
    assert "SSRF-GARBAGE" not in tenant.text
