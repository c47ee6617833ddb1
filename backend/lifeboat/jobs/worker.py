"""The worker: claims jobs, holds a lease renewed by heartbeat, runs steps with timeouts and
retries, honours cancellation, fences every write with the lease epoch, writes receipts.

Guarantees: a step runs at least once; a completion (and the step's fenced effect) is recorded
only by the worker that still holds the lease, in one transaction that re-checks the epoch
under the job row lock. So a worker whose lease was taken can neither finish a step nor apply
its effect, and every effect is applied exactly once.

This module is the control flow of the process (claim, lease, run, receipts); running one
job's steps is ``jobs/steps.py`` and every database write is the ledger's (``jobs/ledger.py``).
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

import asyncpg
import msgspec
import structlog

from lifeboat.db.engine import DATABASE_ERRORS
from lifeboat.jobs import ledger
from lifeboat.jobs.definitions import KindRegistry, StepResult
from lifeboat.jobs.ledger import Lease, LeaseLost, StepSucceeded
from lifeboat.jobs.metrics import JobMetrics
from lifeboat.jobs.receipts import store_receipts
from lifeboat.jobs.service import AuditSink
from lifeboat.jobs.steps import FINISHED, RunState, cancelling, compensate, run_steps
from lifeboat.store.objects import ObjectStore

log = structlog.get_logger("lifeboat.worker")

NOTIFY_CHANNEL = "lifeboat_jobs"
RECEIPT_BATCH = 64  # receipts written per batch at most


def default_worker_id() -> str:
    """host:pid:random — unique per worker process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


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
        self.rng = random.Random()
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
        rows = await ledger.claim_jobs(
            self.registry.claimable_names(),
            owner=self.worker_id,
            lease_s=self.lease_s,
            limit=limit,
            start_first_step=start_first_step,
        )
        self.metrics.claim_latency.observe(time.perf_counter() - started)
        for row in rows:
            self.metrics.claims.labels(kind=row["kind"]).inc()
            if row["previous_status"] in ("running", "cancelling"):
                self.metrics.lease_expiries.labels(kind=row["kind"]).inc()
        return rows

    async def renew_lease(self, lease: Lease) -> bool:
        """Extend the lease; returns whether cancellation was requested. ``LeaseLost`` if taken."""
        return await ledger.renew_lease(lease, self.lease_s)

    async def _heartbeat(self, lease: Lease, state: RunState) -> None:
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
                if cancelling():
                    raise asyncio.CancelledError from exc
                log.warning("lease_renewal_failed", job_id=str(lease.job_id), error=str(exc))

    # --- running a job -----------------------------------------------------------------------

    async def run_job(self, claimed: asyncpg.Record) -> None:
        """Run a claimed job from its first unfinished step to a terminal state."""
        lease = Lease(claimed["id"], int(claimed["lease_epoch"]), self.worker_id)
        kind = self.registry.get(claimed["kind"])
        assert kind is not None  # the claim only picks registered kinds
        params = msgspec.convert(json.loads(claimed["params"]), kind.params_type)
        state = RunState()
        if claimed["status"] == "cancelling":
            state.cancel_requested.set()
        heartbeat = asyncio.create_task(self._heartbeat(lease, state))
        bound = log.bind(job_id=str(lease.job_id), kind=kind.name, epoch=lease.epoch)
        try:
            outcome = await run_steps(self, lease, kind, params, state, claimed)
            if outcome == FINISHED:
                outcome = "succeeded"  # recorded with the last step's success
            else:
                if outcome == "cancelled":
                    await compensate(self, lease, kind, params)
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
                if cancelling():
                    raise
                log.warning("receipts_not_stored", jobs=len(batch), error=str(exc).splitlines()[0][:200])

    # --- the ledger's writes the loop (and the fencing tests) call on the worker ------------

    async def start_attempt(self, lease: Lease, position: int) -> tuple[int, int]:
        """Record a new attempt of a step (``ledger.start_attempt``)."""
        return await ledger.start_attempt(lease, position)

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
        """Record a completed step and apply its fenced effect (``ledger.record_step_success``)."""
        return await ledger.record_step_success(
            lease, position, attempt, result, next_position=next_position, cancel_known=cancel_known
        )

    async def finish_after_last_step(
        self, lease: Lease, position: int, attempt: int, result: StepResult
    ) -> None:
        """Record the last step's success and end the job ``succeeded`` (one statement)."""
        kind = await ledger.finish_after_last_step(lease, position, attempt, result)
        self.metrics.finished.labels(kind=kind, status="succeeded").inc()

    async def finish_job(self, lease: Lease, status: str) -> None:
        """Move the job to its terminal state and release the lease (and the lock scope)."""
        kind = await ledger.finish_job(lease, status)
        self.metrics.finished.labels(kind=kind, status=status).inc()
