"""Restore runs, health and the decision-first run page in a real browser against a real
``lifeboat serve``.

The world is made through the API the way the machines make it: an admin API token catalogs a
group with two servers and declares a replica for a restore consumer; a backup agent reports a
backup of each server; the consumer registers its capabilities, opens a run per server, reports
counts, uploads evidence and posts a verification outcome (success on one server, failure on the
other). The browser then checks what an operator sees.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.live_server import LifeboatServer

from .conftest import screenshot
from .pages import LoginPage, RestorePage, RestoreRunsPage, Shell, path_pattern

pytestmark = pytest.mark.e2e

EVIDENCE = b'{"tables_checked": 12, "rows": 48210, "checksum": "sha256:9f2c"}'
COUNTS = {"items_total": 12, "items_restored": 12, "bytes_restored": 52_428_800, "duration_seconds": 94.0}
VIEWER_PASSWORD = "e2e-runs-viewer-correct-horse"
FAILURE_MESSAGE = "pg_restore: snapshot unreadable (checksum mismatch in base/16384)"


@dataclass(frozen=True)
class RunsWorld:
    group: str
    healthy_server: str
    failing_server: str
    ok_run: dict[str, Any]
    failed_run: dict[str, Any]
    evidence: dict[str, Any]
    viewer: str


def _ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code}: {response.text}"
    return response.json() if response.content else {}


def _session(server: LifeboatServer) -> httpx.Client:
    client = httpx.Client(base_url=server.base_url, timeout=30.0)
    _ok(
        client.post(
            "/api/v1/auth/login",
            json={"username": server.admin_username, "password": server.admin_password},
        )
    )
    client.headers["x-csrf-token"] = client.cookies.get("lifeboat_csrf") or ""
    return client


def _bearer(server: LifeboatServer, session: httpx.Client, name: str, role: str) -> httpx.Client:
    token = _ok(
        session.post(
            "/api/v1/tokens",
            json={"name": name, "role": role, "environment": "*", "reason": f"e2e restore runs: {role}"},
        ),
        201,
    )
    return httpx.Client(
        base_url=server.base_url, timeout=30.0, headers={"Authorization": f"Bearer {token['secret']}"}
    )


def _open_run(consumer: httpx.Client, item: dict[str, Any]) -> dict[str, Any]:
    snapshot = item["snapshot"]
    assert snapshot is not None, item
    opened: dict[str, Any] = _ok(
        consumer.post(
            "/api/v1/restore/runs",
            json={
                "declaration_id": item["declaration_id"],
                "server": item["server"],
                "backup_type": item["backup_type"],
                "intent": item["intent"],
                "snapshot_id": snapshot["id"],
            },
            headers={"Idempotency-Key": f"e2e-{secrets.token_hex(8)}"},
        ),
        201,
    )
    return opened


def _verify(consumer: httpx.Client, run: dict[str, Any], outcome: str) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    detail: dict[str, Any] = _ok(
        consumer.post(
            f"/api/v1/restore/runs/{run['run']['id']}/verification",
            json={
                "outcome": outcome,
                "snapshot_id": run["run"]["snapshot_id"],
                "started_at": (now - timedelta(minutes=4)).isoformat(),
                "finished_at": now.isoformat(),
                "details": {"tables_checked": 12, "outcome_by": "e2e"},
            },
        ),
        201,
    )
    return detail


@pytest.fixture(scope="module")
def runs_world(lifeboat_server: LifeboatServer) -> Iterator[RunsWorld]:
    suffix = secrets.token_hex(3)
    group = f"e2e-runs-{suffix}"
    healthy, failing = f"e2e-rr-ok-{suffix}", f"e2e-rr-bad-{suffix}"
    session = _session(lifeboat_server)
    admin = _bearer(lifeboat_server, session, f"e2e-runs-admin-{suffix}", "admin")
    consumer = _bearer(lifeboat_server, session, f"e2e-runs-agent-{suffix}", "restore-consumer")
    backup = _bearer(lifeboat_server, session, f"e2e-runs-backup-{suffix}", "backup-agent")
    viewer = f"e2e-runs-viewer-{suffix}"
    try:
        _ok(
            session.post(
                "/api/v1/users",
                json={
                    "username": viewer,
                    "password": VIEWER_PASSWORD,
                    "role": "viewer",
                    "reason": "e2e: a viewer",
                },
            ),
            201,
        )
        reason = "e2e: restore runs world"
        _ok(
            admin.post(
                "/api/v1/backups/groups",
                json={
                    "name": group,
                    "bucket": "lifeboat-e2e-restore",
                    "prefix": f"runs/{suffix}",
                    "region": "us-east-1",
                    "endpoint": "http://127.0.0.1:8333",
                    "password_ref": "env:LIFEBOAT_REPO_PASSWORD_E2E_RUNS",
                    "reason": reason,
                },
            ),
            201,
        )
        for server in (healthy, failing):
            _ok(
                admin.post(
                    "/api/v1/backups/servers", json={"name": server, "group": group, "reason": reason}
                ),
                201,
            )
            _ok(
                backup.post(
                    "/api/v1/backups/runs",
                    json={
                        "server": server,
                        "backup_type": "postgres",
                        "snapshot_id": f"snap-{server}",
                        "status": "succeeded",
                        "started_at": "2026-11-29T02:00:00Z",
                        "finished_at": "2026-11-29T02:10:00Z",
                        "size_bytes": 52_428_800,
                    },
                ),
                201,
            )
        registered = _ok(
            consumer.post(
                "/api/v1/restore/capabilities",
                json={
                    "agent_version": "e2e-restore-agent/2.0.0",
                    "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
                },
            ),
            200,
        )
        _ok(
            admin.post(
                "/api/v1/restore/replicas",
                json={
                    "consumer_id": registered["id"],
                    "group": group,
                    "server": None,
                    "backup_type": "postgres",
                    "intent": "verify",
                    "reason": "e2e: verify restores of the whole group",
                },
            ),
            201,
        )
        items = {item["server"]: item for item in _ok(consumer.get("/api/v1/restore/worklist"), 200)["items"]}

        # A restore that went well: running, succeeded with counts, evidence, verified.
        ok_run = _open_run(consumer, items[healthy])
        ok_id = ok_run["run"]["id"]
        _ok(
            consumer.patch(
                f"/api/v1/restore/runs/{ok_id}", json={"status": "running", "message": "restoring"}
            )
        )
        _ok(consumer.patch(f"/api/v1/restore/runs/{ok_id}", json={"status": "succeeded", "counts": COUNTS}))
        evidence = _ok(
            consumer.post(
                f"/api/v1/restore/runs/{ok_id}/evidence",
                content=EVIDENCE,
                headers={"Content-Type": "application/json"},
            ),
            201,
        )
        _verify(consumer, ok_run, "success")

        # A restore that failed, and whose verification failed: the server is failing.
        failed_run = _open_run(consumer, items[failing])
        failed_id = failed_run["run"]["id"]
        _ok(
            consumer.patch(
                f"/api/v1/restore/runs/{failed_id}", json={"status": "failed", "message": FAILURE_MESSAGE}
            )
        )
        _verify(consumer, failed_run, "failure")

        yield RunsWorld(
            group=group,
            healthy_server=healthy,
            failing_server=failing,
            ok_run=ok_run,
            failed_run=failed_run,
            evidence=evidence,
            viewer=viewer,
        )
    finally:
        for client in (admin, consumer, backup, session):
            client.close()


def test_run_detail_puts_the_decision_on_the_first_screen(admin_page: Page, runs_world: RunsWorld) -> None:
    page = admin_page
    run_id = runs_world.ok_run["run"]["id"]
    runs = RestoreRunsPage(page).open_run(run_id)

    # Decision first: label, reason, impact, next action, proof and evidence state, summary.
    expect(runs.decision).to_have_attribute("data-state", "completed_with_evidence")
    expect(runs.decision_label).to_have_text("Completed with evidence available")
    expect(runs.testid("decision-reason")).to_have_text(
        "Execution proof and post-run evidence are available."
    )
    expect(runs.testid("decision-impact")).to_have_text(
        "Review evidence before treating the restore as recovery proof."
    )
    for part in (
        "decision-label",
        "decision-reason",
        "decision-impact",
        "decision-next-action",
        "decision-summary",
    ):
        runs.expect_on_first_screen(runs.testid(part))
    expect(runs.next_action).to_have_text("Open evidence")
    assert runs.next_action.get_attribute("href") is None  # a button, never a link to the content
    expect(runs.testid("decision-proof")).to_have_attribute("data-state", "available")
    expect(runs.testid("decision-evidence")).to_have_attribute("data-state", "available")
    expect(runs.testid("decision-claim")).to_have_text(["Evidence snapshot available"])
    expect(runs.decision).not_to_contain_text(re.compile("recovery verified", re.IGNORECASE))

    # Only the reported counts, labelled metadata-only (no item rows); no invented "Failed 0".
    summary = runs.testid("decision-summary")
    expect(summary).to_have_attribute("data-metadata-only", "true")
    expect(summary.get_by_test_id("decision-count")).to_have_count(len(COUNTS))
    expect(summary.locator('[data-key="items_total"]')).to_contain_text("12")
    expect(summary.locator('[data-key="bytes_restored"]')).to_contain_text("50.0 MiB")
    expect(summary.locator('[data-key="items_failed"]')).to_have_count(0)

    # Evidence with its sha256, the verification, the timeline link; diagnostics collapsed.
    row = page.locator(f'[data-testid="evidence-row"][data-evidence-id="{runs_world.evidence["id"]}"]')
    expect(row).to_have_attribute("data-state", "active")
    expect(row.get_by_test_id("evidence-sha256").locator("code")).to_have_attribute(
        "title", hashlib.sha256(EVIDENCE).hexdigest()
    )
    expect(page.locator('a[href*="/evidence/"]')).to_have_count(0)  # evidence is never a link
    expect(runs.testid("run-verification")).to_have_attribute("data-outcome", "success")
    expect(runs.testid("run-timeline-link")).to_have_attribute("href", f"/jobs/{runs_world.ok_run['job_id']}")
    expect(runs.diagnostics_json).to_be_hidden()
    screenshot(page, "restore-runs-detail.png")

    # "Open evidence" shows the JSON report in the page (fetched, pretty-printed, as text), and
    # Download saves the uploaded bytes through a Blob.
    runs.next_action.click()
    expect(runs.evidence_viewer).to_have_attribute("data-evidence-id", runs_world.evidence["id"])
    expect(runs.evidence_viewer).to_have_attribute("data-view", "json")
    shown_report = runs.testid("evidence-viewer-content").inner_text()
    assert json.loads(shown_report) == json.loads(EVIDENCE)
    assert shown_report == json.dumps(json.loads(EVIDENCE), indent=2)
    assert runs.download_evidence(runs_world.evidence["id"]) == EVIDENCE
    served = page.request.get(runs_world.evidence["content_url"])
    assert served.status == 200
    assert served.body() == EVIDENCE
    assert served.headers["content-disposition"].startswith("attachment;")

    raw = runs.open_diagnostics()
    expect(raw).to_contain_text(run_id)
    shown = json.loads(raw.inner_text())
    assert shown["decision"]["state"] == "completed_with_evidence"
    assert shown["run"]["counts"]["items_failed"] is None


def test_a_failed_run_leads_to_its_operation(admin_page: Page, runs_world: RunsWorld) -> None:
    page = admin_page
    runs = RestoreRunsPage(page).open_run(runs_world.failed_run["run"]["id"])

    expect(runs.decision).to_have_attribute("data-state", "failed")
    expect(runs.decision_label).to_have_text("Restore failed")
    runs.expect_on_first_screen(runs.decision_label)
    expect(runs.testid("decision-summary-label")).to_have_text("Failure details required")
    expect(runs.testid("decision-count")).to_have_count(0)
    expect(runs.testid("decision-claim")).to_have_text(["Execution failed"])
    expect(runs.testid("run-message")).to_have_text(FAILURE_MESSAGE)
    expect(runs.testid("run-verification")).to_have_attribute("data-outcome", "failure")
    screenshot(page, "restore-runs-failed.png")

    expect(runs.next_action).to_have_text("Review failure details")
    runs.next_action.click()
    job_id = runs_world.failed_run["job_id"]
    expect(page).to_have_url(path_pattern(f"/jobs/{job_id}"))
    expect(page.get_by_test_id("job-detail")).to_have_attribute("data-status", "failed")


def test_runs_list_shows_decisions_and_links_to_the_run(admin_page: Page, runs_world: RunsWorld) -> None:
    page = admin_page
    restore = RestorePage(page).open("replicas")
    restore.tab("runs").click()
    expect(page).to_have_url(path_pattern("/restore/runs"))
    runs = RestoreRunsPage(page)
    runs.testid("runs-filter-group").select_option(runs_world.group)
    expect(page).to_have_url(re.compile(r"[?&]group=" + re.escape(runs_world.group)))

    ok_row = runs.run_row(runs_world.ok_run["run"]["id"])
    failed_row = runs.run_row(runs_world.failed_run["run"]["id"])
    expect(page.get_by_test_id("run-row")).to_have_count(2)
    # Newest first: the failed run was opened last.
    expect(page.get_by_test_id("run-row").first).to_have_attribute(
        "data-run-id", runs_world.failed_run["run"]["id"]
    )
    expect(ok_row).to_have_attribute("data-status", "succeeded")
    expect(ok_row.get_by_test_id("run-decision-chip")).to_have_attribute(
        "data-state", "completed_with_evidence"
    )
    expect(ok_row.get_by_test_id("run-decision-chip")).to_have_text("Completed with evidence available")
    expect(failed_row.get_by_test_id("run-decision-chip")).to_have_attribute("data-state", "failed")
    screenshot(page, "restore-runs-list.png")

    # Filter by status (in the URL), then open a run from its row.
    runs.testid("runs-filter-status").select_option("failed")
    expect(page).to_have_url(re.compile(r"[?&]status=failed"))
    expect(page.get_by_test_id("run-row")).to_have_count(1)
    runs.testid("runs-filter-status").select_option("")
    expect(page.get_by_test_id("run-row")).to_have_count(2)
    ok_row.get_by_test_id("run-link").click()
    runs.wait_for_run(runs_world.ok_run["run"]["id"])
    expect(runs.decision_label).to_have_text("Completed with evidence available")


def test_health_shows_the_failing_server_first_with_its_alert(
    admin_page: Page, runs_world: RunsWorld
) -> None:
    page = admin_page
    runs = RestoreRunsPage(page).open_health(f"?group={runs_world.group}")

    rows = runs.health_rows
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_have_attribute("data-server", runs_world.failing_server)
    expect(rows.nth(0)).to_have_attribute("data-status", "failing")
    expect(rows.nth(1)).to_have_attribute("data-server", runs_world.healthy_server)
    expect(rows.nth(1)).to_have_attribute("data-status", "healthy")
    failing = runs.health_row(runs_world.failing_server)
    expect(failing.get_by_test_id("health-status")).to_have_text("failing")
    expect(failing.get_by_test_id("health-streak")).to_have_text("1")
    expect(failing.get_by_test_id("health-last-success")).to_have_text("never")
    healthy = runs.health_row(runs_world.healthy_server)
    expect(healthy.get_by_test_id("health-streak")).to_have_text("0")
    expect(healthy.get_by_test_id("health-last-failure")).to_have_text("none")
    expect(healthy.get_by_test_id("health-last-success").locator("time")).to_have_attribute(
        "datetime", re.compile(r"^\d{4}-")
    )

    # The active alert is above the table; the healthy server has none.
    alert = runs.alert(runs_world.failing_server, "restore_failing")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("Restore verification failing")
    expect(
        page.locator(f'[data-testid="restore-alert"][data-server="{runs_world.healthy_server}"]')
    ).to_have_count(0)
    alert_box, table_box = alert.bounding_box(), runs.testid("health-table").bounding_box()
    assert alert_box is not None
    assert table_box is not None
    assert alert_box["y"] < table_box["y"]
    screenshot(page, "restore-runs-health.png")

    # Status filter in the URL; a status with no server shows the empty state.
    runs.testid("health-filter-status").select_option("failing")
    expect(page).to_have_url(re.compile(r"[?&]status=failing"))
    expect(rows).to_have_count(1)
    runs.testid("health-filter-status").select_option("overdue")
    expect(runs.testid("health-empty")).to_be_visible()

    # From a server's health to its runs.
    runs.open_health(f"?group={runs_world.group}")
    runs.health_row(runs_world.failing_server).get_by_test_id("health-runs-link").click()
    expect(page).to_have_url(re.compile(r"/restore/runs\?.*server=" + re.escape(runs_world.failing_server)))
    expect(page.get_by_test_id("run-row")).to_have_count(1)


def test_a_viewer_reads_runs_and_health(page: Page, runs_world: RunsWorld) -> None:
    LoginPage(page).open().login(runs_world.viewer, VIEWER_PASSWORD)
    Shell(page).wait_until_shown()
    runs = RestoreRunsPage(page).open_runs(f"?group={runs_world.group}")
    expect(page.get_by_test_id("run-row")).to_have_count(2)
    runs.run_row(runs_world.ok_run["run"]["id"]).get_by_test_id("run-link").click()
    runs.wait_for_run(runs_world.ok_run["run"]["id"])
    # A viewer may read jobs and evidence: the same decision as an admin's, nothing to change.
    expect(runs.decision).to_have_attribute("data-state", "completed_with_evidence")
    expect(page.get_by_role("button", name=re.compile("delete|cancel|edit", re.IGNORECASE))).to_have_count(0)
    runs.open_health(f"?group={runs_world.group}")
    expect(runs.health_rows.first).to_have_attribute("data-status", "failing")
