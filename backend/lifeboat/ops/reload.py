"""``fleet.reload``: services re-read the placement maps, then the job waits until each reports,
for every map it applies, the map's current KV revision (timeout: fails naming the laggards)."""

from __future__ import annotations

from collections.abc import Sequence

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.definitions import JobKind, Observation, StepContext, StepDefinition, StepError, StepResult
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
    consumed_maps,
    current_revision_reader,
    fleet_clients,
    names_of,
    poll_states,
    registered,
    secret_gate,
    service_ref,
)
from lifeboat.ops.drain import busy_text
from lifeboat.ops.models import FleetReloadParams
from lifeboat.placement.models import PLACEMENT_KINDS, map_name

KIND = "fleet.reload"


def reload_kind(deps: OpsDeps) -> JobKind:
    """The ``fleet.reload`` kind bound to ``deps``."""
    read_map = current_revision_reader(deps)

    async def observe(params: FleetReloadParams) -> Observation:
        services = [
            service_ref(s)
            for s in sorted((await registered(deps)).values(), key=lambda s: s.name)
            if (params.kind is None or s.kind == params.kind)
            and (params.site is None or s.site == params.site)
        ]
        return {"services": services}

    def gates(params: FleetReloadParams, observed: Observation) -> Sequence[GateResult]:
        names = names_of(observed["services"])
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

    def touches(params: FleetReloadParams, observed: Observation) -> dict[str, list[str]]:
        services = [f"service:{name}" for name in names_of(observed["services"])]
        return {"reload": services, "verify-converged": services}

    async def reload(ctx: StepContext) -> StepResult:
        names = names_of(ctx.observed["services"])
        async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
            results = await call_each(clients, lambda c: c.reload())
        failed = {n: r for n, r in results.items() if isinstance(r, BaseException)}
        if failed:
            raise StepError(
                "reload failed on: "
                + ", ".join(f"{n} ({call_error_text(e)})" for n, e in sorted(failed.items()))
            )
        await ctx.log(f"reloaded {len(names)} service(s)", services=names)
        return StepResult(output={"reloaded": names})

    async def verify(ctx: StepContext) -> StepResult:
        params: FleetReloadParams = ctx.params
        refs = ctx.observed["services"]
        try:
            wanted = {map_name(kind): (await read_map(kind))[1] for kind in PLACEMENT_KINDS}
        except Exception as exc:
            raise StepError(f"cannot read the placement maps: {type(exc).__name__}") from exc
        kinds = {str(ref["name"]): str(ref["kind"]) for ref in refs}

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

    def steps(params: FleetReloadParams) -> Sequence[StepDefinition]:
        return [
            StepDefinition("reload", reload, timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
            StepDefinition("verify-converged", verify, timeout_s=params.timeout_s + STEP_SLACK_S, retry=ONCE),
        ]

    return JobKind(
        name=KIND,
        params_type=FleetReloadParams,
        steps=steps,
        lock_scope=lambda _p: "fleet:reload",
        mutating=True,
        min_role="operator",
        description="Services re-read the placement maps; wait until each reports the current revisions.",
        observe=observe,
        observed_gates=gates,
        observed_touches=touches,
    )
