"""The SPA's side of the security hardening (issue 10), in a real browser against a real
``lifeboat serve``:

- the backup group dialog refuses, before sending, the password references and prefixes the
  server refuses (any variable but ``LIFEBOAT_REPO_PASSWORD_*``, a non-normalised ``file:``
  path, an empty or wildcard prefix) and shows the server's own 422 in the dialog (this server
  has no ``LIFEBOAT_SECRETS_DIR``, so every ``file:`` reference is refused);
- an active alert shows its delivery log, and an admin's cancellation of a delivery as
  "cancelled by <who>: <reason>" (an alert is never suppressed silently);
- the token dialog starts in the server's environment, never ``*``, and an environment-scoped
  admin sees why ``*`` is refused, in the dialog, with the server's 403.
"""

from __future__ import annotations

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
from .pages import LoginPage, RestorePage, RestoreRunsPage, Shell, TokensPage

pytestmark = pytest.mark.e2e

ENVIRONMENT = "e2e"  # the package server's LIFEBOAT_ENVIRONMENT (tests/e2e/conftest.py)
ENV_ADMIN_PASSWORD = "e2e-env-admin-correct-horse"
CANCEL_REASON = "e2e: the on-call already knows"


@dataclass(frozen=True)
class HardeningWorld:
    admin: httpx.Client  # bearer: an admin@* API token
    admin_token_name: str
    group: str
    failing_server: str
    delivery_job_ids: list[str]
    env_admin: str  # a user who is admin@e2e only


def _ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code}: {response.text}"
    return response.json() if response.content else {}


def _bearer(server: LifeboatServer, session: httpx.Client, name: str, role: str) -> httpx.Client:
    token = _ok(
        session.post(
            "/api/v1/tokens",
            json={"name": name, "role": role, "environment": "*", "reason": f"e2e hardening: {role}"},
        ),
        201,
    )
    return httpx.Client(
        base_url=server.base_url, timeout=30.0, headers={"Authorization": f"Bearer {token['secret']}"}
    )


@pytest.fixture(scope="module")
def hardening_world(lifeboat_server: LifeboatServer) -> Iterator[HardeningWorld]:
    """A group whose one server failed a verified restore (the restore_failing alert is raised,
    its NATS delivery job waits: no worker runs next to this server), and an admin@e2e user."""
    suffix = secrets.token_hex(3)
    group, server = f"e2e-hard-{suffix}", f"e2e-hard-pg-{suffix}"
    env_admin = f"e2e-env-admin-{suffix}"
    session = httpx.Client(base_url=lifeboat_server.base_url, timeout=30.0)
    _ok(
        session.post(
            "/api/v1/auth/login",
            json={"username": lifeboat_server.admin_username, "password": lifeboat_server.admin_password},
        )
    )
    session.headers["x-csrf-token"] = session.cookies.get("lifeboat_csrf") or ""
    admin_token_name = f"e2e-hard-admin-{suffix}"
    admin = _bearer(lifeboat_server, session, admin_token_name, "admin")
    consumer = _bearer(lifeboat_server, session, f"e2e-hard-agent-{suffix}", "restore-consumer")
    backup = _bearer(lifeboat_server, session, f"e2e-hard-backup-{suffix}", "backup-agent")
    try:
        _ok(
            session.post(
                "/api/v1/users",
                json={
                    "username": env_admin,
                    "password": ENV_ADMIN_PASSWORD,
                    "role": "admin",
                    "environment": ENVIRONMENT,
                    "reason": "e2e: an admin of one environment",
                },
            ),
            201,
        )
        reason = "e2e: hardening world"
        _ok(
            admin.post(
                "/api/v1/backups/groups",
                json={
                    "name": group,
                    "bucket": "lifeboat-e2e-restore",
                    "prefix": f"hardening/{suffix}",
                    "region": "us-east-1",
                    "endpoint": "http://127.0.0.1:8333",
                    "password_ref": "env:LIFEBOAT_REPO_PASSWORD_E2E_HARD",
                    "reason": reason,
                },
            ),
            201,
        )
        _ok(
            admin.post("/api/v1/backups/servers", json={"name": server, "group": group, "reason": reason}),
            201,
        )
        now = datetime.now(UTC).replace(microsecond=0)
        _ok(
            backup.post(
                "/api/v1/backups/runs",
                json={
                    "server": server,
                    "backup_type": "postgres",
                    "snapshot_id": f"snap-{suffix}",
                    "status": "succeeded",
                    "started_at": (now - timedelta(minutes=20)).isoformat(),
                    "finished_at": (now - timedelta(minutes=10)).isoformat(),
                },
            ),
            201,
        )
        registered = _ok(
            consumer.post(
                "/api/v1/restore/capabilities",
                json={
                    "agent_version": "e2e-restore-agent/3.0.0",
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
                    "server": server,
                    "backup_type": "postgres",
                    "intent": "verify",
                    "reason": "e2e: verify restores",
                },
            ),
            201,
        )
        [item] = [
            i for i in _ok(consumer.get("/api/v1/restore/worklist"), 200)["items"] if i["server"] == server
        ]
        opened = _ok(
            consumer.post(
                "/api/v1/restore/runs",
                json={
                    "declaration_id": item["declaration_id"],
                    "server": server,
                    "backup_type": "postgres",
                    "intent": "verify",
                    "snapshot_id": item["snapshot"]["id"],
                },
                headers={"Idempotency-Key": f"e2e-{secrets.token_hex(8)}"},
            ),
            201,
        )
        run_id = opened["run"]["id"]
        _ok(
            consumer.patch(f"/api/v1/restore/runs/{run_id}", json={"status": "failed", "message": "checksum"})
        )
        opened_at = datetime.fromisoformat(opened["run"]["created_at"])
        _ok(
            consumer.post(
                f"/api/v1/restore/runs/{run_id}/verification",
                json={
                    "outcome": "failure",
                    "snapshot_id": item["snapshot"]["id"],
                    "started_at": opened_at.isoformat(),
                    "finished_at": (opened_at + timedelta(seconds=1)).isoformat(),
                    "details": {"tables_checked": 0},
                },
            ),
            201,
        )
        [alert] = [
            a
            for a in _ok(admin.get("/api/v1/restore/alerts", params={"server": server}), 200)["items"]
            if a["kind"] == "restore_failing"
        ]
        yield HardeningWorld(
            admin=admin,
            admin_token_name=admin_token_name,
            group=group,
            failing_server=server,
            delivery_job_ids=alert["events"][0]["delivery_job_ids"],
            env_admin=env_admin,
        )
    finally:
        for client in (admin, consumer, backup, session):
            client.close()


