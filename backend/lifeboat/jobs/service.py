"""Job rules and transactions: create (idempotent, scope-locked), plan, list/get, cancel, approve,
engine pause/resume, and the event timeline.

``lifeboat.jobs`` imports no domain: the acting principal arrives as an ``Actor`` (id + name)
and auditing as an ``AuditSink`` callback wired by the app, which joins the caller's transaction
so a job change and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import asyncpg
import msgspec

from lifeboat.core.clock import utcnow
from lifeboat.core.context import current_correlation_id, current_request_id
from lifeboat.core.errors import (
    Conflict,
    FieldError,
    Forbidden,
    InvalidInput,
    NotFound,
    PreconditionFailed,
    ScopeLocked,
    Unprocessable,
)
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor

# Re-exported until restore/ imports them from lifeboat.db.access (issue 11's merge).
from lifeboat.db.access import connection as connection
from lifeboat.db.access import transaction as transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs.definitions import CancelContext, JobKind, KindRegistry, action_role, observe_and_plan
from lifeboat.jobs.ledger import append_job_event
from lifeboat.jobs.models import (
    ACTIVE_STATUSES,
    TERMINAL_STATUSES,
    EngineState,
    Job,
    JobCreate,
    JobDetail,
    JobEventOut,
    JobFilter,
    JobPage,
    JobPlan,
    JobStep,
    StepAttempt,
)

ENGINE_NAME = "default"


class Actor(msgspec.Struct, frozen=True):
    """Who acts on a job, as the audit log names them."""

    id: str
    name: str


class AuditSink(Protocol):
    """Append one audit row (joining the caller's transaction)."""

    async def __call__(
        self,
        *,
        actor_id: str,
        actor_name: str,
        action: str,
        target: str,
        reason: str | None,
        details: dict[str, Any],
        outcome: str = "success",
    ) -> object: ...


@dataclass(frozen=True)
class ActionAuthority:
    """What authorizing an action on an existing job needs: the registry (the job's kind, hence
    the role that kind requires) and whether the acting principal holds a role in this
    environment (the API passes a check of its bindings)."""

    registry: KindRegistry
    environment: str
    holds_role: Callable[[str], bool]


class CreatedJob(msgspec.Struct, frozen=True):
    """The job a create request resolved to, and whether it was an idempotent replay."""

    detail: JobDetail
    replayed: bool


class ScopeTaken(Exception):
    """Another active job holds this lock scope."""

    def __init__(self, scope: str) -> None:
        self.scope = scope


def kind_name_of(request: JobCreate) -> str:
    """The ``kind`` tag of a create request."""
    tag = type(request).__struct_config__.tag
    assert isinstance(tag, str)
    return tag


def resolve_kind(registry: KindRegistry, name: str) -> JobKind:
    """The registered kind called ``name`` (400 when unknown)."""
    kind = registry.get(name)
    if kind is None:
        raise InvalidInput(
            f"Unknown job kind {name!r}.", errors=[FieldError(field="kind", message="not registered")]
        )
    return kind


def request_hash(kind: str, params: msgspec.Struct, dry_run: bool) -> str:
    """What an idempotency key is bound to: kind, canonical params and dry_run (not the reason)."""
    canonical = msgspec.json.encode({"kind": kind, "params": params, "dry_run": dry_run}, order="sorted")
    return hashlib.sha256(canonical).hexdigest()


async def plan_job(request: JobCreate, registry: KindRegistry) -> JobPlan:
    """The deterministic plan of a create request (after the kind's observation); creates nothing."""
    return await observe_and_plan(resolve_kind(registry, kind_name_of(request)), request.params)


def refuse_failed_gates(plan: JobPlan) -> None:
    """412 naming every failing preflight gate (each with its own problem ``type``)."""
    failed = [g for g in plan.gates if not g.ok]
    if failed:
        raise PreconditionFailed(
            f"Preflight gates failed: {', '.join(g.name for g in failed)}. Run a dry run to see the plan.",
            gates=[(g.name, g.detail) for g in failed],
        )


async def _replayed(actor: Actor, idempotency_key: str, digest: str) -> CreatedJob | None:
    """The job an earlier request with this key created (422 when that request differed)."""
    async with transaction() as conn:
        existing = await conn.fetchrow(
            "select request_hash, job_id from job_idempotency_key where principal_id = $1 and key = $2",
            actor.id,
            idempotency_key,
        )
        if existing is None:
            return None
        if existing["request_hash"] != digest:
            raise Unprocessable(
                "This Idempotency-Key was already used with a different request; use a new key."
            )
        return CreatedJob(detail=await load_job_detail(conn, existing["job_id"]), replayed=True)


def _job(row: asyncpg.Record) -> Job:
    return Job(
        id=str(row["id"]),
        kind=row["kind"],
        status=row["status"],
        params=decode_jsonb(row["params"]),
        reason=row["reason"],
        dry_run=row["dry_run"],
        mutating=row["mutating"],
        requires_approval=row["requires_approval"],
        lock_scope=row["lock_scope"],
        created_by=row["created_by"],
        created_by_name=row["created_by_name"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        approved_by=row["approved_by"],
        approved_at=row["approved_at"],
        cancel_requested_at=row["cancel_requested_at"],
        cancel_requested_by=row["cancel_requested_by"],
        cancel_reason=row["cancel_reason"],
        lease_epoch=int(row["lease_epoch"]),
        error=row["error"],
        receipt_url=f"/api/v1/jobs/{row['id']}/receipt" if row["status"] in TERMINAL_STATUSES else None,
        request_id=row["request_id"],
        correlation_id=row["correlation_id"],
    )


def _attempt(row: asyncpg.Record) -> StepAttempt:
    return StepAttempt(
        attempt=row["attempt"],
        lease_epoch=int(row["lease_epoch"]),
        worker=row["worker"],
        status=row["status"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        error_type=row["error_type"],
        error=row["error"],
        retry_in_s=row["retry_in_s"],
    )


async def load_job_detail(conn: asyncpg.Connection, job_id: uuid.UUID) -> JobDetail:
    """A job with its plan, steps and attempts (404 when missing)."""
    row = await conn.fetchrow("select * from job where id = $1", job_id)
    if row is None:
        raise NotFound(f"No job {job_id}.")
    steps = await conn.fetch("select * from job_step where job_id = $1 order by position", job_id)
    attempts = await conn.fetch(
        "select * from job_step_attempt where job_id = $1 order by position, attempt", job_id
    )
    return _detail_of(row, steps, attempts)


async def load_finished_job_details(
    conn: asyncpg.Connection, job_ids: list[uuid.UUID]
) -> dict[uuid.UUID, JobDetail]:
    """Several *finished* jobs with their steps and attempts, three statements for all of them.

    No transaction is needed: a job in a terminal state no longer changes (its lease is released,
    so every fenced write of a worker fails). Jobs that are missing or not finished are left out.
    """
    rows = await conn.fetch(
        "select * from job where id = any($1::uuid[]) and status = any($2::text[])",
        job_ids,
        list(TERMINAL_STATUSES),
    )
    ids = [r["id"] for r in rows]
    if not ids:
        return {}
    steps = await conn.fetch(
        "select * from job_step where job_id = any($1::uuid[]) order by job_id, position", ids
    )
    attempts = await conn.fetch(
        "select * from job_step_attempt where job_id = any($1::uuid[]) order by job_id, position, attempt",
        ids,
    )
    steps_of: dict[uuid.UUID, list[asyncpg.Record]] = {}
    for s in steps:
        steps_of.setdefault(s["job_id"], []).append(s)
    attempts_of: dict[uuid.UUID, list[asyncpg.Record]] = {}
    for a in attempts:
        attempts_of.setdefault(a["job_id"], []).append(a)
    return {r["id"]: _detail_of(r, steps_of.get(r["id"], []), attempts_of.get(r["id"], [])) for r in rows}


def _detail_of(row: asyncpg.Record, steps: list[asyncpg.Record], attempts: list[asyncpg.Record]) -> JobDetail:
    by_step: dict[int, list[StepAttempt]] = {}
    for a in attempts:
        by_step.setdefault(a["position"], []).append(_attempt(a))
    return JobDetail(
        job=_job(row),
        plan=msgspec.convert(decode_jsonb(row["plan"]), JobPlan),
        steps=[
            JobStep(
                position=s["position"],
                name=s["name"],
                status=s["status"],
                effect=s["effect"],
                timeout_s=s["timeout_s"],
                max_attempts=s["max_attempts"],
                attempts=by_step.get(s["position"], []),
                started_at=s["started_at"],
                finished_at=s["finished_at"],
                error=s["error"],
            )
            for s in steps
        ],
    )


def parse_job_id(value: str) -> uuid.UUID:
    """A job id from a path or header (404 for something that cannot be one)."""
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise NotFound(f"No job {value}.") from exc


async def get_job(job_id: uuid.UUID) -> JobDetail:
    """One job with its steps and attempts."""
    async with transaction() as conn:
        return await load_job_detail(conn, job_id)


async def insert_job(
    conn: asyncpg.Connection,
    *,
    job_id: uuid.UUID,
    kind: JobKind,
    status: str,
    params: msgspec.Struct,
    digest: str,
    plan: JobPlan,
    reason: str,
    dry_run: bool,
    scope: str | None,
    created_by: str,
    created_by_name: str,
    event: dict[str, Any] | None = None,
) -> None:
    """Insert a job, its steps (``skipped`` for a dry run) and its ``job.created`` event.

    Raises ``ScopeTaken`` when another active job holds ``scope`` (the partial unique index);
    the job insert runs in a savepoint so the caller's transaction stays usable.
    """
    try:
        async with conn.transaction():
            await conn.execute(
                """
                insert into job (id, kind, status, params, request_hash, plan, reason, dry_run,
                  mutating, requires_approval, lock_scope, created_by, created_by_name,
                  created_at, updated_at, run_after, finished_at, lease_epoch, last_event_seq,
                  request_id, correlation_id)
                values ($1, $2, $3, $4::jsonb, $5, $6::jsonb, $7, $8, $9, $10, $11, $12, $13,
                  now(), now(), now(), case when $8 then now() end, 0, 0, $14, $15)
                """,
                job_id,
                kind.name,
                status,
                msgspec.json.encode(params).decode(),
                digest,
                msgspec.json.encode(plan).decode(),
                reason,
                dry_run,
                kind.mutating,
                plan.requires_approval,
                scope,
                created_by,
                created_by_name,
                current_request_id(),
                current_correlation_id(),
            )
    except asyncpg.UniqueViolationError as exc:
        if scope is not None and exc.constraint_name == "job_active_scope_unique":
            raise ScopeTaken(scope) from exc
        raise
    await conn.executemany(
        """
        insert into job_step (id, job_id, position, name, status, timeout_s, max_attempts,
          attempts, effect)
        values ($1, $2, $3, $4, $5, $6, $7, 0, 'not_done')
        """,
        [
            (
                new_id(),
                job_id,
                s.position,
                s.name,
                "skipped" if dry_run else "pending",
                s.timeout_s,
                s.max_attempts,
            )
            for s in plan.steps
        ],
    )
    await append_job_event(
        conn,
        job_id,
        "job.created",
        {"status": status, "kind": kind.name, "dry_run": dry_run, **(event or {})},
    )


async def create_job(
    request: JobCreate,
    *,
    registry: KindRegistry,
    actor: Actor,
    idempotency_key: str,
    audit: AuditSink,
) -> CreatedJob:
    """Create a job once per (principal, idempotency key).

    Race-safe: the key row is inserted first with ``on conflict do nothing``, so concurrent
    duplicates wait on the first insert and then find its job. A second active job on the same
    lock scope violates the partial unique index: 409 naming the holder.
    """
    kind_name = kind_name_of(request)
    kind = resolve_kind(registry, kind_name)
    digest = request_hash(kind_name, request.params, request.dry_run)
    if kind.observe is not None:
        # A replay returns the original job without observing again: the world has moved on
        # (the migrate it started may have changed what its gates look at).
        replay = await _replayed(actor, idempotency_key, digest)
        if replay is not None:
            return replay
    plan = await observe_and_plan(kind, request.params)
    if not request.dry_run:
        refuse_failed_gates(plan)
    job_id = new_id()
    try:
        async with transaction() as conn:
            claimed = await conn.fetchval(
                """
                insert into job_idempotency_key (id, principal_id, key, request_hash, job_id, created_at)
                values ($1, $2, $3, $4, $5, now())
                on conflict (principal_id, key) do nothing
                returning job_id
                """,
                new_id(),
                actor.id,
                idempotency_key,
                digest,
                job_id,
            )
            if claimed is None:
                existing = await conn.fetchrow(
                    "select request_hash, job_id from job_idempotency_key where principal_id = $1 and key = $2",
                    actor.id,
                    idempotency_key,
                )
                assert existing is not None
                if existing["request_hash"] != digest:
                    raise Unprocessable(
                        "This Idempotency-Key was already used with a different request; use a new key."
                    )
                return CreatedJob(detail=await load_job_detail(conn, existing["job_id"]), replayed=True)
            if request.dry_run:
                status = "succeeded"
            elif plan.requires_approval:
                status = "awaiting_approval"
            else:
                status = "pending"
            scope = None if request.dry_run else plan.lock_scope
            await insert_job(
                conn,
                job_id=job_id,
                kind=kind,
                status=status,
                params=request.params,
                digest=digest,
                plan=plan,
                reason=request.reason,
                dry_run=request.dry_run,
                scope=scope,
                created_by=actor.id,
                created_by_name=actor.name,
            )
            await audit(
                actor_id=actor.id,
                actor_name=actor.name,
                action="job.dry_run" if request.dry_run else "job.create",
                target=f"job:{job_id}",
                reason=request.reason,
                details={
                    "kind": kind_name,
                    "status": status,
                    "lock_scope": scope,
                    "idempotency_key": idempotency_key,
                },
            )
            return CreatedJob(detail=await load_job_detail(conn, job_id), replayed=False)
    except ScopeTaken as taken:
        holder = await active_holder_of(taken.scope)
        async with transaction():
            await audit(
                actor_id=actor.id,
                actor_name=actor.name,
                action="job.create",
                target=f"scope:{taken.scope}",
                reason=request.reason,
                details={"kind": kind_name, "holder": holder},
                outcome="failure",
            )
        raise ScopeLocked(
            f"Scope {taken.scope} is held by active job {holder}; wait for it or cancel it.",
            holder=holder,
        ) from None


async def active_holder_of(scope: str) -> str | None:
    """The id of the active job holding ``scope``, if any."""
    async with transaction() as conn:
        value = await conn.fetchval(
            "select id from job where lock_scope = $1 and status = any($2::text[])",
            scope,
            list(ACTIVE_STATUSES),
        )
    return str(value) if value is not None else None


async def list_jobs(filters: JobFilter, *, limit: int | None, cursor: str | None) -> JobPage:
    """Jobs matching ``filters``, newest first (ids are time-ordered UUIDv7)."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after_id = parse_cursor_id(position.id) if position is not None else None
    async with transaction() as conn:
        rows = await conn.fetch(
            """
            select * from job
            where ($1::text is null or kind = $1)
              and ($2::text is null or status = $2)
              and ($3::text is null or lock_scope = $3)
              and ($4::text is null or created_by = $4 or created_by_name = $4)
              and ($5::timestamptz is null or created_at >= $5)
              and ($6::uuid is null or id < $6)
              and ($8::text is null or correlation_id = $8)
            order by id desc
            limit $7
            """,
            filters.kind,
            filters.status,
            filters.scope,
            filters.created_by,
            filters.since,
            after_id,
            size + 1,
            filters.correlation_id,
        )
    items = [_job(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].id, id=items[-1].id))
    return JobPage(items=items, next_cursor=next_cursor)


def parse_cursor_id(value: str) -> uuid.UUID:
    """The job id inside a cursor (400 when it is not one)."""
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise InvalidCursor() from exc


async def _locked_job(conn: asyncpg.Connection, job_id: uuid.UUID) -> asyncpg.Record:
    row = await conn.fetchrow("select * from job where id = $1 for update", job_id)
    if row is None:
        raise NotFound(f"No job {job_id}.")
    return row


_ACTION_VERBS = {"cancel": "Cancelling", "approve": "Approving"}


async def require_action_role(
    job_id: uuid.UUID,
    *,
    action: str,
    authority: ActionAuthority,
    actor: Actor,
    reason: str,
    audit: AuditSink,
) -> JobKind | None:
    """The job's kind, when the actor holds the role that kind needs (``action_role``) in this
    environment; otherwise the refusal is audited (outcome ``denied``) and 403. 404 when missing.
    A job's kind never changes, so checking before the action's own transaction is exact."""
    async with connection() as conn:
        kind_name: str | None = await conn.fetchval("select kind from job where id = $1", job_id)
    if kind_name is None:
        raise NotFound(f"No job {job_id}.")
    kind = authority.registry.get(kind_name)
    role = action_role(kind)
    if authority.holds_role(role):
        return kind
    async with transaction():
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action=f"job.{action}",
            target=f"job:{job_id}",
            reason=reason,
            details={"kind": kind_name, "required_role": role},
            outcome="denied",
        )
    raise Forbidden(
        f"{_ACTION_VERBS.get(action, action)} a {kind_name!r} job needs the {role} role in "
        f"{authority.environment!r} (the role that creates it)."
    )


async def cancel_job(
    job_id: uuid.UUID, *, actor: Actor, reason: str, audit: AuditSink, authority: ActionAuthority
) -> JobDetail:
    """Cancel a job: a job no worker holds ends ``cancelled`` at once; a running one becomes
    ``cancelling`` and its worker stops at the next step boundary (asking the running step to stop).

    Only someone holding the kind's own role may (``require_action_role``); the kind's
    ``on_cancel`` records the cancel where the kind's users look, in the same transaction."""
    kind = await require_action_role(
        job_id, action="cancel", authority=authority, actor=actor, reason=reason, audit=audit
    )
    async with transaction() as conn:
        row = await _locked_job(conn, job_id)
        status = row["status"]
        if status in TERMINAL_STATUSES:
            raise Conflict(f"Job {job_id} already ended ({status}); nothing to cancel.")
        if status in ("pending", "awaiting_approval") and row["lease_owner"] is None:
            await conn.execute(
                """
                update job set status = 'cancelled', finished_at = now(), updated_at = now(),
                  cancel_requested_at = now(), cancel_requested_by = $2, cancel_reason = $3
                where id = $1
                """,
                job_id,
                actor.id,
                reason,
            )
            await conn.execute(
                "update job_step set status = 'cancelled' where job_id = $1 and status = 'pending'", job_id
            )
            await append_job_event(conn, job_id, "job.cancelled", {"status": "cancelled", "by": actor.id})
            new_status = "cancelled"
        elif status == "cancelling":
            new_status = status
        else:
            await conn.execute(
                """
                update job set status = 'cancelling', updated_at = now(), cancel_requested_at = now(),
                  cancel_requested_by = $2, cancel_reason = $3
                where id = $1
                """,
                job_id,
                actor.id,
                reason,
            )
            await append_job_event(conn, job_id, "job.cancelling", {"status": "cancelling", "by": actor.id})
            new_status = "cancelling"
        if new_status != status and kind is not None and kind.on_cancel is not None:
            attempts: int = await conn.fetchval(
                "select coalesce(sum(attempts), 0)::int from job_step where job_id = $1", job_id
            )
            await kind.on_cancel(
                CancelContext(
                    job_id=str(job_id),
                    params=msgspec.convert(decode_jsonb(row["params"]), kind.params_type),
                    from_status=status,
                    actor_id=actor.id,
                    actor_name=actor.name,
                    reason=reason,
                    attempts=attempts,
                )
            )
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action="job.cancel",
            target=f"job:{job_id}",
            reason=reason,
            details={"kind": row["kind"], "from": status, "to": new_status},
        )
        return await load_job_detail(conn, job_id)


async def approve_job(
    job_id: uuid.UUID, *, actor: Actor, reason: str, audit: AuditSink, authority: ActionAuthority
) -> JobDetail:
    """A second admin approves a job awaiting approval; it becomes claimable. Self-approval is 403,
    and so is approving a kind whose own role the approver does not hold."""
    await require_action_role(
        job_id, action="approve", authority=authority, actor=actor, reason=reason, audit=audit
    )
    async with transaction() as conn:
        row = await _locked_job(conn, job_id)
        if row["status"] != "awaiting_approval":
            raise Conflict(f"Job {job_id} is {row['status']}, not awaiting approval.")
        if row["created_by"] == actor.id:
            raise Forbidden("A job must be approved by someone other than the one who created it.")
        await conn.execute(
            """
            update job set status = 'pending', approved_by = $2, approved_by_name = $3,
              approved_at = now(), updated_at = now(), run_after = now()
            where id = $1
            """,
            job_id,
            actor.id,
            actor.name,
        )
        await append_job_event(conn, job_id, "job.approved", {"status": "pending", "by": actor.id})
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action="job.approve",
            target=f"job:{job_id}",
            reason=reason,
            details={"created_by": row["created_by"]},
        )
        return await load_job_detail(conn, job_id)


async def list_job_events(job_id: uuid.UUID, *, after_seq: int, limit: int = 500) -> list[JobEventOut]:
    """Events of a job after ``after_seq``, in order."""
    async with transaction() as conn:
        rows = await conn.fetch(
            "select * from job_event where job_id = $1 and seq > $2 order by seq limit $3",
            job_id,
            after_seq,
            limit,
        )
    return [
        JobEventOut(
            job_id=str(r["job_id"]),
            seq=int(r["seq"]),
            at=r["at"],
            type=r["type"],
            data=decode_jsonb(r["data"]),
        )
        for r in rows
    ]


async def job_status(job_id: uuid.UUID) -> str:
    """A job's current status (404 when missing)."""
    async with transaction() as conn:
        status: str | None = await conn.fetchval("select status from job where id = $1", job_id)
    if status is None:
        raise NotFound(f"No job {job_id}.")
    return status


async def get_engine_state() -> EngineState:
    """Whether the engine is paused, and the queue's size."""
    async with transaction() as conn:
        row = await conn.fetchrow("select * from job_engine_state where name = $1", ENGINE_NAME)
        counts = await conn.fetchrow(
            """
            select count(*) filter (where status in ('running', 'cancelling')) as active,
                   count(*) filter (where status = 'pending') as queued
            from job where status = any($1::text[])
            """,
            list(ACTIVE_STATUSES),
        )
    changed_at: datetime = row["changed_at"] if row else utcnow()
    assert counts is not None
    return EngineState(
        paused=bool(row["paused"]) if row else False,
        changed_by=row["changed_by"] if row else None,
        reason=row["reason"] if row else None,
        changed_at=changed_at,
        active_jobs=int(counts["active"]),
        queued_jobs=int(counts["queued"]),
    )


async def set_engine_paused(paused: bool, *, actor: Actor, reason: str, audit: AuditSink) -> EngineState:
    """Pause (no mutating job is claimed) or resume the engine."""
    async with transaction() as conn:
        await conn.execute(
            """
            insert into job_engine_state (name, paused, changed_by, reason, changed_at)
            values ($1, $2, $3, $4, now())
            on conflict (name) do update set paused = excluded.paused, changed_by = excluded.changed_by,
              reason = excluded.reason, changed_at = excluded.changed_at
            """,
            ENGINE_NAME,
            paused,
            actor.id,
            reason,
        )
        if not paused:
            await conn.execute("select pg_notify('lifeboat_jobs', 'engine-resumed')")
        await audit(
            actor_id=actor.id,
            actor_name=actor.name,
            action="job_engine.pause" if paused else "job_engine.resume",
            target=f"job_engine:{ENGINE_NAME}",
            reason=reason,
            details={"paused": paused},
        )
    return await get_engine_state()
