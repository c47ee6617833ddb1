"""Restore runs: a consumer opens a run for one of its worklist items (an external
``restore.run`` job, so the run has the engine's timeline), reports status and counts, uploads
evidence (stored in the object store under ``evidence/<run id>/<sha256>``) and closes the loop
with a verification outcome, which feeds per-server restore health and its alerts.

Isolation: a consumer reads and writes only its own runs; another consumer's run is a 404 (its
existence is not revealed). Viewers (and up) read every run; nobody but the owning consumer
writes one. Every change is idempotent and audited in the transaction that makes it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any, Literal

import asyncpg
import msgspec

from lifeboat.audit.service import append_audit
from lifeboat.core.authz import PrincipalLike, allows, has_role
from lifeboat.core.errors import (
    Conflict,
    DomainError,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    Unavailable,
    Unprocessable,
)
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.core.text import MULTILINE_TEXT_PATTERN
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs import external
from lifeboat.jobs.definitions import JobKind
from lifeboat.jobs.permissions import JOBS_READ
from lifeboat.jobs.service import transaction
from lifeboat.restore.catalog.models import AwareDatetime, BackupType, ServerName, SnapshotId
from lifeboat.restore.decision import (
    DecisionBlock,
    DecisionState,
    EvidenceFacts,
    OperationFacts,
    RestoreRunFacts,
    RunCounts,
    ViewerScope,
    resolve_restore_decision,
)
from lifeboat.restore.health.service import reconcile_server_alerts
from lifeboat.restore.jobs import RestoreRunParams
from lifeboat.restore.replicas.models import Intent
from lifeboat.restore.replicas.worklist import covering_declaration
from lifeboat.store.objects import ObjectStore, ObjectStoreError

RunStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
ReportedStatus = Literal["running", "succeeded", "failed", "cancelled"]
EvidenceState = Literal["queued", "generating", "active", "superseded"]
TERMINAL_RUN_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})
Count = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
Message = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        pattern=MULTILINE_TEXT_PATTERN,
        description="A progress or failure message (no control or bidi characters but line feeds).",
    ),
]


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "payload-too-large"
    title = "Request body too large"


class UnsupportedEvidenceType(DomainError):
    status_code = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


#: The only media types evidence is stored and served with: data, never a page a browser runs
#: (text/html, image/svg+xml and the like are refused with 415).
EVIDENCE_MEDIA_TYPES: frozenset[str] = frozenset(
    {"application/json", "text/plain", "application/octet-stream"}
)


# --- API shapes -----------------------------------------------------------------------------


class RestoreRunOpen(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Open a run for one item of the caller's worklist (its declaration, server, backup type and
    intent must be exactly a worklist item: 403 when nothing of the caller's covers the server,
    422 when the declaration is not the one the worklist names or the snapshot is not a
    successful backup reported for the server and backup type)."""

    declaration_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    server: ServerName
    backup_type: BackupType
    intent: Intent
    snapshot_id: SnapshotId


