"""The audit log: rows for privileged actions, one unbroken hash chain, tamper detection,
append-only enforcement, concurrent appends, filters and cursor pagination."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

import asyncpg
import httpx
import pytest

from lifeboat.audit.service import GENESIS_HASH, append_audit
from lifeboat.core.pagination import CursorPosition, encode_cursor
from tests.conftest import bearer_token
from tests.services import TestServices

AUDIT = "/api/v1/audit"
VERIFY = "/api/v1/audit/verify"


async def all_rows(client: httpx.AsyncClient, headers: dict[str, str], **params: Any) -> list[dict[str, Any]]:
    """Every row matching ``params``, walking the cursor (newest first)."""
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(100):
        query = {**params, "limit": 500, **({"cursor": cursor} if cursor else {})}
        response = await client.get(AUDIT, params=query, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        rows += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            return rows
    raise AssertionError("pagination did not end")


async def verify(client: httpx.AsyncClient, headers: dict[str, str]) -> dict[str, Any]:
    response = await client.get(VERIFY, headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def assert_one_chain(rows_newest_first: list[dict[str, Any]]) -> None:
    """seq 1..N without gaps; each row links to the hash of the one before it."""
    rows = sorted(rows_newest_first, key=lambda r: r["seq"])
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    assert len({r["id"] for r in rows}) == len(rows)
    assert len({r["hash"] for r in rows}) == len(rows)
    previous = GENESIS_HASH
    for row in rows:
        assert row["prev_hash"] == previous, f"row {row['seq']} does not link to its predecessor"
        previous = row["hash"]


@pytest.fixture
async def dba(database_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A direct connection to the test database, as a DBA would have."""
    conn = await asyncpg.connect(database_url)
    try:
        yield conn
    finally:
        await conn.close()


async def bypass_append_only(conn: asyncpg.Connection, statement: str, *args: Any) -> str:
    """Run ``statement`` with the append-only trigger disabled (one transaction, re-enabled after)."""
    async with conn.transaction():
        await conn.execute("alter table audit_event disable trigger audit_event_append_only")
        status: str = await conn.execute(statement, *args)
        await conn.execute("alter table audit_event enable trigger audit_event_append_only")
    return status


async def seed(count: int, **fields: Any) -> None:
    for i in range(count):
        await append_audit(
            actor_id=fields.get("actor_id", "user:seed"),
            actor_name=fields.get("actor_name", "seed"),
            action=fields.get("action", "test.seed"),
            target=fields.get("target", f"thing:{i}"),
            reason=fields.get("reason", f"seed row {i}"),
            details={"i": i},
        )


# --- rows for privileged actions --------------------------------------------------------------


