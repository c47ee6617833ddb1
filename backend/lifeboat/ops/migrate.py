"""``tenant.migrate``: move a tenant's placement for one kind to a target service.

Plan time observes the map (its KV revision and a digest of its content), the target's health,
and the tenant's lag and inflight on every service of the kind; gates refuse an unsafe request
naming the gate (each gate has its own problem type). Steps:

1. ``drain`` — source and target stop acquiring the tenant (the target must not start before
   the end);
2. ``wait-drained`` — the tenant's inflight reaches 0 on the source (timeout: the source resumes,
   the job fails naming it);
3. ``compare-and-set`` — the map is written on the revision read at plan time (a fenced effect).
   Re-run after a crash: a map that is exactly the planned map plus this move, at a later
   revision, is this step's own earlier write (done, recorded as ``already_applied``); any other
   change is someone else's and fails the step with nothing written (the source resumes);
4. ``reload`` — every consumer of the map (services of the kind, gateways) re-reads it;
5. ``verify-revision`` — every consumer reports the map's new revision (timeout: the laggards);
6. ``resume-on-target`` — the target acquires the tenant.

Cancel before the placement write resumes on the source; after it, resumes on the target.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
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
    WRITE_RETRY,
    JobActor,
    OpsDeps,
    OpsRefused,
    base_urls_of,
    call_each,
    call_error_text,
    current_revision_reader,
    fleet_clients,
    poll_states,
    registered,
    secret_gate,
)
from lifeboat.ops.drain import busy_text, drain_on, resume_on, wait_drained
from lifeboat.ops.models import TenantMigrateParams
from lifeboat.placement.models import PlacementMap, map_name
from lifeboat.placement.store import PlacementConflict, encode_map

KIND = "tenant.migrate"
CAS_STEP = "compare-and-set"


def map_digest(tenants: dict[str, str]) -> str:
    """SHA-256 of a map's canonical bytes (how a re-run recognises its own write)."""
    return hashlib.sha256(encode_map(PlacementMap(tenants=tenants))).hexdigest()


def _quantised_lag(lag: float) -> float:
    return round(lag, 1)


