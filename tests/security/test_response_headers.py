"""Every response of a real ``lifeboat serve`` carries the security headers (nosniff, a strict
Content-Security-Policy with frame-ancestors 'none', X-Frame-Options, Referrer-Policy): API
answers, problem responses, routing 404s, the SPA's index.html and assets, the OpenAPI pages.
Large bodies are gzip-compressed when the client accepts it, the job event stream is not (and
still delivers live), source maps are never served, and the built SPA runs under its CSP in
Chromium without a single violation."""

from __future__ import annotations

import concurrent.futures
import gzip
import json
import os
import re
import secrets
from typing import Any

import httpx
import pytest

from lifeboat.settings import default_spa_dir
from tests.live_server import LifeboatServer

pytestmark = pytest.mark.integration

SPA_DIR = default_spa_dir()

SERVER_ENV = {"LIFEBOAT_SPA_DIR": str(SPA_DIR)}


def directives(response: httpx.Response) -> set[str]:
    return {part.strip() for part in response.headers["content-security-policy"].split(";") if part.strip()}


def assert_secured(response: httpx.Response, what: str) -> set[str]:
    """The headers every response carries; returns the CSP's directives."""
    assert response.headers.get("x-content-type-options") == "nosniff", what
    assert response.headers.get("x-frame-options") == "DENY", what
    assert response.headers.get("referrer-policy") == "no-referrer", what
    assert "content-security-policy" in response.headers, what
    found = directives(response)
    assert "frame-ancestors 'none'" in found, (what, found)
    assert "base-uri 'none'" in found, (what, found)
    return found


def built_asset() -> str:
    """The path of the SPA's entry script, as index.html names it (skips when not built)."""
    index = SPA_DIR / "index.html"
    if not index.is_file():
        pytest.skip(f"{index} is missing; build the SPA first (`make frontend`)")
    match = re.search(r'src="(/assets/[^"]+\.js)"', index.read_text())
    assert match, "index.html names its entry script"
    return match.group(1)


