"""``fleet.reload``: services re-read the placement maps, then the job waits until each reports,
for every map it applies, the map's current KV revision (timeout: fails naming the laggards)."""

from __future__ import annotations

from collections.abc import Sequence

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.definitions import JobKind, StepContext, StepDefinition, StepError, StepResult
from lifeboat.jobs.models import GateResult
from lifeboat.ops.binding import Bound
from lifeboat.ops.deps import (
    CALL_RETRY,
    ONCE,
    STEP_SLACK_S,
    OpsDeps,
    OpsRefused,
    base_urls_of,
    call_error_text,
    consumed_maps,
    current_map,
    fleet_clients,
    names_of,
    poll_states,
    registered,
    secret_gate,
    service_ref,
)
from lifeboat.ops.fleet_steps import busy_text, reload_on
from lifeboat.ops.models import RELOAD_KIND, FleetReloadParams, ReloadObservation
from lifeboat.placement.models import PLACEMENT_KINDS, map_name


async def observe(deps: OpsDeps, params: FleetReloadParams) -> ReloadObservation:
    """The registered services of the kind (at the site), sorted by name."""
    services = [
        service_ref(s)
        for s in sorted((await registered(deps)).values(), key=lambda s: s.name)
        if (params.kind is None or s.kind == params.kind) and (params.site is None or s.site == params.site)
    ]
    return ReloadObservation(services=services)


def gates(deps: OpsDeps, params: FleetReloadParams, observed: ReloadObservation) -> Sequence[GateResult]:
    """The fleet secret is set and at least one service is there to reload."""
    names = names_of(observed.services)
    scope = f"kind {params.kind or 'any'}, site {params.site or 'any'}"
    return [
        secret_gate(deps),
        GateResult(
            name="services-registered",
            ok=bool(names),
            detail=f"{len(names)} service(s) ({scope}): {', '.join(names)}"
            if names
            else f"no registered service ({scope})",
        ),
    ]


def touches(_params: FleetReloadParams, observed: ReloadObservation) -> dict[str, list[str]]:
    """Both steps touch every observed service."""
    services = [f"service:{name}" for name in names_of(observed.services)]
    return {"reload": services, "verify-converged": services}


async def reload(ctx: StepContext, deps: OpsDeps, observed: ReloadObservation) -> StepResult:
    """Every observed service re-reads the placement maps."""
    names = names_of(observed.services)
    await reload_on(deps, names)
    await ctx.log(f"reloaded {len(names)} service(s)", services=names)
    return StepResult(output={"reloaded": names})


async def verify(ctx: StepContext, deps: OpsDeps, observed: ReloadObservation) -> StepResult:
    """Every observed service reports, for each map it applies, the map's current revision."""
    params: FleetReloadParams = ctx.params
    try:
        wanted = {map_name(kind): (await current_map(deps, kind))[1] for kind in PLACEMENT_KINDS}
    except Exception as exc:
        raise StepError(f"cannot read the placement maps: {type(exc).__name__}") from exc
    kinds = {ref.name: ref.kind for ref in observed.services}

    def pending(name: str, result: ServiceState | BaseException) -> str | None:
        if isinstance(result, BaseException):
            return f"state unknown: {call_error_text(result)}"
        behind = [
            f"{key} {result.config_revisions.get(key, 0)} < {wanted[key]}"
            for key in consumed_maps(kinds[name])
            if result.config_revisions.get(key, 0) < wanted[key]
        ]
        return "; ".join(behind) or None

    async with fleet_clients(deps, await base_urls_of(deps, list(kinds))) as clients:
        lagging = await poll_states(
            ctx,
            deps,
            clients,
            timeout_s=params.timeout_s,
            pending_of=pending,
            what="the current revisions",
        )
    if lagging:
        raise OpsRefused(f"not converged within {params.timeout_s:g}s: {busy_text(lagging)}")
    await ctx.log(f"{len(kinds)} service(s) report the current revisions", revisions=wanted)
    return StepResult(output={"revisions": wanted, "services": sorted(kinds)})


def reload_steps(on: Bound[ReloadObservation], params: FleetReloadParams) -> Sequence[StepDefinition]:
    """``reload`` then ``verify-converged``."""
    return [
        StepDefinition("reload", on.step(reload), timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
        StepDefinition(
            "verify-converged", on.step(verify), timeout_s=params.timeout_s + STEP_SLACK_S, retry=ONCE
        ),
    ]


def reload_kind(deps: OpsDeps) -> JobKind:
    """The ``fleet.reload`` kind bound to ``deps``."""
    on = Bound(deps, ReloadObservation)
    return JobKind(
        name=RELOAD_KIND,
        params_type=FleetReloadParams,
        steps=lambda params: reload_steps(on, params),
        lock_scope=lambda _p: "fleet:reload",
        mutating=True,
        min_role="operator",
        description="Services re-read the placement maps; wait until each reports the current revisions.",
        observe=on.observe(observe),
        observed_gates=on.gates(gates),
        observed_touches=on.touches(touches),
    )
