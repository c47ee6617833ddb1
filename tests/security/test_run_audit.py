"""Item 11: changes to a restore run's counts and message are audited. A consumer could rewrite a
run's reported counts (hide failed items) or its message after the fact and leave no trace: only
status changes were audited.

Against a live ``lifeboat serve``: every report that changes counts or the message appends a
``restore.run.update`` audit row naming the consumer, the run, the changed fields, the counts
before and after and the message's digests (never its text); a report that changes nothing
appends nothing.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer
from tests.security.restore_live import (
    GROUPS,
    RESTORE_RUNS,
    Machines,
    catalog_server,
    declare,
    group_body,
    machines,
    ok,
    report_backup,
)

pytestmark = pytest.mark.integration


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _updates(admin: httpx.Client, run_id: str) -> list[dict[str, Any]]:
    page = ok(
        admin.get(
            "/api/v1/audit", params={"action": "restore.run.update", "target": f"restore_run:{run_id}"}
        ),
        200,
    )
    rows: list[dict[str, Any]] = sorted(page["items"], key=lambda r: r["seq"])
    return rows


def test_counts_and_message_changes_are_audited(live: LifeboatServer, admin_api: httpx.Client) -> None:
    group, server = "audit-runs", "audit-runs-srv"
    ok(admin_api.post(GROUPS, json=group_body(group)), 201)
    catalog_server(admin_api, group, server)
    with machines(live, "audit") as who:
        _report_and_check(admin_api, who, group, server)


def _report_and_check(admin_api: httpx.Client, who: Machines, group: str, server: str) -> None:
    report_backup(who, server, "snap-audit-1")
    declaration_id = declare(admin_api, who, group, server)
    opened = ok(
        who.consumer.post(
            RESTORE_RUNS,
            json={
                "declaration_id": declaration_id,
                "server": server,
                "backup_type": "postgres",
                "intent": "verify",
                "snapshot_id": "snap-audit-1",
            },
            headers={"Idempotency-Key": f"audit-{secrets.token_hex(6)}"},
        ),
        201,
    )
    run_id = opened["run"]["id"]
    path = f"{RESTORE_RUNS}/{run_id}"

    first_message = "restoring 10 items " + secrets.token_hex(4)
    ok(who.consumer.patch(path, json={"status": "running", "message": first_message}), 200)
    ok(who.consumer.patch(path, json={"counts": {"items_total": 10, "items_failed": 3}}), 200)
    ok(
        who.consumer.patch(path, json={"counts": {"items_total": 10, "items_failed": 0}}), 200
    )  # hide failures
    second_message = "all fine " + secrets.token_hex(4)
    ok(who.consumer.patch(path, json={"message": second_message}), 200)
    ok(who.consumer.patch(path, json={"message": second_message}), 200)  # no change: no row

    rows = _updates(admin_api, run_id)
    assert [r["details"]["changed"] for r in rows] == [
        ["status", "message"],
        ["counts"],
        ["counts"],
        ["message"],
    ]
    assert all(r["actor_id"] == who.consumer_id for r in rows)
    assert all(r["target"] == f"restore_run:{run_id}" for r in rows)
    assert (rows[0]["details"]["from"], rows[0]["details"]["to"]) == ("queued", "running")
    hidden = rows[2]["details"]["counts"]
    assert hidden["before"]["items_failed"] == 3
    assert hidden["after"]["items_failed"] == 0
    assert rows[1]["details"]["counts"]["before"] is None
    assert rows[3]["details"]["message"] == {
        "before_sha256": _sha(first_message),
        "after_sha256": _sha(second_message),
        "length": len(second_message),
    }
    assert rows[0]["details"]["message"]["before_sha256"] is None
    # The audit log proves what the message was without keeping its text.
    page = admin_api.get("/api/v1/audit", params={"target": f"restore_run:{run_id}"}).text
    assert first_message not in page
    assert second_message not in page