async def test_token_create_appends_a_complete_row(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    me = (await client.get("/api/v1/auth/me", headers=admin_headers)).json()
    response = await client.post(
        "/api/v1/tokens",
        json={"name": "ci-deployer", "role": "operator", "environment": "prod", "reason": "CI needs deploys"},
        headers={**admin_headers, "x-correlation-id": "flow-audit-token-1"},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    token_id = created["token"]["id"]

    rows = await all_rows(client, admin_headers, action="token.create", target=f"token:{token_id}")
    assert len(rows) == 1
    row = rows[0]
    assert row["actor_id"] == me["id"]
    assert row["actor_name"] == me["name"]
    assert row["action"] == "token.create"
    assert row["target"] == f"token:{token_id}"
    assert row["reason"] == "CI needs deploys"
    assert row["outcome"] == "success"
    assert row["request_id"] == response.headers["x-request-id"]
    assert row["correlation_id"] == "flow-audit-token-1"
    assert row["details"]["name"] == "ci-deployer"
    assert row["details"]["role"] == "operator"
    assert row["details"]["environment"] == "prod"
    # The row names the token but never carries its secret.
    assert created["secret"] not in json.dumps(row)
    assert datetime.fromisoformat(row["at"]).utcoffset() is not None


async def test_token_revoke_is_audited_once(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    created = await client.post(
        "/api/v1/tokens",
        json={"name": "short-lived", "role": "viewer", "reason": "demo"},
        headers=admin_headers,
    )
    token_id = created.json()["token"]["id"]
    for _ in range(2):
        response = await client.post(
            f"/api/v1/tokens/{token_id}/revoke", json={"reason": "leaked in a log"}, headers=admin_headers
        )
        assert response.status_code == 200, response.text
    rows = await all_rows(client, admin_headers, action="token.revoke", target=f"token:{token_id}")
    assert [r["reason"] for r in rows] == ["leaked in a log"]


# --- the chain -----------------------------------------------------------------------------------


async def test_rows_form_one_chain_that_verifies(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await seed(5)
    for i in range(3):
        response = await client.post(
            "/api/v1/tokens",
            json={"name": f"t{i}", "role": "viewer", "reason": "chain"},
            headers=admin_headers,
        )
        assert response.status_code == 201
    rows = await all_rows(client, admin_headers)
    assert len(rows) >= 9  # the fixture's token, 5 seeded rows, 3 token creations
    assert_one_chain(rows)
    result = await verify(client, admin_headers)
    head = max(r["seq"] for r in rows)
    anchors = result.pop("anchors")
    assert len(result.pop("key_id")) == 16
    assert result == {
        "ok": True,
        "checked": len(rows),
        "first_bad_id": None,
        "first_bad_seq": None,
        "detail": f"{len(rows)} rows verified",
        "status": "ok",
        "head_seq": head,
        "anchored_seq": head,  # the highest seq an anchor vouches for
        "keyed_from_seq": 1,
        "legacy_rows": 0,
    }
    # verify anchors the committed head first (NATS KV); the checkpoint is every N rows/minutes
    by_source = {a["source"]: a for a in anchors}
    assert set(by_source) == {"nats-kv", "object-store"}
    assert (by_source["nats-kv"]["state"], by_source["nats-kv"]["seq"]) == ("matched", head)
    assert by_source["object-store"]["state"] == "matched"
    assert 1 <= by_source["object-store"]["seq"] <= head


async def test_verify_on_an_empty_log_is_ok(client: httpx.AsyncClient) -> None:
    from lifeboat.audit.service import verify_audit_chain

    result = await verify_audit_chain()
    assert result.ok is True
    assert result.checked == 0
    assert result.head_seq is None
    assert {a.state for a in result.anchors} == {"none"}


async def test_rows_from_before_the_key_epoch_verify_as_legacy(
    client: httpx.AsyncClient, dba: asyncpg.Connection
) -> None:
    """A log written by an older version (unkeyed sha256) keeps verifying after the upgrade: the
    migration records the key epoch, older rows are checked with their old hash and counted."""
    import importlib

    from lifeboat.audit.service import chain_hash

    migration = importlib.import_module("lifeboat.db.migrations.lifeboat_2026_12_03t09_00_00_000000")
    prev = GENESIS_HASH
    for seq in (1, 2, 3):
        row: dict[str, Any] = {
            "id": f"00000000-0000-4000-8000-00000000000{seq}",
            "seq": seq,
            "at": datetime.fromisoformat(f"2026-11-01T00:00:0{seq}+00:00"),
            "actor_id": "user:old",
            "actor_name": "old",
            "action": "test.legacy",
            "target": f"thing:{seq}",
            "reason": None,
            "outcome": "success",
            "request_id": None,
            "correlation_id": None,
            "details": {"seq": seq},
        }
        digest = chain_hash(prev, row)
        await dba.execute(
            "insert into audit_event (id, seq, at, actor_id, actor_name, action, target, reason, outcome,"
            " request_id, correlation_id, details, prev_hash, hash)"
            " values ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14)",
            *(row[k] for k in ("id", "seq", "at", "actor_id", "actor_name", "action", "target", "reason")),
            *(row[k] for k in ("outcome", "request_id", "correlation_id")),
            json.dumps(row["details"]),
            prev,
            digest,
        )
        prev = digest
    await dba.execute(migration.STATEMENTS[0])  # what the migration does on a populated table
    await seed(2)
    viewer = {"Authorization": f"Bearer {await bearer_token('viewer')}"}
    result = await verify(client, viewer)
    assert result["status"] == "ok", result
    assert (result["keyed_from_seq"], result["legacy_rows"], result["checked"]) == (4, 3, 6)

    await bypass_append_only(dba, "update audit_event set target = 'elsewhere' where seq = 2")
    result = await verify(client, viewer)
    assert (result["status"], result["first_bad_seq"]) == ("rewritten", 2)
    assert "legacy" in result["detail"]


async def test_an_anchor_that_cannot_be_read_is_not_ok(services: TestServices, database_url: str) -> None:
    """NATS down: verify says the anchor is unavailable instead of ok-by-default."""
    from lifeboat.app import create_app
    from tests.conftest import make_settings, running_app
    from tests.live_server import free_port

    settings = make_settings(services, database_url, nats_url=f"nats://127.0.0.1:{free_port()}")
    async with running_app(create_app(settings)) as client:
        await seed(2)
        result = await verify(client, {"Authorization": f"Bearer {await bearer_token('viewer')}"})
    assert result["ok"] is False
    assert result["status"] == "anchor_unavailable"
    assert result["checked"] == 3  # the rows themselves verify
    states = {a["source"]: a["state"] for a in result["anchors"]}
    assert states == {"nats-kv": "unavailable", "object-store": "matched"}


@pytest.mark.parametrize(
    ("statement", "value"),
    [
        ("update audit_event set reason = $2 where id = $1", "nothing to see here"),
        ("update audit_event set details = $2::jsonb where id = $1", '{"i": 999}'),
        ("update audit_event set actor_name = $2 where id = $1", "someone-else"),
        ("update audit_event set at = at - $2::text::interval where id = $1", "1 hour"),
    ],
)
async def test_tampered_row_is_named(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    dba: asyncpg.Connection,
    statement: str,
    value: str,
) -> None:
    await seed(6)
    rows = sorted(await all_rows(client, admin_headers), key=lambda r: r["seq"])
    victim = rows[3]
    assert (await verify(client, admin_headers))["ok"] is True

    status = await bypass_append_only(dba, statement, victim["id"], value)
    assert status == "UPDATE 1"

    result = await verify(client, admin_headers)
    assert result["ok"] is False
    assert result["first_bad_id"] == victim["id"]
    assert result["first_bad_seq"] == victim["seq"]
    assert result["checked"] == victim["seq"] - 1
    assert result["status"] == "rewritten"
    assert "altered" in result["detail"]


async def test_tampered_row_with_recomputed_hash_breaks_the_next_link(
    client: httpx.AsyncClient, admin_headers: dict[str, str], dba: asyncpg.Connection
) -> None:
    """Rewriting a row *and* its hash (even with the key) still breaks the chain at the following row."""
    from lifeboat.audit.chain import AuditKey, keyed_chain_hash
    from tests.conftest import TEST_AUDIT_KEY

    await seed(5)
    rows = sorted(await all_rows(client, admin_headers), key=lambda r: r["seq"])
    victim, follower = rows[2], rows[3]
    forged = {**victim, "reason": "forged", "at": datetime.fromisoformat(victim["at"])}
    new_hash = keyed_chain_hash(AuditKey(secret=TEST_AUDIT_KEY.encode()), victim["prev_hash"], forged)
    await bypass_append_only(
        dba, "update audit_event set reason = $2, hash = $3 where id = $1", victim["id"], "forged", new_hash
    )
    result = await verify(client, admin_headers)
    assert result["ok"] is False
    assert result["first_bad_id"] == follower["id"]
    assert result["first_bad_seq"] == follower["seq"]


async def test_deleted_row_is_a_sequence_gap_naming_the_next_row(
    client: httpx.AsyncClient, admin_headers: dict[str, str], dba: asyncpg.Connection
) -> None:
    await seed(6)
    rows = sorted(await all_rows(client, admin_headers), key=lambda r: r["seq"])
    deleted, after = rows[3], rows[4]
    status = await bypass_append_only(dba, "delete from audit_event where id = $1", deleted["id"])
    assert status == "DELETE 1"
    result = await verify(client, admin_headers)
    assert result["ok"] is False
    assert result["first_bad_id"] == after["id"]
    assert result["first_bad_seq"] == after["seq"]
    assert "gap" in result["detail"]
    assert str(deleted["seq"]) in result["detail"]


@pytest.mark.parametrize(
    "statement",
    [
        "update audit_event set reason = 'rewritten' where seq = 1",
        "delete from audit_event where seq = 1",
        "truncate audit_event",
    ],
)
async def test_the_table_is_append_only(
    client: httpx.AsyncClient, admin_headers: dict[str, str], dba: asyncpg.Connection, statement: str
) -> None:
    before = await all_rows(client, admin_headers)
    assert before
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await dba.execute(statement)
    after = await all_rows(client, admin_headers)
    assert after == before
    assert (await verify(client, admin_headers))["ok"] is True


# --- concurrency -----------------------------------------------------------------------------------


async def test_concurrent_appends_make_one_unbroken_chain(
    client: httpx.AsyncClient, viewer_headers: dict[str, str]
) -> None:
    before = len(await all_rows(client, viewer_headers))
    entries = await asyncio.gather(
        *(
            append_audit(
                actor_id=f"user:writer-{i % 7}",
                actor_name=f"writer-{i % 7}",
                action="test.concurrent",
                target=f"item:{i}",
                reason=f"concurrent append {i}",
                request_id=f"req-{i}",
                correlation_id=f"flow-{i % 3}",
                details={"i": i},
            )
            for i in range(100)
        )
    )
    assert len(entries) == 100
    assert len({e.seq for e in entries}) == 100
    rows = await all_rows(client, viewer_headers)
    assert len(rows) == before + 100
    assert_one_chain(rows)
    by_target = {r["target"]: r for r in rows if r["action"] == "test.concurrent"}
    assert len(by_target) == 100
    for i in range(100):
        row = by_target[f"item:{i}"]
        assert row["request_id"] == f"req-{i}"
        assert row["details"] == {"i": i}
    result = await verify(client, viewer_headers)
    assert result["ok"] is True
    assert result["checked"] == before + 100


async def test_an_append_rolls_back_with_its_transaction(
    client: httpx.AsyncClient, viewer_headers: dict[str, str]
) -> None:
    from lifeboat.audit.tables import AuditEvent

    before = await all_rows(client, viewer_headers)

    async def action_that_fails_after_auditing() -> None:
        async with AuditEvent._meta.db.transaction():
            await append_audit(actor_id="user:x", actor_name="x", action="test.rolled_back", target="t")
            raise RuntimeError("action failed after its audit row")

    with pytest.raises(RuntimeError, match="action failed"):
        await action_that_fails_after_auditing()
    assert await all_rows(client, viewer_headers) == before
    await append_audit(actor_id="user:x", actor_name="x", action="test.kept", target="t")
    assert_one_chain(await all_rows(client, viewer_headers))


# --- filters ------------------------------------------------------------------------------------------


@pytest.fixture
async def varied_log(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """A log with rows by several actors, actions, targets and flows (before the test's token)."""
    specs = [
        ("user:alice", "alice", "token.create", "token:1", "flow-a"),
        ("user:alice", "alice", "token.revoke", "token:1", "flow-a"),
        ("user:bob", "bob", "tokenizer.rebuild", "index:main", "flow-b"),
        ("user:bob", "bob", "user.create", "user:carol", "flow-b"),
        ("user:carol", "carol", "job.cancel", "job:9", "flow-c"),
        ("user:alice", "alice", "user.set_password", "user:bob", "flow-c"),
        ("user:dave", "dave", "user.setXpassword", "user:bob", "flow-d"),
        ("user:bob", "bob", "token.create", "token:2", None),
    ]
    entries = []
    for actor_id, actor_name, action, target, flow in specs:
        entry = await append_audit(
            actor_id=actor_id,
            actor_name=actor_name,
            action=action,
            target=target,
            correlation_id=flow,
            reason="filter fixture",
        )
        entries.append(entry)
    return [{"id": e.id, "action": e.action} for e in entries]


@pytest.mark.parametrize(
    ("params", "expected_actions"),
    [
        ({"actor": "user:alice"}, ["token.create", "token.revoke", "user.set_password"]),
        ({"actor": "bob"}, ["tokenizer.rebuild", "user.create", "token.create"]),
        ({"action": "token.create", "actor": "user:bob"}, ["token.create"]),
        ({"action": "user.create"}, ["user.create"]),
        ({"action": "user.set_password"}, ["user.set_password"]),
        ({"action": "user.set_*"}, ["user.set_password"]),
        ({"action": "job.*"}, ["job.cancel"]),
        ({"action": "%*"}, []),
        ({"action": "user%"}, []),
        ({"target": "user:bob"}, ["user.set_password", "user.setXpassword"]),
        ({"target": "token:1"}, ["token.create", "token.revoke"]),
        ({"correlation_id": "flow-b"}, ["tokenizer.rebuild", "user.create"]),
        ({"correlation_id": "flow-c", "actor": "alice"}, ["user.set_password"]),
        ({"actor": "nobody"}, []),
    ],
)
async def test_filters_narrow_the_results(
    client: httpx.AsyncClient,
    varied_log: list[dict[str, Any]],
    admin_headers: dict[str, str],
    params: dict[str, str],
    expected_actions: list[str],
) -> None:
    rows = await all_rows(client, admin_headers, **params)
    assert [r["action"] for r in reversed(rows)] == expected_actions


async def test_action_prefix_filter(
    client: httpx.AsyncClient, varied_log: list[dict[str, Any]], admin_headers: dict[str, str]
) -> None:
    rows = await all_rows(client, admin_headers, action="token.*")
    actions = [r["action"] for r in rows]
    # The fixture's own token.create (admin_headers) is included; "tokenizer.*" is not.
    assert "tokenizer.rebuild" not in actions
    assert all(a.startswith("token.") for a in actions)
    assert sorted(actions) == sorted(
        [a["action"] for a in varied_log if a["action"].startswith("token.")] + ["token.create"]
    )
    exact = await all_rows(client, admin_headers, action="token.create")
    assert {r["id"] for r in exact} < {r["id"] for r in rows}


async def test_since_and_until_bound_the_time(
    client: httpx.AsyncClient, varied_log: list[dict[str, Any]], admin_headers: dict[str, str]
) -> None:
    everything = await all_rows(client, admin_headers)
    times = sorted(datetime.fromisoformat(r["at"]) for r in everything)
    assert len(times) >= 9
    since, until = times[2], times[6]

    def at(row: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(row["at"])

    def ids(rows: list[dict[str, Any]]) -> list[str]:
        return [r["id"] for r in rows]

    rfc3339 = {t: t.isoformat().replace("+00:00", "Z") for t in (since, until)}
    got_since = await all_rows(client, admin_headers, since=rfc3339[since])
    assert ids(got_since) == ids([r for r in everything if at(r) >= since])
    got_until = await all_rows(client, admin_headers, until=rfc3339[until])
    assert ids(got_until) == ids([r for r in everything if at(r) < until])
    got_both = await all_rows(client, admin_headers, since=rfc3339[since], until=rfc3339[until])
    assert ids(got_both) == ids([r for r in everything if since <= at(r) < until])
    assert 0 < len(got_both) < len(everything)
    # An offset other than Z means the same instant.
    shifted = since.astimezone(datetime.fromisoformat("2000-01-01T00:00:00+02:00").tzinfo).isoformat()
    assert ids(await all_rows(client, admin_headers, since=shifted)) == ids(got_since)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2026-13-45T00:00:00Z"}, "until"),
        ({"limit": "0"}, "limit"),
        ({"limit": "501"}, "limit"),
        ({"limit": "ten"}, "limit"),
    ],
)
async def test_bad_query_parameters_are_400(
    client: httpx.AsyncClient, admin_headers: dict[str, str], params: dict[str, str], field: str
) -> None:
    response = await client.get(AUDIT, params=params, headers=admin_headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text


# --- pagination --------------------------------------------------------------------------------------


async def test_pagination_walks_every_row_newest_first(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    await seed(23)
    expected = await all_rows(client, admin_headers)
    assert [r["seq"] for r in expected] == sorted((r["seq"] for r in expected), reverse=True)
    seen: list[dict[str, Any]] = []
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 5}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(AUDIT, params=params, headers=admin_headers)).json()
        pages += 1
        assert 1 <= len(page["items"]) <= 5
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 50
    assert [r["id"] for r in seen] == [r["id"] for r in expected]
    assert len({r["id"] for r in seen}) == len(seen)
    assert pages == -(-len(expected) // 5)


async def test_pagination_with_a_filter(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    await seed(7, action="test.even")
    await seed(6, action="test.odd")
    first = (
        await client.get(AUDIT, params={"action": "test.even", "limit": 4}, headers=admin_headers)
    ).json()
    second = (
        await client.get(
            AUDIT,
            params={"action": "test.even", "limit": 4, "cursor": first["next_cursor"]},
            headers=admin_headers,
        )
    ).json()
    assert len(first["items"]) == 4
    assert len(second["items"]) == 3
    assert second["next_cursor"] is None
    assert {r["action"] for r in first["items"] + second["items"]} == {"test.even"}


async def test_last_page_has_no_cursor(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    await seed(2)
    page = (await client.get(AUDIT, params={"limit": 3}, headers=admin_headers)).json()
    assert len(page["items"]) == 3  # the fixture's token row and the two seeded rows
    assert page["next_cursor"] is None


@pytest.mark.parametrize(
    ("cursor", "status", "code"),
    [
        ("not-a-cursor!!", 400, "validation"),  # not base64url: the contract's pattern refuses it
        # well-formed, but not a cursor this server issued for the audit log
        ("AAAA", 422, "invalid-cursor"),
        (encode_cursor(CursorPosition(key="abc", id="x")), 422, "invalid-cursor"),
        (encode_cursor(CursorPosition(key="-1; drop table audit_event", id="x")), 422, "invalid-cursor"),
    ],
)
async def test_bad_cursor_is_refused(
    client: httpx.AsyncClient, admin_headers: dict[str, str], cursor: str, status: int, code: str
) -> None:
    response = await client.get(AUDIT, params={"cursor": cursor}, headers=admin_headers)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}"
    assert any(e["field"] == "cursor" for e in body["errors"])


# --- access -------------------------------------------------------------------------------------------


async def test_viewer_can_read_and_verify(client: httpx.AsyncClient, viewer_headers: dict[str, str]) -> None:
    assert (await client.get(AUDIT, headers=viewer_headers)).status_code == 200
    assert (await client.get(VERIFY, headers=viewer_headers)).status_code == 200


@pytest.mark.parametrize("path", [AUDIT, VERIFY])
async def test_unauthenticated_is_401(client: httpx.AsyncClient, path: str) -> None:
    response = await client.get(path)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    bad_token = await client.get(path, headers={"Authorization": "Bearer lb_notarealtokenatall"})
    assert bad_token.status_code == 401


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
async def test_there_is_no_write_path(
    client: httpx.AsyncClient, admin_headers: dict[str, str], method: str
) -> None:
    response = await client.request(method, AUDIT, json={"reason": "x"}, headers=admin_headers)
    assert response.status_code == 405, response.text
