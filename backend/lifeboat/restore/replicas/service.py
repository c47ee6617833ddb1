"""Replica declarations: an operator declares that a consumer keeps a restore of a group (every
live server) or of one server, for a backup type and an intent; each is listed with its
capability gap. Every change is audited with a reason in the same transaction as the change."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import msgspec

from lifeboat.auth.service import principals_with_role
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, NotFound, Unprocessable
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import clamp_limit, decode_cursor
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.restore.catalog.servers import require_group_id, server_row
from lifeboat.restore.changes import Actor, audit_change, require_reason
from lifeboat.restore.replicas.consumers import (
    CONSUMER_ROLE,
    capabilities_by_consumer,
    capability_gap,
    registered_consumers,
)
from lifeboat.restore.replicas.models import (
    Replica,
    ReplicaCreate,
    ReplicaPage,
    ReplicaPatch,
)
from lifeboat.restore.sql import page_cursor, uuid_cursor

_REPLICA_SELECT = """
    select d.*, g.name as group_name, s.name as server_name
    from restore_replica d
    join restore_backup_group g on g.id = d.backup_group
    left join restore_server s on s.id = d.server
"""


async def _to_replicas(rows: list[dict[str, Any]], environment: str) -> list[Replica]:
    consumer_ids = sorted({r["consumer_id"] for r in rows})
    principals = {p.id: p for p in await principals_with_role(CONSUMER_ROLE, environment)}
    registered = await registered_consumers(consumer_ids)
    capabilities = await capabilities_by_consumer(consumer_ids)
    out: list[Replica] = []
    for r in rows:
        consumer = principals.get(r["consumer_id"])
        reg = registered.get(r["consumer_id"])
        out.append(
            Replica(
                id=str(r["id"]),
                consumer_id=r["consumer_id"],
                consumer_name=consumer.name if consumer else None,
                group=r["group_name"],
                server=r["server_name"],
                backup_type=r["backup_type"],
                intent=r["intent"],
                enabled=bool(r["enabled"]),
                notes=r["notes"],
                freshness_target_s=int(r["freshness_target_s"]),
                gap=capability_gap(
                    holds_role=consumer is not None,
                    registered=reg is not None and reg["capabilities_updated_at"] is not None,
                    capabilities=capabilities.get(r["consumer_id"], set()),
                    intent=r["intent"],
                    backup_type=r["backup_type"],
                ),
                created_at=r["created_at"],
                updated_at=r["updated_at"],
                created_by=r["created_by"],
            )
        )
    return out


def _scope(r: Replica) -> dict[str, Any]:
    return {
        "consumer_id": r.consumer_id,
        "group": r.group,
        "server": r.server,
        "backup_type": r.backup_type,
        "intent": r.intent,
    }


async def get_replica(replica_id: uuid.UUID, *, environment: str) -> Replica:
    """One declaration with its gap (404 when unknown)."""
    rows = await fetch_rows(_REPLICA_SELECT + " where d.id = $1", replica_id)
    if not rows:
        raise NotFound(f"No replica declaration with id {replica_id}.")
    return (await _to_replicas(rows, environment))[0]


async def list_replicas(
    *,
    environment: str,
    consumer_id: str | None = None,
    group: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> ReplicaPage:
    """Declarations, oldest first, optionally of one consumer and/or group, each with its gap."""
    size = clamp_limit(limit)
    after = uuid_cursor(decode_cursor(cursor))
    rows = await fetch_rows(
        _REPLICA_SELECT
        + """
        where ($1::uuid is null or d.id > $2) and ($3::text is null or d.consumer_id = $4)
          and ($5::text is null or g.name = $6)
        order by d.id limit $7
        """,
        after,
        after,
        consumer_id,
        consumer_id,
        group,
        group,
        size + 1,
    )
    items = await _to_replicas(rows[:size], environment)
    next_cursor = page_cursor(items[-1].id, items[-1].id) if len(rows) > size and items else None
    return ReplicaPage(items=items, next_cursor=next_cursor)


async def declare_replica(data: ReplicaCreate, *, actor: Actor, environment: str) -> Replica:
    """Declare a replica (audited). 422 when the consumer does not hold the restore-consumer role,
    the group is unknown, or the server is unknown or in another group; 409 for a scope that is
    already declared (a group-wide declaration, server null, is its own scope)."""
    reason = require_reason(data.reason)
    consumers = {p.id for p in await principals_with_role(CONSUMER_ROLE, environment)}
    if data.consumer_id not in consumers:
        raise Unprocessable(
            f"{data.consumer_id!r} is not a live principal holding the restore-consumer role in "
            f"environment {environment!r}; issue it a token with that role first.",
            errors=[FieldError(field="consumer_id", message="does not hold the restore-consumer role")],
        )
    replica_id = new_id()
    now = utcnow()
    async with transaction():
        group_id = await require_group_id(data.group)
        server_id: uuid.UUID | None = None
        if data.server is not None:
            server = await server_row(data.server)
            if server is None:
                raise Unprocessable(
                    f"No server named {data.server!r}.",
                    errors=[FieldError(field="server", message="unknown server")],
                )
            if server["backup_group"] != group_id:
                raise Unprocessable(
                    f"The server {data.server!r} belongs to group {server['group_name']!r}, "
                    f"not {data.group!r}.",
                    errors=[FieldError(field="server", message="not a member of the group")],
                )
            server_id = server["id"]
        existing = await fetch_rows(
            """
            select id from restore_replica
            where consumer_id = $1 and backup_group = $2 and server is not distinct from $3
              and backup_type = $4 and intent = $5
            """,
            data.consumer_id,
            group_id,
            server_id,
            data.backup_type,
            data.intent,
        )
        if existing:
            raise Conflict(
                f"This scope is already declared (replica {existing[0]['id']}); patch or delete it.",
                holder=str(existing[0]["id"]),
            )
        try:
            await fetch_rows(
                """
                insert into restore_replica (id, consumer_id, backup_group, server, backup_type, intent,
                  enabled, notes, freshness_target_s, created_at, updated_at, created_by)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
                """,
                replica_id,
                data.consumer_id,
                group_id,
                server_id,
                data.backup_type,
                data.intent,
                data.enabled,
                data.notes,
                data.freshness_target_s,
                now,
                now,
                actor.name,
            )
        except asyncpg.UniqueViolationError as exc:  # a concurrent declaration of the same scope
            raise Conflict("This scope is already declared; patch or delete the existing one.") from exc
        replica = await get_replica(replica_id, environment=environment)
        await audit_change(
            actor,
            "restore.replica.declare",
            f"replica:{replica_id}",
            reason,
            {**_scope(replica), "enabled": data.enabled, "freshness_target_s": data.freshness_target_s},
        )
    return replica


async def patch_replica(
    replica_id: uuid.UUID, patch: ReplicaPatch, *, actor: Actor, environment: str
) -> Replica:
    """Enable/disable a declaration, change its notes or freshness target (404 when unknown; a
    no-op is not audited)."""
    reason = require_reason(patch.reason)
    async with transaction():
        rows = await fetch_rows("select * from restore_replica where id = $1 for update", replica_id)
        if not rows:
            raise NotFound(f"No replica declaration with id {replica_id}.")
        row = rows[0]
        changed: dict[str, Any] = {}
        if patch.enabled is not msgspec.UNSET and patch.enabled != row["enabled"]:
            changed["enabled"] = patch.enabled
        if patch.notes is not msgspec.UNSET and patch.notes != row["notes"]:
            changed["notes"] = patch.notes
        if (
            patch.freshness_target_s is not msgspec.UNSET
            and patch.freshness_target_s != row["freshness_target_s"]
        ):
            changed["freshness_target_s"] = patch.freshness_target_s
        if changed:
            await fetch_rows(
                "update restore_replica set enabled = $1, notes = $2, freshness_target_s = $3,"
                " updated_at = $4 where id = $5",
                changed.get("enabled", row["enabled"]),
                changed.get("notes", row["notes"]),
                changed.get("freshness_target_s", row["freshness_target_s"]),
                utcnow(),
                replica_id,
            )
            await audit_change(
                actor,
                "restore.replica.update",
                f"replica:{replica_id}",
                reason,
                {"before": {k: row[k] for k in changed}, "after": changed},
            )
    return await get_replica(replica_id, environment=environment)


async def delete_replica(replica_id: uuid.UUID, *, actor: Actor, reason: str, environment: str) -> None:
    """Delete a declaration (404 when unknown): the consumer stops getting it and its credentials."""
    reason = require_reason(reason)
    async with transaction():
        replica = await get_replica(replica_id, environment=environment)
        await fetch_rows("delete from restore_replica where id = $1", replica_id)
        await audit_change(actor, "restore.replica.delete", f"replica:{replica_id}", reason, _scope(replica))
