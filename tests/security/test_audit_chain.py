"""Finding 9: the audit chain is keyed and anchored outside PostgreSQL.

Against a real ``lifeboat serve`` and direct SQL on its database (what someone with database
access, but not the key in ``LIFEBOAT_AUDIT_KEY``, can do):

* rewriting a row and re-hashing every later row (the unkeyed sha256 chain) is named by verify
  at the rewritten seq;
* deleting the newest rows (tail truncation) is reported with the anchored seq, from the NATS KV
  head and, when the KV anchor is wiped too, from the signed checkpoint in the object store;
* a clean chain verifies ok with both anchors matched;
* an application role with the migration's grants cannot UPDATE, DELETE or TRUNCATE the audit
  table, nor disable its triggers or move the key epoch;
* ``lifeboat serve`` outside dev/test refuses to start without a key.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
from collections.abc import Iterator
from typing import Any

import asyncpg
import httpx
import nats
import pytest
from nats.js.errors import KeyNotFoundError

from lifeboat.audit.anchor import ANCHOR_BUCKET
from lifeboat.audit.chain import GENESIS_HASH, chain_hash
from tests.live_server import ROOT, LifeboatServer, lifeboat_command, run_async
from tests.services import TestServices

pytestmark = pytest.mark.integration

BUCKET = f"lifeboat-audit-sec-{secrets.token_hex(4)}"
# A checkpoint for every row, so the object-store anchor is as fresh as the KV one.
SERVER_ENV = {"LIFEBOAT_S3_BUCKET": BUCKET, "LIFEBOAT_AUDIT_CHECKPOINT_ROWS": "1"}
KV_KEY = f"head.{BUCKET}"
COLUMNS = (
    "id, seq, at, actor_id, actor_name, action, target, reason, outcome, request_id, correlation_id, "
    "details, prev_hash, hash"
)


def sql(server: LifeboatServer, statement: str, *args: Any) -> list[dict[str, Any]]:
    """Run one statement on the server's database as the test's (superuser) connection."""

    async def go() -> list[dict[str, Any]]:
        conn = await asyncpg.connect(server.database_url)
        try:
            return [dict(r) for r in await conn.fetch(statement, *args)]
        finally:
            await conn.close()

    return run_async(go)


def bypass_append_only(server: LifeboatServer, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
    """What a DBA (table owner) can do: disable the append-only trigger and change rows."""

    async def go() -> None:
        conn = await asyncpg.connect(server.database_url)
        try:
            async with conn.transaction():
                await conn.execute("alter table audit_event disable trigger audit_event_append_only")
                for statement, args in statements:
                    await conn.execute(statement, *args)
                await conn.execute("alter table audit_event enable trigger audit_event_append_only")
        finally:
            await conn.close()

    run_async(go)


def all_rows(server: LifeboatServer) -> list[dict[str, Any]]:
    rows = sql(server, f"select {COLUMNS} from audit_event order by seq")
    return [{**r, "id": str(r["id"]), "details": json.loads(r["details"])} for r in rows]


def verify(admin_api: httpx.Client) -> dict[str, Any]:
    response = admin_api.get("/api/v1/audit/verify")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def anchors(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {a["source"]: a for a in result["anchors"]}


def make_rows(admin_api: httpx.Client, count: int) -> None:
    for i in range(count):
        created = admin_api.post(
            "/api/v1/tokens",
            json={"name": f"audit-{secrets.token_hex(3)}-{i}", "role": "viewer", "reason": "rows"},
        )
        assert created.status_code == 201, created.text


def restore_rows(server: LifeboatServer, rows: list[dict[str, Any]]) -> None:
    """Put ``rows`` back exactly as they were (the test's cleanup, not part of the attack)."""
    seqs = [r["seq"] for r in rows]
    statements: list[tuple[str, tuple[Any, ...]]] = [("delete from audit_event where seq = any($1)", (seqs,))]
    for r in rows:
        statements.append(
            (
                f"insert into audit_event ({COLUMNS}) values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12::jsonb,$13,$14)",
                (
                    r["id"], r["seq"], r["at"], r["actor_id"], r["actor_name"], r["action"], r["target"],
                    r["reason"], r["outcome"], r["request_id"], r["correlation_id"], json.dumps(r["details"]),
                    r["prev_hash"], r["hash"],
                ),
            )
        )  # fmt: skip
    bypass_append_only(server, statements)


@pytest.fixture
def clean_chain(live: LifeboatServer, admin_api: httpx.Client) -> Iterator[list[dict[str, Any]]]:
    """At least 8 rows, verified and anchored; after the test the rows are restored as they were."""
    make_rows(admin_api, 6)
    result = verify(admin_api)
    assert result["status"] == "ok", result
    before = all_rows(live)
    yield before
    restore_rows(live, before)
    assert verify(admin_api)["status"] == "ok"


def test_a_clean_chain_verifies_with_both_anchors(live: LifeboatServer, admin_api: httpx.Client) -> None:
    make_rows(admin_api, 3)
    result = verify(admin_api)
    head = max(r["seq"] for r in all_rows(live))
    assert result["ok"] is True
    assert result["status"] == "ok"
    assert result["checked"] == head
    assert result["head_seq"] == head
    assert result["anchored_seq"] == head
    assert result["legacy_rows"] == 0
    assert result["first_bad_seq"] is None
    found = anchors(result)
    assert (found["nats-kv"]["state"], found["nats-kv"]["seq"]) == ("matched", head)
    assert (found["object-store"]["state"], found["object-store"]["seq"]) == ("matched", head)


def test_rewritten_history_rehashed_without_the_key_is_named(
    live: LifeboatServer, admin_api: httpx.Client, clean_chain: list[dict[str, Any]]
) -> None:
    rows = clean_chain
    victim = rows[len(rows) // 2]
    # The attack: change a row, then recompute the (unkeyed) chain for it and every later row,
    # so that every link and every hash is consistent again.
    forged = [dict(r) for r in rows]
    prev = GENESIS_HASH
    statements: list[tuple[str, tuple[Any, ...]]] = []
    for row in forged:
        if row["seq"] < victim["seq"]:
            prev = row["hash"]
            continue
        if row["seq"] == victim["seq"]:
            row["details"] = {**row["details"], "role": "admin", "note": "it was always admin"}
            row["reason"] = "approved by the board"
        row["prev_hash"] = prev
        row["hash"] = chain_hash(prev, row)
        prev = row["hash"]
        statements.append(
            (
                "update audit_event set details = $2::jsonb, reason = $3, prev_hash = $4, hash = $5 where seq = $1",
                (row["seq"], json.dumps(row["details"]), row["reason"], row["prev_hash"], row["hash"]),
            )
        )
    bypass_append_only(live, statements)

    result = verify(admin_api)
    assert result["ok"] is False
    assert result["status"] == "rewritten"
    assert result["first_bad_seq"] == victim["seq"]
    assert result["first_bad_id"] == victim["id"]
    assert result["checked"] == victim["seq"] - 1
    assert "keyed hash" in result["detail"]
    # The anchors still vouch for the real head: the forged one (same seq, other hash) differs.
    assert anchors(result)["nats-kv"]["state"] == "mismatch"
    assert anchors(result)["nats-kv"]["hash"] == rows[-1]["hash"]


def _purge_kv_anchor(services: TestServices) -> None:
    async def go() -> None:
        nc = await nats.connect(services.nats_url)
        try:
            kv = await nc.jetstream().key_value(ANCHOR_BUCKET)
            await kv.purge(KV_KEY)
            with pytest.raises(KeyNotFoundError):
                await kv.get(KV_KEY)
        finally:
            await nc.close()

    run_async(go)


def test_tail_truncation_is_reported_with_the_anchored_seq(
    live: LifeboatServer,
    admin_api: httpx.Client,
    services: TestServices,
    clean_chain: list[dict[str, Any]],
) -> None:
    rows = clean_chain
    head = rows[-1]["seq"]
    assert anchors(verify(admin_api))["nats-kv"]["seq"] == head
    # The attack: delete the newest rows; what is left still links perfectly.
    kept = head - 3
    bypass_append_only(live, [("delete from audit_event where seq > $1", (kept,))])

    result = verify(admin_api)
    assert result["ok"] is False
    assert result["status"] == "truncated"
    assert result["anchored_seq"] == head
    assert result["head_seq"] == kept
    assert result["checked"] == kept  # every row that is left verifies
    found = anchors(result)
    assert (found["nats-kv"]["state"], found["nats-kv"]["seq"]) == ("truncated", head)
    assert (found["object-store"]["state"], found["object-store"]["seq"]) == ("truncated", head)

    # An attacker who can also write NATS wipes the KV anchor: the signed checkpoint in the
    # object store still names the lost rows (the truncated head is never checkpointed over it).
    _purge_kv_anchor(services)
    result = verify(admin_api)
    assert result["status"] == "truncated"
    assert result["anchored_seq"] == head
    assert (anchors(result)["object-store"]["state"], anchors(result)["object-store"]["seq"]) == (
        "truncated",
        head,
    )


def test_the_app_role_cannot_change_the_audit_table(live: LifeboatServer, admin_api: httpx.Client) -> None:
    make_rows(admin_api, 1)
    role = f"lifeboat_app_test_{secrets.token_hex(4)}"
    sql(live, f'create role "{role}" nologin nosuperuser nocreatedb nocreaterole')
    try:
        sql(live, "select lifeboat_grant_app_role($1)", role)

        async def as_app_role() -> dict[str, str]:
            conn = await asyncpg.connect(live.database_url)
            outcomes: dict[str, str] = {}
            try:
                await conn.execute(f'set role "{role}"')
                assert (
                    await conn.fetchval("select rolsuper from pg_roles where rolname = current_user") is False
                )
                assert await conn.fetchval("select count(*) from audit_event") >= 1
                attempts = {
                    "update": "update audit_event set reason = 'rewritten' where seq = 1",
                    "delete": "delete from audit_event where seq = (select max(seq) from audit_event)",
                    "truncate": "truncate audit_event",
                    "disable trigger": "alter table audit_event disable trigger audit_event_append_only",
                    "move the key epoch": "create or replace function lifeboat_audit_keyed_from_seq() "
                    "returns bigint language sql immutable as 'select 1000000::bigint'",
                }
                for name, statement in attempts.items():
                    try:
                        async with conn.transaction():
                            await conn.execute(statement)
                        outcomes[name] = "allowed"
                    except asyncpg.InsufficientPrivilegeError as exc:
                        outcomes[name] = str(exc)
                # It is a working application role otherwise: it appends and updates other tables.
                async with conn.transaction():
                    await conn.execute(
                        "insert into audit_event (id, seq, at, actor_id, actor_name, action, target, outcome,"
                        " details, prev_hash, hash) values (gen_random_uuid(), 999999, now(), 'x', 'x', 'x',"
                        " 'x', 'success', '{}', 'x', 'x')"
                    )
                    await conn.execute("update auth_user set username = username where false")
                    raise _Rollback
            except _Rollback:
                pass
            finally:
                await conn.close()
            return outcomes

        outcomes = run_async(as_app_role)
    finally:
        sql(live, f'drop owned by "{role}"')
        sql(live, f'drop role "{role}"')
    for name in ("update", "delete", "truncate"):
        # refused by privileges (not only by the trigger an owner could disable)
        assert "permission denied for table audit_event" in outcomes[name], (name, outcomes[name])
    assert "must be owner" in outcomes["disable trigger"], outcomes
    # (PostgreSQL 15+ says so for the schema before it gets to the function's owner)
    assert any(m in outcomes["move the key epoch"] for m in ("must be owner", "permission denied")), outcomes
    assert verify(admin_api)["status"] == "ok"


class _Rollback(Exception):
    """Roll the role's harmless writes back."""


def test_serve_outside_dev_refuses_to_start_without_a_key(live: LifeboatServer) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env.update(
        {"LIFEBOAT_ENVIRONMENT": "prod", "LIFEBOAT_DATABASE_URL": live.database_url, "LIFEBOAT_PORT": "1"}
    )
    done = subprocess.run(
        [*lifeboat_command(), "serve"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "LIFEBOAT_AUDIT_KEY" in done.stderr
    short = {**env, "LIFEBOAT_AUDIT_KEY": "too-short"}
    done = subprocess.run(
        [*lifeboat_command(), "serve"],
        env=short,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "at least 32 characters" in done.stderr