def test_every_kind_of_response_carries_the_security_headers(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    asset = built_asset()
    with httpx.Client(base_url=live.base_url, timeout=15) as anonymous:
        responses = {
            "API 200": admin_api.get("/api/v1/auth/me"),
            "problem 404": admin_api.get("/api/v1/restore/runs/not-a-run"),
            "routing 404": anonymous.get("/api/v1/no-such-route"),
            "problem 401": anonymous.get("/api/v1/tokens"),
            "problem 405": admin_api.delete("/api/v1/auth/me"),
            "health": anonymous.get("/health"),
            "SPA index": anonymous.get("/"),
            "SPA deep link": anonymous.get("/restore/runs"),
            "SPA asset": anonymous.get(asset),
            "openapi.json": anonymous.get("/schema/openapi.json"),
            "swagger": anonymous.get("/schema/swagger"),
        }
    expected_status = {"problem 404": 404, "routing 404": 404, "problem 401": 401, "problem 405": 405}
    for what, response in responses.items():
        assert response.status_code == expected_status.get(what, 200), (what, response.text[:200])
        assert_secured(response, what)
    for what in expected_status:
        assert responses[what].headers["content-type"].startswith("application/problem+json"), what

    # API bodies are data: nothing may load or run in them.
    for what in ("API 200", "problem 404", "routing 404", "problem 401"):
        assert "default-src 'none'" in directives(responses[what]), what
    # The SPA: its own scripts only, no plugins, forms to itself.
    for what in ("SPA index", "SPA deep link"):
        assert responses[what].headers["content-type"].startswith("text/html")
        spa = directives(responses[what])
        for directive in (
            "default-src 'self'",
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ):
            assert directive in spa, (what, directive, spa)
        assert not any("unsafe-inline" in d or "unsafe-eval" in d for d in spa if d.startswith("script-src"))
    # Swagger UI: its CDN bundle may load; still no framing and no plugins.
    swagger = directives(responses["swagger"])
    assert any(d.startswith("script-src") and "https://cdn.jsdelivr.net" in d for d in swagger), swagger
    assert "object-src 'none'" in swagger


def test_large_json_is_gzipped_when_the_client_accepts_it(live: LifeboatServer) -> None:
    with httpx.Client(base_url=live.base_url, timeout=15) as client:
        plain = client.get("/schema/openapi.json", headers={"Accept-Encoding": "identity"})
        compressed = client.get("/schema/openapi.json", headers={"Accept-Encoding": "gzip"})
        with client.stream("GET", "/schema/openapi.json", headers={"Accept-Encoding": "gzip"}) as raw:
            wire = b"".join(raw.iter_raw())
    assert plain.status_code == 200
    assert "content-encoding" not in plain.headers
    assert compressed.status_code == 200
    assert compressed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in compressed.headers["vary"].lower()
    assert compressed.json() == plain.json()
    assert len(wire) < len(plain.content) / 3
    assert json.loads(gzip.decompress(wire)) == plain.json()
    assert_secured(compressed, "gzip response")


def test_source_maps_are_never_served(live: LifeboatServer) -> None:
    asset = built_asset()
    assert not list(SPA_DIR.rglob("*.map")), "the production build emits no source maps"
    assert "sourceMappingURL" not in (SPA_DIR / asset.lstrip("/")).read_text()
    with httpx.Client(base_url=live.base_url, timeout=15) as client:
        for path in (f"{asset}.map", "/assets/index.js.map", "/main.js.map", f"{asset}.MAP", "/x/y.css.map"):
            response = client.get(path)
            assert response.status_code == 404, (path, response.status_code)
            assert response.headers["content-type"].startswith("application/problem+json"), path
            assert_secured(response, path)


def test_the_job_event_stream_is_not_compressed_and_streams_live(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    created = admin_api.post(
        "/api/v1/jobs",
        json={"kind": "system.probe", "params": {"steps": 2}, "reason": "sse under compression"},
        headers={"Idempotency-Key": secrets.token_hex(8)},
    )
    assert created.status_code == 201, created.text
    job_id = created.json()["job"]["id"]
    events: list[str] = []
    with httpx.Client(base_url=live.base_url, timeout=15, headers=dict(admin_api.headers)) as client:
        headers = {"Accept-Encoding": "gzip"}
        with client.stream("GET", f"/api/v1/jobs/{job_id}/events", headers=headers) as stream:
            assert stream.status_code == 200
            assert stream.headers["content-type"].startswith("text/event-stream")
            assert "content-encoding" not in stream.headers
            assert_secured(stream, "event stream")
            for line in stream.iter_lines():
                if not line.startswith("event: "):
                    continue
                events.append(line.removeprefix("event: "))
                if len(events) == 1:
                    # The stream is open and has sent the creation; a change now arrives live.
                    cancelled = admin_api.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": "sse test"})
                    assert cancelled.status_code == 200, cancelled.text
    assert events[0] == "job.created"
    assert len(events) >= 2, events  # the cancellation arrived on the open stream, which then ended


@pytest.mark.e2e
def test_the_built_spa_runs_under_its_csp(live: LifeboatServer) -> None:
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, VIEWPORT

    built_asset()
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)")

    def load() -> dict[str, Any]:
        from playwright.sync_api import sync_playwright

        from tests.e2e.pages import LoginPage, RestorePage, Shell

        seen: dict[str, Any] = {"console": [], "errors": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(base_url=live.base_url, viewport=VIEWPORT)
                page.on("console", lambda message: seen["console"].append(message.text))
                page.on("pageerror", lambda error: seen["errors"].append(str(error)))
                LoginPage(page).open().login(live.admin_username, live.admin_password)
                Shell(page).wait_until_shown()
                Shell(page).go("restore")
                RestorePage(page).wait_until_shown()
                page.wait_for_load_state("networkidle")
            finally:
                browser.close()
        return seen

    # Playwright's sync API marks its thread's loop as running: keep it off the main thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        seen = pool.submit(load).result(timeout=300)
    violations = [text for text in seen["console"] if "Content Security Policy" in text]
    assert violations == []
    assert seen["errors"] == []