def test_group_dialog_refuses_what_the_server_refuses_and_shows_its_422(
    admin_page: Page, hardening_world: HardeningWorld
) -> None:
    restore = RestorePage(admin_page).open("catalog")
    restore.testid("group-create").click()
    form = restore.testid("group-form")
    expect(form).to_be_visible()
    submit = restore.testid("group-submit")
    name = f"e2e-refused-{secrets.token_hex(3)}"
    restore.testid("group-name").fill(name)
    restore.testid("group-bucket").fill("lifeboat-e2e-restore")
    restore.testid("group-reason").fill("e2e: a group the server refuses")

    # Another variable of the server (here its dev root token) is not a repository password.
    prefix = f"refused/{name}"
    restore.testid("group-prefix").fill(prefix)
    restore.testid("group-password-ref").fill("env:LIFEBOAT_DEV_ROOT_TOKEN")
    expect(form).to_contain_text("env: may only name a variable LIFEBOAT_REPO_PASSWORD_<NAME>")
    expect(submit).to_be_disabled()
    # A path that climbs out of a directory.
    restore.testid("group-password-ref").fill("file:/run/lifeboat-secrets/../../proc/self/environ")
    expect(form).to_contain_text("file: needs an absolute, normalised path")
    expect(submit).to_be_disabled()

    # A wildcard prefix would widen the consumers' credentials to other groups' repositories.
    restore.testid("group-password-ref").fill("env:LIFEBOAT_REPO_PASSWORD_E2E_REFUSED")
    restore.testid("group-prefix").fill("eu/*")
    expect(form).to_contain_text("may not contain '*', '?' or '$'")
    expect(submit).to_be_disabled()
    restore.testid("group-prefix").fill("")
    expect(form).to_contain_text("required: a group never covers the whole bucket")
    expect(submit).to_be_disabled()
    screenshot(admin_page, "hardening-group-dialog-hints.png")

    # A normalised file: path passes the form; only the server knows its secrets directory
    # (this one has none), and its 422 is shown in the dialog, which stays open.
    restore.testid("group-prefix").fill(prefix)
    restore.testid("group-password-ref").fill("file:/run/lifeboat-secrets/eu.pass")
    expect(submit).to_be_enabled()
    submit.click()
    error = restore.testid("group-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Password reference refused")
    expect(error).to_contain_text("LIFEBOAT_SECRETS_DIR")
    expect(error).to_contain_text("urn:lifeboat:error:password-ref-refused")
    expect(error).to_contain_text("HTTP 422")
    expect(form).to_be_visible()
    screenshot(admin_page, "hardening-group-dialog-422.png")
    assert hardening_world.admin.get(f"/api/v1/backups/groups/{name}").status_code == 404

    # The accepted form goes through.
    restore.testid("group-password-ref").fill("env:LIFEBOAT_REPO_PASSWORD_E2E_REFUSED")
    submit.click()
    expect(form).to_be_hidden()
    created = _ok(hardening_world.admin.get(f"/api/v1/backups/groups/{name}"), 200)
    assert (created["repository"]["prefix"], created["password_ref"]) == (
        prefix,
        "env:LIFEBOAT_REPO_PASSWORD_E2E_REFUSED",
    )


