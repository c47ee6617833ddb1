"""Acting on a job needs the role that creates its kind, in the job's environment, against a
real ``lifeboat serve`` (no worker runs, so every job stays where the test leaves it).

The attack: an operator cancelled an admin-only job awaiting approval (suppressing a change an
admin asked a second admin to check) and a restore alert's delivery job (suppressing the alert),
because cancel only needed ``jobs:run``. Now both are a 403 that is audited as denied and
changes nothing; an admin may cancel the delivery, and the alert's delivery log then names the
admin and the reason. Operators still cancel the operator kinds.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer, free_port
from tests.security.conftest import bearer, mint_token

pytestmark = pytest.mark.integration

ENVIRONMENT = "sec"
SERVER_ENVIRONMENT = ENVIRONMENT
SERVER_ENV = {
    # The group's webhook and the fleet service live on loopback (the outbound policy denies
    # loopback in serve unless allowed); deliveries would back off for an hour (none runs anyway).
    "LIFEBOAT_OUTBOUND_ALLOW": "127.0.0.0/8",
    "LIFEBOAT_RESTORE_WEBHOOK_BACKOFF_S": "3600",
    "LIFEBOAT_FLEET_SECRET": "fleet-secret-for-job-roles-test",
}
ALERTS = "/api/v1/restore/alerts"


def ok(response: httpx.Response, *statuses: int) -> Any:
    expected = statuses or (200, 201)
    assert response.status_code in expected, f"{response.status_code} {response.text}"
    return response.json() if response.content else None


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


class Callers:
    """Bearer clients on the live server: admin@*, a second admin, operator@sec, machines."""

    def __init__(self, live: LifeboatServer) -> None:
        def client(role: str, environment: str, name: str) -> httpx.Client:
            secret = mint_token(live, role, environment, name=name)
            return httpx.Client(base_url=live.base_url, timeout=15, headers=bearer(secret))

        self.admin = client("admin", "*", "roles-admin")
        self.second_admin = client("admin", ENVIRONMENT, "roles-second-admin")
        self.operator = client("operator", ENVIRONMENT, "roles-operator")
        self.consumer = client("restore-consumer", "*", "roles-consumer")
        self.agent = client("backup-agent", "*", "roles-agent")
        self.consumer_id: str = ok(self.consumer.get("/api/v1/auth/me"))["id"]
        self.admin_name: str = ok(self.admin.get("/api/v1/auth/me"))["name"]

    def close(self) -> None:
        for c in (self.admin, self.second_admin, self.operator, self.consumer, self.agent):
            c.close()


@pytest.fixture(scope="module")
def callers(live: LifeboatServer) -> Any:
    made = Callers(live)
    yield made
    made.close()


def job(client: httpx.Client, job_id: str) -> dict[str, Any]:
    detail: dict[str, Any] = ok(client.get(f"/api/v1/jobs/{job_id}"), 200)
    return detail


def cancel(client: httpx.Client, job_id: str, reason: str) -> httpx.Response:
    return client.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": reason})


def denied_audit_rows(admin: httpx.Client, job_id: str) -> list[dict[str, Any]]:
    params = {"action": "job.cancel", "target": f"job:{job_id}", "limit": 100}
    rows = ok(admin.get("/api/v1/audit", params=params), 200)["items"]
    return [r for r in rows if r["target"] == f"job:{job_id}" and r["outcome"] == "denied"]


def assert_forbidden(response: httpx.Response, *needles: str) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    for needle in needles:
        assert needle in response.json()["detail"], response.text


def test_an_operator_cannot_cancel_or_approve_an_admin_only_job_awaiting_approval(callers: Callers) -> None:
    created = callers.admin.post(
        "/api/v1/jobs",
        json={
            "kind": "system.probe",
            "params": {"steps": 1, "require_approval": True},
            "reason": "needs a second admin",
        },
        headers={"Idempotency-Key": f"roles-{secrets.token_hex(4)}"},
    )
    job_id = ok(created, 201)["job"]["id"]
    assert job(callers.admin, job_id)["job"]["status"] == "awaiting_approval"

    assert_forbidden(cancel(callers.operator, job_id, "suppress it"), "system.probe", "admin")
    assert_forbidden(callers.operator.post(f"/api/v1/jobs/{job_id}/approve", json={"reason": "mine now"}))

    after = job(callers.admin, job_id)["job"]
    assert after["status"] == "awaiting_approval"
    assert after["cancel_requested_by"] is None
    assert after["approved_by"] is None
    [denied] = denied_audit_rows(callers.admin, job_id)
    assert denied["reason"] == "suppress it"

    # The admins still can: a second admin approves, the creator may cancel.
    approved = ok(
        callers.second_admin.post(f"/api/v1/jobs/{job_id}/approve", json={"reason": "checked"}), 200
    )
    assert approved["job"]["status"] == "pending"
    assert ok(cancel(callers.admin, job_id, "not needed after all"), 200)["job"]["status"] == "cancelled"


def raise_restore_alert(callers: Callers) -> tuple[list[str], str]:
    """A group with a (loopback) webhook, a server, a declaration, a reported backup and one
    failed verification: the restore_failing alert is raised and its two delivery jobs (NATS,
    webhook) wait for a worker. Returns the delivery job ids and an open run's job id."""
    admin, consumer = callers.admin, callers.consumer
    group, server = "grp-roles", "srv-roles"
    ok(
        admin.post(
            "/api/v1/backups/groups",
            json={
                "name": group,
                "bucket": "lifeboat-backups",
                "prefix": f"repos/{group}",
                "region": "us-east-1",
                "endpoint": "http://127.0.0.1:8333",
                "password_ref": "env:LIFEBOAT_REPO_PASSWORD_ROLES",
                "reason": "catalog the group",
            },
        ),
        201,
    )
    hook = f"http://127.0.0.1:{free_port()}/hooks/restore"
    ok(
        admin.patch(f"/api/v1/restore/groups/{group}/alerting", json={"webhook_url": hook, "reason": "page"}),
        200,
    )
    ok(
        admin.post(
            "/api/v1/backups/servers", json={"name": server, "group": group, "live": True, "reason": "add"}
        )
    )
    now = datetime.now(UTC)
    ok(
        callers.agent.post(
            "/api/v1/backups/runs",
            json={
                "server": server,
                "backup_type": "postgres",
                "snapshot_id": "snap-1",
                "status": "succeeded",
                "started_at": iso(now - timedelta(minutes=10)),
                "finished_at": iso(now - timedelta(minutes=5)),
                "size_bytes": 1024,
            },
        ),
        201,
    )
    declaration = ok(
        admin.post(
            "/api/v1/restore/replicas",
            json={
                "consumer_id": callers.consumer_id,
                "group": group,
                "server": server,
                "backup_type": "postgres",
                "intent": "verify",
                "reason": "keep a verified restore",
            },
        ),
        201,
    )
    ok(
        consumer.post(
            "/api/v1/restore/capabilities",
            json={
                "agent_version": "1.0.0",
                "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
            },
        ),
        200,
    )

    def open_run() -> dict[str, Any]:
        body = {
            "declaration_id": declaration["id"],
            "server": server,
            "backup_type": "postgres",
            "intent": "verify",
            "snapshot_id": "snap-1",
        }
        opened: dict[str, Any] = ok(
            consumer.post(
                "/api/v1/restore/runs", json=body, headers={"Idempotency-Key": f"run-{secrets.token_hex(4)}"}
            ),
            201,
        )
        return opened

    failed = open_run()
    run_id = failed["run"]["id"]
    ok(consumer.patch(f"/api/v1/restore/runs/{run_id}", json={"status": "succeeded"}), 200)
    opened_at = datetime.fromisoformat(failed["run"]["created_at"])
    ok(
        consumer.post(
            f"/api/v1/restore/runs/{run_id}/verification",
            json={
                "outcome": "failure",
                "snapshot_id": "snap-1",
                "started_at": iso(opened_at),
                "finished_at": iso(opened_at + timedelta(seconds=1)),
                "details": {"tables_checked": 12},
            },
        ),
        201,
    )
    alerts = ok(admin.get(ALERTS, params={"server": server}), 200)["items"]
    [alert] = [a for a in alerts if a["kind"] == "restore_failing"]
    assert alert["active"] is True
    [raised] = alert["events"]
    still_open = open_run()
    return raised["delivery_job_ids"], still_open["job_id"]