class RestoreRunCounts(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Aggregate counts of a run. A count not reported stays unknown (null), never 0."""

    items_total: Count | None = None
    items_restored: Count | None = None
    items_failed: Count | None = None
    items_skipped: Count | None = None
    items_partial: Count | None = None
    items_not_applied: Count | None = None
    bytes_restored: Count | None = None
    duration_seconds: Annotated[float, msgspec.Meta(ge=0, le=10**9)] | None = None


class RestoreRunPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Report progress: a status (queued -> running -> succeeded/failed/cancelled; the same
    status again is a no-op), counts (replace the reported ones) and a message."""

    status: ReportedStatus | msgspec.UnsetType = msgspec.UNSET
    counts: RestoreRunCounts | msgspec.UnsetType = msgspec.UNSET
    message: Message | msgspec.UnsetType = msgspec.UNSET


class VerificationReport(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The verification outcome of a finished run: closes the loop (ends the run's job) and
    feeds the server's restore health. The same report again is a 200 replay. ``snapshot_id``
    is the run's snapshot; the times lie between the run's opening and the server's now (5
    minutes' clock skew allowed), else 422. Health orders outcomes by the server's
    ``recorded_at``, never by these times."""

    outcome: Literal["success", "failure"]
    snapshot_id: SnapshotId
    started_at: AwareDatetime
    finished_at: AwareDatetime
    details: dict[str, Any] | None = None


class RestoreRun(msgspec.Struct, frozen=True, kw_only=True):
    """A restore run as reported by its consumer."""

    id: str
    job_id: str
    declaration_id: str | None
    consumer_id: str
    server: str
    group: str
    backup_type: str
    intent: str
    snapshot_id: str
    status: RunStatus
    counts: RestoreRunCounts | None
    message: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class Evidence(msgspec.Struct, frozen=True, kw_only=True):
    """One evidence snapshot of a run (content at ``content_url``; ``sha256`` of the bytes)."""

    id: str
    run_id: str
    job_id: str
    state: EvidenceState
    sha256: str
    size_bytes: int
    content_type: str
    content_url: str
    created_at: datetime
    updated_at: datetime


class Verification(msgspec.Struct, frozen=True, kw_only=True):
    """The verification outcome that closed a run."""

    outcome: Literal["success", "failure"]
    snapshot_id: str
    started_at: datetime
    finished_at: datetime
    details: dict[str, Any] | None
    recorded_at: datetime
    recorded_by: str


class RestoreRunDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A run, decision first (seed 004): what the operator should conclude and do, then the run,
    its job (timeline at /api/v1/jobs/{job_id}), its evidence and its verification."""

    decision: DecisionBlock
    run: RestoreRun
    job_id: str
    evidence: list[Evidence]
    verification: Verification | None


class RunDecisionSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A run's decision in a list: the state, its label and why (the whole block is on the run)."""

    state: DecisionState
    label: str
    reason: str


class RestoreRunListItem(RestoreRun, frozen=True, kw_only=True):
    """A run in a list, with its decision for the caller (resolved as for the run's own page)."""

    decision: RunDecisionSummary


class RestoreRunPage(msgspec.Struct, frozen=True):
    """A page of runs, newest first."""

    items: list[RestoreRunListItem]
    next_cursor: str | None


class OpenedRun(msgspec.Struct, frozen=True):
    detail: RestoreRunDetail
    replayed: bool


class StoredEvidence(msgspec.Struct, frozen=True):
    evidence: Evidence
    created: bool


# --- helpers --------------------------------------------------------------------------------


def reads_every_run(principal: PrincipalLike, environment: str) -> bool:
    """Viewers and up read every run; a consumer reads only its own."""
    return has_role(principal, "viewer", environment)


def _parse_run_id(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise NotFound(f"No restore run {value}.") from exc


def _to_run(row: asyncpg.Record) -> RestoreRun:
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


def _to_evidence(row: asyncpg.Record) -> Evidence:
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


def _to_verification(row: asyncpg.Record) -> Verification:
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


async def _visible_run(
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


async def _own_run(
    conn: asyncpg.Connection, run_id: uuid.UUID, principal: PrincipalLike, *, for_update: bool = True
) -> asyncpg.Record:
    """The caller's own run, locked; another consumer's run is a 404."""
    row = await conn.fetchrow(_RUN_FOR_UPDATE if for_update else _RUN, run_id)
    if row is None or row["consumer_id"] != principal.id:
        raise NotFound(f"No restore run {run_id}.")
    return row


async def _audit(
    principal: PrincipalLike,
    action: str,
    run_id: uuid.UUID,
    details: dict[str, Any],
    reason: str | None = None,
) -> None:
    await append_audit(
        actor_id=principal.id,
        actor_name=principal.name,
        action=action,
        target=f"restore_run:{run_id}",
        reason=reason,
        details=details,
    )


def _open_digest(data: RestoreRunOpen) -> str:
    return hashlib.sha256(msgspec.json.encode(data, order="sorted")).hexdigest()


# An agent's clock may be this far ahead of (or behind) the server's: verification times beyond
# it are refused, never believed.
VERIFICATION_CLOCK_SKEW = timedelta(minutes=5)


async def _is_reported_snapshot(
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


def _unknown_snapshot(server: str, backup_type: str, snapshot_id: str) -> Unprocessable:
    return Unprocessable(
        f"Snapshot {snapshot_id!r} is not a successful backup reported for {server} ({backup_type}); "
        "restore a snapshot from your worklist.",
        errors=[FieldError(field="snapshot_id", message="not a reported backup of this server and type")],
    )


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
        reported = await _is_reported_snapshot(conn, coverage.server, coverage.backup_type, data.snapshot_id)
    if not reported:
        raise _unknown_snapshot(coverage.server, coverage.backup_type, data.snapshot_id)
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
            await _audit(
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
        row = await _own_run(conn, run_id, principal)
        job = await conn.fetchrow("select status, cancel_requested_by from job where id = $1", row["job_id"])
        if job is None or job["status"] != "cancelling":
            return False
        if row["status"] not in TERMINAL_RUN_STATUSES:
            await conn.execute(
                "update restore_run set status = 'cancelled', updated_at = now(), finished_at = now() where id = $1",
                run_id,
            )
        await external.finish_job(conn, row["job_id"], kind=run_kind, status="cancelled")
        await _audit(
            principal,
            "restore.run.update",
            run_id,
            {"from": row["status"], "to": "cancelled", "cancelled_by": job["cancel_requested_by"]},
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
    run_id = _parse_run_id(run_id_text)
    finished_job = False
    if await _settle_operator_cancel(run_id, principal, run_kind, store):
        raise Conflict(f"Restore run {run_id} was cancelled by an operator (its job was cancelled); stop it.")
    async with transaction() as conn:
        row = await _own_run(conn, run_id, principal)
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
            return await _detail(conn, row, principal, environment)
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
        await _audit(
            principal,
            "restore.run.update",
            run_id,
            _update_details(current, new_status, stored_counts, counts, row["message"], message),
        )
        row = await _own_run(conn, run_id, principal)
        detail = await _detail(conn, row, principal, environment)
    if finished_job:
        await external.write_receipt(job_id, store)
    return detail


# --- evidence -------------------------------------------------------------------------------


def evidence_key(run_id: uuid.UUID | str, sha256: str) -> str:
    """Where a run's evidence lives in the object store."""
    return f"evidence/{run_id}/{sha256}"


def evidence_media_type(content_type: str | None) -> str:
    """The bare media type of an evidence upload (parameters dropped, lower case); 415 unless it
    is one of EVIDENCE_MEDIA_TYPES (a missing type included)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type not in EVIDENCE_MEDIA_TYPES:
        allowed = ", ".join(sorted(EVIDENCE_MEDIA_TYPES))
        raise UnsupportedEvidenceType(
            f"Evidence is stored only as {allowed} (got {media_type[:100] or 'no content type'})."
        )
    return media_type


def served_evidence_type(stored: str) -> str:
    """The type evidence is served with: its stored type when allowed, else application/octet-stream
    (rows stored before uploads were restricted may name anything)."""
    media_type = stored.split(";")[0].strip().lower()
    return media_type if media_type in EVIDENCE_MEDIA_TYPES else "application/octet-stream"


def evidence_file_name(evidence: Evidence) -> str:
    """The download name of an evidence snapshot: its id and an extension for its served type."""
    extension = {"application/json": "json", "text/plain": "txt"}.get(
        served_evidence_type(evidence.content_type), "bin"
    )
    return f"evidence-{evidence.id}.{extension}"


def evidence_from_multipart(body: bytes, content_type: str) -> tuple[bytes, str]:
    """The file part of a multipart/form-data body (the part named ``file``, else the first
    part with a filename) and its declared content type ("" when the part declares none)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + body
    )
    if not message.is_multipart():
        raise InvalidInput("The multipart body could not be parsed.")
    chosen = None
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name == "file":
            chosen = part
            break
        if chosen is None and part.get_filename():
            chosen = part
    if chosen is None:
        raise InvalidInput(
            "Send the evidence as the multipart part named 'file'.",
            errors=[FieldError(field="file", message="missing")],
        )
    payload = chosen.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    # get_content_type() would answer text/plain for a part without one; a missing type is refused.
    return data, chosen.get_content_type() if chosen.get("content-type") else ""


async def add_evidence(
    run_id_text: str,
    data: bytes,
    content_type: str,
    *,
    principal: PrincipalLike,
    run_kind: JobKind,
    store: ObjectStore,
) -> StoredEvidence:
    """Store evidence for the caller's run: queued -> generating (uploading) -> active; the
    previous active snapshot becomes superseded. The same bytes again return the stored one.
    Only EVIDENCE_MEDIA_TYPES are stored (415 otherwise, nothing written)."""
    content_type = evidence_media_type(content_type)
    run_id = _parse_run_id(run_id_text)
    sha256 = hashlib.sha256(data).hexdigest()
    key = evidence_key(run_id, sha256)
    async with transaction() as conn:
        run = await _own_run(conn, run_id, principal)
        existing = await conn.fetchrow(
            "select * from restore_evidence where run = $1 and sha256 = $2", run_id, sha256
        )
        if existing is not None and existing["state"] in ("active", "superseded"):
            return StoredEvidence(evidence=_to_evidence(existing), created=False)
        job_status = await conn.fetchval("select status from job where id = $1", run["job_id"])
        if job_status != "running":
            raise Conflict(f"Restore run {run_id} is closed ({run['status']}); it takes no more evidence.")
        if existing is None:
            evidence_id = new_id()
            await conn.execute(
                """
                insert into restore_evidence (id, run, job_id, state, sha256, size_bytes, content_type,
                  object_key, uploaded_by, created_at, updated_at)
                values ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, now(), now())
                """,
                evidence_id,
                run_id,
                run["job_id"],
                sha256,
                len(data),
                content_type,
                key,
                principal.id,
            )
            await external.start_step(conn, run["job_id"], "evidence", kind=run_kind)
        else:
            evidence_id = existing["id"]
    async with transaction() as conn:
        await conn.execute(
            "update restore_evidence set state = 'generating', updated_at = now() where id = $1 and state = 'queued'",
            evidence_id,
        )
    try:
        await store.put_bytes(key, data, content_type=content_type)
    except ObjectStoreError as exc:
        raise Unavailable("The object store did not take the evidence; send it again.") from exc
    async with transaction() as conn:
        run = await _own_run(conn, run_id, principal)
        row = await conn.fetchrow("select * from restore_evidence where id = $1 for update", evidence_id)
        assert row is not None
        if row["state"] != "active":
            await conn.execute(
                """
                update restore_evidence set state = 'superseded', updated_at = now()
                where run = $1 and state = 'active'
                """,
                run_id,
            )
            await conn.execute(
                "update restore_evidence set state = 'active', updated_at = now() where id = $1", evidence_id
            )
            if await conn.fetchval("select status from job where id = $1", run["job_id"]) == "running":
                await external.append_log(
                    conn,
                    run["job_id"],
                    f"evidence {sha256} stored ({len(data)} bytes)",
                    kind=run_kind,
                    step_name="evidence",
                    evidence_id=str(evidence_id),
                    sha256=sha256,
                )
                await external.finish_step(
                    conn,
                    run["job_id"],
                    "evidence",
                    kind=run_kind,
                    outcome="succeeded",
                    output={"evidence_id": str(evidence_id), "sha256": sha256},
                )
            await _audit(
                principal,
                "restore.run.evidence",
                run_id,
                {"evidence_id": str(evidence_id), "sha256": sha256, "size_bytes": len(data)},
            )
        row = await conn.fetchrow("select * from restore_evidence where id = $1", evidence_id)
        assert row is not None
    return StoredEvidence(evidence=_to_evidence(row), created=True)


async def list_evidence(run_id_text: str, *, principal: PrincipalLike, environment: str) -> list[Evidence]:
    """A run's evidence snapshots, newest first."""
    run_id = _parse_run_id(run_id_text)
    async with transaction() as conn:
        await _visible_run(conn, run_id, principal, environment)
        rows = await conn.fetch(
            "select * from restore_evidence where run = $1 order by created_at desc, id desc", run_id
        )
    return [_to_evidence(r) for r in rows]


async def evidence_content(
    run_id_text: str, evidence_id_text: str, *, principal: PrincipalLike, environment: str, store: ObjectStore
) -> tuple[Evidence, bytes]:
    """The stored bytes of one evidence snapshot (checked against its sha256)."""
    run_id = _parse_run_id(run_id_text)
    try:
        evidence_id = uuid.UUID(evidence_id_text)
    except ValueError as exc:
        raise NotFound(f"No evidence {evidence_id_text} in run {run_id}.") from exc
    async with transaction() as conn:
        await _visible_run(conn, run_id, principal, environment)
        row = await conn.fetchrow(
            "select * from restore_evidence where id = $1 and run = $2 and state in ('active', 'superseded')",
            evidence_id,
            run_id,
        )
    if row is None:
        raise NotFound(f"No evidence {evidence_id} in run {run_id}.")
    try:
        data = await store.get_bytes(row["object_key"])
    except ObjectStoreError as exc:
        raise Unavailable("The object store could not be read; try again.") from exc
    if data is None or hashlib.sha256(data).hexdigest() != row["sha256"]:
        raise Unavailable(f"The stored evidence {evidence_id} is missing or does not match its sha256.")
    return _to_evidence(row), data


# --- verification ---------------------------------------------------------------------------


async def _check_verification_facts(
    conn: asyncpg.Connection, run: asyncpg.Record, report: VerificationReport
) -> None:
    """422 unless the report is about the run's own snapshot (a reported backup of its server and
    type) and its times lie between the run's opening and the server's now, give or take
    :data:`VERIFICATION_CLOCK_SKEW` (the database's clock: the one ``recorded_at`` uses)."""
    if report.snapshot_id != run["snapshot_id"]:
        raise Unprocessable(
            f"This run restores snapshot {run['snapshot_id']!r}; its verification cannot be about another.",
            errors=[FieldError(field="snapshot_id", message="differs from the run's snapshot")],
        )
    if not await _is_reported_snapshot(conn, run["server_name"], run["backup_type"], report.snapshot_id):
        raise _unknown_snapshot(run["server_name"], run["backup_type"], report.snapshot_id)
    now: datetime = await conn.fetchval("select now()")
    latest = now + VERIFICATION_CLOCK_SKEW
    earliest = run["created_at"] - VERIFICATION_CLOCK_SKEW
    skew_min = int(VERIFICATION_CLOCK_SKEW.total_seconds() // 60)
    for field, value in (("started_at", report.started_at), ("finished_at", report.finished_at)):
        if value > latest:
            raise Unprocessable(
                f"{field} is more than {skew_min} minutes after the server's time ({now.isoformat()}); "
                "check the agent's clock.",
                errors=[FieldError(field=field, message="in the future")],
            )
        if value < earliest:
            raise Unprocessable(
                f"{field} is before the run was opened ({run['created_at'].isoformat()}); a verification "
                "reports this run's restore.",
                errors=[FieldError(field=field, message="before the run was opened")],
            )


async def record_verification(
    run_id_text: str,
    report: VerificationReport,
    *,
    principal: PrincipalLike,
    environment: str,
    run_kind: JobKind,
    delivery_kind: JobKind,
    store: ObjectStore,
) -> tuple[RestoreRunDetail, bool]:
    """Record the verification outcome of the caller's finished run: ends its job (succeeded
    when the run succeeded and the outcome is a success, else failed) and re-evaluates the
    server's health and alerts. Returns (detail, created)."""
    run_id = _parse_run_id(run_id_text)
    if report.finished_at < report.started_at:
        raise Unprocessable(
            "finished_at is before started_at.",
            errors=[FieldError(field="finished_at", message="must not be before started_at")],
        )
    details_json = json.dumps(report.details) if report.details is not None else None
    if details_json is not None and ("\\u0000" in details_json or len(details_json) > 65_536):
        raise InvalidInput(
            "details must be at most 64 KiB of JSON without NUL characters.",
            errors=[FieldError(field="details", message="too large or contains NUL")],
        )
    finished_job = False
    async with transaction() as conn:
        run = await _own_run(conn, run_id, principal)
        existing = await conn.fetchrow("select * from restore_verification where run = $1", run_id)
        if existing is not None:
            same = (
                existing["outcome"] == report.outcome
                and existing["snapshot_id"] == report.snapshot_id
                and existing["started_at"] == report.started_at
                and existing["finished_at"] == report.finished_at
                and decode_jsonb(existing["details"]) == report.details
            )
            if not same:
                raise Conflict(f"Restore run {run_id} already has a different verification outcome.")
            return await _detail(conn, run, principal, environment), False
        if run["status"] not in ("succeeded", "failed"):
            raise Conflict(
                f"Restore run {run_id} is {run['status']}: report it succeeded or failed before its verification."
            )
        await _check_verification_facts(conn, run, report)
        await conn.execute(
            """
            insert into restore_verification (id, run, server, outcome, snapshot_id, started_at,
              finished_at, details, recorded_at, recorded_by)
            values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, now(), $9)
            """,
            new_id(),
            run_id,
            run["server"],
            report.outcome,
            report.snapshot_id,
            report.started_at,
            report.finished_at,
            details_json,
            principal.id,
        )
        job_id: uuid.UUID = run["job_id"]
        if await conn.fetchval("select status from job where id = $1", job_id) == "running":
            await external.finish_step(
                conn,
                job_id,
                "verify",
                kind=run_kind,
                outcome="succeeded" if report.outcome == "success" else "failed",
                error=None if report.outcome == "success" else "verification failed",
                output={"outcome": report.outcome, "snapshot_id": report.snapshot_id},
            )
            ok = run["status"] == "succeeded" and report.outcome == "success"
            finished_job = await external.finish_job(
                conn, job_id, kind=run_kind, status="succeeded" if ok else "failed"
            )
        raised: list[str] = []
        cleared: list[str] = []
        if run["server"] is not None:
            r, c = await reconcile_server_alerts(
                conn, run["server"], delivery_kind=delivery_kind, environment=environment
            )
            raised, cleared = list(r), list(c)
        await _audit(
            principal,
            "restore.run.verification",
            run_id,
            {
                "outcome": report.outcome,
                "snapshot_id": report.snapshot_id,
                "alerts_raised": raised,
                "alerts_cleared": cleared,
            },
        )
        detail = await _detail(conn, run, principal, environment)
    if finished_job:
        await external.write_receipt(job_id, store)
    return detail, True


# --- reads ----------------------------------------------------------------------------------


def _decide(
    run_row: asyncpg.Record,
    run: RestoreRun,
    evidence: list[Evidence],
    job_status: str | None,
    principal: PrincipalLike,
    environment: str,
) -> DecisionBlock:
    """The decision block of one run for this caller (seed 004's resolver over its facts)."""
    counts = run.counts
    facts = RestoreRunFacts(
        id=run.id,
        status=run.status,
        environment=run_row["environment"],
        operation_id=run.job_id,
        counts=msgspec.convert(msgspec.to_builtins(counts), RunCounts) if counts is not None else None,
        has_item_rows=False,
    )
    operation = (
        OperationFacts(
            id=run.job_id,
            status=job_status,  # type: ignore[arg-type]  # a JobStatus, a subset of OperationStatus
            environment=run_row["environment"],
            visible_to_viewer=allows(JOBS_READ, principal, environment),
        )
        if job_status is not None
        else None
    )
    evidence_facts = [
        EvidenceFacts(
            id=e.id,
            state=e.state,
            environment=run_row["environment"],
            operation_id=e.job_id,
            visible_to_viewer=True,  # the caller may read the run, so its evidence
            created_at=e.created_at,
        )
        for e in evidence
    ]
    return resolve_restore_decision(
        facts, operation, evidence_facts, ViewerScope(environment=environment, authorized=True)
    )


async def _detail(
    conn: asyncpg.Connection, run_row: asyncpg.Record, principal: PrincipalLike, environment: str
) -> RestoreRunDetail:
    run_row = await conn.fetchrow("select * from restore_run where id = $1", run_row["id"]) or run_row
    run = _to_run(run_row)
    evidence_rows = await conn.fetch(
        "select * from restore_evidence where run = $1 order by created_at desc, id desc", run_row["id"]
    )
    verification_row = await conn.fetchrow("select * from restore_verification where run = $1", run_row["id"])
    job_status: str | None = await conn.fetchval("select status from job where id = $1", run_row["job_id"])
    evidence = [_to_evidence(r) for r in evidence_rows]
    return RestoreRunDetail(
        decision=_decide(run_row, run, evidence, job_status, principal, environment),
        run=run,
        job_id=run.job_id,
        evidence=evidence,
        verification=_to_verification(verification_row) if verification_row is not None else None,
    )


async def get_run(run_id: uuid.UUID | str, *, principal: PrincipalLike, environment: str) -> RestoreRunDetail:
    """One run, decision first (404 when the caller may not read it)."""
    parsed = run_id if isinstance(run_id, uuid.UUID) else _parse_run_id(run_id)
    async with transaction() as conn:
        row = await _visible_run(conn, parsed, principal, environment)
        return await _detail(conn, row, principal, environment)


async def list_runs(
    *,
    principal: PrincipalLike,
    environment: str,
    server: str | None = None,
    group: str | None = None,
    status: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> RestoreRunPage:
    """Runs newest first; a consumer sees only its own."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after: uuid.UUID | None = None
    if position is not None:
        try:
            after = uuid.UUID(position.id)
        except ValueError as exc:
            raise InvalidCursor() from exc
    only = None if reads_every_run(principal, environment) else principal.id
    async with transaction() as conn:
        rows = await conn.fetch(
            """
            select * from restore_run
            where ($1::text is null or consumer_id = $1)
              and ($2::text is null or server_name = $2)
              and ($3::text is null or group_name = $3)
              and ($4::text is null or status = $4)
              and ($5::uuid is null or id < $5)
            order by id desc
            limit $6
            """,
            only,
            server,
            group,
            status,
            after,
            size + 1,
        )
        page = rows[:size]
        # The page's decisions in two more queries (not one detail per run).
        evidence_rows = await conn.fetch(
            "select * from restore_evidence where run = any($1::uuid[]) order by created_at desc, id desc",
            [r["id"] for r in page],
        )
        job_rows = await conn.fetch(
            "select id, status from job where id = any($1::uuid[])", [r["job_id"] for r in page]
        )
    evidence_by_run: dict[str, list[Evidence]] = {}
    for row in evidence_rows:
        evidence_by_run.setdefault(str(row["run"]), []).append(_to_evidence(row))
    job_status = {str(r["id"]): r["status"] for r in job_rows}
    items: list[RestoreRunListItem] = []
    for row in page:
        run = _to_run(row)
        block = _decide(
            row, run, evidence_by_run.get(run.id, []), job_status.get(run.job_id), principal, environment
        )
        items.append(
            RestoreRunListItem(
                **msgspec.structs.asdict(run),
                decision=RunDecisionSummary(state=block.state, label=block.label, reason=block.reason),
            )
        )
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].id, id=items[-1].id))
    return RestoreRunPage(items=items, next_cursor=next_cursor)
