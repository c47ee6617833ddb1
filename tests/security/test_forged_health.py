"""Finding 3: forged restore health. A consumer posted a verification dated 2099 for a snapshot
that was never backed up; the server stayed "healthy" forever and later real failures raised no
alert.

Against a live ``lifeboat serve``: runs and verifications of a snapshot no backup agent reported
are 422, so are times past the server's now + 5 min or before the run was opened; nothing of the
forgery is recorded and health is unchanged; a real failure afterwards shows failing and raises
the alert. Health orders outcomes by the server's ``recorded_at``: an agent whose clock runs a
few minutes ahead (or behind) is accepted, and its later failure is still what health shows.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer
from tests.security.restore_live import (
    ALERTS,
    GROUPS,
    HEALTH,
    RESTORE_RUNS,
    Machines,
    catalog_server,
    declare,
    group_body,
    machines,
    ok,
    refused,
    report_backup,
)

pytestmark = pytest.mark.integration

REAL_SNAPSHOT = "snap-real-1"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _world(admin: httpx.Client, who: Machines, name: str) -> tuple[str, str]:
    """A group with one server that has one reported backup, and ``who`` declared for it:
    (server, declaration id)."""
    server = f"{name}-srv"
    ok(admin.post(GROUPS, json=group_body(name)), 201)
    catalog_server(admin, name, server)
    report_backup(who, server, REAL_SNAPSHOT)
    return server, declare(admin, who, name, server)


def _open(who: Machines, server: str, declaration_id: str, snapshot_id: str) -> httpx.Response:
    return who.consumer.post(
        RESTORE_RUNS,
        json={
            "declaration_id": declaration_id,
            "server": server,
            "backup_type": "postgres",
            "intent": "verify",
            "snapshot_id": snapshot_id,
        },
        headers={"Idempotency-Key": f"sec-{secrets.token_hex(8)}"},
    )


def _finished_run(who: Machines, server: str, declaration_id: str, status: str = "succeeded") -> str:
    run_id: str = ok(_open(who, server, declaration_id, REAL_SNAPSHOT), 201)["run"]["id"]
    ok(who.consumer.patch(f"{RESTORE_RUNS}/{run_id}", json={"status": status}), 200)
    return run_id


def _verify(
    who: Machines,
    run_id: str,
    outcome: str,
    started: datetime,
    finished: datetime,
    snapshot: str = REAL_SNAPSHOT,
) -> httpx.Response:
    return who.consumer.post(
        f"{RESTORE_RUNS}/{run_id}/verification",
        json={
            "outcome": outcome,
            "snapshot_id": snapshot,
            "started_at": _iso(started),
            "finished_at": _iso(finished),
        },
    )


def _health(admin: httpx.Client, server: str) -> dict[str, Any]:
    items = ok(admin.get(HEALTH), 200)["items"]
    found: dict[str, Any] = next(i for i in items if i["server"] == server)
    return found


def test_a_forged_verification_is_refused_and_a_real_failure_still_alerts(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    with machines(live, "forged") as who:
        _forged_then_real_failure(admin_api, who)


def _forged_then_real_failure(admin_api: httpx.Client, who: Machines) -> None:
    server, declaration_id = _world(admin_api, who, "forged")
    assert _health(admin_api, server)["status"] == "never_verified"

    # A run of a snapshot nobody backed up cannot even be opened.
    problem = refused(_open(who, server, declaration_id, "snap-never-backed-up"), 422, "snapshot_id")
    assert "snap-never-backed-up" in problem["detail"]

    run_id = _finished_run(who, server, declaration_id)
    future = datetime(2099, 1, 1, 3, 0, tzinfo=UTC)
    now = datetime.now(UTC)
    attacks = {
        "dated 2099": _verify(who, run_id, "success", future, future + timedelta(minutes=10)),
        "finished in 2099": _verify(who, run_id, "success", now, future),
        "never backed up": _verify(who, run_id, "success", now, now, snapshot="snap-never-backed-up"),
        "before the run was opened": _verify(
            who, run_id, "success", now - timedelta(days=3), now - timedelta(days=3) + timedelta(minutes=5)
        ),
    }
    for name, response in attacks.items():
        refused(response, 422)
        assert response.json()["errors"], name

    detail = ok(who.consumer.get(f"{RESTORE_RUNS}/{run_id}"), 200)
    assert detail["verification"] is None  # nothing of the forgery was recorded
    unchanged = _health(admin_api, server)
    assert unchanged["status"] == "never_verified"
    assert unchanged["last_success"] is None

    # The restore really fails: health shows it and the alert is raised.
    failed_run = _finished_run(who, server, declaration_id, status="failed")
    at = datetime.now(UTC)
    ok(_verify(who, failed_run, "failure", at, at), 201)
    failing = _health(admin_api, server)
    assert failing["status"] == "failing"
    assert failing["failure_streak"] == 1
    assert failing["active_alerts"] == ["restore_failing"]
    alerts = ok(admin_api.get(ALERTS, params={"server": server}), 200)["items"]
    assert [(a["kind"], a["active"]) for a in alerts if a["active"]] == [("restore_failing", True)]


def test_clock_skew_is_tolerated_but_cannot_hide_a_later_failure(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    with machines(live, "skewed") as who:
        _skewed_success_then_failure(admin_api, who)


def _skewed_success_then_failure(admin_api: httpx.Client, who: Machines) -> None:
    server, declaration_id = _world(admin_api, who, "skewed")

    # An agent whose clock is 4 minutes ahead: accepted, and healthy.
    ahead = datetime.now(UTC) + timedelta(minutes=4)
    success = _finished_run(who, server, declaration_id)
    recorded = ok(_verify(who, success, "success", ahead - timedelta(seconds=30), ahead), 201)
    assert recorded["verification"]["finished_at"].startswith(_iso(ahead)[:19])
    assert _health(admin_api, server)["status"] == "healthy"

    # Its next restore fails; the failure's own times are earlier than the success's claimed
    # ones (this agent's clock was since corrected, or runs behind): still the latest outcome.
    behind = datetime.now(UTC) - timedelta(minutes=4)
    failure = _finished_run(who, server, declaration_id, status="failed")
    ok(_verify(who, failure, "failure", behind - timedelta(seconds=30), behind), 201)
    health = _health(admin_api, server)
    assert health["status"] == "failing"
    assert health["failure_streak"] == 1
    assert health["active_alerts"] == ["restore_failing"]
    # last_success is when the server recorded it, not the agent's future time.
    assert datetime.fromisoformat(health["last_success"]) < ahead - timedelta(minutes=1)
