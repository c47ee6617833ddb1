"""``tenant.migrate``: move a tenant's placement for one kind to a target service.

Plan time observes the map (its KV revision and a digest of its content), the target's health,
and the tenant's lag and inflight on every service of the kind; gates refuse an unsafe request
naming the gate (each gate has its own problem type) — see ``ops.migrate_plan``. Steps:

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

from collections.abc import Sequence

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.definitions import (
    CompensationContext,
    JobKind,
    StepContext,
    StepDefinition,
    StepError,
    StepResult,
)
from lifeboat.ops.binding import Bound
from lifeboat.ops.deps import (
    CALL_RETRY,
    ONCE,
    STEP_SLACK_S,
    WRITE_RETRY,
    JobActor,
    OpsDeps,
    OpsRefused,
    base_urls_of,
    call_error_text,
    current_map,
    fleet_clients,
    poll_states,
)
from lifeboat.ops.fleet_steps import busy_text, drain_on, reload_on, resume_on, wait_drained
from lifeboat.ops.migrate_plan import CAS_STEP, gates, map_digest, observe, touches
from lifeboat.ops.models import MIGRATE_KIND, MigrateObservation, TenantMigrateParams
from lifeboat.placement.models import PlacementMap
from lifeboat.placement.store import PlacementConflict


def ends_of(params: TenantMigrateParams, o: MigrateObservation) -> list[str]:
    """The source (when placed) and the target, sorted."""
    return sorted({params.target, *([o.source] if o.source else [])})


async def drain(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """Source and target stop acquiring the tenant."""
    params: TenantMigrateParams = ctx.params
    await drain_on(ctx, deps, params.tenant, ends_of(params, o))
    return StepResult(output={"drained": ends_of(params, o)})


async def wait(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """The tenant's inflight reaches 0 on the source (timeout: both ends resume, the job fails)."""
    params: TenantMigrateParams = ctx.params
    source = str(o.source)
    busy = await wait_drained(ctx, deps, params.tenant, [source], params.timeout_s)
    if busy:
        await resume_on(ctx, deps, params.tenant, ends_of(params, o))
        raise OpsRefused(
            f"inflight of {params.tenant} did not reach 0 within {params.timeout_s:g}s on: {busy_text(busy)}; "
            f"placement unchanged, {params.tenant} resumed on {source}"
        )
    await ctx.log(f"{params.tenant} drained on {source}")
    return StepResult(output={"source": source, "inflight": 0})


