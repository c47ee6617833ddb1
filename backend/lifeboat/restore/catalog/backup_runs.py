"""Backup runs: finished backups reported by backup agents (idempotent on server + backup type +
snapshot id), listed newest first, and each server's latest run per backup type."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, Unprocessable
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import clamp_limit, decode_cursor
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.restore.catalog.models import (
    BackupRun,
    BackupRunPage,
    BackupRunReport,
    LatestBackup,
)
from lifeboat.restore.changes import Actor, audit_change
from lifeboat.restore.sql import page_cursor, uuid_cursor

_RUN_SELECT = """
    select r.*, s.name as server_name, g.name as group_name
    from restore_backup_run r
    join restore_server s on s.id = r.server
    join restore_backup_group g on g.id = s.backup_group
"""


def _to_run(row: dict[str, Any]) -> BackupRun:
    return BackupRun(
        id=str(row["id"]),
        server=row["server_name"],
        group=row["group_name"],
        backup_type=row["backup_type"],
        snapshot_id=row["snapshot_id"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        size_bytes=row["size_bytes"],
        details=decode_jsonb(row["details"]),
        reported_at=row["reported_at"],
        reported_by=row["reported_by"],
    )


async def latest_backups(server_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[LatestBackup]]:
    """Per server and backup type: the newest run and the newest successful one (two queries)."""
    if not server_ids:
        return {}
    order = " order by r.server, r.backup_type, r.finished_at desc, r.id desc"
    newest = await fetch_rows(
        _RUN_SELECT.replace("select r.*", "select distinct on (r.server, r.backup_type) r.*")
        + " where r.server = any($1::uuid[])"
        + order,
        server_ids,
    )
    good = await fetch_rows(
        _RUN_SELECT.replace("select r.*", "select distinct on (r.server, r.backup_type) r.*")
        + " where r.server = any($1::uuid[]) and r.status = 'succeeded'"
        + order,
        server_ids,
    )
    succeeded = {(r["server"], r["backup_type"]): _to_run(r) for r in good}
    out: dict[uuid.UUID, list[LatestBackup]] = {}
    for r in newest:
        out.setdefault(r["server"], []).append(
            LatestBackup(
                backup_type=r["backup_type"],
                latest=_to_run(r),
                latest_succeeded=succeeded.get((r["server"], r["backup_type"])),
            )
        )
    return out


def _run_facts(
    status: str, started_at: datetime, finished_at: datetime, size: int | None, details: Any
) -> dict[str, Any]:
    return {
        "status": status,
        "started_at": started_at,
        "finished_at": finished_at,
        "size_bytes": size,
        "details": details,
    }


@dataclass(frozen=True)
class Reported:
    """What a backup run report resolved to: the run, and whether it replayed an earlier report."""

    run: BackupRun
    replayed: bool


async def report_backup_run(report: BackupRunReport, *, actor: Actor) -> Reported:
    """Record a finished backup. Idempotent on server + backup type + snapshot id: the same facts
    again return the original (``replayed``); different facts are a 409. 422 for an unknown
    server or when it finished before it started."""
    if report.finished_at < report.started_at:
        raise Unprocessable(
            "finished_at is before started_at.",
            errors=[FieldError(field="finished_at", message="must not be before started_at")],
        )
    details = json.loads(json.dumps(report.details)) if report.details is not None else None
    if not await fetch_rows("select 1 from restore_server where name = $1", report.server):
        raise Unprocessable(
            f"No server named {report.server!r} is in the catalog; an operator adds it first.",
            errors=[FieldError(field="server", message="unknown server")],
        )
    async with transaction():
        inserted = await fetch_rows(
            """
            insert into restore_backup_run
              (id, server, backup_type, snapshot_id, status, started_at, finished_at, size_bytes,
               details, reported_at, reported_by)
            select $1, s.id, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10
            from restore_server s where s.name = $11
            on conflict (server, backup_type, snapshot_id) do nothing
            returning id
            """,
            new_id(),
            report.backup_type,
            report.snapshot_id,
            report.status,
            report.started_at,
            report.finished_at,
            report.size_bytes,
            json.dumps(details) if details is not None else None,
            utcnow(),
            actor.id,
            report.server,
        )
        if inserted:
            await audit_change(
                actor,
                "restore.backup_run.report",
                f"server:{report.server}",
                None,
                {
                    "backup_type": report.backup_type,
                    "snapshot_id": report.snapshot_id,
                    "status": report.status,
                    "run_id": str(inserted[0]["id"]),
                },
            )
    rows = await fetch_rows(
        _RUN_SELECT + " where s.name = $1 and r.backup_type = $2 and r.snapshot_id = $3",
        report.server,
        report.backup_type,
        report.snapshot_id,
    )
    if not rows:  # the server was deleted between the insert and this read
        raise Conflict(f"The server {report.server!r} was removed concurrently; report again.")
    run = _to_run(rows[0])
    if inserted:
        return Reported(run=run, replayed=False)
    theirs = _run_facts(report.status, report.started_at, report.finished_at, report.size_bytes, details)
    ours = _run_facts(run.status, run.started_at, run.finished_at, run.size_bytes, run.details)
    if theirs != ours:
        raise Conflict(
            f"Snapshot {report.snapshot_id!r} of {report.server}/{report.backup_type} was already "
            "reported with different facts.",
            errors=[
                FieldError(field=key, message="differs from the earlier report")
                for key in theirs
                if theirs[key] != ours[key]
            ],
        )
    return Reported(run=run, replayed=True)


async def list_backup_runs(
    *,
    server: str | None = None,
    backup_type: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> BackupRunPage:
    """Reported backup runs, newest report first, optionally of one server and/or type."""
    size = clamp_limit(limit)
    before = uuid_cursor(decode_cursor(cursor))
    rows = await fetch_rows(
        _RUN_SELECT
        + """
        where ($1::uuid is null or r.id < $2) and ($3::text is null or s.name = $4)
          and ($5::text is null or r.backup_type = $6)
        order by r.id desc limit $7
        """,
        before,
        before,
        server,
        server,
        backup_type,
        backup_type,
        size + 1,
    )
    items = [_to_run(r) for r in rows[:size]]
    next_cursor = page_cursor(items[-1].id, items[-1].id) if len(rows) > size and items else None
    return BackupRunPage(items=items, next_cursor=next_cursor)
