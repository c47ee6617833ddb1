"""Restore fixtures: machine principals (restore consumers, a backup agent) and small helpers
that build a catalog, declarations, capabilities and backup runs through the real API.

Reuse::

    from tests.restore.conftest import Machine, make_machine, add_group, add_server, declare

    async def test_x(client, admin_headers, consumer: Machine) -> None:
        await add_group(client, admin_headers, "grp-a")
        ...
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from lifeboat.auth.models import ApiTokenCreate
from lifeboat.auth.service import create_api_token, system_principal

GROUPS = "/api/v1/backups/groups"
SERVERS = "/api/v1/backups/servers"
RUNS = "/api/v1/backups/runs"
REPLICAS = "/api/v1/restore/replicas"
CAPABILITIES = "/api/v1/restore/capabilities"
CONSUMERS = "/api/v1/restore/consumers"
WORKLIST = "/api/v1/restore/worklist"


@dataclass(frozen=True)
class Machine:
    """A machine principal: its principal id (what declarations name) and its bearer headers."""

    id: str
    name: str
    headers: dict[str, str]


async def make_machine(role: str, name: str, environment: str = "*") -> Machine:
    """A fresh API token with ``role`` (the app's pool must be open)."""
    created = await create_api_token(
        ApiTokenCreate(name=name, role=role, environment=environment, reason="test fixture"),  # type: ignore[arg-type]
        actor=system_principal("test"),
    )
    return Machine(
        id=f"token:{created.token.id}", name=name, headers={"Authorization": f"Bearer {created.secret}"}
    )


@pytest.fixture
async def consumer(client: httpx.AsyncClient) -> Machine:
    return await make_machine("restore-consumer", "consumer-a")


@pytest.fixture
async def consumer_b(client: httpx.AsyncClient) -> Machine:
    return await make_machine("restore-consumer", "consumer-b")


@pytest.fixture
async def backup_agent(client: httpx.AsyncClient) -> Machine:
    return await make_machine("backup-agent", "backup-agent")


def ok(response: httpx.Response, *statuses: int) -> Any:
    """The JSON body of a response whose status is one of ``statuses`` (default 200/201)."""
    expected = statuses or (200, 201)
    assert response.status_code in expected, f"{response.status_code} {response.text}"
    return response.json() if response.content else None


async def add_group(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, **overrides: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "bucket": "lifeboat-backups",
        "prefix": f"repos/{name}",
        "region": "us-east-1",
        "endpoint": "http://127.0.0.1:8333",
        "password_ref": "env:LIFEBOAT_REPO_PASSWORD_TEST",
        "reason": "catalog the group",
    }
    body.update(overrides)
    result: dict[str, Any] = ok(await client.post(GROUPS, json=body, headers=headers), 201)
    return result


async def add_server(
    client: httpx.AsyncClient, headers: dict[str, str], name: str, group: str, live: bool = True
) -> dict[str, Any]:
    body = {"name": name, "group": group, "live": live, "reason": "catalog the server"}
    result: dict[str, Any] = ok(await client.post(SERVERS, json=body, headers=headers), 201)
    return result


async def declare(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    consumer: Machine,
    group: str,
    *,
    server: str | None = None,
    backup_type: str = "postgres",
    intent: str = "verify",
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "consumer_id": consumer.id,
        "group": group,
        "server": server,
        "backup_type": backup_type,
        "intent": intent,
        "reason": "keep a verified restore",
        **extra,
    }
    result: dict[str, Any] = ok(await client.post(REPLICAS, json=body, headers=headers), 201)
    return result


async def register(
    client: httpx.AsyncClient, consumer: Machine, capabilities: dict[str, list[str]], version: str = "1.0.0"
) -> dict[str, Any]:
    body = {
        "agent_version": version,
        "capabilities": [{"intent": i, "backup_types": types} for i, types in capabilities.items()],
    }
    result: dict[str, Any] = ok(await client.post(CAPABILITIES, json=body, headers=consumer.headers), 200)
    return result


def run_body(server: str, snapshot_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "server": server,
        "backup_type": "postgres",
        "snapshot_id": snapshot_id,
        "status": "succeeded",
        "started_at": "2026-11-29T01:00:00Z",
        "finished_at": "2026-11-29T01:05:00Z",
        "size_bytes": 1024,
    }
    body.update(overrides)
    return body


async def worklist(client: httpx.AsyncClient, consumer: Machine) -> list[dict[str, Any]]:
    body = ok(await client.get(WORKLIST, headers=consumer.headers), 200)
    items: list[dict[str, Any]] = body["items"]
    return items


async def audit_rows(client: httpx.AsyncClient, headers: dict[str, str], action: str) -> list[dict[str, Any]]:
    body = ok(await client.get("/api/v1/audit", params={"action": action}, headers=headers), 200)
    rows: list[dict[str, Any]] = body["items"]
    return rows
