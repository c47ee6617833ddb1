"""Webhook URLs are secrets (issue 10, finding 7): a token in a webhook URL's path, userinfo or
query was shown to viewers (alerting settings, alert delivery log, audit) and logged by httpx at
INFO. Against a real ``lifeboat serve`` and a real ``lifeboat worker``: the admin sets a webhook
full of secrets; a viewer, an operator and the admin read the alerting settings, the alert list
with its delivery log, the delivery job and the audit rows; the worker delivers a real alert to
a loopback canary whose URL path holds a secret (loopback is allowed in this module). The secret
parts never appear in any answer, nor in the server's or the worker's log file; the canary
proves the full URL (path, query, credentials) was used for the delivery.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socketserver
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.live_server import ROOT, LifeboatServer, lifeboat_command, stop_process_group
from tests.security.conftest import ARTIFACTS, bearer, login, mint_token
from tests.services import TestServices

pytestmark = pytest.mark.integration

AUDIT_KEY = "webhook-secrets-audit-key-" + secrets.token_hex(8)
SERVER_ENV = {
    # The canary receiver listens on loopback; production would not allow it.
    "LIFEBOAT_OUTBOUND_ALLOW": "127.0.0.0/8",
    "LIFEBOAT_AUDIT_KEY": AUDIT_KEY,  # the worker appends to the same keyed chain
    "LIFEBOAT_RESTORE_WEBHOOK_BACKOFF_S": "0.05",
    "LIFEBOAT_RESTORE_WEBHOOK_MAX_ATTEMPTS": "5",
}
GROUP, SERVER = "grp-hook", "srv-hook"
#: Set first: a host that does not resolve here (it need not: names are resolved at send time).
SLACK_LIKE = "https://user:pw@hooks.example.com/T000/B000/XXXXSECRET?token=abc"
#: Every part of the webhook URLs that is a secret.
SECRET_PARTS = (
    "XXXXSECRET",
    "T000/B000",
    "token=abc",
    "user:pw",
    "pw@",
    "CANARYSECRET",
    "T111/B111",
    "token=xyz",
    "hookpw",
    "hookuser",
)
DEADLINE_S = 60.0


@dataclass
class Receiver:
    """A loopback webhook receiver: records each request; answers 503 once, then 204."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    port: int = 0


@contextlib.contextmanager
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            head = b""
            while not head.endswith(b"\r\n\r\n"):
                line = self.rfile.readline(65536)
                if not line:
                    return
                head += line
            lines = head.decode("latin-1").split("\r\n")
            headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
            body = self.rfile.read(int(headers.get("content-length", "0")))
            state.requests.append({"target": lines[0].split(" ")[1], "headers": headers, "body": body})
            status = "503 Service Unavailable" if len(state.requests) == 1 else "204 No Content"
            self.wfile.write(f"HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".encode())

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


