"""External jobs: operations an agent executes and reports through its domain's API.

A domain creates the job (``create_external_job``, through ``insert_job`` so it gets the same
plan, steps, ``job.created`` event and request/correlation ids as any job) and then drives its
timeline as the agent reports: start a step, finish it (succeeded / failed with an error), append
a log line, finish the job. Every function writes the same rows and events the worker writes
(``job_step``, ``job_step_attempt``, ``job_event`` through ``append_job_event``), so the job page's
SSE timeline shows an external job live exactly like a worker-run one.

No worker claims an external kind (``KindRegistry.claimable_names``); every write here locks the
job row first, refuses a job of a kind that is not external or that a worker leases, and is
idempotent: reporting what is already recorded changes nothing. Functions take the caller's
connection so the domain's change and the job's timeline commit together; the receipt is
written after the commit (``write_receipt``). A domain reads the state of its external jobs
through ``job_status``, ``job_statuses`` and ``pending_cancel``, never the engine's tables.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import asyncpg
import msgspec
import structlog

from lifeboat.core.errors import Conflict, NotFound
from lifeboat.core.ids import new_id
from lifeboat.jobs.definitions import JobKind, plan_for
from lifeboat.jobs.ledger import append_job_event
from lifeboat.jobs.models import TERMINAL_STATUSES
from lifeboat.jobs.receipts import store_receipt

# Public to domains, which reach the engine only through its public modules: a domain that queues
# a job of its own kind inside its own transaction (restore's alert deliveries) inserts it so.
from lifeboat.jobs.service import insert_job as insert_job
from lifeboat.jobs.service import request_hash as request_hash
from lifeboat.store.objects import ObjectStore

log = structlog.get_logger(__name__)

#: What ``job_step_attempt.worker`` says for an attempt an agent reported.
EXTERNAL_WORKER = "external"

StepOutcome = Literal["succeeded", "failed"]
JobOutcome = Literal["succeeded", "failed", "cancelled"]
_FINISHED_STEP = ("succeeded", "failed", "skipped", "cancelled")


async def create_external_job(
    conn: asyncpg.Connection,
    *,
    kind: JobKind,
    params: msgspec.Struct,
    reason: str,
    created_by: str,
    created_by_name: str,
    event: dict[str, Any] | None = None,
) -> uuid.UUID:
    """Create a ``running`` job of an external kind (its steps pending) in the caller's
    transaction; returns its id. The agent's reports then drive its steps."""
    if not kind.external:
        raise ValueError(f"job kind {kind.name!r} is not external")
    job_id = new_id()
    plan = plan_for(kind, params)
    await insert_job(
        conn,
        job_id=job_id,
        kind=kind,
        status="running",
        params=params,
        digest=request_hash(kind.name, params, False),
        plan=plan,
        reason=reason,
        dry_run=False,
        scope=plan.lock_scope,
        created_by=created_by,
        created_by_name=created_by_name,
        event={"external": True, **(event or {})},
    )
    await conn.execute("update job set started_at = now() where id = $1", job_id)
    return job_id


async def _locked(conn: asyncpg.Connection, job_id: uuid.UUID, kind: JobKind) -> asyncpg.Record:
    """The job row, locked; refuses a job that is not of ``kind`` (external) or that a worker holds."""
    row = await conn.fetchrow("select * from job where id = $1 for update", job_id)
    if row is None:
        raise NotFound(f"No job {job_id}.")
    if not kind.external or row["kind"] != kind.name or row["lease_owner"] is not None:
        raise Conflict(f"Job {job_id} is not an external {kind.name} job.")
    return row


async def _step(conn: asyncpg.Connection, job_id: uuid.UUID, name: str) -> asyncpg.Record:
    row = await conn.fetchrow("select * from job_step where job_id = $1 and name = $2", job_id, name)
    if row is None:
        raise NotFound(f"Job {job_id} has no step {name!r}.")
    return row


