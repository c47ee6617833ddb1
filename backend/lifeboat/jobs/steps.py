"""Running one claimed job: its steps in order, with timeouts, retries and cancellation, and the
kind's compensation after a cancel. The writes go through the ledger (``jobs/ledger.py``), the
ones that carry the worker's metrics through the ``Worker``; the loop that claims jobs and
holds their leases is ``jobs/worker.py``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import asyncpg
import structlog

from lifeboat.db.engine import DATABASE_ERRORS
from lifeboat.jobs import ledger
from lifeboat.jobs.definitions import (
    CompensationContext,
    JobKind,
    StepCancelled,
    StepContext,
    StepDefinition,
    StepResult,
    StepTimeout,
)
from lifeboat.jobs.ledger import Lease, LeaseLost

if TYPE_CHECKING:
    from lifeboat.jobs.worker import Worker

log = structlog.get_logger("lifeboat.worker")

FINISHED = "finished"  # the last step's success also ended the job (no separate finish_job)


def cancelling() -> bool:
    """Whether the current task has been asked to stop.

    A cancellation delivered while asyncpg cleans up a dead connection (the transaction's
    rollback, the pool's release) can surface as a connection error instead of
    ``CancelledError``; a loop that catches connection errors must check this, or it swallows
    its own cancellation and runs on (a heartbeat renewing the lease of a job nobody runs).
    """
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


def _field(row: asyncpg.Record, name: str) -> Any:
    """A column of a claim row, or None when that statement did not return it."""
    return row.get(name)


def _observed_of(plan: Any) -> dict[str, Any]:
    """The ``observed`` facts stored in a job's plan (jsonb read as text or as a dict)."""
    value = json.loads(plan) if isinstance(plan, str) else plan
    observed = value.get("observed") if isinstance(value, dict) else None
    return observed if isinstance(observed, dict) else {}


@dataclass
class RunState:
    """What a running job's heartbeat and its steps share."""

    cancel_requested: asyncio.Event = field(default_factory=asyncio.Event)
    lost: bool = False
    step_task: asyncio.Task[Any] | None = None
    observed: dict[str, Any] = field(default_factory=dict)  # the plan's observation (steps see it)


async def run_steps(
    worker: Worker, lease: Lease, kind: JobKind, params: Any, state: RunState, claimed: asyncpg.Record
) -> str:
    """Run the unfinished steps in order; ``FINISHED`` when the last step's success also
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
        plan, statuses = await ledger.resumed_progress(lease.job_id)
        state.observed = _observed_of(plan)
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
        result, started = await _run_step(
            worker,
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
    worker: Worker,
    lease: Lease,
    position: int,
    step: StepDefinition,
    params: Any,
    state: RunState,
    *,
    already_started: tuple[int, int] | None,
    next_position: int | None,
    last: bool,
) -> tuple[str, tuple[int, int, int] | None]:
    """Attempts of one step until success, a non-retryable failure, exhaustion or cancel.

    ``already_started`` is (attempt, failures) when this step's attempt was already started (by the
    claim or with the previous step's success). On success the next step's attempt is
    started in the same statement (returned as (position, attempt, failures)), or, for the
    ``last`` step, the job is finished in it (``FINISHED``).
    """
    while True:
        if already_started is not None:
            attempt, failures = already_started
            already_started = None
        else:
            attempt, failures = await worker.start_attempt(lease, position)
        ctx = StepContext(
            job_id=str(lease.job_id),
            position=position,
            step_name=step.name,
            attempt=attempt,
            lease_epoch=lease.epoch,
            worker=worker.worker_id,
            params=params,
            cancel_requested=state.cancel_requested,
            observed=state.observed,
            log=step_logger(lease, position),
        )
        started = time.perf_counter()
        state.step_task = asyncio.create_task(_call_step(step, ctx))
        try:
            result: StepResult | None = await state.step_task
        except asyncio.CancelledError:
            if state.lost:
                raise LeaseLost(str(lease.job_id)) from None
            raise
        except LeaseLost:
            raise
        except StepCancelled as exc:
            await ledger.record_step_cancelled(lease, position, attempt, str(exc))
            return "cancelled", None
        except Exception as exc:
            error_type = "StepTimeout" if isinstance(exc, StepTimeout) else type(exc).__name__
            failures += 1
            retryable = step.retry.is_retryable(error_type) and failures < step.retry.max_attempts
            retry_in = step.retry.backoff_after(failures, worker.rng) if retryable else None
            worker.metrics.step_duration.labels(step=step.name, outcome="failed").observe(
                time.perf_counter() - started
            )
            await ledger.record_attempt_failure(
                lease, position, attempt, error_type, str(exc) or error_type, retry_in
            )
            if retry_in is None:
                return "failed", None
            worker.metrics.retries.labels(step=step.name).inc()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(retry_in):
                    await state.cancel_requested.wait()
            if state.cancel_requested.is_set():
                await ledger.record_step_cancelled(lease, position, None, "cancelled before retry")
                return "cancelled", None
            continue
        finally:
            state.step_task = None
        worker.metrics.step_duration.labels(step=step.name, outcome="succeeded").observe(
            time.perf_counter() - started
        )
        if last:
            await worker.finish_after_last_step(lease, position, attempt, result or StepResult())
            return FINISHED, None
        done = await worker.record_step_success(
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


async def _call_step(step: StepDefinition, ctx: StepContext) -> StepResult | None:
    try:
        async with asyncio.timeout(step.timeout_s):
            return await step.run(ctx)
    except TimeoutError as exc:
        raise StepTimeout(f"step {step.name} ran past its {step.timeout_s:g}s timeout") from exc


def step_logger(lease: Lease, position: int) -> Any:
    """The ``log`` a step (or a compensation, at position 0) writes ``step.log`` events with."""

    async def step_log(line: str, **data: Any) -> None:
        # A log line is the engine's write, not the step's work: pooled connections that
        # were terminated must not fail the step attempt (and spend its retry budget, or
        # fail the job outright at max_attempts=1). Terminations come in bursts across the
        # pool, so write again after short pauses (the pool replaces closed connections; at
        # worst the line appears twice); failing throughout is a real outage.
        for pause in (0.1, 0.5, None):
            try:
                await ledger.append_step_log(lease, position, line, data)
                return
            except DATABASE_ERRORS as exc:
                if cancelling():
                    raise asyncio.CancelledError from exc
                if pause is None:
                    raise
                log.warning("step_log_retried", job_id=str(lease.job_id), error=str(exc)[:200])
                await asyncio.sleep(pause)

    return step_log


async def compensate(worker: Worker, lease: Lease, kind: JobKind, params: Any) -> None:
    """Run the kind's compensation at most once per job (claimed under the fence)."""
    if kind.compensate is None:
        return
    claimed = await ledger.begin_compensation(lease)
    if claimed is None:
        return
    plan, done = claimed
    ctx = CompensationContext(
        job_id=str(lease.job_id),
        params=params,
        done_steps=tuple(done),
        observed=_observed_of(plan),
        log=step_logger(lease, 0),
    )
    try:
        await kind.compensate(ctx)
    except Exception as exc:
        await ledger.record_compensation_failed(lease, str(exc))
        return
    await ledger.record_compensated(lease, list(ctx.done_steps))
