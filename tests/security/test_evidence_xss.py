"""Finding 1 (critical): stored XSS through restore evidence, against a real ``lifeboat serve``.

The attack: a restore consumer uploads evidence whose bytes are an HTML page with a script that
reads the CSRF cookie and POSTs /api/v1/tokens for an admin token. Before the fix the upload was
stored as text/html, served inline on Lifeboat's origin, and the run page's "Open evidence" opened
it in a tab with the admin's session. Now: only application/json, text/plain and
application/octet-stream are stored (415 otherwise, nothing stored); the content is always an
attachment with nosniff and ``Content-Security-Policy: sandbox``; the SPA reads evidence with
fetch and shows it as text. The browser part drives Debian's Chromium as the admin.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import hashlib
import json
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest

from tests.live_server import LifeboatServer, run_async
from tests.security.conftest import ARTIFACTS, bearer, mint_token

pytestmark = pytest.mark.integration

T = TypeVar("T")

RESTORE_RUNS = "/api/v1/restore/runs"
ALLOWED = ("application/json", "text/plain", "application/octet-stream")

#: What the attacker's evidence does when a browser runs it on Lifeboat's origin.
STOLEN_TOKEN_NAME = "xss-stolen-admin"
ATTACK_PAGE = (
    "<!doctype html><html><head><title>restore report</title></head><body>"
    "<h1>Restore report</h1><p>all tables verified</p>"
    "<script>"
    "(async () => {"
    "  let csrf = '';"
    "  try { csrf = decodeURIComponent((document.cookie.split('; ')"
    "    .find((c) => c.startsWith('lifeboat_csrf=')) || '=').split('=')[1]); } catch (e) {}"
    "  const r = await fetch('/api/v1/tokens', {method: 'POST', credentials: 'include',"
    "    headers: {'content-type': 'application/json', 'x-csrf-token': csrf},"
    f"    body: JSON.stringify({{name: '{STOLEN_TOKEN_NAME}', role: 'admin', environment: '*',"
    "      reason: 'restore report'})});"
    "  document.title = 'sent ' + r.status;"
    "})();"
    "</script></body></html>"
).encode()
ATTACK_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>'
    b"fetch('/api/v1/tokens',{method:'POST'})</script></svg>"
)


# --- a restore run on the live server, opened by a real consumer token -----------------------


@dataclass
class LiveRun:
    run_id: str
    job_id: str
    consumer: httpx.Client

    def upload(self, data: bytes, content_type: str | None) -> httpx.Response:
        headers = {} if content_type is None else {"Content-Type": content_type}
        return self.consumer.post(f"{RESTORE_RUNS}/{self.run_id}/evidence", content=data, headers=headers)

    def evidence(self) -> list[dict[str, Any]]:
        listed = self.consumer.get(f"{RESTORE_RUNS}/{self.run_id}/evidence")
        assert listed.status_code == 200, listed.text
        items: list[dict[str, Any]] = listed.json()
        return items


def created(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (201,)), f"{response.status_code} {response.text}"
    return response.json()


@pytest.fixture(scope="module")
def run_world(live: LifeboatServer, admin_api: httpx.Client) -> Iterator[Callable[[str], LiveRun]]:
    """Makes a group + server, a consumer token with a declaration and its capability, a reported
    backup of the server, and a running restore run of that consumer."""
    clients: list[httpx.Client] = []

    def make(name: str) -> LiveRun:
        group, server, snapshot = f"grp-{name}", f"srv-{name}", f"snap-{name}"
        created(
            admin_api.post(
                "/api/v1/backups/groups",
                json={
                    "name": group,
                    "bucket": "lifeboat-backups",
                    "prefix": f"repos/{group}",
                    "region": "us-east-1",
                    "endpoint": "http://127.0.0.1:8333",
                    "password_ref": "env:LIFEBOAT_REPO_PASSWORD_SEC",
                    "reason": "catalog the group",
                },
            )
        )
        created(
            admin_api.post(
                "/api/v1/backups/servers",
                json={"name": server, "group": group, "live": True, "reason": "catalog the server"},
            )
        )
        consumer = httpx.Client(
            base_url=live.base_url,
            timeout=15,
            headers=bearer(mint_token(live, "restore-consumer", name=f"consumer-{name}")),
        )
        clients.append(consumer)
        consumer_id = created(consumer.get("/api/v1/auth/me"), 200)["id"]
        declaration = created(
            admin_api.post(
                "/api/v1/restore/replicas",
                json={
                    "consumer_id": consumer_id,
                    "group": group,
                    "server": server,
                    "backup_type": "postgres",
                    "intent": "verify",
                    "reason": "keep a verified restore",
                },
            )
        )
        created(
            consumer.post(
                "/api/v1/restore/capabilities",
                json={
                    "agent_version": "1.0.0",
                    "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
                },
            ),
            200,
        )
        with httpx.Client(
            base_url=live.base_url,
            timeout=15,
            headers=bearer(mint_token(live, "backup-agent", name=f"agent-{name}")),
        ) as agent:
            created(
                agent.post(
                    "/api/v1/backups/runs",
                    json={
                        "server": server,
                        "backup_type": "postgres",
                        "snapshot_id": snapshot,
                        "status": "succeeded",
                        "started_at": "2026-11-29T01:00:00Z",
                        "finished_at": "2026-11-29T01:05:00Z",
                        "size_bytes": 1024,
                    },
                ),
                200,
                201,
            )
        opened = created(
            consumer.post(
                RESTORE_RUNS,
                json={
                    "declaration_id": declaration["id"],
                    "server": server,
                    "backup_type": "postgres",
                    "intent": "verify",
                    "snapshot_id": snapshot,
                },
                headers={"Idempotency-Key": secrets.token_hex(8)},
            )
        )
        run = LiveRun(run_id=opened["run"]["id"], job_id=opened["job_id"], consumer=consumer)
        created(consumer.patch(f"{RESTORE_RUNS}/{run.run_id}", json={"status": "running"}), 200)
        return run

    yield make
    for client in clients:
        client.close()


def token_ids(admin_api: httpx.Client) -> set[str]:
    listed = admin_api.get("/api/v1/tokens", params={"limit": 500})
    assert listed.status_code == 200, listed.text
    return {item["id"] for item in listed.json()["items"]}


def stolen_tokens(admin_api: httpx.Client) -> list[dict[str, Any]]:
    listed = admin_api.get("/api/v1/tokens", params={"limit": 500})
    assert listed.status_code == 200, listed.text
    return [item for item in listed.json()["items"] if item["name"] == STOLEN_TOKEN_NAME]


def assert_problem(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == f"urn:lifeboat:error:{code}"


# --- (a) only data types are stored ----------------------------------------------------------


def test_page_types_are_refused_with_415_and_nothing_is_stored(
    run_world: Callable[[str], LiveRun], admin_api: httpx.Client
) -> None:
    run = run_world("refuse")
    attempts = {
        "text/html": run.upload(ATTACK_PAGE, "text/html"),
        "text/html with charset": run.upload(ATTACK_PAGE, "Text/HTML; charset=utf-8"),
        "image/svg+xml": run.upload(ATTACK_SVG, "image/svg+xml"),
        "application/xhtml+xml": run.upload(ATTACK_PAGE, "application/xhtml+xml"),
        "no content type": run.upload(ATTACK_PAGE, None),
        "multipart, text/html part": run.consumer.post(
            f"{RESTORE_RUNS}/{run.run_id}/evidence",
            files={"file": ("report.html", ATTACK_PAGE, "text/html")},
        ),
        "multipart, svg part": run.consumer.post(
            f"{RESTORE_RUNS}/{run.run_id}/evidence",
            files={"file": ("report.svg", ATTACK_SVG, "image/svg+xml")},
        ),
        "multipart, part without a type": run.consumer.post(
            f"{RESTORE_RUNS}/{run.run_id}/evidence",
            content=(
                b"--b0undary\r\n"
                b'Content-Disposition: form-data; name="file"; filename="report"\r\n\r\n'
                + ATTACK_PAGE
                + b"\r\n--b0undary--\r\n"
            ),
            headers={"Content-Type": "multipart/form-data; boundary=b0undary"},
        ),
    }
    for name, response in attempts.items():
        assert response.status_code == 415, f"{name}: {response.status_code} {response.text}"
        assert response.headers["content-type"].startswith("application/problem+json"), name
        assert response.json()["type"] == "urn:lifeboat:error:unsupported-media-type", name
    assert "application/json, application/octet-stream, text/plain" in attempts["text/html"].json()["detail"]

    assert run.evidence() == []
    detail = created(admin_api.get(f"{RESTORE_RUNS}/{run.run_id}"), 200)
    assert detail["evidence"] == []
    job = created(admin_api.get(f"/api/v1/jobs/{run.job_id}"), 200)
    step = next(s for s in job["steps"] if s["name"] == "evidence")
    assert step["status"] == "pending", step  # the upload never started

    # The three data types (and a multipart part of one) are still taken.
    for content_type in ALLOWED:
        stored = created(run.upload(f"report as {content_type}".encode(), content_type))
        assert stored["content_type"] == content_type
    part = created(
        run.consumer.post(
            f"{RESTORE_RUNS}/{run.run_id}/evidence",
            files={"file": ("report.json", b'{"tables": 3}', "application/json")},
        )
    )
    assert part["content_type"] == "application/json"
    assert len(run.evidence()) == 4


# --- (b) the content is always a sandboxed attachment ------------------------------------------


def assert_safe_download(response: httpx.Response, media_type: str, file_name: str) -> None:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0].strip() == media_type
    assert response.headers["content-disposition"] == f'attachment; filename="{file_name}"'
    assert response.headers["x-content-type-options"] == "nosniff"
    directives = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    assert "sandbox" in directives
    assert "default-src 'none'" in directives
    assert "frame-ancestors 'none'" in directives
    assert response.headers["x-frame-options"] == "DENY"


def test_evidence_content_is_a_sandboxed_attachment_of_a_safe_type(
    live: LifeboatServer, run_world: Callable[[str], LiveRun], admin_api: httpx.Client
) -> None:
    run = run_world("headers")
    extensions = {"application/json": "json", "text/plain": "txt", "application/octet-stream": "bin"}
    for content_type in ALLOWED:
        # The page's bytes under each allowed type: served as that type, never as a page.
        data = ATTACK_PAGE + content_type.encode()
        evidence = created(run.upload(data, f"{content_type}; charset=utf-8"))
        served = admin_api.get(evidence["content_url"])
        assert_safe_download(served, content_type, f"evidence-{evidence['id']}.{extensions[content_type]}")
        assert served.content == data
        assert served.headers["x-content-sha256"] == hashlib.sha256(data).hexdigest()

    # A row stored before uploads were restricted (type text/html) is served as octet-stream.
    legacy = created(run.upload(ATTACK_PAGE, "application/octet-stream"))

    async def make_legacy() -> None:
        conn = await asyncpg.connect(live.database_url)
        try:
            await conn.execute(
                "update restore_evidence set content_type = 'text/html' where id = $1",
                legacy["id"],
            )
        finally:
            await conn.close()

    run_async(make_legacy)
    listed = {e["id"]: e for e in run.evidence()}
    assert listed[legacy["id"]]["content_type"] == "text/html"
    served = admin_api.get(legacy["content_url"])
    assert_safe_download(served, "application/octet-stream", f"evidence-{legacy['id']}.bin")
    assert served.content == ATTACK_PAGE


# --- (c) the attack in real Chromium ---------------------------------------------------------


def in_browser_thread(work: Callable[[], T]) -> T:
    """Run Playwright's sync API entirely in a worker thread: it marks the thread's loop as
    running, which must never happen to the main thread (later async tests use its loop)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium") as pool:
        return pool.submit(work).result(timeout=600)