def migrate_kind(deps: OpsDeps) -> JobKind:
    """The ``tenant.migrate`` kind bound to ``deps``."""
    read_map = current_revision_reader(deps)

    async def observe(params: TenantMigrateParams) -> Observation:
        services = await registered(deps)
        target = services.get(params.target)
        of_kind = sorted(name for name, s in services.items() if s.kind == params.kind)
        consumers = sorted(name for name, s in services.items() if s.kind in (params.kind, "gateway"))
        observed: dict[str, Any] = {
            "map": map_name(params.kind),
            "thresholds": {"max_lag_s": deps.max_lag_s, "max_inflight": deps.max_inflight},
            "consumers": consumers,
            "target": {
                "name": params.target,
                "registered": target is not None,
                "kind": target.kind if target else None,
                "site": target.site if target else None,
            },
        }
        try:
            tenants, revision = await read_map(params.kind)
            observed.update(
                placement_readable=True,
                revision=revision,
                map_digest=map_digest(tenants),
                source=tenants.get(params.tenant),
            )
        except Exception as exc:  # NATS away: the gate says so; nothing to compare-and-set on
            observed.update(
                placement_readable=False, placement_error=type(exc).__name__, revision=0, source=None
            )
        observed["writable"] = deps.placement.store is not None
        base_urls = {name: services[name].base_url for name in consumers}
        async with fleet_clients(deps, base_urls) as clients:
            states: dict[str, ServiceState | BaseException] = await call_each(clients, lambda c: c.state())
            ready: bool | BaseException | None = None
            if target is not None and params.target in clients:
                ready = (await call_each({params.target: clients[params.target]}, lambda c: c.ready()))[
                    params.target
                ]
        unreachable = {name: call_error_text(r) for name, r in states.items() if isinstance(r, BaseException)}
        observed["unreachable"] = dict(sorted(unreachable.items()))
        if target is None:
            health = "unregistered"
        elif target.kind != params.kind:
            health = f"not checked (a {target.kind} service)"
        elif isinstance(ready, BaseException):
            health = f"unreachable ({call_error_text(ready)})"
        elif ready is False:
            health = "not ready"
        elif params.target in unreachable:
            health = f"failing ({unreachable[params.target]})"
        else:
            health = "ok"
        observed["target"]["health"] = health
        over_lag: dict[str, float] = {}
        over_inflight: dict[str, int] = {}
        for name in of_kind:
            result = states.get(name)
            if not isinstance(result, ServiceState):
                continue
            tenant = result.tenants.get(params.tenant)
            if tenant is None:
                continue
            if tenant.lag > deps.max_lag_s:
                over_lag[name] = _quantised_lag(tenant.lag)
            if tenant.inflight > deps.max_inflight:
                over_inflight[name] = tenant.inflight
        # only offending values are recorded: passing ones move all the time and would make
        # identical requests plan differently
        observed["over_lag"] = over_lag
        observed["over_inflight"] = over_inflight
        return observed

    def gates(params: TenantMigrateParams, o: Observation) -> Sequence[GateResult]:
        target = o["target"]
        source = o.get("source")
        thresholds = o["thresholds"]
        map_key = o["map"]
        unreachable = o["unreachable"]
        source_unreachable = source is not None and source in unreachable
        return [
            secret_gate(deps),
            GateResult(
                name="placement-writable",
                ok=bool(o["placement_readable"] and o["writable"]),
                detail=f"{map_key} read from NATS KV at revision {o['revision']}"
                if o["placement_readable"] and o["writable"]
                else f"{map_key} cannot be changed: "
                + (
                    "placement is file-only (read-only)"
                    if not o["writable"]
                    else f"KV not readable ({o.get('placement_error')})"
                ),
            ),
            GateResult(
                name="tenant-placed",
                ok=source is not None,
                detail=f"{params.tenant} is placed on {source} in {map_key}"
                if source
                else f"{params.tenant} is not in {map_key}",
            ),
            GateResult(
                name="target-registered",
                ok=target["registered"] and target["kind"] == params.kind,
                detail=f"{params.target} is a registered {params.kind} service ({target['site']})"
                if target["registered"] and target["kind"] == params.kind
                else (
                    f"{params.target} is a {target['kind']} service, not {params.kind}"
                    if target["registered"]
                    else f"no service named {params.target} is registered"
                ),
            ),
            GateResult(
                name="target-differs",
                ok=source != params.target,
                detail=f"{params.tenant} is already on {params.target}"
                if source == params.target
                else f"moves {params.tenant} from {source} to {params.target}",
            ),
            GateResult(
                name="target-healthy",
                ok=target["health"] == "ok",
                detail=f"{params.target} is {target['health']}",
            ),
            GateResult(
                name="consumers-reachable",
                ok=not unreachable,
                detail=f"all {len(o['consumers'])} consumer(s) of {map_key} answer"
                if not unreachable
                else "not answering: " + ", ".join(f"{n} ({why})" for n, why in unreachable.items()),
            ),
            GateResult(
                name="lag-under-threshold",
                ok=not o["over_lag"] and not source_unreachable,
                detail=(
                    f"{params.tenant} lag <= {thresholds['max_lag_s']:g}s on every {params.kind} service"
                    if not o["over_lag"] and not source_unreachable
                    else f"{params.tenant} lag over {thresholds['max_lag_s']:g}s on: "
                    + ", ".join(f"{n} ({lag:g}s)" for n, lag in sorted(o["over_lag"].items()))
                    + (f"; source {source} does not answer" if source_unreachable else "")
                ),
            ),
            GateResult(
                name="inflight-under-threshold",
                ok=not o["over_inflight"] and not source_unreachable,
                detail=(
                    f"{params.tenant} inflight <= {thresholds['max_inflight']} on every {params.kind} service"
                    if not o["over_inflight"] and not source_unreachable
                    else f"{params.tenant} inflight over {thresholds['max_inflight']} on: "
                    + ", ".join(f"{n} ({count})" for n, count in sorted(o["over_inflight"].items()))
                    + (f"; source {source} does not answer" if source_unreachable else "")
                ),
            ),
        ]

    def touches(params: TenantMigrateParams, o: Observation) -> dict[str, list[str]]:
        source = o.get("source")
        ends = [f"service:{name}" for name in sorted({str(source), params.target}) if name != "None"]
        consumers = [f"service:{name}" for name in o["consumers"]]
        return {
            "drain": ends,
            "wait-drained": [f"service:{source}"] if source else [],
            CAS_STEP: [f"placement:{o['map']}@{o['revision']}"],
            "reload": consumers,
            "verify-revision": consumers,
            "resume-on-target": ends,
        }

    def ends_of(ctx: StepContext | CompensationContext) -> list[str]:
        params: TenantMigrateParams = ctx.params
        source = ctx.observed.get("source")
        return sorted({params.target, *([source] if source else [])})

    async def drain(ctx: StepContext) -> StepResult:
        params: TenantMigrateParams = ctx.params
        await drain_on(ctx, deps, params.tenant, ends_of(ctx))
        return StepResult(output={"drained": ends_of(ctx)})

    async def wait(ctx: StepContext) -> StepResult:
        params: TenantMigrateParams = ctx.params
        source = str(ctx.observed["source"])
        busy = await wait_drained(ctx, deps, params.tenant, [source], params.timeout_s)
        if busy:
            await resume_on(ctx, deps, params.tenant, ends_of(ctx))
            raise OpsRefused(
                f"inflight of {params.tenant} did not reach 0 within {params.timeout_s:g}s on: {busy_text(busy)}; "
                f"placement unchanged, {params.tenant} resumed on {source}"
            )
        await ctx.log(f"{params.tenant} drained on {source}")
        return StepResult(output={"source": source, "inflight": 0})

    async def compare_and_set(ctx: StepContext) -> StepResult:
        params: TenantMigrateParams = ctx.params
        o = ctx.observed
        planned, source = int(o["revision"]), str(o["source"])
        try:
            tenants, revision = await read_map(params.kind)
        except Exception as exc:
            raise StepError(f"cannot read {o['map']}: {type(exc).__name__}") from exc
        if revision == planned:
            wanted = {**tenants, params.tenant: params.target}
            try:
                written = await deps.placement.compare_and_set(
                    params.kind,
                    PlacementMap(tenants=wanted),
                    planned,
                    actor=JobActor(ctx.job_id, KIND),
                    reason=f"{KIND} {params.tenant} {source} -> {params.target} "
                    f"(job {ctx.job_id}, step {ctx.position}, epoch {ctx.lease_epoch})",
                )
            except PlacementConflict as exc:
                await refuse_changed(ctx, exc.actual)
                raise  # unreachable: refuse_changed raises
            await ctx.log(
                f"{o['map']}: {params.tenant} {source} -> {params.target}, revision {planned} -> {written}",
                revision=written,
            )
            return StepResult(
                fenced_effect=True,
                output={
                    "map": o["map"],
                    "from_revision": planned,
                    "revision": written,
                    "already_applied": False,
                },
            )
        mine = (
            revision > planned
            and tenants.get(params.tenant) == params.target
            and map_digest({**tenants, params.tenant: source}) == o["map_digest"]
        )
        if mine:
            await ctx.log(
                f"{o['map']} already has {params.tenant} on {params.target} at revision {revision} "
                "(written by an earlier attempt of this step)",
                revision=revision,
            )
            return StepResult(
                fenced_effect=True,
                output={
                    "map": o["map"],
                    "from_revision": planned,
                    "revision": revision,
                    "already_applied": True,
                },
            )
        await refuse_changed(ctx, revision)
        raise AssertionError("unreachable")

    async def refuse_changed(ctx: StepContext, actual: int | None) -> None:
        params: TenantMigrateParams = ctx.params
        o = ctx.observed
        await resume_on(ctx, deps, params.tenant, ends_of(ctx))
        raise OpsRefused(
            f"placement conflict: {o['map']} is at revision {actual}, not the planned revision {o['revision']} "
            f"(changed by someone else since the plan); nothing was written, {params.tenant} resumed on "
            f"{o['source']}. Plan again."
        )

    async def reload(ctx: StepContext) -> StepResult:
        names = list(ctx.observed["consumers"])
        async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
            results = await call_each(clients, lambda c: c.reload())
        failed = {n: r for n, r in results.items() if isinstance(r, BaseException)}
        if failed:
            raise StepError(
                "reload failed on: "
                + ", ".join(f"{n} ({call_error_text(e)})" for n, e in sorted(failed.items()))
            )
        await ctx.log(f"reloaded {len(names)} consumer(s) of {ctx.observed['map']}")
        return StepResult(output={"reloaded": names})

    async def verify(ctx: StepContext) -> StepResult:
        params: TenantMigrateParams = ctx.params
        o = ctx.observed
        key = str(o["map"])
        tenants, wanted = await read_map(params.kind)
        if tenants.get(params.tenant) != params.target:
            raise OpsRefused(
                f"{key} at revision {wanted} places {params.tenant} on {tenants.get(params.tenant)}, "
                f"not {params.target}: changed by someone else after this job's write"
            )

        def pending(_name: str, result: ServiceState | BaseException) -> str | None:
            if isinstance(result, BaseException):
                return f"state unknown: {call_error_text(result)}"
            have = result.config_revisions.get(key, 0)
            return None if have >= wanted else f"at revision {have}"

        names = list(o["consumers"])
        async with fleet_clients(deps, await base_urls_of(deps, names)) as clients:
            lagging = await poll_states(
                ctx,
                deps,
                clients,
                timeout_s=params.timeout_s,
                pending_of=pending,
                what=f"{key} revision {wanted}",
            )
        if lagging:
            raise OpsRefused(
                f"not at {key} revision {wanted} within {params.timeout_s:g}s: {busy_text(lagging)}"
            )
        await ctx.log(f"every consumer ({len(names)}) reports {key} revision {wanted}", revision=wanted)
        return StepResult(output={"revision": wanted, "services": names})

    async def resume(ctx: StepContext) -> StepResult:
        params: TenantMigrateParams = ctx.params
        # the target first: it acquires; the source only forgets its drain mark (no longer placed)
        await resume_on(ctx, deps, params.tenant, [params.target])
        source = ctx.observed.get("source")
        if source and source != params.target:
            await resume_on(ctx, deps, params.tenant, [str(source)])
        await ctx.log(f"{params.tenant} acquiring on {params.target}")
        return StepResult(output={"acquiring_on": params.target})

    async def compensate(ctx: CompensationContext) -> None:
        params: TenantMigrateParams = ctx.params
        source = ctx.observed.get("source")
        if CAS_STEP in ctx.done_steps:
            await ctx.log(
                f"compensation: the placement already moved to {params.target}; resuming acquiring there",
                placement_changed=True,
            )
            await resume_on(ctx, deps, params.tenant, ends_of(ctx))
        else:
            await ctx.log(
                f"compensation: placement unchanged; resuming acquiring {params.tenant} on the source {source}",
                placement_changed=False,
            )
            await resume_on(ctx, deps, params.tenant, ends_of(ctx))

    def steps(params: TenantMigrateParams) -> Sequence[StepDefinition]:
        wait_s = params.timeout_s + STEP_SLACK_S
        return [
            StepDefinition("drain", drain, timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
            StepDefinition("wait-drained", wait, timeout_s=wait_s, retry=ONCE),
            StepDefinition(CAS_STEP, compare_and_set, timeout_s=STEP_SLACK_S, retry=WRITE_RETRY),
            StepDefinition("reload", reload, timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
            StepDefinition("verify-revision", verify, timeout_s=wait_s, retry=ONCE),
            StepDefinition("resume-on-target", resume, timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
        ]

    return JobKind(
        name=KIND,
        params_type=TenantMigrateParams,
        steps=steps,
        lock_scope=lambda p: f"tenant:{p.tenant}",
        compensate=compensate,
        mutating=True,
        min_role="operator",
        description="Move a tenant's placement to a target service: gates, drain, CAS, reload, verify, resume.",
        observe=observe,
        observed_gates=gates,
        observed_touches=touches,
    )
