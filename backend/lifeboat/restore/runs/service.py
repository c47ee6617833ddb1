"""Restore runs: a consumer opens a run for one of its worklist items (an external
``restore.run`` job, so the run has the engine's timeline) and reports status and counts; it
uploads evidence (``evidence.py``) and closes the loop with a verification outcome
(``verification.py``), which feeds per-server restore health and its alerts.

Isolation: a consumer reads and writes only its own runs; another consumer's run is a 404 (its
existence is not revealed). Viewers (and up) read every run; nobody but the owning consumer
writes one. Every change is idempotent and audited in the transaction that makes it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import asyncpg
import msgspec

from lifeboat.core.authz import PrincipalLike
from lifeboat.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    Unprocessable,
)
from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs import external
from lifeboat.jobs.definitions import JobKind
from lifeboat.restore.replicas.worklist import covering_declaration
from lifeboat.restore.runs.access import (
    audit_run,
    is_reported_snapshot,
    own_run,
    parse_run_id,
    unknown_snapshot,
)
from lifeboat.restore.runs.detail import get_run, run_detail
from lifeboat.restore.runs.models import (
    TERMINAL_RUN_STATUSES,
    OpenedRun,
    RestoreRunDetail,
    RestoreRunOpen,
    RestoreRunParams,
    RestoreRunPatch,
)
from lifeboat.store.objects import ObjectStore


def _open_digest(data: RestoreRunOpen) -> str:
    return hashlib.sha256(msgspec.json.encode(data, order="sorted")).hexdigest()


# --- open -----------------------------------------------------------------------------------


async def _replay(conn: asyncpg.Connection, consumer_id: str, key: str, digest: str) -> uuid.UUID | None:
    row = await conn.fetchrow(
        "select id, request_hash from restore_run where consumer_id = $1 and idempotency_key = $2",
        consumer_id,
        key,
    )
    if row is None:
        return None
    if row["request_hash"] != digest:
        raise Unprocessable("This Idempotency-Key was already used with a different run; use a new key.")
    run_id: uuid.UUID = row["id"]
    return run_id


async def open_run(
    data: RestoreRunOpen,
    *,
    principal: PrincipalLike,
    idempotency_key: str,
    environment: str,
    run_kind: JobKind,
) -> OpenedRun:
    """Open a run for a worklist item of the caller (idempotent per consumer and key)."""
    digest = _open_digest(data)
    async with transaction() as conn:
        replayed = await _replay(conn, principal.id, idempotency_key, digest)
    if replayed is not None:
        return OpenedRun(
            detail=await get_run(replayed, principal=principal, environment=environment), replayed=True
        )
    try:
        declaration_id = uuid.UUID(data.declaration_id)
    except ValueError as exc:
        raise Unprocessable(
            "declaration_id is not a declaration id.",
            errors=[FieldError(field="declaration_id", message="not a UUID")],
        ) from exc
    coverage = await covering_declaration(principal.id, data.server, data.backup_type, data.intent)
    if coverage is None:
        raise Forbidden(
            f"No enabled declaration of yours covers a {data.intent} restore of {data.server}'s "
            f"{data.backup_type} backups (or you did not register that capability): it is not on your worklist."
        )
    if coverage.declaration_id != str(declaration_id):
        raise Unprocessable(
            f"Declaration {declaration_id} is not the one your worklist names for {data.server} "
            f"({data.backup_type}, {data.intent}): use {coverage.declaration_id}.",
            errors=[FieldError(field="declaration_id", message="does not match the worklist item")],
        )
    async with transaction() as conn:
        reported = await is_reported_snapshot(conn, coverage.server, coverage.backup_type, data.snapshot_id)
    if not reported:
        raise unknown_snapshot(coverage.server, coverage.backup_type, data.snapshot_id)
    run_id = new_id()
    params = RestoreRunParams(
        run_id=str(run_id),
        declaration_id=coverage.declaration_id,
        consumer_id=principal.id,
        server=coverage.server,
        group=coverage.group,
        backup_type=coverage.backup_type,
        intent=coverage.intent,
        snapshot_id=data.snapshot_id,
    )
    try:
        async with transaction() as conn:
            server_id = await conn.fetchval("select id from restore_server where name = $1", coverage.server)
            job_id = await external.create_external_job(
                conn,
                kind=run_kind,
                params=params,
                reason=f"{coverage.intent} restore of {coverage.server} ({coverage.backup_type}) "
                f"from snapshot {data.snapshot_id}",
                created_by=principal.id,
                created_by_name=principal.name,
                event={"restore_run_id": str(run_id)},
            )
            await conn.execute(
                """
                insert into restore_run (id, job_id, declaration, consumer_id, server, server_name,
                  group_name, backup_type, intent, snapshot_id, environment, status, counts, message,
                  idempotency_key, request_hash, created_at, updated_at, finished_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', null, null, $12, $13,
                  now(), now(), null)
                """,
                run_id,
                job_id,
                declaration_id,
                principal.id,
                server_id,
                coverage.server,
                coverage.group,
                coverage.backup_type,
                coverage.intent,
                data.snapshot_id,
                environment,
                idempotency_key,
                digest,
            )
            await audit_run(
                principal,
                "restore.run.open",
                run_id,
                {
                    "job_id": str(job_id),
                    "declaration_id": coverage.declaration_id,
                    "server": coverage.server,
                    "backup_type": coverage.backup_type,
                    "intent": coverage.intent,
                    "snapshot_id": data.snapshot_id,
                    "idempotency_key": idempotency_key,
                },
            )
    except asyncpg.UniqueViolationError as exc:
        if exc.constraint_name != "restore_run_idempotency":
            raise
        # a concurrent request with the same key won: return its run
        async with transaction() as conn:
            winner = await _replay(conn, principal.id, idempotency_key, digest)
        assert winner is not None
        return OpenedRun(
            detail=await get_run(winner, principal=principal, environment=environment), replayed=True
        )
    return OpenedRun(
        detail=await get_run(run_id, principal=principal, environment=environment), replayed=False
    )


# --- patch ----------------------------------------------------------------------------------

_ALLOWED: dict[str, frozenset[str]] = {
    "queued": frozenset({"running", "succeeded", "failed", "cancelled"}),
    "running": frozenset({"succeeded", "failed", "cancelled"}),
}


async def _settle_operator_cancel(
    run_id: uuid.UUID, principal: PrincipalLike, run_kind: JobKind, store: ObjectStore
) -> bool:
    """When an operator cancelled the run's job (``POST /api/v1/jobs/{id}/cancel`` leaves an
    external job ``cancelling``), the agent's next report ends the run and the job ``cancelled``.
    True when that happened now or before."""
    async with transaction() as conn:
        row = await own_run(conn, run_id, principal)
        cancel = await external.pending_cancel(conn, row["job_id"])
        if cancel is None:
            return False
        if row["status"] not in TERMINAL_RUN_STATUSES:
            await conn.execute(
                "update restore_run set status = 'cancelled', updated_at = now(), finished_at = now() where id = $1",
                run_id,
            )
        await external.finish_job(conn, row["job_id"], kind=run_kind, status="cancelled")
        await audit_run(
            principal,
            "restore.run.update",
            run_id,
            {"from": row["status"], "to": "cancelled", "cancelled_by": cancel.requested_by},
        )
    await external.write_receipt(row["job_id"], store)
    return True


def _sha256_text(text: str | None) -> str | None:
    return hashlib.sha256(text.encode()).hexdigest() if text is not None else None


def _update_details(
    current: str,
    new_status: str,
    stored_counts: Any,
    counts: Any,
    stored_message: str | None,
    message: str | None,
) -> dict[str, Any]:
    """The audit details of a run report: the changed fields, a status change, counts before and
    after, and the message's sha256 before and after (its text stays out of the append-only log:
    an agent may have written something there that must be removable)."""
    details: dict[str, Any] = {}
    changed: list[str] = []
    if new_status != current:
        changed.append("status")
        details.update({"from": current, "to": new_status})
    if counts != stored_counts:
        changed.append("counts")
        details["counts"] = {"before": stored_counts, "after": counts}
    if message != stored_message:
        changed.append("message")
        details["message"] = {
            "before_sha256": _sha256_text(stored_message),
            "after_sha256": _sha256_text(message),
            "length": len(message or ""),
        }
    return {"changed": changed, **details}


async def patch_run(
    run_id_text: str,
    patch: RestoreRunPatch,
    *,
    principal: PrincipalLike,
    environment: str,
    run_kind: JobKind,
    store: ObjectStore,
) -> RestoreRunDetail:
    """Report a run's status, counts and message; drives the run's job timeline."""
    run_id = parse_run_id(run_id_text)
    finished_job = False
    if await _settle_operator_cancel(run_id, principal, run_kind, store):
        raise Conflict(f"Restore run {run_id} was cancelled by an operator (its job was cancelled); stop it.")
    async with transaction() as conn:
        row = await own_run(conn, run_id, principal)
        job_id: uuid.UUID = row["job_id"]
        current: str = row["status"]
        new_status = current if isinstance(patch.status, msgspec.UnsetType) else patch.status
        if new_status != current and new_status not in _ALLOWED.get(current, frozenset()):
            raise Conflict(f"Restore run {run_id} is {current}; it cannot become {new_status}.")
        changed = new_status != current
        stored_counts = decode_jsonb(row["counts"])
        counts = stored_counts
        if not isinstance(patch.counts, msgspec.UnsetType):
            counts = msgspec.to_builtins(patch.counts)
        message = row["message"] if isinstance(patch.message, msgspec.UnsetType) else patch.message
        if not changed and counts == stored_counts and message == row["message"]:
            return await run_detail(conn, row, principal, environment)
        if current in TERMINAL_RUN_STATUSES and not changed:
            raise Conflict(f"Restore run {run_id} already ended ({current}); its report is final.")
        await conn.execute(
            """
            update restore_run set status = $2::text, counts = $3::jsonb, message = $4, updated_at = now(),
              finished_at = case when $2::text in ('succeeded', 'failed', 'cancelled') then now() end
            where id = $1
            """,
            run_id,
            new_status,
            json.dumps(counts) if counts is not None else None,
            message,
        )
        if not isinstance(patch.message, msgspec.UnsetType) and patch.message:
            await external.append_log(conn, job_id, patch.message, kind=run_kind, step_name="restore")
        if changed:
            if new_status == "running":
                await external.start_step(conn, job_id, "restore", kind=run_kind)
            elif new_status == "succeeded":
                await external.finish_step(
                    conn,
                    job_id,
                    "restore",
                    kind=run_kind,
                    outcome="succeeded",
                    output={"counts": counts} if counts else {},
                )
            elif new_status == "failed":
                await external.finish_step(
                    conn, job_id, "restore", kind=run_kind, outcome="failed", error=message or None
                )
                finished_job = await external.finish_job(conn, job_id, kind=run_kind, status="failed")
            else:
                finished_job = await external.finish_job(conn, job_id, kind=run_kind, status="cancelled")
        await audit_run(
            principal,
            "restore.run.update",
            run_id,
            _update_details(current, new_status, stored_counts, counts, row["message"], message),
        )
        row = await own_run(conn, run_id, principal)
        detail = await run_detail(conn, row, principal, environment)
    if finished_job:
        await external.write_receipt(job_id, store)
    return detail
