"""Who may read and write a restore run, and a run's rows as API shapes.

Isolation: a consumer reads and writes only its own runs; another consumer's run is a 404 (its
existence is not revealed). Viewers (and up) read every run; nobody but the owning consumer
writes one.
"""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import msgspec

from lifeboat.audit.service import append_audit
from lifeboat.core.authz import PrincipalLike, has_role
from lifeboat.core.errors import (
    FieldError,
    NotFound,
    Unprocessable,
)
from lifeboat.db.engine import decode_jsonb
from lifeboat.restore.runs.models import (
    Evidence,
    RestoreRun,
    RestoreRunCounts,
    Verification,
)


def reads_every_run(principal: PrincipalLike, environment: str) -> bool:
    """Viewers and up read every run; a consumer reads only its own."""
    return has_role(principal, "viewer", environment)


def parse_run_id(value: str) -> uuid.UUID:
    """A run id from the path; 404 when it is not a UUID (no such run)."""
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise NotFound(f"No restore run {value}.") from exc


def to_run(row: asyncpg.Record) -> RestoreRun:
    """A ``restore_run`` row as its API shape."""
    counts = decode_jsonb(row["counts"])
    return RestoreRun(
        id=str(row["id"]),
        job_id=str(row["job_id"]),
        declaration_id=str(row["declaration"]) if row["declaration"] else None,
        consumer_id=row["consumer_id"],
        server=row["server_name"],
        group=row["group_name"],
        backup_type=row["backup_type"],
        intent=row["intent"],
        snapshot_id=row["snapshot_id"],
        status=row["status"],
        counts=msgspec.convert(counts, RestoreRunCounts) if counts is not None else None,
        message=row["message"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        finished_at=row["finished_at"],
    )


def to_evidence(row: asyncpg.Record) -> Evidence:
    """A ``restore_evidence`` row as its API shape (with its content URL)."""
    return Evidence(
        id=str(row["id"]),
        run_id=str(row["run"]),
        job_id=str(row["job_id"]),
        state=row["state"],
        sha256=row["sha256"],
        size_bytes=int(row["size_bytes"]),
        content_type=row["content_type"],
        content_url=f"/api/v1/restore/runs/{row['run']}/evidence/{row['id']}/content",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def to_verification(row: asyncpg.Record) -> Verification:
    """A ``restore_verification`` row as its API shape."""
    return Verification(
        outcome=row["outcome"],
        snapshot_id=row["snapshot_id"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        details=decode_jsonb(row["details"]),
        recorded_at=row["recorded_at"],
        recorded_by=row["recorded_by"],
    )


_RUN = "select * from restore_run where id = $1"
_RUN_FOR_UPDATE = "select * from restore_run where id = $1 for update"


async def visible_run(
    conn: asyncpg.Connection,
    run_id: uuid.UUID,
    principal: PrincipalLike,
    environment: str,
    *,
    for_update: bool = False,
) -> asyncpg.Record:
    """The run when the caller may read it; a 404 otherwise (another consumer's run included)."""
    row = await conn.fetchrow(_RUN_FOR_UPDATE if for_update else _RUN, run_id)
    if row is None or (row["consumer_id"] != principal.id and not reads_every_run(principal, environment)):
        raise NotFound(f"No restore run {run_id}.")
    return row


async def own_run(
    conn: asyncpg.Connection, run_id: uuid.UUID, principal: PrincipalLike, *, for_update: bool = True
) -> asyncpg.Record:
    """The caller's own run, locked; another consumer's run is a 404."""
    row = await conn.fetchrow(_RUN_FOR_UPDATE if for_update else _RUN, run_id)
    if row is None or row["consumer_id"] != principal.id:
        raise NotFound(f"No restore run {run_id}.")
    return row


async def audit_run(
    principal: PrincipalLike,
    action: str,
    run_id: uuid.UUID,
    details: dict[str, Any],
    reason: str | None = None,
) -> None:
    """Append a change of run ``run_id`` to the audit log (in the caller's transaction)."""
    await append_audit(
        actor_id=principal.id,
        actor_name=principal.name,
        action=action,
        target=f"restore_run:{run_id}",
        reason=reason,
        details=details,
    )


async def is_reported_snapshot(
    conn: asyncpg.Connection, server: str, backup_type: str, snapshot_id: str
) -> bool:
    """Whether a backup agent reported ``snapshot_id`` as a successful backup of this server and
    backup type (only those can be restored, so only those can prove a restore)."""
    found = await conn.fetchval(
        """
        select 1 from restore_backup_run r join restore_server s on s.id = r.server
        where s.name = $1 and r.backup_type = $2 and r.snapshot_id = $3 and r.status = 'succeeded'
        """,
        server,
        backup_type,
        snapshot_id,
    )
    return found is not None


def unknown_snapshot(server: str, backup_type: str, snapshot_id: str) -> Unprocessable:
    return Unprocessable(
        f"Snapshot {snapshot_id!r} is not a successful backup reported for {server} ({backup_type}); "
        "restore a snapshot from your worklist.",
        errors=[FieldError(field="snapshot_id", message="not a reported backup of this server and type")],
    )
