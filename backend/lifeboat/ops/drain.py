"""``tenant.drain``: every service of the chosen kinds stops acquiring the tenant, then the job
waits until the tenant's inflight work is 0 everywhere.

Plan: the services are read from the registry when planning (observed, sorted by name), so the
plan names exactly what the steps touch. A timeout fails naming the services still busy (the
tenant stays drained: nothing is acquired until someone resumes it). Cancelling resumes
acquiring on every drained service (the compensation, logged and listed in the receipt).
"""

from __future__ import annotations

from collections.abc import Sequence

from lifeboat.jobs.definitions import CompensationContext, JobKind, StepContext, StepDefinition, StepResult
from lifeboat.jobs.models import GateResult
from lifeboat.ops.binding import Bound
from lifeboat.ops.deps import (
    CALL_RETRY,
    ONCE,
    STEP_SLACK_S,
    OpsDeps,
    OpsRefused,
    kinds_text,
    names_of,
    registered,
    secret_gate,
    service_ref,
)
from lifeboat.ops.fleet_steps import busy_text, drain_on, resume_on, wait_drained
from lifeboat.ops.models import DRAIN_KIND, DrainObservation, TenantDrainParams


async def observe(deps: OpsDeps, params: TenantDrainParams) -> DrainObservation:
    """The registered services of the kinds (at the site), sorted by name."""
    services = [
        service_ref(s)
        for s in sorted((await registered(deps)).values(), key=lambda s: s.name)
        if s.kind in params.kinds and (params.site is None or s.site == params.site)
    ]
    return DrainObservation(services=services, kinds=sorted(set(params.kinds)), site=params.site)


def gates(deps: OpsDeps, params: TenantDrainParams, observed: DrainObservation) -> Sequence[GateResult]:
    """The fleet secret is set and at least one service is there to drain."""
    names = names_of(observed.services)
    where = f"at site {params.site}" if params.site else "at both sites"
    return [
        secret_gate(deps),
        GateResult(
            name="services-registered",
            ok=bool(names),
            detail=f"{len(names)} service(s) of kinds {kinds_text(observed.kinds)} {where}: {', '.join(names)}"
            if names
            else f"no registered service of kinds {kinds_text(observed.kinds)} {where}",
        ),
    ]


def touches(_params: TenantDrainParams, observed: DrainObservation) -> dict[str, list[str]]:
    """Both steps touch every observed service."""
    services = [f"service:{name}" for name in names_of(observed.services)]
    return {"stop-acquiring": services, "wait-inflight-zero": services}


async def stop_acquiring(ctx: StepContext, deps: OpsDeps, observed: DrainObservation) -> StepResult:
    """Every observed service stops acquiring the tenant."""
    params: TenantDrainParams = ctx.params
    names = names_of(observed.services)
    await drain_on(ctx, deps, params.tenant, names)
    return StepResult(output={"drained": names})


async def wait_inflight_zero(ctx: StepContext, deps: OpsDeps, observed: DrainObservation) -> StepResult:
    """The tenant's inflight reaches 0 on every observed service (timeout: it stays drained)."""
    params: TenantDrainParams = ctx.params
    names = names_of(observed.services)
    busy = await wait_drained(ctx, deps, params.tenant, names, params.timeout_s)
    if busy:
        raise OpsRefused(
            f"inflight of {params.tenant} did not reach 0 within {params.timeout_s:g}s on: {busy_text(busy)}; "
            f"the tenant stays drained (not acquiring) on {len(names)} service(s)"
        )
    await ctx.log(f"{params.tenant} drained: inflight 0 on {len(names)} service(s)")
    return StepResult(output={"inflight": 0, "services": names})


async def compensate(ctx: CompensationContext, deps: OpsDeps, observed: DrainObservation) -> None:
    """Cancelled: every observed service acquires the tenant again."""
    params: TenantDrainParams = ctx.params
    names = names_of(observed.services)
    await ctx.log(
        f"compensation: resuming acquiring {params.tenant} on {len(names)} service(s)", services=names
    )
    await resume_on(ctx, deps, params.tenant, names)


def drain_steps(on: Bound[DrainObservation], params: TenantDrainParams) -> Sequence[StepDefinition]:
    """``stop-acquiring`` then ``wait-inflight-zero``."""
    return [
        StepDefinition("stop-acquiring", on.step(stop_acquiring), timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
        StepDefinition(
            "wait-inflight-zero",
            on.step(wait_inflight_zero),
            timeout_s=params.timeout_s + STEP_SLACK_S,
            retry=ONCE,
        ),
    ]


def drain_kind(deps: OpsDeps) -> JobKind:
    """The ``tenant.drain`` kind bound to ``deps``."""
    on = Bound(deps, DrainObservation)
    return JobKind(
        name=DRAIN_KIND,
        params_type=TenantDrainParams,
        steps=lambda params: drain_steps(on, params),
        lock_scope=lambda p: f"tenant:{p.tenant}",
        compensate=on.compensate(compensate),
        mutating=True,
        min_role="operator",
        description="Stop services acquiring a tenant and wait until its inflight work is 0.",
        observe=on.observe(observe),
        observed_gates=on.gates(gates),
        observed_touches=on.touches(touches),
    )
