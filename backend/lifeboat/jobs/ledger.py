"""The ledger: every database write of the worker, each a named statement in ``jobs/sql/``.

A write of a running job is fenced by its lease (job id, epoch, owner): either one statement
whose job-row UPDATE is the fence (claim, renewal, a step's success, the last step's success),
or a transaction that first locks the job row under the fence (``fence_job.sql``). A worker
whose lease was taken writes nothing and gets ``LeaseLost``. ``worker.py`` keeps the control
flow (what to write when); this module knows how it is written.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from lifeboat.core.ids import new_id
from lifeboat.db.access import connection, load_sql, transaction
from lifeboat.jobs.definitions import StepResult

_SQL = Path(__file__).parent / "sql"


class LeaseLost(Exception):
    """Another worker took this job's lease; this worker must stop touching it."""


@dataclass(frozen=True)
class Lease:
    """The fencing token: job, owner and epoch."""

    job_id: uuid.UUID
    epoch: int
    owner: str


@dataclass(frozen=True)
class StepSucceeded:
    """What recording a step's success found: the next step's attempt when it was started in the
    same statement (with its failed attempts so far), and whether cancellation was requested."""

    next_attempt: int | None
    next_failures: int
    cancel_requested: bool


def _event_data(data: dict[str, Any]) -> str:
    """An event's data as stored (json; values json does not know are written as text)."""
    return json.dumps(data, default=str)


async def append_job_event(
    conn: asyncpg.Connection, job_id: uuid.UUID, event_type: str, data: dict[str, Any]
) -> int:
    """Append an event with the job's next sequence number (the job row lock orders them)."""
    seq: int = await conn.fetchval(
        load_sql(_SQL, "append_job_event"), job_id, new_id(), event_type, _event_data(data)
    )
    return seq


async def _fence(conn: asyncpg.Connection, lease: Lease) -> asyncpg.Record:
    """Lock the job row and check this worker still holds the lease (else ``LeaseLost``)."""
    row = await conn.fetchrow(load_sql(_SQL, "fence_job"), lease.job_id, lease.epoch, lease.owner)
    if row is None:
        raise LeaseLost(str(lease.job_id))
    return row


# --- claiming and leases ---------------------------------------------------------------------


async def claim_jobs(
    kinds: list[str], *, owner: str, lease_s: float, limit: int, start_first_step: bool
) -> list[asyncpg.Record]:
    """Claim up to ``limit`` claimable jobs of ``kinds`` (``sql/claim_next_job.sql``)."""
    size = max(1, limit)
    async with connection() as conn:
        rows: list[asyncpg.Record] = await conn.fetch(
            load_sql(_SQL, "claim_next_job"),
            kinds,
            owner,
            lease_s,
            start_first_step,
            [new_id() for _ in range(size)],
            [new_id() for _ in range(size)],
            [new_id() for _ in range(size)],
            size,
        )
    return rows


async def renew_lease(lease: Lease, lease_s: float) -> bool:
    """Extend the lease; returns whether cancellation was requested. ``LeaseLost`` if taken."""
    async with transaction() as conn:
        cancel = await conn.fetchval(
            load_sql(_SQL, "renew_lease"), lease.job_id, lease.epoch, lease.owner, lease_s
        )
    if cancel is None:
        raise LeaseLost(str(lease.job_id))
    return bool(cancel)


async def resumed_progress(job_id: uuid.UUID) -> tuple[Any, list[tuple[int, str]]]:
    """The plan and the (position, status) of every step of a job resumed after a lease expiry,
    read after the claim committed (so what the previous epoch recorded is seen)."""
    async with transaction() as conn:
        plan = await conn.fetchval(load_sql(_SQL, "job_plan"), job_id)
        rows = await conn.fetch(load_sql(_SQL, "step_statuses"), job_id)
    return plan, [(int(r["position"]), str(r["status"])) for r in rows]


# --- steps -----------------------------------------------------------------------------------


async def start_attempt(lease: Lease, position: int) -> tuple[int, int]:
    """Record a new attempt of a step; returns (attempt number, failed attempts so far).

    An attempt left ``running`` by a worker whose lease expired is marked ``abandoned``
    (its effect is unknown until this attempt finishes); it does not count as a failure.
    """
    async with transaction() as conn:
        await _fence(conn, lease)
        await conn.execute(load_sql(_SQL, "abandon_running_attempts"), lease.job_id, position)
        attempt: int = await conn.fetchval(load_sql(_SQL, "start_step"), lease.job_id, position)
        failures: int = await conn.fetchval(load_sql(_SQL, "count_failed_attempts"), lease.job_id, position)
        await conn.execute(
            load_sql(_SQL, "insert_attempt"),
            new_id(),
            lease.job_id,
            position,
            attempt,
            lease.epoch,
            lease.owner,
        )
        await append_job_event(
            conn,
            lease.job_id,
            "step.started",
            {"position": position, "attempt": attempt, "lease_epoch": lease.epoch},
        )
    return attempt, failures