def delivery_log(admin: httpx.Client) -> list[dict[str, Any]]:
    alerts = ok(admin.get(ALERTS, params={"server": "srv-roles"}), 200)["items"]
    [alert] = [a for a in alerts if a["kind"] == "restore_failing"]
    deliveries: list[dict[str, Any]] = alert["events"][0]["deliveries"]
    return deliveries


def test_only_an_admin_cancels_an_alert_delivery_and_the_alert_log_names_who_and_why(
    callers: Callers,
) -> None:
    delivery_jobs, run_job = raise_restore_alert(callers)
    assert len(delivery_jobs) == 2
    for job_id in delivery_jobs:
        assert job(callers.admin, job_id)["job"]["kind"] == "restore.alert_delivery"
        assert job(callers.admin, job_id)["job"]["status"] == "pending"

    # The operator tries to suppress the alert: 403, audited, nothing changes.
    for job_id in delivery_jobs:
        assert_forbidden(
            cancel(callers.operator, job_id, "too noisy"), "restore.alert_delivery", "admin", ENVIRONMENT
        )
        after = job(callers.admin, job_id)["job"]
        assert after["status"] == "pending"
        assert after["cancel_requested_by"] is None
        assert len(denied_audit_rows(callers.admin, job_id)) == 1
    assert delivery_log(callers.admin) == []

    # An admin may, and the alert's delivery log says who and why.
    nats_job, webhook_job = delivery_jobs
    cancelled = ok(cancel(callers.admin, webhook_job, "the on-call already knows"), 200)
    assert cancelled["job"]["status"] == "cancelled"
    [entry] = delivery_log(callers.admin)
    assert entry["channel"] == "webhook"
    assert entry["outcome"] == "cancelled"
    assert entry["attempt"] == 0
    assert entry["cancelled_by"] == callers.admin_name
    assert entry["reason"] == "the on-call already knows"
    assert entry["target"].startswith("http://127.0.0.1:")
    # The NATS delivery is untouched, and a second cancel of the webhook one is a 409, logging nothing.
    assert job(callers.admin, nats_job)["job"]["status"] == "pending"
    assert cancel(callers.admin, webhook_job, "again").status_code == 409
    assert len(delivery_log(callers.admin)) == 1

    # The normal case: an operator cancels an operator kind (the open restore run's job).
    assert job(callers.admin, run_job)["job"]["kind"] == "restore.run"
    stopped = ok(cancel(callers.operator, run_job, "wrong snapshot"), 200)
    assert stopped["job"]["status"] in ("cancelled", "cancelling")


def test_an_operator_still_cancels_an_operator_kind_it_created(callers: Callers) -> None:
    ok(
        callers.admin.post(
            "/api/v1/fleet/services",
            json={
                "name": "aggregate-primary-1",
                "kind": "aggregate",
                "site": "primary",
                "environment": ENVIRONMENT,
                "base_url": f"http://127.0.0.1:{free_port()}",
                "reason": "register for the reload",
            },
        ),
        200,
        201,
    )
    created = callers.operator.post(
        "/api/v1/jobs",
        json={"kind": "fleet.reload", "params": {}, "reason": "re-read the maps"},
        headers={"Idempotency-Key": f"reload-{secrets.token_hex(4)}"},
    )
    job_id = ok(created, 201)["job"]["id"]
    cancelled = ok(cancel(callers.operator, job_id, "changed my mind"), 200)
    assert cancelled["job"]["status"] == "cancelled"
    assert cancelled["job"]["cancel_reason"] == "changed my mind"
    assert denied_audit_rows(callers.admin, job_id) == []