async def _start(conn: asyncpg.Connection, job: asyncpg.Record, step: asyncpg.Record) -> int:
    attempt: int = await conn.fetchval(
        """
        update job_step set attempts = attempts + 1, status = 'running',
          started_at = coalesce(started_at, now()), error = null, effect = 'unknown'
        where id = $1
        returning attempts
        """,
        step["id"],
    )
    await conn.execute(
        """
        insert into job_step_attempt (id, job_id, position, attempt, lease_epoch, worker, status, started_at)
        values ($1, $2, $3, $4, $5, $6, 'running', now())
        """,
        new_id(),
        job["id"],
        step["position"],
        attempt,
        int(job["lease_epoch"]),
        EXTERNAL_WORKER,
    )
    await conn.execute("update job set updated_at = now() where id = $1", job["id"])
    await append_job_event(
        conn,
        job["id"],
        "step.started",
        {
            "position": step["position"],
            "attempt": attempt,
            "lease_epoch": int(job["lease_epoch"]),
            "external": True,
        },
    )
    return attempt


async def start_step(conn: asyncpg.Connection, job_id: uuid.UUID, step_name: str, *, kind: JobKind) -> bool:
    """Mark ``step_name`` running (a new attempt, a ``step.started`` event). Idempotent: a step
    already running or finished is left alone (False). 409 when the job has ended."""
    job = await _locked(conn, job_id, kind)
    if job["status"] != "running":
        raise Conflict(f"Job {job_id} is {job['status']}; no step can start.")
    step = await _step(conn, job_id, step_name)
    if step["status"] != "pending":
        return False
    await _start(conn, job, step)
    return True


async def finish_step(
    conn: asyncpg.Connection,
    job_id: uuid.UUID,
    step_name: str,
    *,
    kind: JobKind,
    outcome: StepOutcome,
    error: str | None = None,
    output: dict[str, Any] | None = None,
) -> bool:
    """Record ``step_name`` as succeeded or failed (started first when still pending), with the
    same rows and events as the worker. Idempotent: a finished step is left alone (False)."""
    job = await _locked(conn, job_id, kind)
    step = await _step(conn, job_id, step_name)
    if step["status"] in _FINISHED_STEP:
        return False
    if job["status"] not in ("running", "cancelling"):
        raise Conflict(f"Job {job_id} is {job['status']}; its steps are final.")
    if step["status"] == "pending":
        attempt = await _start(conn, job, step)
    else:
        attempt = int(step["attempts"])
    position = step["position"]
    if outcome == "succeeded":
        await conn.execute(
            """
            update job_step_attempt set status = 'succeeded', finished_at = now()
            where job_id = $1 and position = $2 and attempt = $3
            """,
            job_id,
            position,
            attempt,
        )
        await conn.execute(
            """
            update job_step set status = 'succeeded', effect = 'done', finished_at = now(), error = null
            where id = $1
            """,
            step["id"],
        )
        await append_job_event(
            conn,
            job_id,
            "step.succeeded",
            {"position": position, "attempt": attempt, "output": output or {}, "external": True},
        )
    else:
        message = error or "the agent reported a failure"
        await conn.execute(
            """
            update job_step_attempt set status = 'failed', finished_at = now(),
              error_type = 'ExternalStepFailed', error = $4
            where job_id = $1 and position = $2 and attempt = $3
            """,
            job_id,
            position,
            attempt,
            message,
        )
        await conn.execute(
            "update job_step set status = 'failed', finished_at = now(), error = $2 where id = $1",
            step["id"],
            f"ExternalStepFailed: {message}",
        )
        await append_job_event(
            conn,
            job_id,
            "step.failed",
            {
                "position": position,
                "attempt": attempt,
                "error_type": "ExternalStepFailed",
                "error": message,
                "retry_in_s": None,
                "external": True,
            },
        )
    await conn.execute("update job set updated_at = now() where id = $1", job_id)
    return True