async def record_step_success(
    lease: Lease,
    position: int,
    attempt: int,
    result: StepResult,
    *,
    next_position: int | None,
    cancel_known: bool,
) -> StepSucceeded:
    """Record a completed step and apply its fenced effect, in one epoch-checked statement
    (``sql/record_step_success.sql``); with ``next_position`` the next step's attempt starts
    in the same statement unless cancellation was requested."""
    async with connection() as conn:
        row = await conn.fetchrow(
            load_sql(_SQL, "record_step_success"),
            lease.job_id,
            lease.epoch,
            lease.owner,
            position,
            attempt,
            result.fenced_effect,
            new_id(),
            new_id(),
            _event_data({"position": position, "attempt": attempt, "output": result.output}),
            next_position,
            new_id(),
            new_id(),
            cancel_known,
        )
    if row is None:
        raise LeaseLost(str(lease.job_id))
    return StepSucceeded(
        next_attempt=row["next_attempt"],
        next_failures=int(row["next_failures"]),
        cancel_requested=bool(row["cancel_requested"]),
    )


async def finish_after_last_step(lease: Lease, position: int, attempt: int, result: StepResult) -> str:
    """Record the last step's success (and its fenced effect) and end the job ``succeeded``, in
    one epoch-checked statement (``sql/finish_after_last_step.sql``); returns the job's kind."""
    async with connection() as conn:
        kind: str | None = await conn.fetchval(
            load_sql(_SQL, "finish_after_last_step"),
            lease.job_id,
            lease.epoch,
            lease.owner,
            position,
            attempt,
            result.fenced_effect,
            new_id(),
            new_id(),
            _event_data({"position": position, "attempt": attempt, "output": result.output}),
            new_id(),
        )
    if kind is None:
        raise LeaseLost(str(lease.job_id))
    return kind


async def record_attempt_failure(
    lease: Lease, position: int, attempt: int, error_type: str, error: str, retry_in_s: float | None
) -> None:
    """Record a failed attempt; without a retry the step fails (effect unknown)."""
    async with transaction() as conn:
        await _fence(conn, lease)
        await conn.execute(
            load_sql(_SQL, "fail_attempt"), lease.job_id, position, attempt, error_type, error, retry_in_s
        )
        step_status = "running" if retry_in_s is not None else "failed"
        await conn.execute(
            load_sql(_SQL, "fail_step"), lease.job_id, position, step_status, f"{error_type}: {error}"
        )
        await append_job_event(
            conn,
            lease.job_id,
            "step.attempt_failed" if retry_in_s is not None else "step.failed",
            {
                "position": position,
                "attempt": attempt,
                "error_type": error_type,
                "error": error,
                "retry_in_s": retry_in_s,
            },
        )


async def record_step_cancelled(lease: Lease, position: int, attempt: int | None, detail: str) -> None:
    """The step stopped on request before applying its effect."""
    async with transaction() as conn:
        await _fence(conn, lease)
        if attempt is not None:
            await conn.execute(load_sql(_SQL, "cancel_attempt"), lease.job_id, position, attempt, detail)
        await conn.execute(load_sql(_SQL, "cancel_step"), lease.job_id, position)
        await append_job_event(conn, lease.job_id, "step.cancelled", {"position": position, "detail": detail})


async def append_step_log(lease: Lease, position: int, line: str, data: dict[str, Any]) -> None:
    """A step's log line, as a ``step.log`` event (fenced)."""
    async with transaction() as conn:
        await _fence(conn, lease)
        await append_job_event(conn, lease.job_id, "step.log", {"position": position, "line": line, **data})


# --- compensation and the end ----------------------------------------------------------------


async def begin_compensation(lease: Lease) -> tuple[Any, list[str]] | None:
    """Claim the job's compensation (at most once per job, under the fence): the job's plan and
    the steps whose effect is done, or None when it was claimed before."""
    async with transaction() as conn:
        row = await _fence(conn, lease)
        if row["compensated_at"] is not None:
            return None
        await conn.execute(load_sql(_SQL, "begin_compensation"), lease.job_id)
        done = [str(r["name"]) for r in await conn.fetch(load_sql(_SQL, "done_steps"), lease.job_id)]
        await append_job_event(conn, lease.job_id, "job.compensating", {"steps": done})
    return row["plan"], done


async def record_compensation_failed(lease: Lease, error: str) -> None:
    """The kind's compensation raised; its effects stay ``done``."""
    async with transaction() as conn:
        await _fence(conn, lease)
        await append_job_event(conn, lease.job_id, "job.compensation_failed", {"error": error})


async def record_compensated(lease: Lease, steps: list[str]) -> None:
    """The kind's compensation undid every done effect."""
    async with transaction() as conn:
        await _fence(conn, lease)
        await conn.execute(load_sql(_SQL, "mark_compensated"), lease.job_id)
        await append_job_event(conn, lease.job_id, "job.compensated", {"steps": steps})


async def finish_job(lease: Lease, status: str) -> str:
    """Move the job to its terminal state and release the lease (and the lock scope); returns
    the job's kind."""
    async with transaction() as conn:
        row = await _fence(conn, lease)
        leftover = "cancelled" if status == "cancelled" else "skipped"
        await conn.execute(load_sql(_SQL, "close_pending_steps"), lease.job_id, leftover)
        error = None
        if status == "failed":
            error = await conn.fetchval(load_sql(_SQL, "first_step_error"), lease.job_id)
        await conn.execute(load_sql(_SQL, "finish_job"), lease.job_id, status, error)
        await append_job_event(conn, lease.job_id, f"job.{status}", {"status": status, "error": error})
    kind: str = row["kind"]
    return kind