def upload_attack(run: LiveRun) -> dict[str, Any]:
    """The attacker's upload, as dangerous as the server allows: text/html when it is taken (the
    bug), else the same bytes as text/plain (the most a consumer can get now)."""
    for content_type in ("text/html", "text/plain"):
        response = run.upload(ATTACK_PAGE, content_type)
        if response.status_code == 201:
            evidence: dict[str, Any] = response.json()
            return evidence
        assert response.status_code == 415, response.text
    raise AssertionError("no evidence type was accepted")


@pytest.mark.e2e
def test_hostile_evidence_cannot_mint_a_token_in_the_admins_browser(
    live: LifeboatServer, run_world: Callable[[str], LiveRun], admin_api: httpx.Client
) -> None:
    from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, SPA_DIR, VIEWPORT

    if not (SPA_DIR / "index.html").is_file():
        pytest.skip(f"{SPA_DIR / 'index.html'} is missing; build the SPA first (`make frontend`)")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; never `playwright install`)")

    run = run_world("browser")
    counts = {"items_total": 120, "items_restored": 120}
    created(
        run.consumer.patch(f"{RESTORE_RUNS}/{run.run_id}", json={"status": "succeeded", "counts": counts}),
        200,
    )
    # Post-run evidence: a genuine report, then the attacker's page (the active snapshot).
    report = created(
        run.upload(json.dumps({"tables": 120, "checksum_mismatches": []}).encode(), "application/json")
    )
    hostile = upload_attack(run)
    started = datetime.now(UTC).isoformat()
    created(
        run.consumer.post(
            f"{RESTORE_RUNS}/{run.run_id}/verification",
            json={
                "outcome": "success",
                "snapshot_id": "snap-browser",
                "started_at": started,
                "finished_at": datetime.now(UTC).isoformat(),
            },
        )
    )
    detail = created(admin_api.get(f"{RESTORE_RUNS}/{run.run_id}"), 200)
    assert detail["decision"]["primary_next_action"] == {
        "id": "open_evidence",
        "label": "Open evidence",
        "target_id": hostile["id"],
    }
    tokens_before = token_ids(admin_api)
    screenshot = ARTIFACTS / "evidence-xss-run.png"

    # Filled in by the browser thread as it goes, so a failure half-way still shows what it saw.
    seen: dict[str, Any] = {"popups": [], "errors": []}

    def attack() -> None:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import expect, sync_playwright

        from tests.e2e.pages import LoginPage, RestoreRunsPage, Shell

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(
                    base_url=live.base_url, viewport=VIEWPORT, color_scheme="light", timezone_id="UTC"
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                page.on("popup", lambda popup: seen["popups"].append(popup.url))
                page.on("pageerror", lambda error: seen["errors"].append(str(error)))
                login = LoginPage(page).open()
                login.login(live.admin_username, live.admin_password)
                Shell(page).wait_until_shown()

                # The admin opens the run and clicks the decision's "Open evidence".
                runs = RestoreRunsPage(page).open_run(run.run_id)
                expect(runs.next_action).to_have_text("Open evidence")
                seen["next_action_href"] = runs.next_action.get_attribute("href")
                runs.next_action.click()
                page.wait_for_load_state("networkidle")
                for other in context.pages:
                    if other is not page:
                        other.wait_for_load_state("networkidle")
                seen["tokens_after_click"] = sorted(token_ids(admin_api) - tokens_before)

                viewer = page.get_by_test_id("evidence-viewer")
                expect(viewer).to_be_visible()
                expect(viewer).to_have_attribute("data-evidence-id", hostile["id"])
                content = page.get_by_test_id("evidence-viewer-content")
                expect(content).to_contain_text("<script>")  # the page's source, as text
                seen["viewer_text"] = content.inner_text()
                seen["content_links"] = page.locator(f'a[href*="/evidence/{hostile["id"]}/content"]').count()
                seen["viewer_view"] = viewer.get_attribute("data-view")
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=screenshot, full_page=True, animations="disabled")

                # The genuine JSON report opens in the JSON viewer, pretty-printed.
                page.locator(
                    f'[data-testid="evidence-row"][data-evidence-id="{report["id"]}"]'
                ).get_by_test_id("evidence-view").click()
                expect(viewer).to_have_attribute("data-evidence-id", report["id"])
                expect(viewer).to_have_attribute("data-view", "json")
                seen["json_text"] = content.inner_text()

                # The row's Download saves the bytes through a Blob (no navigation to the URL).
                with page.expect_download() as saved:
                    page.locator(
                        f'[data-testid="evidence-row"][data-evidence-id="{hostile["id"]}"]'
                    ).get_by_test_id("evidence-download").click()
                download = saved.value
                seen["download_name"] = download.suggested_filename
                seen["download_url"] = download.url
                seen["download_bytes"] = Path(download.path()).read_bytes()

                # Straight to the content URL, as a link in a chat would take the admin: a download.
                direct = context.new_page()
                # goto fails with "Download is starting": the response is an attachment, not a page.
                with direct.expect_download() as navigated, contextlib.suppress(PlaywrightError):
                    direct.goto(hostile["content_url"])
                seen["direct_download_url"] = navigated.value.url
                direct.wait_for_load_state("networkidle")
                seen["direct_title"] = direct.title()
                seen["tokens_after_direct"] = sorted(token_ids(admin_api) - tokens_before)
                context.close()
            finally:
                browser.close()

    browser_failure: Exception | None = None
    try:
        in_browser_thread(attack)
    except Exception as exc:  # the decisive check below comes first, then this failure
        browser_failure = exc
    assert stolen_tokens(admin_api) == [], f"the evidence's script minted an admin token ({seen})"
    if browser_failure is not None:
        raise browser_failure

    assert seen["tokens_after_click"] == [], "the evidence's script minted a token from the run page"
    assert seen["next_action_href"] is None, "Open evidence is a link to the content"
    assert seen["popups"] == [], "Open evidence opened a tab"
    assert seen["errors"] == []
    assert seen["viewer_view"] == "text"
    assert seen["viewer_text"] == ATTACK_PAGE.decode()
    assert seen["content_links"] == 0
    assert seen["json_text"] == '{\n  "tables": 120,\n  "checksum_mismatches": []\n}'
    assert seen["download_url"].startswith("blob:")
    assert seen["download_name"] == f"evidence-{hostile['id']}.txt"
    assert seen["download_bytes"] == ATTACK_PAGE
    assert seen["tokens_after_direct"] == [], "navigating to the content URL ran the evidence's script"
    assert seen["direct_download_url"] == live.base_url + hostile["content_url"]
    assert not seen["direct_title"].startswith("sent")
    assert token_ids(admin_api) == tokens_before
