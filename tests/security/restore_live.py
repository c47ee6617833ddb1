"""Helpers of the restore attacks against a live ``lifeboat serve``: a catalog, a restore consumer
with a declaration, reported backups, all through the HTTP API as the real machines would."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from tests.live_server import LifeboatServer
from tests.security.conftest import bearer, mint_token

GROUPS = "/api/v1/backups/groups"
SERVERS = "/api/v1/backups/servers"
BACKUP_RUNS = "/api/v1/backups/runs"
REPLICAS = "/api/v1/restore/replicas"
CAPABILITIES = "/api/v1/restore/capabilities"
CREDENTIALS = "/api/v1/restore/credentials"
RESTORE_RUNS = "/api/v1/restore/runs"
HEALTH = "/api/v1/restore/health"
ALERTS = "/api/v1/restore/alerts"


def ok(response: httpx.Response, *statuses: int) -> Any:
    """The JSON body of a response whose status is one of ``statuses`` (default 200/201)."""
    expected = statuses or (200, 201)
    assert response.status_code in expected, f"{response.status_code} {response.text}"
    return response.json() if response.content else None


def refused(response: httpx.Response, status: int, field: str | None = None) -> dict[str, Any]:
    """A problem+json refusal with ``status`` (naming ``field`` when given)."""
    assert response.status_code == status, f"{response.status_code} {response.text}"
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    problem: dict[str, Any] = response.json()
    if field is not None:
        assert field in [e["field"] for e in problem.get("errors", [])], problem
    return problem


def group_body(name: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "bucket": "lifeboat-security",
        "prefix": f"repos/{name}",
        "region": "us-east-1",
        "password_ref": "env:LIFEBOAT_REPO_PASSWORD_UNUSED",
        "reason": "security test group",
    }
    body.update(overrides)
    return body


@dataclass(frozen=True)
class Machines:
    """A restore consumer (its principal id and client) and a backup agent's client."""

    consumer_id: str
    consumer: httpx.Client
    backup: httpx.Client

    def __enter__(self) -> Machines:
        return self

    def __exit__(self, *exc: object) -> None:
        self.consumer.close()
        self.backup.close()


def machines(server: LifeboatServer, suffix: str | None = None) -> Machines:
    """A fresh restore-consumer that registered verify/postgres and a backup agent (use it in a
    ``with`` block: it closes their clients)."""
    tag = suffix or secrets.token_hex(3)
    consumer = httpx.Client(
        base_url=server.base_url,
        timeout=15,
        headers=bearer(mint_token(server, "restore-consumer", name=f"consumer-{tag}")),
    )
    backup = httpx.Client(
        base_url=server.base_url,
        timeout=15,
        headers=bearer(mint_token(server, "backup-agent", name=f"backup-{tag}")),
    )
    registered = ok(
        consumer.post(
            CAPABILITIES,
            json={
                "agent_version": "security-test/1.0",
                "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
            },
        ),
        200,
    )
    return Machines(consumer_id=registered["id"], consumer=consumer, backup=backup)


def catalog_server(admin: httpx.Client, group: str, server: str) -> None:
    ok(admin.post(SERVERS, json={"name": server, "group": group, "reason": "security test server"}), 201)


def declare(admin: httpx.Client, who: Machines, group: str, server: str | None = None) -> str:
    """An enabled verify/postgres declaration for ``who``; its id."""
    body = {
        "consumer_id": who.consumer_id,
        "group": group,
        "server": server,
        "backup_type": "postgres",
        "intent": "verify",
        "reason": "security test declaration",
    }
    declared: dict[str, Any] = ok(admin.post(REPLICAS, json=body), 201)
    return str(declared["id"])


def report_backup(who: Machines, server: str, snapshot_id: str, status: str = "succeeded") -> None:
    ok(
        who.backup.post(
            BACKUP_RUNS,
            json={
                "server": server,
                "backup_type": "postgres",
                "snapshot_id": snapshot_id,
                "status": status,
                "started_at": "2026-11-29T01:00:00Z",
                "finished_at": "2026-11-29T01:05:00Z",
                "size_bytes": 1024,
            },
        ),
        201,
    )


def ask_credentials(who: Machines, server: str) -> httpx.Response:
    return who.consumer.post(
        CREDENTIALS, json={"server": server, "backup_type": "postgres", "intent": "verify"}
    )
