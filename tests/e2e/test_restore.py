"""Restore in a real browser against a real ``lifeboat serve``: declare replicas (and see gaps),
toggle and delete them with a reason, the consumers tab, the catalog, and what a viewer sees.

The world is set up through the API the way an admin's script and a restore agent would: an admin
API token creates the catalog; a restore-consumer token registers its capabilities.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.live_server import LifeboatServer

from .conftest import screenshot
from .pages import LoginPage, RestorePage, Shell, path_pattern

pytestmark = pytest.mark.e2e

GROUP = "e2e-eu-postgres"
OTHER_GROUP = "e2e-us-files"
SERVERS = ("e2e-pg-1", "e2e-pg-2", "e2e-pg-3", "e2e-pg-4", "e2e-pg-5")
RETIRED = "e2e-pg-old"
AGENT_VERSION = "e2e-restore-agent/1.4.2"
VIEWER_PASSWORD = "e2e-viewer-correct-horse-battery"


@dataclass(frozen=True)
class RestoreWorld:
    admin: httpx.Client  # bearer: an admin API token
    consumer_id: str
    consumer_name: str
    viewer: str


def _ok(response: httpx.Response, *statuses: int) -> dict[str, Any]:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code}: {response.text}"
    body: dict[str, Any] = response.json() if response.content else {}
    return body


def _session(server: LifeboatServer) -> httpx.Client:
    client = httpx.Client(base_url=server.base_url, timeout=20.0)
    _ok(
        client.post(
            "/api/v1/auth/login",
            json={"username": server.admin_username, "password": server.admin_password},
        )
    )
    client.headers["x-csrf-token"] = client.cookies.get("lifeboat_csrf") or ""
    return client


def _token(session: httpx.Client, name: str, role: str) -> dict[str, Any]:
    return _ok(
        session.post(
            "/api/v1/tokens",
            json={"name": name, "role": role, "environment": "*", "reason": f"e2e restore: {role} token"},
        ),
        201,
    )


@pytest.fixture(scope="module")
def restore_world(lifeboat_server: LifeboatServer) -> Iterator[RestoreWorld]:
    session = _session(lifeboat_server)
    suffix = secrets.token_hex(3)
    admin_token = _token(session, f"e2e-restore-admin-{suffix}", "admin")
    consumer_name = f"e2e-restore-agent-{suffix}"
    consumer_token = _token(session, consumer_name, "restore-consumer")
    backup_token = _token(session, f"e2e-backup-agent-{suffix}", "backup-agent")
    viewer = f"e2e-viewer-{suffix}"
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
    session.close()

    base = lifeboat_server.base_url
    admin = httpx.Client(
        base_url=base, timeout=20.0, headers={"Authorization": f"Bearer {admin_token['secret']}"}
    )
    reason = "e2e: restore catalog"
    for name, prefix, ref in (
        (GROUP, "eu/postgres", "env:LIFEBOAT_REPO_PASSWORD_E2E_EU"),
        (OTHER_GROUP, "us/files", "env:LIFEBOAT_REPO_PASSWORD_E2E_US"),
    ):
        _ok(
            admin.post(
                "/api/v1/backups/groups",
                json={
                    "name": name,
                    "bucket": "lifeboat-e2e-restore",
                    "prefix": prefix,
                    "region": "us-east-1",
                    "endpoint": "http://127.0.0.1:8333",
                    "password_ref": ref,
                    "reason": reason,
                },
            )
        )
    for server in SERVERS:
        _ok(admin.post("/api/v1/backups/servers", json={"name": server, "group": GROUP, "reason": reason}))
    _ok(
        admin.post(
            "/api/v1/backups/servers", json={"name": RETIRED, "group": GROUP, "live": False, "reason": reason}
        )
    )
    with httpx.Client(
        base_url=base, timeout=20.0, headers={"Authorization": f"Bearer {backup_token['secret']}"}
    ) as backup_agent:
        for snapshot, status, finished in (
            ("snap-e2e-1a", "succeeded", "2026-11-29T02:10:00Z"),
            ("snap-e2e-1b", "failed", "2026-11-30T02:10:00Z"),
        ):
            _ok(
                backup_agent.post(
                    "/api/v1/backups/runs",
                    json={
                        "server": SERVERS[0],
                        "backup_type": "postgres",
                        "snapshot_id": snapshot,
                        "status": status,
                        "started_at": "2026-11-29T02:00:00Z",
                        "finished_at": finished,
                    },
                ),
                201,
            )
    with httpx.Client(
        base_url=base, timeout=20.0, headers={"Authorization": f"Bearer {consumer_token['secret']}"}
    ) as consumer:
        registered = _ok(
            consumer.post(
                "/api/v1/restore/capabilities",
                json={
                    "agent_version": AGENT_VERSION,
                    "capabilities": [
                        {"intent": "verify", "backup_types": ["postgres"]},
                        {"intent": "analytics", "backup_types": ["postgres"]},
                    ],
                },
            ),
            200,
        )
    try:
        yield RestoreWorld(
            admin=admin, consumer_id=registered["id"], consumer_name=consumer_name, viewer=viewer
        )
    finally:
        admin.close()


def _declare(world: RestoreWorld, *, server: str | None, intent: str, backup_type: str = "postgres") -> str:
    created = _ok(
        world.admin.post(
            "/api/v1/restore/replicas",
            json={
                "consumer_id": world.consumer_id,
                "group": GROUP,
                "server": server,
                "backup_type": backup_type,
                "intent": intent,
                "reason": "e2e: declared by the API",
            },
        ),
        201,
    )
    replica_id: str = created["id"]
    return replica_id


def _replica(world: RestoreWorld, replica_id: str) -> httpx.Response:
    return world.admin.get(f"/api/v1/restore/replicas/{replica_id}")


def test_declare_a_replica_from_the_ui(admin_page: Page, restore_world: RestoreWorld) -> None:
    page = admin_page
    Shell(page).go("restore")
    expect(page).to_have_url(path_pattern("/restore/replicas"))
    restore = RestorePage(page)
    restore.wait_until_shown()

    submit = restore.open_declare()
    submit = restore.fill_declare(
        consumer_id=restore_world.consumer_id,
        group=GROUP,
        server=SERVERS[1],
        backup_type="postgres",
        intent="verify",
        notes="nightly restore check of the EU primary",
        reason="e2e: CHG-101 verify restores of pg-2",
    )
    # The intent picker says which choices this consumer cannot serve.
    expect(restore.intent_option("verify")).to_have_text("Verify")
    expect(restore.intent_option("disaster-recovery")).to_have_text(
        f"Disaster recovery — not supported by {restore_world.consumer_name} — will show as a gap"
    )
    expect(restore.testid("declare-gap-warning")).to_have_count(0)
    # The non-live server is offered, marked as off the worklists.
    expect(restore.testid("declare-server").locator(f'option[value="{RETIRED}"]')).to_contain_text("not live")
    expect(submit).to_be_enabled()
    screenshot(page, "restore-declare-dialog.png")
    submit.click()
    expect(submit).to_be_hidden()

    row = restore.replica_for(server=SERVERS[1], intent="verify")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-gap", "false")
    expect(row).to_have_attribute("data-enabled", "true")
    expect(row.get_by_test_id("replica-consumer")).to_have_text(restore_world.consumer_name)
    expect(row.get_by_test_id("replica-group")).to_have_text(GROUP)
    expect(row.get_by_test_id("replica-backup-type")).to_have_text("postgres")
    expect(row.get_by_test_id("replica-notes")).to_have_text("nightly restore check of the EU primary")
    expect(row.get_by_test_id("replica-gap")).to_have_count(0)

    # It is real: the API has it, with the operator's scope.
    replica_id = row.get_attribute("data-replica-id")
    assert replica_id
    stored = _ok(_replica(restore_world, replica_id))
    assert (stored["server"], stored["intent"], stored["gap"]) == (SERVERS[1], "verify", None)

    # The same scope again is refused, and the dialog says why.
    restore.open_declare()
    restore.fill_declare(
        consumer_id=restore_world.consumer_id,
        group=GROUP,
        server=SERVERS[1],
        backup_type="postgres",
        intent="verify",
        reason="e2e: a duplicate",
    ).click()
    expect(restore.testid("declare-error")).to_be_visible()
    expect(restore.testid("declare-error")).to_contain_text("409")
    page.keyboard.press("Escape")
    expect(restore.testid("declare-form")).to_be_hidden()


def test_an_unsupported_intent_shows_a_gap(admin_page: Page, restore_world: RestoreWorld) -> None:
    page = admin_page
    restore = RestorePage(page).open("replicas")
    restore.open_declare()
    submit = restore.fill_declare(
        consumer_id=restore_world.consumer_id,
        group=GROUP,
        server=None,
        backup_type="postgres",
        intent="disaster-recovery",
        reason="e2e: DR copy of the whole EU group",
    )
    warning = restore.testid("declare-gap-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(f"Not supported by {restore_world.consumer_name}")
    screenshot(page, "restore-declare-gap.png")
    submit.click()
    expect(submit).to_be_hidden()

    row = restore.replica_for(server=None, intent="disaster-recovery")
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-gap", "true")
    gap = row.get_by_test_id("replica-gap")
    expect(gap).to_be_visible()
    expect(gap).to_contain_text("gap")
    expect(row.get_by_test_id("replica-gap-reason")).to_contain_text(
        "the consumer does not support intent 'disaster-recovery'"
    )
    expect(restore.testid("replicas-count")).to_contain_text(re.compile(r"\d+ with a gap"))
    screenshot(page, "restore-replicas.png")

    # The filters are in the URL: a shared link shows the same rows.
    restore.testid("replica-filter-group").select_option(GROUP)
    expect(page).to_have_url(re.compile(r"[?&]group=" + re.escape(GROUP)))
    restore.testid("replica-filter-group").select_option(OTHER_GROUP)
    expect(restore.testid("replicas-empty")).to_contain_text("No declaration matches these filters")
    RestorePage(page).open("replicas", f"?group={GROUP}")
    expect(restore.replica_for(server=None, intent="disaster-recovery")).to_have_count(1)


def test_toggle_a_declaration_with_a_reason(admin_page: Page, restore_world: RestoreWorld) -> None:
    replica_id = _declare(restore_world, server=SERVERS[2], intent="analytics")
    restore = RestorePage(admin_page).open("replicas")
    row = restore.replica(replica_id)
    expect(row).to_have_attribute("data-enabled", "true")

    restore.toggle(row)
    # Cancelling changes nothing.
    restore.page.keyboard.press("Escape")
    expect(restore.testid("confirm-submit")).to_be_hidden()
    expect(row).to_have_attribute("data-enabled", "true")

    restore.toggle(row)
    screenshot(admin_page, "restore-toggle-dialog.png")
    restore.confirm("e2e: pause analytics restores during the migration")
    expect(row).to_have_attribute("data-enabled", "false")
    assert _ok(_replica(restore_world, replica_id))["enabled"] is False

    restore.toggle(row)
    restore.confirm("e2e: migration done")
    expect(row).to_have_attribute("data-enabled", "true")
    assert _ok(_replica(restore_world, replica_id))["enabled"] is True


def test_delete_a_declaration_with_confirmation(admin_page: Page, restore_world: RestoreWorld) -> None:
    replica_id = _declare(restore_world, server=SERVERS[3], intent="verify")
    restore = RestorePage(admin_page).open("replicas")
    row = restore.replica(replica_id)
    expect(row).to_be_visible()

    submit = restore.open_delete(row)
    restore.testid("confirm-reason").fill("ab")
    expect(submit).to_be_disabled()  # a reason of at least three characters
    screenshot(admin_page, "restore-delete-dialog.png")
    restore.confirm("e2e: server decommissioned")
    expect(row).to_have_count(0)
    assert _replica(restore_world, replica_id).status_code == 404


def test_consumers_tab_lists_capabilities_and_gaps(admin_page: Page, restore_world: RestoreWorld) -> None:
    _declare(restore_world, server=SERVERS[4], intent="verify", backup_type="files")  # a type gap
    restore = RestorePage(admin_page).open("replicas")
    restore.tab("consumers").click()
    expect(admin_page).to_have_url(path_pattern("/restore/consumers"))
    row = restore.consumer(restore_world.consumer_id)
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-registered", "true")
    expect(row.get_by_test_id("consumer-name")).to_have_text(restore_world.consumer_name)
    capabilities = row.get_by_test_id("consumer-capability")
    expect(capabilities).to_have_count(2)
    expect(row.locator('[data-testid="consumer-capability"][data-intent="verify"]')).to_contain_text(
        "postgres"
    )
    expect(row.locator('[data-testid="consumer-capability"][data-intent="analytics"]')).to_contain_text(
        "postgres"
    )
    expect(row.get_by_test_id("consumer-agent-version")).to_have_text(AGENT_VERSION)
    expect(row.get_by_test_id("consumer-last-seen")).to_contain_text("ago")
    expect(row.get_by_test_id("consumer-gaps")).to_contain_text(re.compile(r"[1-9]\d* gaps?"))
    screenshot(admin_page, "restore-consumers.png")

    # Its declaration count links to its declarations.
    row.get_by_test_id("consumer-declarations").click()
    expect(admin_page).to_have_url(re.compile(r"/restore/replicas\?consumer="))
    expect(restore.replica_rows.first).to_be_visible()
    expect(restore.replica_for(server=SERVERS[4], intent="verify")).to_have_attribute("data-gap", "true")


def test_catalog_shows_groups_servers_and_latest_backups(
    admin_page: Page, restore_world: RestoreWorld
) -> None:
    restore = RestorePage(admin_page).open("catalog")
    group = restore.group_row(GROUP)
    expect(group).to_be_visible()
    expect(group.get_by_test_id("group-repository")).to_have_text("s3://lifeboat-e2e-restore/eu/postgres")
    expect(group.get_by_test_id("group-password-ref-value")).to_have_text("env:LIFEBOAT_REPO_PASSWORD_E2E_EU")
    first = restore.server_row(SERVERS[0])
    latest = first.get_by_test_id("server-latest-run")
    expect(latest).to_have_attribute("data-status", "failed")
    expect(latest).to_contain_text("snap-e2e-1b")
    expect(latest).to_contain_text("last good")
    expect(restore.server_row(SERVERS[1]).get_by_test_id("server-no-runs")).to_be_visible()
    expect(restore.server_row(RETIRED)).to_have_attribute("data-live", "false")
    screenshot(admin_page, "restore-catalog.png")

    # An admin edits a server with a reason: the retired server comes back.
    restore.server_row(RETIRED).get_by_test_id("server-edit").click()
    restore.testid("server-form").locator(".mantine-Switch-track").click()
    expect(restore.testid("server-live")).to_be_checked()
    restore.testid("server-reason").fill("e2e: server back in service")
    restore.testid("server-submit").click()
    expect(restore.testid("server-form")).to_be_hidden()
    expect(restore.server_row(RETIRED)).to_have_attribute("data-live", "true")
    assert _ok(restore_world.admin.get(f"/api/v1/backups/servers/{RETIRED}"))["live"] is True

    # The group filter is in the URL.
    restore.testid("servers-filter-group").select_option(OTHER_GROUP)
    expect(admin_page).to_have_url(re.compile(r"[?&]group=" + re.escape(OTHER_GROUP)))
    expect(restore.testid("servers-empty")).to_be_visible()


def test_a_viewer_sees_no_mutation_buttons(page: Page, restore_world: RestoreWorld) -> None:
    _declare(restore_world, server=SERVERS[0], intent="analytics")
    LoginPage(page).open().login(restore_world.viewer, VIEWER_PASSWORD)
    Shell(page).wait_until_shown()
    restore = RestorePage(page).open("replicas")
    expect(restore.replica_rows.first).to_be_visible()
    expect(restore.declare_button).to_have_count(0)
    expect(restore.testid("replica-delete")).to_have_count(0)
    expect(page.get_by_role("switch")).to_have_count(0)
    expect(restore.testid("replica-enabled-badge").first).to_be_visible()
    RestorePage(page).open("catalog")
    expect(restore.group_row(GROUP)).to_be_visible()
    expect(restore.testid("group-create")).to_have_count(0)
    expect(restore.testid("server-create")).to_have_count(0)
    expect(restore.testid("group-edit")).to_have_count(0)
