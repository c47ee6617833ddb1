"""The consumer's worklist: declarations expanded per live server, filtered by registered
capability, server-specific over group-wide, latest successful snapshot, stable order, ETag,
isolation between consumers; capability replace semantics; ``covering_declaration``."""

from __future__ import annotations

import asyncpg
import httpx
import pytest

from lifeboat.restore.replicas.worklist import SNAPSHOT_MISSING_REASON, covering_declaration
from tests.restore.conftest import (
    CAPABILITIES,
    CONSUMERS,
    RUNS,
    SERVERS,
    WORKLIST,
    Machine,
    add_group,
    add_server,
    audit_rows,
    declare,
    make_machine,
    ok,
    register,
    run_body,
    worklist,
)

pytestmark = pytest.mark.integration


def scopes(items: list[dict[str, object]]) -> list[tuple[object, ...]]:
    return [(i["group"], i["server"], i["backup_type"], i["intent"]) for i in items]


async def test_a_group_wide_declaration_expands_to_every_live_server(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    for name in ("srv-2", "srv-1", "srv-3"):
        await add_server(client, admin_headers, name, "grp-a")
    await add_server(client, admin_headers, "srv-retired", "grp-a", live=False)
    replica = await declare(client, admin_headers, consumer, "grp-a")
    await register(client, consumer, {"verify": ["postgres"]})

    items = await worklist(client, consumer)

    assert scopes(items) == [
        ("grp-a", "srv-1", "postgres", "verify"),
        ("grp-a", "srv-2", "postgres", "verify"),
        ("grp-a", "srv-3", "postgres", "verify"),
    ]
    assert {i["declaration_id"] for i in items} == {replica["id"]}
    assert items[0]["repository"] == {
        "bucket": "lifeboat-backups",
        "prefix": "repos/grp-a",
        "region": "us-east-1",
        "endpoint": "http://127.0.0.1:8333",
    }
    # Repository coordinates only: no password, no password reference.
    assert "password" not in str(items)


async def test_without_capabilities_the_worklist_is_empty(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a")

    assert await worklist(client, consumer) == []

    # An empty registration is still "supports nothing".
    await register(client, consumer, {})
    assert await worklist(client, consumer) == []


async def test_the_worklist_only_carries_registered_intents_and_types(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a", intent="verify", backup_type="postgres")
    await declare(client, admin_headers, consumer, "grp-a", intent="analytics", backup_type="postgres")
    await declare(client, admin_headers, consumer, "grp-a", intent="verify", backup_type="files")
    await register(client, consumer, {"verify": ["postgres"]})

    assert scopes(await worklist(client, consumer)) == [("grp-a", "srv-1", "postgres", "verify")]

    await register(client, consumer, {"verify": ["postgres", "files"], "analytics": ["postgres"]})
    assert scopes(await worklist(client, consumer)) == [
        ("grp-a", "srv-1", "files", "verify"),
        ("grp-a", "srv-1", "postgres", "analytics"),
        ("grp-a", "srv-1", "postgres", "verify"),
    ]


async def test_a_server_specific_declaration_wins_over_a_group_wide_one(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await add_server(client, admin_headers, "srv-2", "grp-a")
    group_wide = await declare(client, admin_headers, consumer, "grp-a")
    specific = await declare(client, admin_headers, consumer, "grp-a", server="srv-2")
    await register(client, consumer, {"verify": ["postgres"]})

    items = await worklist(client, consumer)

    assert [(i["server"], i["declaration_id"]) for i in items] == [
        ("srv-1", group_wide["id"]),
        ("srv-2", specific["id"]),
    ]


async def test_disabled_declarations_and_servers_that_are_not_live_are_left_out(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_group(client, admin_headers, "grp-b")
    await add_server(client, admin_headers, "srv-a1", "grp-a")
    await add_server(client, admin_headers, "srv-b1", "grp-b")
    await declare(client, admin_headers, consumer, "grp-a")
    await declare(client, admin_headers, consumer, "grp-b", enabled=False)
    await register(client, consumer, {"verify": ["postgres"]})
    assert scopes(await worklist(client, consumer)) == [("grp-a", "srv-a1", "postgres", "verify")]

    ok(
        await client.patch(
            f"{SERVERS}/srv-a1", json={"live": False, "reason": "decommissioned"}, headers=admin_headers
        )
    )
    assert await worklist(client, consumer) == []


async def test_each_item_carries_the_latest_successful_snapshot_or_why_there_is_none(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, backup_agent: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await add_server(client, admin_headers, "srv-2", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a")
    await register(client, consumer, {"verify": ["postgres"]})
    reports = [
        run_body("srv-1", "snap-old", started_at="2026-11-28T01:00:00Z", finished_at="2026-11-28T01:10:00Z"),
        run_body("srv-1", "snap-new", started_at="2026-11-29T01:00:00Z", finished_at="2026-11-29T01:10:00Z"),
        # Newer but failed, and another type: neither is the snapshot to restore.
        run_body(
            "srv-1",
            "snap-bad",
            status="failed",
            started_at="2026-11-30T01:00:00Z",
            finished_at="2026-11-30T01:01:00Z",
        ),
        run_body("srv-1", "snap-files", backup_type="files", finished_at="2026-11-30T02:00:00Z"),
        run_body("srv-2", "snap-failed-only", status="failed"),
    ]
    for report in reports:
        ok(await client.post(RUNS, json=report, headers=backup_agent.headers), 201)

    items = {i["server"]: i for i in await worklist(client, consumer)}

    assert items["srv-1"]["snapshot"] == {"id": "snap-new", "finished_at": "2026-11-29T01:10:00Z"}
    assert items["srv-1"]["snapshot_missing_reason"] is None
    assert items["srv-2"]["snapshot"] is None
    assert items["srv-2"]["snapshot_missing_reason"] == SNAPSHOT_MISSING_REASON


async def test_a_consumer_never_sees_another_consumers_work(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, consumer_b: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_group(client, admin_headers, "grp-b")
    await add_server(client, admin_headers, "srv-a1", "grp-a")
    await add_server(client, admin_headers, "srv-b1", "grp-b")
    mine = await declare(client, admin_headers, consumer, "grp-a")
    await register(client, consumer, {"verify": ["postgres"]})
    await register(client, consumer_b, {"verify": ["postgres"]})

    assert await worklist(client, consumer_b) == []

    theirs = await declare(client, admin_headers, consumer_b, "grp-b")
    a_items = await worklist(client, consumer)
    b_items = await worklist(client, consumer_b)
    assert [i["declaration_id"] for i in a_items] == [mine["id"]]
    assert [i["declaration_id"] for i in b_items] == [theirs["id"]]
    assert await covering_declaration(consumer_b.id, "srv-a1", "postgres", "verify") is None


async def test_only_restore_consumers_may_poll_or_register(
    client: httpx.AsyncClient, admin_headers: dict[str, str], viewer_headers: dict[str, str]
) -> None:
    agent = await make_machine("backup-agent", "agent")
    registration = {
        "agent_version": "1",
        "capabilities": [{"intent": "verify", "backup_types": ["postgres"]}],
    }
    for headers in (admin_headers, viewer_headers, agent.headers):
        response = await client.get(WORKLIST, headers=headers)
        assert response.status_code == 403, response.text
        assert response.json()["type"] == "urn:lifeboat:error:forbidden"
        response = await client.post(CAPABILITIES, json=registration, headers=headers)
        assert response.status_code == 403, response.text
    assert (await client.get(WORKLIST)).status_code == 401


async def test_etag_lets_a_consumer_poll_cheaply_until_its_work_changes(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, backup_agent: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a")
    await register(client, consumer, {"verify": ["postgres"]})

    first = await client.get(WORKLIST, headers=consumer.headers)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"')
    assert etag.endswith('"')

    unchanged = await client.get(WORKLIST, headers={**consumer.headers, "If-None-Match": etag})
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged.headers["etag"] == etag
    weak = await client.get(WORKLIST, headers={**consumer.headers, "If-None-Match": f'"other", W/{etag}'})
    assert weak.status_code == 304
    stale = await client.get(WORKLIST, headers={**consumer.headers, "If-None-Match": '"not-it"'})
    assert stale.status_code == 200
    assert stale.json() == first.json()

    # A new snapshot changes the work: the old ETag no longer matches.
    ok(await client.post(RUNS, json=run_body("srv-1", "snap-1"), headers=backup_agent.headers), 201)
    changed = await client.get(WORKLIST, headers={**consumer.headers, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["items"][0]["snapshot"]["id"] == "snap-1"


async def test_capabilities_are_replaced_not_merged(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    first = await register(client, consumer, {"verify": ["postgres", "files"], "analytics": ["postgres"]})
    assert first["registered"] is True
    assert first["agent_version"] == "1.0.0"
    assert first["capabilities"] == [
        {"intent": "analytics", "backup_types": ["postgres"]},
        {"intent": "verify", "backup_types": ["files", "postgres"]},
    ]

    smaller = await register(client, consumer, {"verify": ["postgres"]}, version="1.1.0")
    assert smaller["capabilities"] == [{"intent": "verify", "backup_types": ["postgres"]}]
    assert smaller["agent_version"] == "1.1.0"

    listed = ok(await client.get(CONSUMERS, headers=admin_headers))["items"]
    assert [(c["id"], c["capabilities"]) for c in listed] == [
        (consumer.id, [{"intent": "verify", "backup_types": ["postgres"]}])
    ]

    # Registering the same set again changes nothing and is not audited again.
    await register(client, consumer, {"verify": ["postgres"]}, version="1.1.0")
    rows = sorted(await audit_rows(client, admin_headers, "restore.consumer.*"), key=lambda r: r["seq"])
    assert [(r["actor_id"], r["details"]["removed"]) for r in rows] == [
        (consumer.id, []),
        (consumer.id, ["analytics/postgres", "verify/files"]),
    ]


async def test_bad_capability_registrations_are_refused_and_change_nothing(
    client: httpx.AsyncClient, consumer: Machine
) -> None:
    before = await register(client, consumer, {"verify": ["postgres"]})
    bad_bodies = [
        {"agent_version": "1", "capabilities": [{"intent": "Verify!", "backup_types": ["postgres"]}]},
        {"agent_version": "1", "capabilities": [{"intent": "verify", "backup_types": []}]},
        {"agent_version": "1", "capabilities": [{"intent": "verify", "backup_types": ["postgres"], "x": 1}]},
        {"capabilities": []},
        {"agent_version": "", "capabilities": []},
    ]
    for body in bad_bodies:
        response = await client.post(CAPABILITIES, json=body, headers=consumer.headers)
        assert response.status_code == 400, (body, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    response = await client.post(
        CAPABILITIES, content=b"{not json", headers={**consumer.headers, "content-type": "application/json"}
    )
    assert response.status_code == 400
    again = await register(client, consumer, {"verify": ["postgres"]})
    assert again["capabilities"] == before["capabilities"]


async def test_consumers_lists_every_restore_consumer_with_its_state(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
    consumer_b: Machine,
) -> None:
    await make_machine("backup-agent", "not-a-consumer")
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a", intent="verify")
    await declare(client, admin_headers, consumer, "grp-a", intent="analytics")
    await register(client, consumer, {"verify": ["postgres"]}, version="2.3.4")
    await worklist(client, consumer)

    listed = ok(await client.get(CONSUMERS, headers=viewer_headers))["items"]

    by_name = {c["name"]: c for c in listed}
    assert set(by_name) == {"consumer-a", "consumer-b"}
    a, b = by_name["consumer-a"], by_name["consumer-b"]
    assert (a["id"], a["registered"], a["agent_version"]) == (consumer.id, True, "2.3.4")
    assert a["last_seen_at"] is not None
    assert (a["declarations"], a["gaps"]) == (2, 1)
    assert (b["id"], b["registered"], b["capabilities"], b["last_seen_at"]) == (
        consumer_b.id,
        False,
        [],
        None,
    )
    assert (b["declarations"], b["gaps"]) == (0, 0)


async def test_covering_declaration_answers_for_the_credentials_broker(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(
        client,
        admin_headers,
        "grp-a",
        region=None,
        endpoint=None,
        password_ref="env:LIFEBOAT_REPO_PASSWORD_GRP_A",
    )
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await add_server(client, admin_headers, "srv-2", "grp-a")
    await add_server(client, admin_headers, "srv-off", "grp-a", live=False)
    group_wide = await declare(client, admin_headers, consumer, "grp-a")
    specific = await declare(client, admin_headers, consumer, "grp-a", server="srv-2")

    # Declared but the consumer has not said it can verify postgres backups: not covered.
    assert await covering_declaration(consumer.id, "srv-1", "postgres", "verify") is None
    await register(client, consumer, {"verify": ["postgres"]})

    covered = await covering_declaration(consumer.id, "srv-1", "postgres", "verify")
    assert covered is not None
    assert (covered.declaration_id, covered.group, covered.server) == (group_wide["id"], "grp-a", "srv-1")
    assert (covered.bucket, covered.prefix, covered.region, covered.endpoint) == (
        "lifeboat-backups",
        "repos/grp-a",
        None,
        None,
    )
    assert covered.password_ref == "env:LIFEBOAT_REPO_PASSWORD_GRP_A"
    server_specific = await covering_declaration(consumer.id, "srv-2", "postgres", "verify")
    assert server_specific is not None
    assert server_specific.declaration_id == specific["id"]

    assert await covering_declaration(consumer.id, "srv-off", "postgres", "verify") is None
    assert await covering_declaration(consumer.id, "srv-1", "files", "verify") is None
    assert await covering_declaration(consumer.id, "srv-1", "postgres", "analytics") is None
    assert await covering_declaration(consumer.id, "no-such-server", "postgres", "verify") is None

    ok(
        await client.patch(
            f"/api/v1/restore/replicas/{group_wide['id']}",
            json={"enabled": False, "reason": "pause"},
            headers=admin_headers,
        )
    )
    assert await covering_declaration(consumer.id, "srv-1", "postgres", "verify") is None


async def test_polling_marks_a_consumer_seen_at_most_every_30_seconds(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
    database_url: str,
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await declare(client, admin_headers, consumer, "grp-a")
    await register(client, consumer, {"verify": ["postgres"]})

    async def seen() -> str:
        listed = ok(await client.get(CONSUMERS, headers=viewer_headers))["items"]
        return str(next(c for c in listed if c["id"] == consumer.id)["last_seen_at"])

    await worklist(client, consumer)
    first = await seen()
    for _ in range(3):  # polls within the precision write nothing
        await worklist(client, consumer)
    assert await seen() == first

    conn = await asyncpg.connect(database_url)
    try:  # as if the last poll was a minute ago
        await conn.execute(
            "update restore_consumer set last_seen_at = last_seen_at - interval '60 seconds'"
            " where consumer_id = $1",
            consumer.id,
        )
    finally:
        await conn.close()
    aged = await seen()
    await worklist(client, consumer)
    assert await seen() > aged