@pytest.fixture(scope="module")
def worker(live: LifeboatServer, services: TestServices) -> Iterator[Any]:
    """``lifeboat worker`` on the live server's database (the alert deliveries run there)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env.update(
        {
            "LIFEBOAT_ENVIRONMENT": "sec",
            "LIFEBOAT_DATABASE_URL": live.database_url,
            "LIFEBOAT_NATS_URL": services.nats_url,
            "LIFEBOAT_S3_ENDPOINT_URL": services.s3_endpoint_url,
            "LIFEBOAT_S3_REGION": services.s3_region,
            "LIFEBOAT_S3_ACCESS_KEY_ID": services.s3_access_key_id,
            "LIFEBOAT_S3_SECRET_ACCESS_KEY": services.s3_secret_access_key,
            "LIFEBOAT_S3_BUCKET": f"lifeboat-sec-worker-{secrets.token_hex(4)}",
            "LIFEBOAT_AUDIT_KEY": live.audit_key,  # the server's chain key
            "LIFEBOAT_LOG_FORMAT": "json",
            "LIFEBOAT_LOG_LEVEL": "info",
            **SERVER_ENV,
        }
    )
    log_path = ARTIFACTS / "test_webhook_secrets-worker.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [*lifeboat_command(), "worker", "--concurrency", "2"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield log_path
    finally:
        stop_process_group(process)


def ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code} {response.text}"
    return response.json() if response.content else None


def assert_no_secret(text: str, where: str) -> None:
    for part in SECRET_PARTS:
        assert part not in text, f"{part!r} leaked in {where}"


def machine(server: LifeboatServer, role: str, name: str) -> tuple[str, dict[str, str]]:
    """A machine token: its principal id and bearer headers."""
    with contextlib.closing(login(server)) as admin:
        created = ok(
            admin.post("/api/v1/tokens", json={"name": name, "role": role, "reason": "security test"}), 201
        )
    return f"token:{created['token']['id']}", bearer(created["secret"])


def make_world(server: LifeboatServer, admin: httpx.Client) -> tuple[str, dict[str, str]]:
    """A group, a live server with a reported backup, a consumer with a declaration: what a
    failed verification needs to raise an alert. Returns the consumer's declaration id and headers."""
    ok(
        admin.post(
            "/api/v1/backups/groups",
            json={
                "name": GROUP,
                "bucket": "lifeboat-backups",
                "prefix": f"repos/{GROUP}",
                "region": "us-east-1",
                "password_ref": "env:LIFEBOAT_REPO_PASSWORD_HOOK",
                "reason": "catalog the group",
            },
        ),
        201,
    )
    ok(
        admin.post(
            "/api/v1/backups/servers",
            json={"name": SERVER, "group": GROUP, "live": True, "reason": "catalog the server"},
        ),
        201,
    )
    _, agent = machine(server, "backup-agent", "hook-backup-agent")
    run = {
        "server": SERVER,
        "backup_type": "postgres",
        "snapshot_id": "snap-1",
        "status": "succeeded",
        "started_at": "2026-11-29T01:00:00Z",
        "finished_at": "2026-11-29T01:05:00Z",
        "size_bytes": 1024,
    }
    ok(httpx.post(f"{server.base_url}/api/v1/backups/runs", json=run, headers=agent, timeout=15), 201)
    consumer_id, consumer = machine(server, "restore-consumer", "hook-consumer")
    declared = ok(
        admin.post(
            "/api/v1/restore/replicas",
            json={
                "consumer_id": consumer_id,
                "group": GROUP,
                "server": SERVER,
                "backup_type": "postgres",
                "intent": "verify",
                "reason": "keep a verified restore",
            },
        ),
        201,
    )
    capabilities = {
        "agent_version": "1.0.0",
        "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
    }
    ok(
        httpx.post(
            f"{server.base_url}/api/v1/restore/capabilities", json=capabilities, headers=consumer, timeout=15
        ),
        200,
    )
    return declared["id"], consumer


def fail_a_verification(server: LifeboatServer, declaration_id: str, consumer: dict[str, str]) -> None:
    runs = f"{server.base_url}/api/v1/restore/runs"
    opened = ok(
        httpx.post(
            runs,
            json={
                "declaration_id": declaration_id,
                "server": SERVER,
                "backup_type": "postgres",
                "intent": "verify",
                "snapshot_id": "snap-1",
            },
            headers={**consumer, "Idempotency-Key": secrets.token_hex(8)},
            timeout=15,
        ),
        201,
    )
    run_id = opened["run"]["id"]
    ok(httpx.patch(f"{runs}/{run_id}", json={"status": "failed"}, headers=consumer, timeout=15), 200)
    opened_at = datetime.fromisoformat(opened["run"]["created_at"])
    verification = {
        "outcome": "failure",
        "snapshot_id": "snap-1",
        "started_at": opened_at.isoformat(),
        "finished_at": (opened_at + timedelta(seconds=1)).isoformat(),
        "details": {"tables_checked": 0},
    }
    ok(httpx.post(f"{runs}/{run_id}/verification", json=verification, headers=consumer, timeout=15), 201)


def webhook_deliveries(client: httpx.Client) -> tuple[list[dict[str, Any]], str]:
    response = client.get("/api/v1/restore/alerts", params={"server": SERVER})
    body = ok(response, 200)
    deliveries = [
        d
        for alert in body["items"]
        for event in alert["events"]
        for d in event["deliveries"]
        if d["channel"] == "webhook"
    ]
    return deliveries, response.text


