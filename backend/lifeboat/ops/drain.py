"""``tenant.drain``: every service of the chosen kinds stops acquiring the tenant, then the job
waits until the tenant's inflight work is 0 everywhere.

Plan: the services are read from the registry when planning (observed, sorted by name), so the
plan names exactly what the steps touch. A timeout fails naming the services still busy (the
tenant stays drained: nothing is acquired until someone resumes it). Cancelling resumes
acquiring on every drained service (the compensation, logged and listed in the receipt).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.definitions import (
    CompensationContext,
    JobKind,
    Observation,
    StepContext,
    StepDefinition,
    StepError,
    StepResult,
)
from lifeboat.jobs.models import GateResult
from lifeboat.ops.deps import (
    CALL_RETRY,
    ONCE,
    STEP_SLACK_S,
    OpsDeps,
    OpsRefused,
    base_urls_of,
    call_each,
    call_error_text,
    fleet_clients,
    kinds_text,
    names_of,
    poll_states,
    registered,
    secret_gate,
    service_ref,
)
from lifeboat.ops.models import TenantDrainParams

KIND = "tenant.drain"


def inflight_reason(tenant: str) -> Any:
    """Why a service is not drained yet for ``tenant`` (None once its inflight is 0)."""

    def pending(_name: str, result: ServiceState | BaseException) -> str | None:
        if isinstance(result, BaseException):
            return f"state unknown: {call_error_text(result)}"
        state = result.tenants.get(tenant)
        if state is None or state.inflight == 0:
            return None
        return f"inflight {state.inflight}"

    return pending


async def drain_on(
    ctx: StepContext | CompensationContext, deps: OpsDeps, tenant: str, names: Sequence[str]
) -> None:
    """Tell each service to stop acquiring ``tenant`` (idempotent); a step error names the failures."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        results = await call_each(clients, lambda client: client.drain(tenant))
    failed = {name: r for name, r in results.items() if isinstance(r, BaseException)}
    for name, result in sorted(results.items()):
        if not isinstance(result, BaseException):
            await ctx.log(f"{name} stopped acquiring {tenant} (inflight {result.inflight})", service=name)
    if failed:
        raise StepError(
            "could not drain on: "
            + ", ".join(f"{n} ({call_error_text(e)})" for n, e in sorted(failed.items()))
        )


async def resume_on(
    ctx: StepContext | CompensationContext, deps: OpsDeps, tenant: str, names: Sequence[str]
) -> None:
    """Tell each service to acquire ``tenant`` again (idempotent); a step error names the failures."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        results = await call_each(clients, lambda client: client.resume(tenant))
    failed = {name: r for name, r in results.items() if isinstance(r, BaseException)}
    for name, result in sorted(results.items()):
        if not isinstance(result, BaseException):
            state = "acquiring" if result.acquiring else "not placed here (not acquiring)"
            await ctx.log(f"{name} resumed {tenant}: {state}", service=name, acquiring=result.acquiring)
    if failed:
        raise StepError(
            "could not resume on: "
            + ", ".join(f"{n} ({call_error_text(e)})" for n, e in sorted(failed.items()))
        )


async def wait_drained(
    ctx: StepContext, deps: OpsDeps, tenant: str, names: Sequence[str], timeout_s: float
) -> dict[str, str]:
    """Poll until ``tenant``'s inflight is 0 on every service; the busy ones after ``timeout_s``."""
    async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
        return await poll_states(
            ctx,
            deps,
            clients,
            timeout_s=timeout_s,
            pending_of=inflight_reason(tenant),
            what=f"{tenant} to drain",
        )


def busy_text(busy: Mapping[str, str]) -> str:
    """``a (inflight 3), b (state unknown: …)``."""
    return ", ".join(f"{name} ({why})" for name, why in sorted(busy.items()))


def drain_kind(deps: OpsDeps) -> JobKind:
    """The ``tenant.drain`` kind bound to ``deps``."""

    async def observe(params: TenantDrainParams) -> Observation:
        services = [
            service_ref(s)
            for s in sorted((await registered(deps)).values(), key=lambda s: s.name)
            if s.kind in params.kinds and (params.site is None or s.site == params.site)
        ]
        return {"services": services, "kinds": sorted(set(params.kinds)), "site": params.site}

    def gates(params: TenantDrainParams, observed: Observation) -> Sequence[GateResult]:
        names = names_of(observed["services"])
        where = f"at site {params.site}" if params.site else "at both sites"
        return [
            secret_gate(deps),
            GateResult(
                name="services-registered",
                ok=bool(names),
                detail=f"{len(names)} service(s) of kinds {kinds_text(observed['kinds'])} {where}: {', '.join(names)}"
                if names
                else f"no registered service of kinds {kinds_text(observed['kinds'])} {where}",
            ),
        ]

    def touches(params: TenantDrainParams, observed: Observation) -> dict[str, list[str]]:
        services = [f"service:{name}" for name in names_of(observed["services"])]
        return {"stop-acquiring": services, "wait-inflight-zero": services}

    async def stop_acquiring(ctx: StepContext) -> StepResult:
        params: TenantDrainParams = ctx.params
        names = names_of(ctx.observed["services"])
        await drain_on(ctx, deps, params.tenant, names)
        return StepResult(output={"drained": names})

    async def wait_inflight_zero(ctx: StepContext) -> StepResult:
        params: TenantDrainParams = ctx.params
        names = names_of(ctx.observed["services"])
        busy = await wait_drained(ctx, deps, params.tenant, names, params.timeout_s)
        if busy:
            raise OpsRefused(
                f"inflight of {params.tenant} did not reach 0 within {params.timeout_s:g}s on: {busy_text(busy)}; "
                f"the tenant stays drained (not acquiring) on {len(names)} service(s)"
            )
        await ctx.log(f"{params.tenant} drained: inflight 0 on {len(names)} service(s)")
        return StepResult(output={"inflight": 0, "services": names})

    async def compensate(ctx: CompensationContext) -> None:
        params: TenantDrainParams = ctx.params
        names = names_of(ctx.observed.get("services", []))
        await ctx.log(
            f"compensation: resuming acquiring {params.tenant} on {len(names)} service(s)", services=names
        )
        await resume_on(ctx, deps, params.tenant, names)

    def steps(params: TenantDrainParams) -> Sequence[StepDefinition]:
        return [
            StepDefinition("stop-acquiring", stop_acquiring, timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
            StepDefinition(
                "wait-inflight-zero",
                wait_inflight_zero,
                timeout_s=params.timeout_s + STEP_SLACK_S,
                retry=ONCE,
            ),
        ]

    return JobKind(
        name=KIND,
        params_type=TenantDrainParams,
        steps=steps,
        lock_scope=lambda p: f"tenant:{p.tenant}",
        compensate=compensate,
        mutating=True,
        min_role="operator",
        description="Stop services acquiring a tenant and wait until its inflight work is 0.",
        observe=observe,
        observed_gates=gates,
        observed_touches=touches,
    )
