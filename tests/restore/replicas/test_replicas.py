"""Replica declarations: declared by admins with a reason (audited), one per scope (409),
only for restore consumers and servers of the group (422), each listed with its capability gap;
a gapped declaration is never dispatched."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.restore.conftest import (
    REPLICAS,
    Machine,
    add_group,
    add_server,
    audit_rows,
    declare,
    make_machine,
    ok,
    register,
    worklist,
)

pytestmark = pytest.mark.integration


async def catalog(client: httpx.AsyncClient, headers: dict[str, str]) -> None:
    await add_group(client, headers, "grp-a")
    await add_group(client, headers, "grp-b")
    await add_server(client, headers, "srv-a1", "grp-a")
    await add_server(client, headers, "srv-b1", "grp-b")


async def test_declare_read_patch_delete_audited(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    await catalog(client, admin_headers)
    declared = await declare(
        client, admin_headers, consumer, "grp-a", intent="disaster-recovery", notes="dr copy"
    )
    assert declared["consumer_id"] == consumer.id
    assert declared["consumer_name"] == "consumer-a"
    assert (declared["group"], declared["server"], declared["backup_type"], declared["intent"]) == (
        "grp-a",
        None,
        "postgres",
        "disaster-recovery",
    )
    assert declared["enabled"] is True
    assert declared["notes"] == "dr copy"
    assert declared["created_by"] == "admin-token"

    url = f"{REPLICAS}/{declared['id']}"
    assert ok(await client.get(url, headers=viewer_headers)) == declared
    listed = ok(await client.get(REPLICAS, headers=viewer_headers))
    assert [r["id"] for r in listed["items"]] == [declared["id"]]

    disabled = ok(
        await client.patch(
            url, json={"enabled": False, "reason": "pause for maintenance"}, headers=admin_headers
        )
    )
    assert disabled["enabled"] is False
    assert disabled["notes"] == "dr copy"
    same = ok(
        await client.patch(url, json={"enabled": False, "reason": "pause again"}, headers=admin_headers)
    )
    assert same["enabled"] is False

    response = await client.delete(url, params={"reason": "no longer needed"}, headers=admin_headers)
    assert response.status_code == 204
    assert (await client.get(url, headers=viewer_headers)).status_code == 404
    assert (await client.delete(url, params={"reason": "again"}, headers=admin_headers)).status_code == 404

    rows = sorted(await audit_rows(client, admin_headers, "restore.replica.*"), key=lambda r: r["seq"])
    assert [(r["action"], r["reason"]) for r in rows] == [
        ("restore.replica.declare", "keep a verified restore"),
        ("restore.replica.update", "pause for maintenance"),
        ("restore.replica.delete", "no longer needed"),
    ]
    assert rows[0]["target"] == f"replica:{declared['id']}"
    assert rows[0]["details"]["consumer_id"] == consumer.id
    assert rows[1]["details"] == {"before": {"enabled": True}, "after": {"enabled": False}}


async def test_a_scope_can_be_declared_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, consumer_b: Machine
) -> None:
    await catalog(client, admin_headers)
    group_wide = await declare(client, admin_headers, consumer, "grp-a")
    body = {
        "consumer_id": consumer.id,
        "group": "grp-a",
        "backup_type": "postgres",
        "intent": "verify",
        "reason": "declare again",
    }
    duplicate = await client.post(REPLICAS, json=body, headers=admin_headers)
    assert duplicate.status_code == 409, duplicate.text
    assert duplicate.json()["type"] == "urn:lifeboat:error:conflict"
    assert duplicate.json()["holder"] == group_wide["id"]
    # Server null is its own scope: a server-specific declaration next to it is fine, once.
    await declare(client, admin_headers, consumer, "grp-a", server="srv-a1")
    again = await client.post(REPLICAS, json={**body, "server": "srv-a1"}, headers=admin_headers)
    assert again.status_code == 409
    # Another consumer, type or intent is another scope.
    await declare(client, admin_headers, consumer_b, "grp-a")
    await declare(client, admin_headers, consumer, "grp-a", backup_type="files")
    await declare(client, admin_headers, consumer, "grp-a", intent="my-custom-intent")
    assert len(ok(await client.get(REPLICAS, headers=admin_headers))["items"]) == 5
    assert len(await audit_rows(client, admin_headers, "restore.replica.declare")) == 5


async def test_the_consumer_must_hold_the_restore_consumer_role(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await catalog(client, admin_headers)
    agent = await make_machine("backup-agent", "agent")
    operator = await make_machine("operator", "an-operator")
    revoked = await make_machine("restore-consumer", "revoked-consumer")
    token_id = revoked.id.removeprefix("token:")
    ok(
        await client.post(
            f"/api/v1/tokens/{token_id}/revoke", json={"reason": "leaked"}, headers=admin_headers
        )
    )
    elsewhere = await make_machine("restore-consumer", "staging-consumer", environment="staging")

    for consumer_id in (
        agent.id,
        operator.id,
        revoked.id,
        elsewhere.id,
        f"token:{uuid.uuid4()}",
        "user:nobody",
    ):
        body = {
            "consumer_id": consumer_id,
            "group": "grp-a",
            "backup_type": "postgres",
            "intent": "verify",
            "reason": "try it",
        }
        response = await client.post(REPLICAS, json=body, headers=admin_headers)
        assert response.status_code == 422, (consumer_id, response.text)
        assert "restore-consumer" in response.json()["detail"]
        assert response.json()["errors"][0]["field"] == "consumer_id"
    assert ok(await client.get(REPLICAS, headers=admin_headers))["items"] == []


@pytest.mark.parametrize(
    ("overrides", "status", "field"),
    [
        ({"group": "no-such-group"}, 422, "group"),
        ({"server": "no-such-server"}, 422, "server"),
        ({"server": "srv-b1"}, 422, "server"),  # a server of another group
        ({"intent": "Not A Slug"}, 400, "intent"),
        ({"backup_type": ""}, 400, "backup_type"),
        ({"consumer_id": "no colon"}, 400, "consumer_id"),
        ({"reason": "no"}, 400, "reason"),
        ({"enabled": "yes"}, 400, "enabled"),
        ({"scope": "everything"}, 400, "scope"),
    ],
)
async def test_bad_declarations_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    consumer: Machine,
    overrides: dict[str, Any],
    status: int,
    field: str,
) -> None:
    await catalog(client, admin_headers)
    body = {
        "consumer_id": consumer.id,
        "group": "grp-a",
        "backup_type": "postgres",
        "intent": "verify",
        "reason": "declare it",
        **overrides,
    }
    response = await client.post(REPLICAS, json=body, headers=admin_headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text
    assert ok(await client.get(REPLICAS, headers=admin_headers))["items"] == []
    assert await audit_rows(client, admin_headers, "restore.replica.*") == []


async def test_viewers_and_consumers_cannot_declare(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    await catalog(client, admin_headers)
    declared = await declare(client, admin_headers, consumer, "grp-a")
    body = {
        "consumer_id": consumer.id,
        "group": "grp-b",
        "backup_type": "postgres",
        "intent": "verify",
        "reason": "mine",
    }
    url = f"{REPLICAS}/{declared['id']}"
    for headers in (viewer_headers, consumer.headers):
        assert (await client.post(REPLICAS, json=body, headers=headers)).status_code == 403
        assert (
            await client.patch(url, json={"enabled": False, "reason": "off!"}, headers=headers)
        ).status_code == 403
        assert (await client.delete(url, params={"reason": "gone"}, headers=headers)).status_code == 403
    # Consumers see their work on the worklist, not the operator view of declarations.
    assert (await client.get(REPLICAS, headers=consumer.headers)).status_code == 403
    assert ok(await client.get(url, headers=admin_headers))["enabled"] is True


async def test_bad_patches_and_unknown_ids(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await catalog(client, admin_headers)
    declared = await declare(client, admin_headers, consumer, "grp-a")
    url = f"{REPLICAS}/{declared['id']}"
    for body in ({"enabled": False}, {"server": "srv-a1", "reason": "widen"}, {"notes": 5, "reason": "note"}):
        assert (await client.patch(url, json=body, headers=admin_headers)).status_code == 400
    assert ok(await client.get(url, headers=admin_headers)) == declared
    assert (await client.get(f"{REPLICAS}/not-a-uuid", headers=admin_headers)).status_code in (400, 404)
    missing = await client.patch(
        f"{REPLICAS}/{uuid.uuid4()}", json={"enabled": False, "reason": "why"}, headers=admin_headers
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_a_gap_is_shown_and_never_dispatched(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await catalog(client, admin_headers)
    verify = await declare(client, admin_headers, consumer, "grp-a", intent="verify")
    analytics = await declare(client, admin_headers, consumer, "grp-a", intent="analytics")
    files = await declare(client, admin_headers, consumer, "grp-a", intent="verify", backup_type="files")

    def gaps(page: dict[str, Any]) -> dict[str, Any]:
        return {r["id"]: r["gap"] for r in page["items"]}

    before = gaps(ok(await client.get(REPLICAS, headers=admin_headers)))
    assert before == {
        verify["id"]: {"reason": "the consumer has not registered its capabilities"},
        analytics["id"]: {"reason": "the consumer has not registered its capabilities"},
        files["id"]: {"reason": "the consumer has not registered its capabilities"},
    }

    await register(client, consumer, {"verify": ["postgres"]})
    after = gaps(ok(await client.get(REPLICAS, headers=admin_headers)))
    assert after[verify["id"]] is None
    assert after[analytics["id"]] == {"reason": "the consumer does not support intent 'analytics'"}
    assert after[files["id"]] == {
        "reason": "the consumer supports intent 'verify' but not backup type 'files'"
    }
    assert ok(await client.get(f"{REPLICAS}/{analytics['id']}", headers=admin_headers))["gap"] is not None

    items = await worklist(client, consumer)
    assert [i["declaration_id"] for i in items] == [verify["id"]]

    # The consumer's capabilities shrink: the declaration it served becomes a gap and leaves the worklist.
    await register(client, consumer, {"analytics": ["postgres"]})
    shrunk = gaps(ok(await client.get(REPLICAS, headers=admin_headers)))
    assert shrunk[verify["id"]] == {"reason": "the consumer does not support intent 'verify'"}
    assert [i["declaration_id"] for i in await worklist(client, consumer)] == [analytics["id"]]


async def test_a_revoked_consumer_shows_as_a_gap(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await catalog(client, admin_headers)
    doomed = await make_machine("restore-consumer", "doomed")
    declared = await declare(client, admin_headers, doomed, "grp-a")
    token_id = doomed.id.removeprefix("token:")
    ok(
        await client.post(
            f"/api/v1/tokens/{token_id}/revoke", json={"reason": "retired"}, headers=admin_headers
        )
    )
    listed = ok(await client.get(f"{REPLICAS}/{declared['id']}", headers=admin_headers))
    assert listed["gap"] == {"reason": "the consumer no longer holds the restore-consumer role"}
    assert listed["consumer_name"] is None


async def test_declarations_page_and_filter(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, consumer_b: Machine
) -> None:
    await catalog(client, admin_headers)
    ids = [
        (await declare(client, admin_headers, consumer, "grp-a"))["id"],
        (await declare(client, admin_headers, consumer, "grp-b"))["id"],
        (await declare(client, admin_headers, consumer_b, "grp-a"))["id"],
    ]
    first = ok(await client.get(REPLICAS, params={"limit": 2}, headers=admin_headers))
    assert [r["id"] for r in first["items"]] == ids[:2]
    second = ok(
        await client.get(REPLICAS, params={"limit": 2, "cursor": first["next_cursor"]}, headers=admin_headers)
    )
    assert [r["id"] for r in second["items"]] == ids[2:]
    assert second["next_cursor"] is None
    by_consumer = ok(await client.get(REPLICAS, params={"consumer_id": consumer_b.id}, headers=admin_headers))
    assert [r["id"] for r in by_consumer["items"]] == ids[2:]
    by_group = ok(await client.get(REPLICAS, params={"group": "grp-a"}, headers=admin_headers))
    assert [r["id"] for r in by_group["items"]] == [ids[0], ids[2]]


async def test_concurrent_declarations_of_one_scope_create_exactly_one(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await catalog(client, admin_headers)
    body = {
        "consumer_id": consumer.id,
        "group": "grp-a",
        "backup_type": "postgres",
        "intent": "verify",
        "reason": "race it",
    }
    responses = await asyncio.gather(
        *(client.post(REPLICAS, json=body, headers=admin_headers) for _ in range(6))
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409, 409, 409]
    assert len(ok(await client.get(REPLICAS, headers=admin_headers))["items"]) == 1
    assert len(await audit_rows(client, admin_headers, "restore.replica.declare")) == 1


async def test_the_schema_holds_the_scope_and_membership_invariants(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, database_url: str
) -> None:
    await catalog(client, admin_headers)
    await declare(client, admin_headers, consumer, "grp-a")
    conn = await asyncpg.connect(database_url)
    try:
        group_a = await conn.fetchval("select id from restore_backup_group where name = 'grp-a'")
        server_b1 = await conn.fetchval("select id from restore_server where name = 'srv-b1'")
        insert = (
            "insert into restore_replica (id, consumer_id, backup_group, server, backup_type, intent, "
            "enabled, notes, created_at, updated_at, created_by) "
            "values ($1, $2, $3, $4, $5, $6, true, '', now(), now(), 'sql')"
        )
        # A second group-wide declaration of the same scope (NULL server is its own scope).
        with pytest.raises(asyncpg.UniqueViolationError):
            await conn.execute(insert, uuid.uuid4(), consumer.id, group_a, None, "postgres", "verify")
        # A server-specific declaration whose server is in another group.
        with pytest.raises(asyncpg.ForeignKeyViolationError):
            await conn.execute(insert, uuid.uuid4(), consumer.id, group_a, server_b1, "postgres", "verify")
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(insert, uuid.uuid4(), consumer.id, group_a, None, "Not a slug", "verify")
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                "update restore_backup_group set password_ref = 'plain-password' where id = $1", group_a
            )
        assert await conn.fetchval("select count(*) from restore_replica") == 1
    finally:
        await conn.close()


async def test_freshness_target_is_declared_patched_and_drives_health(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    await catalog(client, admin_headers)
    group_wide = await declare(client, admin_headers, consumer, "grp-a")
    assert group_wide["freshness_target_s"] == 7 * 24 * 3600  # the default
    pinned = await declare(
        client, admin_headers, consumer, "grp-a", server="srv-a1", intent="analytics", freshness_target_s=3600
    )
    assert pinned["freshness_target_s"] == 3600

    async def target_of(server: str) -> int:
        health = ok(await client.get("/api/v1/restore/health", headers=viewer_headers))
        item = next(i for i in health["items"] if i["server"] == server)
        return int(item["freshness_target_s"])

    assert await target_of("srv-a1") == 3600  # the strictest declaration covering the server wins

    url = f"{REPLICAS}/{pinned['id']}"
    patched = ok(
        await client.patch(
            url, json={"freshness_target_s": 86400, "reason": "daily is enough"}, headers=admin_headers
        )
    )
    assert patched["freshness_target_s"] == 86400
    assert await target_of("srv-a1") == 86400
    rows = await audit_rows(client, admin_headers, "restore.replica.update")
    assert rows[-1]["details"] == {
        "before": {"freshness_target_s": 3600},
        "after": {"freshness_target_s": 86400},
    }

    for bad in (10, 0, -1, 10**9, "daily"):
        response = await client.patch(
            url, json={"freshness_target_s": bad, "reason": "bad value"}, headers=admin_headers
        )
        assert response.status_code == 400, (bad, response.text)
    assert ok(await client.get(url, headers=viewer_headers))["freshness_target_s"] == 86400
