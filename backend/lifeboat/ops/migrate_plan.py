"""``tenant.migrate``'s plan: what it observes (the map, the target, the consumers, the tenant's
lag and inflight), its gates and what each step touches. The steps are in ``ops.migrate``."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import msgspec

from lifeboat.fleet.protocol import ServiceState
from lifeboat.jobs.models import GateResult
from lifeboat.ops.deps import (
    OpsDeps,
    call_each,
    call_error_text,
    current_map,
    fleet_clients,
    registered,
    secret_gate,
)
from lifeboat.ops.models import MigrateObservation, MigrateTarget, MigrateThresholds, TenantMigrateParams
from lifeboat.placement.models import PlacementMap, map_name
from lifeboat.placement.store import encode_map

CAS_STEP = "compare-and-set"


def map_digest(tenants: dict[str, str]) -> str:
    """SHA-256 of a map's canonical bytes (how a re-run recognises its own write)."""
    return hashlib.sha256(encode_map(PlacementMap(tenants=tenants))).hexdigest()


def _quantised_lag(lag: float) -> float:
    return round(lag, 1)


def _target_health(
    params: TenantMigrateParams,
    target_kind: str | None,
    ready: bool | BaseException | None,
    unreachable: dict[str, str],
) -> str:
    """``ok``, or why the target is not a healthy service of the kind."""
    if target_kind is None:
        return "unregistered"
    if target_kind != params.kind:
        return f"not checked (a {target_kind} service)"
    if isinstance(ready, BaseException):
        return f"unreachable ({call_error_text(ready)})"
    if ready is False:
        return "not ready"
    if params.target in unreachable:
        return f"failing ({unreachable[params.target]})"
    return "ok"


async def observe(deps: OpsDeps, params: TenantMigrateParams) -> MigrateObservation:
    """The map (revision, digest, the tenant's source), the target, every consumer's state."""
    services = await registered(deps)
    target = services.get(params.target)
    of_kind = sorted(name for name, s in services.items() if s.kind == params.kind)
    consumers = sorted(name for name, s in services.items() if s.kind in (params.kind, "gateway"))
    readable, revision, source = True, 0, None
    digest: str | msgspec.UnsetType = msgspec.UNSET
    error: str | msgspec.UnsetType = msgspec.UNSET
    try:
        tenants, revision = await current_map(deps, params.kind)
        digest, source = map_digest(tenants), tenants.get(params.tenant)
    except Exception as exc:  # NATS away: the gate says so; nothing to compare-and-set on
        readable, revision, source, digest, error = False, 0, None, msgspec.UNSET, type(exc).__name__
    base_urls = {name: services[name].base_url for name in consumers}
    async with fleet_clients(deps, base_urls) as clients:
        states: dict[str, ServiceState | BaseException] = await call_each(clients, lambda c: c.state())
        ready: bool | BaseException | None = None
        if target is not None and params.target in clients:
            ready = (await call_each({params.target: clients[params.target]}, lambda c: c.ready()))[
                params.target
            ]
    unreachable = {
        name: call_error_text(r) for name, r in sorted(states.items()) if isinstance(r, BaseException)
    }
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
    return MigrateObservation(
        map=map_name(params.kind),
        thresholds=MigrateThresholds(max_lag_s=deps.max_lag_s, max_inflight=deps.max_inflight),
        consumers=consumers,
        target=MigrateTarget(
            name=params.target,
            registered=target is not None,
            kind=target.kind if target else None,
            site=target.site if target else None,
            health=_target_health(params, target.kind if target else None, ready, unreachable),
        ),
        placement_readable=readable,
        revision=revision,
        map_digest=digest,
        placement_error=error,
        source=source,
        writable=deps.placement.store is not None,
        unreachable=unreachable,
        over_lag=over_lag,
        over_inflight=over_inflight,
    )


def gates(deps: OpsDeps, params: TenantMigrateParams, o: MigrateObservation) -> Sequence[GateResult]:
    """Each gate refuses an unsafe request with its own name (and problem type)."""
    target, source, thresholds, map_key, unreachable = o.target, o.source, o.thresholds, o.map, o.unreachable
    source_unreachable = source is not None and source in unreachable
    placement_error = None if isinstance(o.placement_error, msgspec.UnsetType) else o.placement_error
    return [
        secret_gate(deps),
        GateResult(
            name="placement-writable",
            ok=bool(o.placement_readable and o.writable),
            detail=f"{map_key} read from NATS KV at revision {o.revision}"
            if o.placement_readable and o.writable
            else f"{map_key} cannot be changed: "
            + (
                "placement is file-only (read-only)"
                if not o.writable
                else f"KV not readable ({placement_error})"
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
            ok=target.registered and target.kind == params.kind,
            detail=f"{params.target} is a registered {params.kind} service ({target.site})"
            if target.registered and target.kind == params.kind
            else (
                f"{params.target} is a {target.kind} service, not {params.kind}"
                if target.registered
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
            ok=target.health == "ok",
            detail=f"{params.target} is {target.health}",
        ),
        GateResult(
            name="consumers-reachable",
            ok=not unreachable,
            detail=f"all {len(o.consumers)} consumer(s) of {map_key} answer"
            if not unreachable
            else "not answering: " + ", ".join(f"{n} ({why})" for n, why in unreachable.items()),
        ),
        GateResult(
            name="lag-under-threshold",
            ok=not o.over_lag and not source_unreachable,
            detail=(
                f"{params.tenant} lag <= {thresholds.max_lag_s:g}s on every {params.kind} service"
                if not o.over_lag and not source_unreachable
                else f"{params.tenant} lag over {thresholds.max_lag_s:g}s on: "
                + ", ".join(f"{n} ({lag:g}s)" for n, lag in sorted(o.over_lag.items()))
                + (f"; source {source} does not answer" if source_unreachable else "")
            ),
        ),
        GateResult(
            name="inflight-under-threshold",
            ok=not o.over_inflight and not source_unreachable,
            detail=(
                f"{params.tenant} inflight <= {thresholds.max_inflight} on every {params.kind} service"
                if not o.over_inflight and not source_unreachable
                else f"{params.tenant} inflight over {thresholds.max_inflight} on: "
                + ", ".join(f"{n} ({count})" for n, count in sorted(o.over_inflight.items()))
                + (f"; source {source} does not answer" if source_unreachable else "")
            ),
        ),
    ]


def touches(params: TenantMigrateParams, o: MigrateObservation) -> dict[str, list[str]]:
    """The two ends, the map at the planned revision, every consumer."""
    source = o.source
    ends = [f"service:{name}" for name in sorted({str(source), params.target}) if name != "None"]
    consumers = [f"service:{name}" for name in o.consumers]
    return {
        "drain": ends,
        "wait-drained": [f"service:{source}"] if source else [],
        CAS_STEP: [f"placement:{o.map}@{o.revision}"],
        "reload": consumers,
        "verify-revision": consumers,
        "resume-on-target": ends,
    }