def test_an_active_alert_shows_its_deliveries_and_who_cancelled_one(
    admin_page: Page, hardening_world: HardeningWorld
) -> None:
    runs = RestoreRunsPage(admin_page).open_health(f"?group={hardening_world.group}")
    alert = runs.alert(hardening_world.failing_server, "restore_failing")
    expect(alert).to_be_visible()
    nats = alert.locator('[data-testid="alert-delivery"][data-channel="nats"]')
    expect(nats).to_have_attribute("data-state", "pending")  # no worker runs next to this server
    expect(alert.get_by_test_id("alert-delivery-cancelled")).to_have_count(0)

    # An admin cancels the NATS delivery (an operator gets 403: tests/security/test_job_roles.py).
    [nats_job, *_] = hardening_world.delivery_job_ids
    _ok(hardening_world.admin.post(f"/api/v1/jobs/{nats_job}/cancel", json={"reason": CANCEL_REASON}), 200)

    # The page refreshes on its own; the cancellation is spelled out without opening anything.
    expect(nats).to_have_attribute("data-state", "cancelled", timeout=30_000)
    cancelled = alert.get_by_test_id("alert-delivery-cancelled")
    expect(cancelled).to_have_text(
        f"NATS delivery cancelled by {hardening_world.admin_token_name}: {CANCEL_REASON}"
    )
    log = alert.get_by_test_id("alert-delivery-log")
    expect(log).to_be_hidden()  # collapsed by default
    alert.get_by_test_id("alert-delivery-log-toggle").click()
    expect(log).to_be_visible()
    entry = log.locator('[data-testid="alert-delivery-entry"][data-outcome="cancelled"]')
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text("NATS")
    expect(entry).to_contain_text(f"cancelled by {hardening_world.admin_token_name}: {CANCEL_REASON}")
    screenshot(admin_page, "hardening-alert-delivery-log.png")


def test_token_dialog_starts_in_the_server_environment_and_shows_the_403(
    page: Page, hardening_world: HardeningWorld
) -> None:
    LoginPage(page).open().login(hardening_world.env_admin, ENV_ADMIN_PASSWORD)
    Shell(page).wait_until_shown()
    tokens = TokensPage(page).open()
    tokens.open_create_form()
    environment = tokens.testid("token-environment")
    expect(environment).to_have_value(ENVIRONMENT)  # never * by default
    expect(tokens.testid("token-environment-warning")).to_have_count(0)

    name = f"e2e-env-token-{secrets.token_hex(3)}"
    tokens.fill_create_form(
        name=name, role="viewer", reason="e2e: a token for every environment", environment="*"
    )
    warning = tokens.testid("token-environment-warning")
    expect(warning).to_contain_text("needs admin@*; you are admin in e2e")
    tokens.testid("token-submit").click()
    error = tokens.testid("token-create-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("HTTP 403")
    expect(error).to_contain_text(re.compile(r"needs admin@\*"))
    screenshot(page, "hardening-token-403.png")
    assert not [
        t
        for t in _ok(hardening_world.admin.get("/api/v1/tokens", params={"limit": 200}), 200)["items"]
        if t["name"] == name
    ]

    # In its own environment it may.
    environment.fill(ENVIRONMENT)
    expect(warning).to_have_count(0)
    expect(tokens.submit_create_form()).to_be_visible()
    [created] = [
        t
        for t in _ok(hardening_world.admin.get("/api/v1/tokens", params={"limit": 200}), 200)["items"]
        if t["name"] == name
    ]
    assert (created["role"], created["environment"]) == ("viewer", ENVIRONMENT)
