"""Servers of the backup catalog: each a member of one group; only live servers are put on
worklists. Changes are audited with a reason; a server lists its latest backups per type."""

from __future__ import annotations

import uuid
from typing import Any

import msgspec

from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, NotFound, Unprocessable
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import clamp_limit, decode_cursor
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.restore.catalog.backup_runs import latest_backups
from lifeboat.restore.catalog.models import (
    LatestBackup,
    Server,
    ServerCreate,
    ServerPage,
    ServerPatch,
)
from lifeboat.restore.catalog.service import group_row
from lifeboat.restore.changes import Actor, Created, audit_change, require_reason
from lifeboat.restore.sql import page_cursor

_SERVER_SELECT = """
    select s.*, g.name as group_name
    from restore_server s join restore_backup_group g on g.id = s.backup_group
"""


def _to_server(row: dict[str, Any], latest: list[LatestBackup]) -> Server:
    return Server(
        id=str(row["id"]),
        name=row["name"],
        group=row["group_name"],
        live=bool(row["live"]),
        latest_backups=latest,
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
    )


async def _servers(rows: list[dict[str, Any]]) -> list[Server]:
    latest = await latest_backups([r["id"] for r in rows])
    return [_to_server(r, latest.get(r["id"], [])) for r in rows]


async def server_row(name: str, *, for_update: bool = False) -> dict[str, Any] | None:
    """A server's row by name with its ``group_name`` (the server's row locked when
    ``for_update``), None when unknown."""
    lock = " for update of s" if for_update else ""
    rows = await fetch_rows(_SERVER_SELECT + " where s.name = $1" + lock, name)
    return rows[0] if rows else None


async def _select_server(name: str) -> Server | None:
    row = await server_row(name)
    return (await _servers([row]))[0] if row is not None else None


async def get_server(name: str) -> Server:
    """One server (404 when unknown)."""
    found = await _select_server(name)
    if found is None:
        raise NotFound(f"No server named {name!r}.")
    return found


async def list_servers(
    *, group: str | None = None, live: bool | None = None, limit: int | None = None, cursor: str | None = None
) -> ServerPage:
    """Servers by name, optionally of one group and/or liveness."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after = position.key if position is not None else ""
    rows = await fetch_rows(
        _SERVER_SELECT
        + """
        where s.name > $1 and ($2::text is null or g.name = $3) and ($4::boolean is null or s.live = $5)
        order by s.name limit $6
        """,
        after,
        group,
        group,
        live,
        live,
        size + 1,
    )
    items = await _servers(rows[:size])
    next_cursor = page_cursor(items[-1].name, items[-1].id) if len(rows) > size and items else None
    return ServerPage(items=items, next_cursor=next_cursor)


async def require_group_id(name: str, field: str = "group") -> uuid.UUID:
    """The id of the group named ``name``; a 422 naming ``field`` when there is none."""
    row = await group_row(name)
    if row is None:
        raise Unprocessable(
            f"No backup group named {name!r}; create it first.",
            errors=[FieldError(field=field, message="unknown backup group")],
        )
    group_id: uuid.UUID = row["id"]
    return group_id


async def create_server(data: ServerCreate, *, actor: Actor) -> Created[Server]:
    """Add a server to a group (422 when the group is unknown). The name is the idempotency key:
    the same definition again returns the existing server; a different one is a 409."""
    reason = require_reason(data.reason)
    async with transaction():
        group_id = await require_group_id(data.group)
        now = utcnow()
        inserted = await fetch_rows(
            """
            insert into restore_server (id, name, backup_group, live, created_at, updated_at, created_by)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (name) do nothing
            returning id
            """,
            new_id(),
            data.name,
            group_id,
            data.live,
            now,
            now,
            actor.name,
        )
        if inserted:
            await audit_change(
                actor,
                "restore.server.create",
                f"server:{data.name}",
                reason,
                {"group": data.group, "live": data.live},
            )
    existing = await get_server(data.name)
    if inserted:
        return Created(existing, True)
    if (existing.group, existing.live) != (data.group, data.live):
        raise Conflict(
            f"A server named {data.name!r} already exists (group {existing.group!r}, live "
            f"{str(existing.live).lower()}); change it with PATCH /api/v1/backups/servers/{{name}}."
        )
    return Created(existing, False)


async def patch_server(name: str, patch: ServerPatch, *, actor: Actor) -> Server:
    """Move a server to another group and/or mark it live or not (404 when unknown, 422 for an
    unknown group, 409 when declarations name this server under its current group)."""
    reason = require_reason(patch.reason)
    async with transaction():
        row = await server_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No server named {name!r}.")
        before = {"group": row["group_name"], "live": bool(row["live"])}
        after = dict(before)
        group_id = row["backup_group"]
        if patch.group is not msgspec.UNSET and patch.group != row["group_name"]:
            group_id = await require_group_id(patch.group)
            declared = await fetch_rows(
                "select count(*) as n from restore_replica where server = $1", row["id"]
            )
            if int(declared[0]["n"]):
                raise Conflict(
                    f"{int(declared[0]['n'])} replica declaration(s) name the server {name!r} in its "
                    f"group {row['group_name']!r}; delete them before moving it."
                )
            after["group"] = patch.group
        if patch.live is not msgspec.UNSET:
            after["live"] = patch.live
        if after != before:
            await fetch_rows(
                "update restore_server set backup_group = $1, live = $2, updated_at = $3 where id = $4",
                group_id,
                after["live"],
                utcnow(),
                row["id"],
            )
            await audit_change(
                actor, "restore.server.update", f"server:{name}", reason, {"before": before, "after": after}
            )
    return await get_server(name)


async def delete_server(name: str, *, actor: Actor, reason: str) -> None:
    """Delete a server and its reported backup runs (404 when unknown; 409 while a replica
    declaration names it)."""
    reason = require_reason(reason)
    async with transaction():
        row = await server_row(name, for_update=True)
        if row is None:
            raise NotFound(f"No server named {name!r}.")
        declared = await fetch_rows("select count(*) as n from restore_replica where server = $1", row["id"])
        if int(declared[0]["n"]):
            raise Conflict(
                f"{int(declared[0]['n'])} replica declaration(s) name the server {name!r}; delete them first."
            )
        await fetch_rows("delete from restore_server where id = $1", row["id"])
        await audit_change(
            actor,
            "restore.server.delete",
            f"server:{name}",
            reason,
            {"group": row["group_name"], "live": bool(row["live"])},
        )