def test_webhook_secrets_never_leave_the_server(live: LifeboatServer, worker: Any) -> None:
    worker_log = worker
    readers = {
        "viewer": httpx.Client(
            base_url=live.base_url, headers=bearer(mint_token(live, "viewer")), timeout=15
        ),
        "operator": httpx.Client(
            base_url=live.base_url, headers=bearer(mint_token(live, "operator")), timeout=15
        ),
        "admin": login(live),
    }
    admin = readers["admin"]
    alerting = f"/api/v1/restore/groups/{GROUP}/alerting"
    try:
        declaration_id, consumer = make_world(live, admin)

        # 1. A Slack-like URL (not resolvable here: checked again at send time) is accepted and
        #    never read back: scheme + host only.
        answer = ok(admin.patch(alerting, json={"webhook_url": SLACK_LIKE, "reason": "page the dba"}), 200)
        assert answer["webhook"] == "https://hooks.example.com/…"
        assert_no_secret(json.dumps(answer), "the PATCH answer")
        for role, client in readers.items():
            shown = client.get(alerting)
            assert ok(shown, 200)["webhook"] == "https://hooks.example.com/…", role
            assert_no_secret(shown.text, f"the alerting settings as {role}")
            group = client.get(f"/api/v1/backups/groups/{GROUP}")
            assert group.status_code == 200, group.text
            assert_no_secret(group.text, f"the group as {role}")

        # 2. A receiver on loopback whose URL holds secrets in its path, query and userinfo.
        with receiver() as hook:
            canary_url = f"http://hookuser:hookpw@127.0.0.1:{hook.port}/T111/B111/CANARYSECRET?token=xyz"
            ok(
                admin.patch(alerting, json={"webhook_url": canary_url, "reason": "route to the receiver"}),
                200,
            )
            fail_a_verification(live, declaration_id, consumer)
            deadline = time.monotonic() + DEADLINE_S
            deliveries: list[dict[str, Any]] = []
            while time.monotonic() < deadline:
                deliveries, _ = webhook_deliveries(admin)
                if any(d["outcome"] == "delivered" for d in deliveries):
                    break
                time.sleep(0.2)
            else:
                pytest.fail(f"the alert was not delivered within {DEADLINE_S:.0f}s: {deliveries}")
        # The receiver got the full URL: the secret parts were used, just never shown.
        assert [r["target"] for r in hook.requests] == ["/T111/B111/CANARYSECRET?token=xyz"] * 2
        assert hook.requests[-1]["headers"]["authorization"].startswith("Basic ")
        assert [(d["attempt"], d["outcome"], d["status_code"]) for d in deliveries] == [
            (1, "failed", 503),
            (2, "delivered", 204),
        ]
        assert deliveries[0]["error"] == "bad-response (HTTP 503)"
        assert {d["target"] for d in deliveries} == {f"http://127.0.0.1:{hook.port}/…"}

        # 3. Every reader: the alert list with its delivery log, the delivery job, the audit rows.
        alert_list, text = webhook_deliveries(admin)
        assert alert_list
        for role, client in readers.items():
            _, text = webhook_deliveries(client)
            assert_no_secret(text, f"the alert list as {role}")
            shown = client.get(alerting)
            assert_no_secret(shown.text, f"the alerting settings as {role}")
        alerts = ok(admin.get("/api/v1/restore/alerts", params={"server": SERVER}), 200)
        job_ids = [j for a in alerts["items"] for e in a["events"] for j in e["delivery_job_ids"]]
        assert job_ids
        for job_id in job_ids:
            for role, client in readers.items():
                job = client.get(f"/api/v1/jobs/{job_id}")
                if job.status_code == 200:
                    assert_no_secret(job.text, f"delivery job {job_id} as {role}")
        audit = ok(admin.get("/api/v1/audit", params={"action": "restore.group.alerting"}), 200)
        assert len(audit["items"]) == 2
        assert {row["details"]["webhook"] for row in audit["items"]} == {
            "https://hooks.example.com/…",
            f"http://127.0.0.1:{hook.port}/…",
        }
        for role, client in readers.items():
            rows = client.get("/api/v1/audit")
            if rows.status_code == 200:
                assert_no_secret(rows.text, f"the audit log as {role}")
    finally:
        for client in readers.values():
            client.close()

    # 4. Neither process logged the URL (httpx logs request URLs at INFO).
    for path in (live.log_path, worker_log):
        assert_no_secret(path.read_text(errors="replace"), f"the log file {path.name}")
