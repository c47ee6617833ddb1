"""The job engine's read side: jobs with their plan, steps and attempts, pages of jobs, a job's
event timeline, the engine's state. Nothing here writes; the rules are ``service.py`` and
``actions.py``, the worker's writes ``ledger.py``.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import asyncpg
import msgspec

from lifeboat.core.clock import utcnow
from lifeboat.core.errors import NotFound
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import transaction
from lifeboat.db.engine import decode_jsonb
from lifeboat.jobs.models import (
    ACTIVE_STATUSES,
    TERMINAL_STATUSES,
    EngineState,
    Job,
    JobDetail,
    JobEventOut,
    JobFilter,
    JobPage,
    JobPlan,
    JobStep,
    StepAttempt,
)

ENGINE_NAME = "default"


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
