"""The worker: claims jobs, holds a lease renewed by heartbeat, runs steps with timeouts and
retries, honours cancellation, fences every write with the lease epoch, writes receipts.

Guarantees: a step runs at least once; a completion (and the step's fenced effect) is recorded
only by the worker that still holds the lease, in one transaction that re-checks the epoch
under the job row lock. So a worker whose lease was taken can neither finish a step nor apply
its effect, and every effect is applied exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import msgspec
import structlog

from lifeboat.core.ids import new_id
from lifeboat.db.engine import DATABASE_ERRORS
from lifeboat.jobs.definitions import (
    CompensationContext,
    JobKind,
    KindRegistry,
    StepCancelled,
    StepContext,
    StepDefinition,
    StepResult,
    StepTimeout,
)
from lifeboat.jobs.metrics import JobMetrics
from lifeboat.jobs.receipts import store_receipts
from lifeboat.jobs.service import AuditSink, append_job_event, connection, transaction
from lifeboat.store.objects import ObjectStore

log = structlog.get_logger("lifeboat.worker")

NOTIFY_CHANNEL = "lifeboat_jobs"
RECEIPT_BATCH = 64  # receipts written per batch at most
_SQL_DIR = Path(__file__).parent / "sql"


def load_sql(name: str) -> str:
    """A named statement from ``jobs/sql/<name>.sql``."""
    return (_SQL_DIR / f"{name}.sql").read_text()


CLAIM_NEXT_JOB_SQL = load_sql("claim_next_job")
RENEW_LEASE_SQL = load_sql("renew_lease")
RECORD_STEP_SUCCESS_SQL = load_sql("record_step_success")
FINISH_AFTER_LAST_STEP_SQL = load_sql("finish_after_last_step")


def _cancelling() -> bool:
    """Whether the current task has been asked to stop.

    A cancellation delivered while asyncpg cleans up a dead connection (the transaction's
    rollback, the pool's release) can surface as a connection error instead of
    ``CancelledError``; a loop that catches connection errors must check this, or it swallows
    its own cancellation and runs on (a heartbeat renewing the lease of a job nobody runs).
    """
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


_FINISHED = "finished"  # the last step's success also ended the job (no separate finish_job)


def _field(row: asyncpg.Record, name: str) -> Any:
    """A column of a claim row, or None when that statement did not return it."""
    return row.get(name)


def _event_data(data: dict[str, Any]) -> str:
    """An event's data as ``append_job_event`` encodes it."""
    return json.dumps(data, default=str)


def _observed_of(plan: Any) -> dict[str, Any]:
    """The ``observed`` facts stored in a job's plan (jsonb read as text or as a dict)."""
    value = json.loads(plan) if isinstance(plan, str) else plan
    observed = value.get("observed") if isinstance(value, dict) else None
    return observed if isinstance(observed, dict) else {}


class LeaseLost(Exception):
    """Another worker took this job's lease; this worker must stop touching it."""


@dataclass(frozen=True)
class StepSucceeded:
    """What recording a step's success found: the next step's attempt when it was started in the
    same statement (with its failed attempts so far), and whether cancellation was requested."""

    next_attempt: int | None
    next_failures: int
    cancel_requested: bool


@dataclass(frozen=True)
class Lease:
    """The fencing token: job, owner and epoch."""

    job_id: uuid.UUID
    epoch: int
    owner: str


@dataclass
class _RunState:
    cancel_requested: asyncio.Event = field(default_factory=asyncio.Event)
    lost: bool = False
    step_task: asyncio.Task[Any] | None = None
    observed: dict[str, Any] = field(default_factory=dict)  # the plan's observation (steps see it)


def default_worker_id() -> str:
    """host:pid:random — unique per worker process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


async def _fence(conn: asyncpg.Connection, lease: Lease) -> asyncpg.Record:
    """Lock the job row and check this worker still holds the lease (else ``LeaseLost``)."""
    row = await conn.fetchrow(
        "select * from job where id = $1 and lease_epoch = $2 and lease_owner = $3 for update",
        lease.job_id,
        lease.epoch,
        lease.owner,
    )
    if row is None:
        raise LeaseLost(str(lease.job_id))
    return row


class Worker:
    """Runs registered kinds with up to ``concurrency`` jobs at once."""

    def __init__(
        self,
        *,
        database_url: str,
        registry: KindRegistry,
        store: ObjectStore,
        concurrency: int = 4,
        lease_s: float = 15.0,
        poll_s: float = 1.0,
        worker_id: str | None = None,
        metrics: JobMetrics | None = None,
        scheduler: bool = True,
        scheduler_tick_s: float = 1.0,
        audit: AuditSink | None = None,
    ) -> None:
        self.database_url = database_url
        self.registry = registry
        self.store = store
        self.concurrency = max(1, concurrency)
        self.lease_s = lease_s
        self.heartbeat_s = lease_s / 3
        self.poll_s = poll_s
        self.worker_id = worker_id or default_worker_id()
        self.metrics = metrics or JobMetrics()
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._receipt_queue: list[uuid.UUID] = []  # finished jobs whose receipt is not written yet
        self._receipt_writer: asyncio.Task[None] | None = None
        self._rng = random.Random()
        self.scheduler_enabled = scheduler
        self.scheduler_tick_s = scheduler_tick_s
        self.audit = audit

    # --- the main loop -----------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Claim and run jobs until ``stop`` is set; running jobs are abandoned to their leases."""
        listener = await self._listen()
        scheduler_task: asyncio.Task[None] | None = None
        if self.scheduler_enabled and self.registry.schedules:
            from lifeboat.jobs.scheduler import Scheduler

            scheduler = Scheduler(
                self.registry,
                tick_s=self.scheduler_tick_s,
                metrics=self.metrics,
                owner=self.worker_id,
                audit=self.audit,
            )
            scheduler_task = asyncio.create_task(scheduler.run(stop))
        log.info(
            "worker_started", worker=self.worker_id, concurrency=self.concurrency, kinds=self.registry.names()
        )
        try:
            while not stop.is_set():
                self._wake.clear()
                if listener is None or listener.is_closed():
                    # a terminated LISTEN connection is not reconnected by asyncpg: without
                    # this the worker would silently fall back to polling for good
                    listener = await self._listen()
                while len(self._tasks) < self.concurrency and not stop.is_set():
                    try:
                        # one statement claims a job per free slot (oldest first, as one by one)
                        batch = await self.claim_jobs(
                            self.concurrency - len(self._tasks), start_first_step=True
                        )
                    except DATABASE_ERRORS as exc:
                        # a dropped connection must not end the worker (and abandon its running
                        # jobs): poll again. A claim whose commit was lost with the connection
                        # holds a lease nobody renews; it expires and the job is claimed again.
                        log.warning("claim_failed", worker=self.worker_id, error=str(exc)[:200])
                        break
                    for claimed in batch:
                        task = asyncio.create_task(self.run_job(claimed))
                        self._tasks.add(task)
                        task.add_done_callback(self._job_done)
                    if not batch:
                        break
                waiters = [asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())]
                try:
                    await asyncio.wait(waiters, timeout=self.poll_s, return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for w in waiters:
                        w.cancel()
        finally:
            if scheduler_task is not None:
                scheduler_task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await scheduler_task
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self.flush_receipts()
            if listener is not None:
                with contextlib.suppress(Exception):
                    await listener.close()
            log.info("worker_stopped", worker=self.worker_id)

    def _job_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._wake.set()  # a slot is free
        if not task.cancelled() and task.exception() is not None:
            log.error("job_task_crashed", error=repr(task.exception()))

    async def _listen(self) -> asyncpg.Connection | None:
        """A dedicated connection LISTENing for claimable jobs; None means poll only."""
        conn: asyncpg.Connection | None = None
        try:
            conn = await asyncpg.connect(self.database_url, timeout=10)
            await conn.add_listener(NOTIFY_CHANNEL, lambda *_: self._wake.set())
            return conn
        except DATABASE_ERRORS as exc:  # (also when terminated between connect and LISTEN)
            log.warning("worker_listen_unavailable", error=str(exc), fallback_poll_s=self.poll_s)
            if conn is not None:
                conn.terminate()
            return None

    # --- claiming and leases -----------------------------------------------------------------

    async def claim_next_job(self, *, start_first_step: bool = False) -> asyncpg.Record | None:
        """Claim one claimable job (see ``claim_jobs``)."""
        rows = await self.claim_jobs(1, start_first_step=start_first_step)
        return rows[0] if rows else None

    async def claim_jobs(self, limit: int, *, start_first_step: bool = False) -> list[asyncpg.Record]:
        """Claim up to ``limit`` claimable jobs, oldest first, each with its own lease and
        ``job.claimed`` event, in one statement (``sql/claim_next_job.sql``). With
        ``start_first_step`` a fresh job's first step is started in the same statement
        (``started_position``/``started_attempt`` in its row)."""
        started = time.perf_counter()
        size = max(1, limit)
        async with connection() as conn:
            rows: list[asyncpg.Record] = await conn.fetch(
                CLAIM_NEXT_JOB_SQL,
                self.registry.claimable_names(),
                self.worker_id,
                self.lease_s,
                start_first_step,
                [new_id() for _ in range(size)],
                [new_id() for _ in range(size)],
                [new_id() for _ in range(size)],
                size,
            )
        self.metrics.claim_latency.observe(time.perf_counter() - started)
        for row in rows:
            self.metrics.claims.labels(kind=row["kind"]).inc()
            if row["previous_status"] in ("running", "cancelling"):
                self.metrics.lease_expiries.labels(kind=row["kind"]).inc()
        return rows

    async def renew_lease(self, lease: Lease) -> bool:
        """Extend the lease; returns whether cancellation was requested. ``LeaseLost`` if taken."""
        async with transaction() as conn:
            cancel = await conn.fetchval(
                RENEW_LEASE_SQL, lease.job_id, lease.epoch, lease.owner, self.lease_s
            )
        if cancel is None:
            raise LeaseLost(str(lease.job_id))
        return bool(cancel)

    async def _heartbeat(self, lease: Lease, state: _RunState) -> None:
        while True:
            await asyncio.sleep(self.heartbeat_s)
            try:
                if await self.renew_lease(lease):
                    state.cancel_requested.set()
            except LeaseLost:
                state.lost = True
                log.warning("lease_lost", job_id=str(lease.job_id), epoch=lease.epoch)
                if state.step_task is not None:
                    state.step_task.cancel()
                return
            except DATABASE_ERRORS as exc:  # try again next beat; the lease may still be ours
                if _cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("lease_renewal_failed", job_id=str(lease.job_id), error=str(exc))

    # --- running a job -----------------------------------------------------------------------

    async def run_job(self, claimed: asyncpg.Record) -> None:
        """Run a claimed job from its first unfinished step to a terminal state."""
        lease = Lease(claimed["id"], int(claimed["lease_epoch"]), self.worker_id)
        kind = self.registry.get(claimed["kind"])
        assert kind is not None  # the claim only picks registered kinds
        params = msgspec.convert(json.loads(claimed["params"]), kind.params_type)
        state = _RunState()
        if claimed["status"] == "cancelling":
            state.cancel_requested.set()
        heartbeat = asyncio.create_task(self._heartbeat(lease, state))
        bound = log.bind(job_id=str(lease.job_id), kind=kind.name, epoch=lease.epoch)
        try:
            outcome = await self._run_steps(lease, kind, params, state, claimed)
            if outcome == _FINISHED:
                outcome = "succeeded"  # recorded with the last step's success
            else:
                if outcome == "cancelled":
                    await self._compensate(lease, kind, params)
                await self.finish_job(lease, outcome)
            bound.info("job_finished", status=outcome)
        except LeaseLost:
            bound.warning("job_abandoned_lease_lost")
            return
        except DATABASE_ERRORS as exc:
            # One of this worker's engine writes failed with its connection; whether it
            # committed is unknown, so writing again could apply a fenced effect twice. Stop
            # here and leave the job to its lease: it expires and a claim (the next epoch)
            # resumes at the first step not recorded as succeeded.
            bound.warning("job_abandoned_database_error", error=str(exc)[:200])
            return
        finally:
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
        # The receipt uploads in the background: the job's slot is free for the next claim now.
        # A receipt lost with the process (or a failed upload) is written by the API on first read.
        self._receipt_queue.append(lease.job_id)
        if self._receipt_writer is None or self._receipt_writer.done():
            self._receipt_writer = asyncio.create_task(self._write_receipts())

    async def flush_receipts(self, timeout: float = 5.0) -> None:
        """Finish pending receipt uploads, briefly; the API writes any left on first read."""
        writer = self._receipt_writer
        if writer is None:
            return
        await asyncio.wait({writer}, timeout=timeout)
        writer.cancel()
        await asyncio.gather(writer, return_exceptions=True)

    async def _write_receipts(self) -> None:
        """Write queued receipts in batches (what finished while the previous batch uploaded):
        the reads and the linking update are shared by a batch, the uploads run side by side."""
        while self._receipt_queue:
            batch = self._receipt_queue[:RECEIPT_BATCH]
            del self._receipt_queue[:RECEIPT_BATCH]
            try:
                await store_receipts(batch, self.store)
            except Exception as exc:  # the API writes them on first read when this failed
                if _cancelling():
                    raise
                log.warning("receipts_not_stored", jobs=len(batch), error=str(exc).splitlines()[0][:200])

    async def _run_steps(
        self, lease: Lease, kind: JobKind, params: Any, state: _RunState, claimed: asyncpg.Record
    ) -> str:
        """Run the unfinished steps in order; ``_FINISHED`` when the last step's success also
        ended the job (one statement), else the outcome ``finish_job`` must record."""
        definitions = list(kind.steps(params))
        claimed_statuses = _field(claimed, "step_statuses")
        if claimed_statuses is not None:
            # a fresh job: its steps were read by the claim under the job row's lock (nobody held
            # its lease before, so nothing can have changed them since that statement's snapshot)
            state.observed = _observed_of(claimed["plan"])
            statuses = list(enumerate(claimed_statuses, start=1))
        else:
            # resumed after a lease expiry: read after the claim committed, so what the previous
            # epoch recorded (up to the claim) is seen
            async with transaction() as conn:
                state.observed = _observed_of(
                    await conn.fetchval("select plan from job where id = $1", lease.job_id)
                )
                rows = await conn.fetch(
                    "select position, status from job_step where job_id = $1 order by position",
                    lease.job_id,
                )
            statuses = [(int(r["position"]), str(r["status"])) for r in rows]
        todo = [(position, status) for position, status in statuses if status not in ("succeeded", "skipped")]
        started: tuple[int, int, int] | None = None  # (position, attempt, failures) already started
        if _field(claimed, "started_attempt") is not None:
            started = (int(claimed["started_position"]), int(claimed["started_attempt"]), 0)
        for index, (position, status) in enumerate(todo):
            if started is None or started[0] != position:
                started = None
                if state.cancel_requested.is_set():
                    return "cancelled"
                if status == "cancelled":
                    return "cancelled"
            following = todo[index + 1] if index + 1 < len(todo) else None
            definition = definitions[position - 1]
            result, started = await self._run_step(
                lease,
                position,
                definition,
                params,
                state,
                already_started=(started[1], started[2]) if started is not None else None,
                next_position=following[0] if following is not None and following[1] == "pending" else None,
                last=following is None,
            )
            if result != "succeeded":
                return result
        return "succeeded"

    async def _run_step(
        self,
        lease: Lease,
        position: int,
        step: StepDefinition,
        params: Any,
        state: _RunState,
        *,
        already_started: tuple[int, int] | None,
        next_position: int | None,
        last: bool,
    ) -> tuple[str, tuple[int, int, int] | None]:
        """Attempts of one step until success, a non-retryable failure, exhaustion or cancel.

        ``already_started`` is (attempt, failures) when this step's attempt was already started (by the
        claim or with the previous step's success). On success the next step's attempt is
        started in the same statement (returned as (position, attempt, failures)), or, for the
        ``last`` step, the job is finished in it (``_FINISHED``).
        """
        while True:
            if already_started is not None:
                attempt, failures = already_started
                already_started = None
            else:
                attempt, failures = await self.start_attempt(lease, position)
            ctx = StepContext(
                job_id=str(lease.job_id),
                position=position,
                step_name=step.name,
                attempt=attempt,
                lease_epoch=lease.epoch,
                worker=self.worker_id,
                params=params,
                cancel_requested=state.cancel_requested,
                observed=state.observed,
                log=self._step_logger(lease, position),
            )
            started = time.perf_counter()
            state.step_task = asyncio.create_task(self._call_step(step, ctx))
            try:
                result: StepResult | None = await state.step_task
            except asyncio.CancelledError:
                if state.lost:
                    raise LeaseLost(str(lease.job_id)) from None
                raise
            except LeaseLost:
                raise
            except StepCancelled as exc:
                await self.record_step_cancelled(lease, position, attempt, str(exc))
                return "cancelled", None
            except Exception as exc:
                error_type = "StepTimeout" if isinstance(exc, StepTimeout) else type(exc).__name__
                failures += 1
                retryable = step.retry.is_retryable(error_type) and failures < step.retry.max_attempts
                retry_in = step.retry.backoff_after(failures, self._rng) if retryable else None
                self.metrics.step_duration.labels(step=step.name, outcome="failed").observe(
                    time.perf_counter() - started
                )
                await self.record_attempt_failure(
                    lease, position, attempt, error_type, str(exc) or error_type, retry_in
                )
                if retry_in is None:
                    return "failed", None
                self.metrics.retries.labels(step=step.name).inc()
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(retry_in):
                        await state.cancel_requested.wait()
                if state.cancel_requested.is_set():
                    await self.record_step_cancelled(lease, position, None, "cancelled before retry")
                    return "cancelled", None
                continue
            finally:
                state.step_task = None
            self.metrics.step_duration.labels(step=step.name, outcome="succeeded").observe(
                time.perf_counter() - started
            )
            if last:
                await self.finish_after_last_step(lease, position, attempt, result or StepResult())
                return _FINISHED, None
            done = await self.record_step_success(
                lease,
                position,
                attempt,
                result or StepResult(),
                next_position=next_position,
                cancel_known=state.cancel_requested.is_set(),
            )
            if done.cancel_requested:
                state.cancel_requested.set()
            if next_position is not None and done.next_attempt is not None:
                return "succeeded", (next_position, done.next_attempt, done.next_failures)
            return "succeeded", None

    @staticmethod
    async def _call_step(step: StepDefinition, ctx: StepContext) -> StepResult | None:
        try:
            async with asyncio.timeout(step.timeout_s):
                return await step.run(ctx)
        except TimeoutError as exc:
            raise StepTimeout(f"step {step.name} ran past its {step.timeout_s:g}s timeout") from exc

    def _step_logger(self, lease: Lease, position: int) -> Any:
        async def write(line: str, data: dict[str, Any]) -> None:
            async with transaction() as conn:
                await _fence(conn, lease)
                await append_job_event(
                    conn, lease.job_id, "step.log", {"position": position, "line": line, **data}
                )

        async def step_log(line: str, **data: Any) -> None:
            # A log line is the engine's write, not the step's work: pooled connections that
            # were terminated must not fail the step attempt (and spend its retry budget, or
            # fail the job outright at max_attempts=1). Terminations come in bursts across the
            # pool, so write again after short pauses (the pool replaces closed connections; at
            # worst the line appears twice); failing throughout is a real outage.
            for pause in (0.1, 0.5, None):
                try:
                    await write(line, data)
                    return
                except DATABASE_ERRORS as exc:
                    if _cancelling():
                        raise asyncio.CancelledError from exc
                    if pause is None:
                        raise
                    log.warning("step_log_retried", job_id=str(lease.job_id), error=str(exc)[:200])
                    await asyncio.sleep(pause)

        return step_log

    # --- fenced writes -----------------------------------------------------------------------

    async def start_attempt(self, lease: Lease, position: int) -> tuple[int, int]:
        """Record a new attempt of a step; returns (attempt number, failed attempts so far).

        An attempt left ``running`` by a worker whose lease expired is marked ``abandoned``
        (its effect is unknown until this attempt finishes); it does not count as a failure.
        """
        async with transaction() as conn:
            await _fence(conn, lease)
            await conn.execute(
                """
                update job_step_attempt set status = 'abandoned', finished_at = now(),
                  error = 'the worker lost its lease during this attempt'
                where job_id = $1 and position = $2 and status = 'running'
                """,
                lease.job_id,
                position,
            )
            attempt: int = await conn.fetchval(
                """
                update job_step set attempts = attempts + 1, status = 'running',
                  started_at = coalesce(started_at, now()), error = null,
                  effect = case when effect = 'done' then 'done' else 'unknown' end
                where job_id = $1 and position = $2
                returning attempts
                """,
                lease.job_id,
                position,
            )
            failures: int = await conn.fetchval(
                "select count(*) from job_step_attempt where job_id = $1 and position = $2 and status = 'failed'",
                lease.job_id,
                position,
            )
            await conn.execute(
                """
                insert into job_step_attempt (id, job_id, position, attempt, lease_epoch, worker, status, started_at)
                values ($1, $2, $3, $4, $5, $6, 'running', now())
                """,
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
        self,
        lease: Lease,
        position: int,
        attempt: int,
        result: StepResult,
        *,
        next_position: int | None = None,
        cancel_known: bool = False,
    ) -> StepSucceeded:
        """Record a completed step and apply its fenced effect, in one epoch-checked statement
        (``sql/record_step_success.sql``); with ``next_position`` the next step's attempt starts
        in the same statement unless cancellation was requested."""
        async with connection() as conn:
            row = await conn.fetchrow(
                RECORD_STEP_SUCCESS_SQL,
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

    async def finish_after_last_step(
        self, lease: Lease, position: int, attempt: int, result: StepResult
    ) -> None:
        """Record the last step's success (and its fenced effect) and end the job ``succeeded``,
        in one epoch-checked statement (``sql/finish_after_last_step.sql``)."""
        async with connection() as conn:
            kind = await conn.fetchval(
                FINISH_AFTER_LAST_STEP_SQL,
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
        self.metrics.finished.labels(kind=kind, status="succeeded").inc()

    async def record_attempt_failure(
        self,
        lease: Lease,
        position: int,
        attempt: int,
        error_type: str,
        error: str,
        retry_in_s: float | None,
    ) -> None:
        """Record a failed attempt; without a retry the step fails (effect unknown)."""
        async with transaction() as conn:
            await _fence(conn, lease)
            await conn.execute(
                """
                update job_step_attempt set status = 'failed', finished_at = now(), error_type = $4,
                  error = $5, retry_in_s = $6
                where job_id = $1 and position = $2 and attempt = $3
                """,
                lease.job_id,
                position,
                attempt,
                error_type,
                error,
                retry_in_s,
            )
            step_status = "running" if retry_in_s is not None else "failed"
            await conn.execute(
                """
                update job_step set status = $3::text, error = $4,
                  finished_at = case when $3::text = 'failed' then now() end
                where job_id = $1 and position = $2
                """,
                lease.job_id,
                position,
                step_status,
                f"{error_type}: {error}",
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

    async def record_step_cancelled(
        self, lease: Lease, position: int, attempt: int | None, detail: str
    ) -> None:
        """The step stopped on request before applying its effect."""
        async with transaction() as conn:
            await _fence(conn, lease)
            if attempt is not None:
                await conn.execute(
                    """
                    update job_step_attempt set status = 'cancelled', finished_at = now(), error = $4
                    where job_id = $1 and position = $2 and attempt = $3
                    """,
                    lease.job_id,
                    position,
                    attempt,
                    detail,
                )
            await conn.execute(
                """
                update job_step set status = 'cancelled', effect = 'not_done', finished_at = now()
                where job_id = $1 and position = $2
                """,
                lease.job_id,
                position,
            )
            await append_job_event(
                conn, lease.job_id, "step.cancelled", {"position": position, "detail": detail}
            )

    async def _compensate(self, lease: Lease, kind: JobKind, params: Any) -> None:
        """Run the kind's compensation at most once per job (claimed under the fence)."""
        if kind.compensate is None:
            return
        async with transaction() as conn:
            row = await _fence(conn, lease)
            if row["compensated_at"] is not None:
                return
            await conn.execute("update job set compensated_at = now() where id = $1", lease.job_id)
            done = await conn.fetch(
                "select name from job_step where job_id = $1 and effect = 'done' order by position",
                lease.job_id,
            )
            await append_job_event(
                conn, lease.job_id, "job.compensating", {"steps": [r["name"] for r in done]}
            )
        ctx = CompensationContext(
            job_id=str(lease.job_id),
            params=params,
            done_steps=tuple(r["name"] for r in done),
            observed=_observed_of(row["plan"]),
            log=self._step_logger(lease, 0),
        )
        try:
            await kind.compensate(ctx)
        except Exception as exc:
            async with transaction() as conn:
                await _fence(conn, lease)
                await append_job_event(conn, lease.job_id, "job.compensation_failed", {"error": str(exc)})
            return
        async with transaction() as conn:
            await _fence(conn, lease)
            await conn.execute(
                "update job_step set effect = 'compensated' where job_id = $1 and effect = 'done'",
                lease.job_id,
            )
            await append_job_event(conn, lease.job_id, "job.compensated", {"steps": list(ctx.done_steps)})

    async def finish_job(self, lease: Lease, status: str) -> None:
        """Move the job to its terminal state and release the lease (and the lock scope)."""
        async with transaction() as conn:
            row = await _fence(conn, lease)
            leftover = "cancelled" if status == "cancelled" else "skipped"
            await conn.execute(
                "update job_step set status = $2 where job_id = $1 and status = 'pending'",
                lease.job_id,
                leftover,
            )
            error = None
            if status == "failed":
                error = await conn.fetchval(
                    "select error from job_step where job_id = $1 and status = 'failed' order by position limit 1",
                    lease.job_id,
                )
            await conn.execute(
                """
                update job set status = $2, finished_at = now(), updated_at = now(), lease_owner = null,
                  lease_expires_at = null, error = $3
                where id = $1
                """,
                lease.job_id,
                status,
                error,
            )
            await append_job_event(conn, lease.job_id, f"job.{status}", {"status": status, "error": error})
            self.metrics.finished.labels(kind=row["kind"], status=status).inc()
