"""``system.probe``: the diagnostic kind the engine's own tests (and operators) drive.

N steps that sleep, fail, fail-then-succeed or ignore cancellation; every finished step applies
one fenced effect, so a test can count ``job_effect`` rows and prove exactly-once.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Annotated

import msgspec

from lifeboat.jobs.definitions import (
    CompensationContext,
    JobKind,
    RetryPolicy,
    StepCancelled,
    StepContext,
    StepDefinition,
    StepError,
    StepResult,
)
from lifeboat.jobs.models import GateResult, JobCreate, ScopeName

PROBE_KIND = "system.probe"


class ProbeParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Diagnostic kind: N steps that sleep, fail, fail-then-succeed or ignore cancellation.

    Each finished step applies one fenced effect (a ``job_effect`` row). Positions are 1-based.
    """

    steps: Annotated[int, msgspec.Meta(ge=1, le=100)] = 3
    sleep_s: Annotated[float, msgspec.Meta(ge=0, le=3600)] = 0.0
    fail_at_step: Annotated[int, msgspec.Meta(ge=1)] | None = None
    fail_times: Annotated[int, msgspec.Meta(ge=0, le=100)] = 0
    ignore_cancel: bool = False
    scope: ScopeName | None = None
    require_approval: bool = False
    max_attempts: Annotated[int, msgspec.Meta(ge=1, le=20)] = 3
    backoff_s: Annotated[float, msgspec.Meta(ge=0, le=60)] = 0.05
    step_timeout_s: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 60.0


class ProbeJobCreate(JobCreate, frozen=True, kw_only=True, tag=PROBE_KIND):
    """Create a ``system.probe`` job (admin only)."""

    params: ProbeParams = msgspec.field(default_factory=ProbeParams)


class ProbeFailure(StepError):
    """The failure a probe step was told to produce."""


async def run_probe_step(ctx: StepContext) -> StepResult:
    """Sleep ``sleep_s`` (stopping early on cancellation unless told to ignore it), maybe fail."""
    params: ProbeParams = ctx.params
    await ctx.log(f"probe step {ctx.position} attempt {ctx.attempt} started", attempt=ctx.attempt)
    if params.sleep_s > 0:
        if params.ignore_cancel:
            await asyncio.sleep(params.sleep_s)
        else:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(params.sleep_s):
                    await ctx.cancel_requested.wait()
            if ctx.cancel_requested.is_set():
                raise StepCancelled(f"probe step {ctx.position} stopped on request")
    if params.fail_at_step == ctx.position and ctx.attempt <= params.fail_times:
        raise ProbeFailure(f"probe step {ctx.position} failed on attempt {ctx.attempt} as asked")
    return StepResult(fenced_effect=True, output={"step": ctx.position})


async def compensate_probe(ctx: CompensationContext) -> None:
    """The probe's compensation: a log line naming the steps whose effects stay applied."""
    await ctx.log(f"probe compensation for {len(ctx.done_steps)} done step(s)", steps=list(ctx.done_steps))


def probe_steps(params: ProbeParams) -> Sequence[StepDefinition]:
    """``params.steps`` identical steps."""
    retry = RetryPolicy(
        max_attempts=params.max_attempts,
        initial_backoff_s=params.backoff_s,
        multiplier=2.0,
        max_backoff_s=max(params.backoff_s, 5.0),
        jitter=0.2,
    )
    return [
        StepDefinition(
            name=f"probe-{i}",
            run=run_probe_step,
            timeout_s=params.step_timeout_s,
            retry=retry,
            touches=(f"job_effect:step-{i}",),
        )
        for i in range(1, params.steps + 1)
    ]


def probe_gates(params: ProbeParams) -> Sequence[GateResult]:
    """The probe's one gate: ``fail_at_step`` names an existing step."""
    ok = params.fail_at_step is None or params.fail_at_step <= params.steps
    return [
        GateResult(
            name="fail_at_step_in_range",
            ok=ok,
            detail="no failure injected"
            if params.fail_at_step is None
            else f"fail_at_step {params.fail_at_step} of {params.steps} steps",
        )
    ]


SYSTEM_PROBE = JobKind(
    name=PROBE_KIND,
    params_type=ProbeParams,
    steps=probe_steps,
    lock_scope=lambda p: p.scope,
    gates=probe_gates,
    compensate=compensate_probe,
    requires_approval=lambda p: p.require_approval,
    mutating=True,
    min_role="admin",
    description="Diagnostic steps that sleep, fail or ignore cancellation; each applies a fenced effect.",
)