async def append_log(
    conn: asyncpg.Connection,
    job_id: uuid.UUID,
    line: str,
    *,
    kind: JobKind,
    step_name: str | None = None,
    **data: Any,
) -> None:
    """Append a ``step.log`` line to the timeline (position 0 when it belongs to no step)."""
    job = await _locked(conn, job_id, kind)
    if job["status"] in TERMINAL_STATUSES:
        raise Conflict(f"Job {job_id} already ended ({job['status']}).")
    position = 0 if step_name is None else int((await _step(conn, job_id, step_name))["position"])
    await append_job_event(conn, job_id, "step.log", {"position": position, "line": line, **data})


async def finish_job(
    conn: asyncpg.Connection,
    job_id: uuid.UUID,
    *,
    kind: JobKind,
    status: JobOutcome,
    error: str | None = None,
) -> bool:
    """End the job: steps still running end with the job's outcome, pending ones are skipped
    (cancelled when the job is), a ``job.<status>`` event is appended. Idempotent for the same
    outcome (False); 409 when the job already ended otherwise."""
    job = await _locked(conn, job_id, kind)
    if job["status"] in TERMINAL_STATUSES:
        if job["status"] == status:
            return False
        raise Conflict(f"Job {job_id} already ended ({job['status']}).")
    running = "succeeded" if status == "succeeded" else status
    await conn.execute(
        """
        update job_step_attempt a set status = $2::text, finished_at = now()
        from job_step s
        where s.job_id = $1 and a.job_id = s.job_id and a.position = s.position
          and s.status = 'running' and a.status = 'running'
        """,
        job_id,
        running,
    )
    await conn.execute(
        """
        update job_step set status = $2::text, finished_at = now(),
          effect = case when $2::text = 'succeeded' then 'done' else effect end
        where job_id = $1 and status = 'running'
        """,
        job_id,
        running,
    )
    await conn.execute(
        "update job_step set status = $2 where job_id = $1 and status = 'pending'",
        job_id,
        "cancelled" if status == "cancelled" else "skipped",
    )
    if status == "failed" and error is None:
        error = await conn.fetchval(
            "select error from job_step where job_id = $1 and status = 'failed' order by position limit 1",
            job_id,
        )
    await conn.execute(
        "update job set status = $2, finished_at = now(), updated_at = now(), error = $3 where id = $1",
        job_id,
        status,
        error if status != "succeeded" else None,
    )
    await append_job_event(
        conn, job_id, f"job.{status}", {"status": status, "error": error if status != "succeeded" else None}
    )
    return True


async def write_receipt(job_id: uuid.UUID, store: ObjectStore) -> None:
    """Store the finished job's receipt (after the finishing transaction committed). A failure is
    logged, not raised: the receipt is written on its first read instead."""
    try:
        await store_receipt(job_id, store)
    except Exception as exc:
        log.warning("external_receipt_not_stored", job_id=str(job_id), error=str(exc).splitlines()[0][:200])


@dataclass(frozen=True, slots=True)
class PendingCancel:
    """An operator asked to cancel the job (it is ``cancelling``): who asked."""

    requested_by: str | None


async def job_status(conn: asyncpg.Connection, job_id: uuid.UUID) -> str | None:
    """The job's status (a ``JobStatus``), None when there is no such job."""
    status: str | None = await conn.fetchval("select status from job where id = $1", job_id)
    return status


async def job_statuses(conn: asyncpg.Connection, job_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, str]:
    """The status of each of these jobs that exists, by id (one query)."""
    rows = await conn.fetch("select id, status from job where id = any($1::uuid[])", list(job_ids))
    return {row["id"]: row["status"] for row in rows}


async def pending_cancel(conn: asyncpg.Connection, job_id: uuid.UUID) -> PendingCancel | None:
    """Who asked to cancel the job when it is ``cancelling`` (``POST /api/v1/jobs/{id}/cancel``
    leaves an external job so until its agent reports again); None otherwise."""
    row = await conn.fetchrow("select status, cancel_requested_by from job where id = $1", job_id)
    if row is None or row["status"] != "cancelling":
        return None
    return PendingCancel(requested_by=row["cancel_requested_by"])
