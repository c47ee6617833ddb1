"""Job rules and transactions: create (idempotent, scope-locked, a dry run's receipt written),
plan, and engine pause/resume. Reads are ``queries.py``; cancel and approve ``actions.py``.

``lifeboat.jobs`` imports no domain: the acting principal arrives as an ``Actor`` (id + name)
and auditing as an ``AuditSink`` callback wired by the app, which joins the caller's transaction
so a job change and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path
from typing import Any, Protocol

import asyncpg
import msgspec

from lifeboat.core.context import current_correlation_id, current_request_id
from lifeboat.core.errors import (
    FieldError,
    InvalidInput,
    PreconditionFailed,
    ScopeLocked,
    Unprocessable,
)
from lifeboat.core.ids import new_id
from lifeboat.db.access import load_sql, transaction
from lifeboat.jobs.definitions import JobKind, KindRegistry, observe_and_plan
from lifeboat.jobs.ledger import append_job_event
from lifeboat.jobs.models import (
    EngineState,
    JobCreate,
    JobDetail,
    JobPlan,
)
from lifeboat.jobs.queries import ENGINE_NAME, active_holder_of, get_engine_state, get_job, load_job_detail
from lifeboat.jobs.receipts import store_receipts
from lifeboat.store.objects import ObjectStore

_SQL = Path(__file__).parent / "sql"


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
                load_sql(_SQL, "insert_job"),
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
        load_sql(_SQL, "insert_job_step"),
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
    store: ObjectStore,
) -> CreatedJob:
    """Create a job once per (principal, idempotency key) (see ``_create_job``); a dry run ends
    at once, so its receipt is written here (a failed upload is logged and written on the
    receipt's first read: the job is committed)."""
    created = await _create_job(
        request, registry=registry, actor=actor, idempotency_key=idempotency_key, audit=audit
    )
    if created.detail.job.dry_run and not created.replayed:
        job_id = uuid.UUID(created.detail.job.id)
        await store_receipts([job_id], store)
        created = CreatedJob(detail=await get_job(job_id), replayed=False)
    return created


async def _create_job(
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