async def compare_and_set(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """Write the move on the planned revision; recognise this step's own earlier write."""
    params: TenantMigrateParams = ctx.params
    planned, source = int(o.revision), str(o.source)
    try:
        tenants, revision = await current_map(deps, params.kind)
    except Exception as exc:
        raise StepError(f"cannot read {o.map}: {type(exc).__name__}") from exc
    if revision == planned:
        wanted = {**tenants, params.tenant: params.target}
        try:
            written = await deps.placement.compare_and_set(
                params.kind,
                PlacementMap(tenants=wanted),
                planned,
                actor=JobActor(ctx.job_id, MIGRATE_KIND),
                reason=f"{MIGRATE_KIND} {params.tenant} {source} -> {params.target} "
                f"(job {ctx.job_id}, step {ctx.position}, epoch {ctx.lease_epoch})",
            )
        except PlacementConflict as exc:
            await refuse_changed(ctx, deps, o, exc.actual)
            raise  # unreachable: refuse_changed raises
        await ctx.log(
            f"{o.map}: {params.tenant} {source} -> {params.target}, revision {planned} -> {written}",
            revision=written,
        )
        return StepResult(
            fenced_effect=True,
            output={"map": o.map, "from_revision": planned, "revision": written, "already_applied": False},
        )
    mine = (
        revision > planned
        and tenants.get(params.tenant) == params.target
        and map_digest({**tenants, params.tenant: source}) == o.map_digest
    )
    if mine:
        await ctx.log(
            f"{o.map} already has {params.tenant} on {params.target} at revision {revision} "
            "(written by an earlier attempt of this step)",
            revision=revision,
        )
        return StepResult(
            fenced_effect=True,
            output={"map": o.map, "from_revision": planned, "revision": revision, "already_applied": True},
        )
    await refuse_changed(ctx, deps, o, revision)
    raise AssertionError("unreachable")


async def refuse_changed(ctx: StepContext, deps: OpsDeps, o: MigrateObservation, actual: int | None) -> None:
    """Someone else changed the map since the plan: both ends resume, nothing is written."""
    params: TenantMigrateParams = ctx.params
    await resume_on(ctx, deps, params.tenant, ends_of(params, o))
    raise OpsRefused(
        f"placement conflict: {o.map} is at revision {actual}, not the planned revision {o.revision} "
        f"(changed by someone else since the plan); nothing was written, {params.tenant} resumed on "
        f"{o.source}. Plan again."
    )


async def reload(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """Every consumer of the map re-reads it."""
    names = list(o.consumers)
    await reload_on(deps, names)
    await ctx.log(f"reloaded {len(names)} consumer(s) of {o.map}")
    return StepResult(output={"reloaded": names})


async def verify(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """Every consumer reports the map's revision (which still places the tenant on the target)."""
    params: TenantMigrateParams = ctx.params
    key = str(o.map)
    tenants, wanted = await current_map(deps, params.kind)
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

    names = list(o.consumers)
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
        raise OpsRefused(f"not at {key} revision {wanted} within {params.timeout_s:g}s: {busy_text(lagging)}")
    await ctx.log(f"every consumer ({len(names)}) reports {key} revision {wanted}", revision=wanted)
    return StepResult(output={"revision": wanted, "services": names})


async def resume(ctx: StepContext, deps: OpsDeps, o: MigrateObservation) -> StepResult:
    """The target acquires the tenant; the source forgets its drain mark (no longer placed)."""
    params: TenantMigrateParams = ctx.params
    await resume_on(ctx, deps, params.tenant, [params.target])
    if o.source and o.source != params.target:
        await resume_on(ctx, deps, params.tenant, [str(o.source)])
    await ctx.log(f"{params.tenant} acquiring on {params.target}")
    return StepResult(output={"acquiring_on": params.target})


async def compensate(ctx: CompensationContext, deps: OpsDeps, o: MigrateObservation) -> None:
    """Cancelled: both ends acquire again (the target owns the tenant once the map moved)."""
    params: TenantMigrateParams = ctx.params
    if CAS_STEP in ctx.done_steps:
        await ctx.log(
            f"compensation: the placement already moved to {params.target}; resuming acquiring there",
            placement_changed=True,
        )
    else:
        await ctx.log(
            f"compensation: placement unchanged; resuming acquiring {params.tenant} on the source {o.source}",
            placement_changed=False,
        )
    await resume_on(ctx, deps, params.tenant, ends_of(params, o))


def migrate_steps(on: Bound[MigrateObservation], params: TenantMigrateParams) -> Sequence[StepDefinition]:
    """The six steps, in order."""
    wait_s = params.timeout_s + STEP_SLACK_S
    return [
        StepDefinition("drain", on.step(drain), timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
        StepDefinition("wait-drained", on.step(wait), timeout_s=wait_s, retry=ONCE),
        StepDefinition(CAS_STEP, on.step(compare_and_set), timeout_s=STEP_SLACK_S, retry=WRITE_RETRY),
        StepDefinition("reload", on.step(reload), timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
        StepDefinition("verify-revision", on.step(verify), timeout_s=wait_s, retry=ONCE),
        StepDefinition("resume-on-target", on.step(resume), timeout_s=STEP_SLACK_S, retry=CALL_RETRY),
    ]


def migrate_kind(deps: OpsDeps) -> JobKind:
    """The ``tenant.migrate`` kind bound to ``deps``."""
    on = Bound(deps, MigrateObservation)
    return JobKind(
        name=MIGRATE_KIND,
        params_type=TenantMigrateParams,
        steps=lambda params: migrate_steps(on, params),
        lock_scope=lambda p: f"tenant:{p.tenant}",
        compensate=on.compensate(compensate),
        mutating=True,
        min_role="operator",
        description="Move a tenant's placement to a target service: gates, drain, CAS, reload, verify, resume.",
        observe=on.observe(observe),
        observed_gates=on.gates(gates),
        observed_touches=on.touches(touches),
    )
