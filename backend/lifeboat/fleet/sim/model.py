"""What a simulated service is and how its work behaves: specs, faults, tenants, inflight, lag.

No I/O here: ``ServiceBehaviour`` is advanced by ``tick`` and changed by ``drain``/``resume``/
``apply_placement``; the simulator serves it over HTTP.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.fleet.protocol import (
    SERVICE_KINDS,
    SITES,
    ServiceKind,
    ServiceState,
    Site,
    TenantAck,
    TenantState,
)
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementMap, map_name


class SimServiceSpec(msgspec.Struct, frozen=True):
    """One simulated service: its unique name, kind, site and build identity."""

    name: str
    kind: ServiceKind
    site: Site
    version: str = "1.0.0"
    git_sha: str = "sim0000"


DEFAULT_PER_SITE: dict[ServiceKind, int] = {"gateway": 1, "aggregate": 3, "projection": 2, "runner": 2}


def demo_fleet(per_site: dict[ServiceKind, int] | None = None) -> list[SimServiceSpec]:
    """A two-site fleet, ``<kind>-<site>-<n>`` (default 1 gateway, 3 aggregate, 2 projection,
    2 runner per site)."""
    counts = DEFAULT_PER_SITE if per_site is None else per_site
    return [
        SimServiceSpec(name=f"{kind}-{site}-{index}", kind=kind, site=site)
        for site in SITES
        for kind in SERVICE_KINDS
        for index in range(1, counts.get(kind, 0) + 1)
    ]


# --- faults ----------------------------------------------------------------------------------

FaultName = Literal["slow_drain", "stuck_inflight", "unhealthy", "unreachable", "slow_reload", "lagging"]
FAULT_NAMES: tuple[FaultName, ...] = (
    "slow_drain",
    "stuck_inflight",
    "unhealthy",
    "unreachable",
    "slow_reload",
    "lagging",
)


class _FaultParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class SlowDrain(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A draining tenant finishes only ``per_s`` units of inflight work per second."""

    per_s: Annotated[float, msgspec.Meta(ge=0)] = 0.5


class StuckInflight(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every tenant the service serves keeps at least ``inflight`` units that never finish."""

    inflight: Annotated[int, msgspec.Meta(ge=1)] = 1


class Unhealthy(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/ready`` answers 503 (``/health`` stays 200)."""


class Unreachable(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``refuse``: the port stops listening (connection refused); ``hang``: connections are
    accepted and never answered (a probe times out)."""

    mode: Literal["refuse", "hang"] = "refuse"


class SlowReload(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``/admin/reload`` and applying a watched placement change wait ``seconds`` first."""

    seconds: Annotated[float, msgspec.Meta(ge=0)] = 5.0


class Lagging(_FaultParams, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Every tenant reports about ``seconds`` of lag."""

    seconds: Annotated[float, msgspec.Meta(ge=0)] = 30.0


FAULT_PARAMS: dict[str, type[_FaultParams]] = {
    "slow_drain": SlowDrain,
    "stuck_inflight": StuckInflight,
    "unhealthy": Unhealthy,
    "unreachable": Unreachable,
    "slow_reload": SlowReload,
    "lagging": Lagging,
}


class FaultError(ValueError):
    """An unknown fault or invalid fault parameters."""


def parse_fault(fault: str, params: Mapping[str, Any]) -> _FaultParams:
    """Validate a fault name and its parameters."""
    kind = FAULT_PARAMS.get(fault)
    if kind is None:
        raise FaultError(f"unknown fault {fault!r}; known: {', '.join(FAULT_NAMES)}")
    try:
        return msgspec.convert(dict(params), kind)
    except msgspec.ValidationError as exc:
        raise FaultError(f"bad parameters for fault {fault!r}: {exc}") from exc


# --- placement -------------------------------------------------------------------------------

#: map name -> (map, KV revision); revision 0 = no such key (or no KV at all)
PlacementView = Mapping[str, tuple[PlacementMap, int]]
EMPTY_MAP = PlacementMap()


def consumed_maps(kind: ServiceKind) -> tuple[str, ...]:
    """The placement maps a kind applies: gateways route by all three, others by their own."""
    if kind == "gateway":
        return tuple(map_name(k) for k in PLACEMENT_KINDS)
    return (map_name(kind),)


def static_placement(specs: Sequence[SimServiceSpec], tenants: Sequence[str]) -> dict[str, frozenset[str]]:
    """Without KV: per site and kind, tenants round-robin over that kind's services; gateways
    serve every tenant."""
    owned: dict[str, set[str]] = {spec.name: set() for spec in specs}
    for site in SITES:
        for kind in SERVICE_KINDS:
            members = [s for s in specs if s.site == site and s.kind == kind]
            if not members:
                continue
            for index, tenant in enumerate(tenants):
                if kind == "gateway":
                    for member in members:
                        owned[member.name].add(tenant)
                else:
                    owned[members[index % len(members)].name].add(tenant)
    return {name: frozenset(values) for name, values in owned.items()}


def metric_prefix(service: str) -> str:
    """A service name as a Prometheus metric-name prefix: ``aggregate-primary-1`` ->
    ``aggregate_primary_1``."""
    prefix = re.sub(r"[^a-zA-Z0-9_]", "_", service)
    return f"_{prefix}" if not prefix or prefix[0].isdigit() else prefix


def _label(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


# --- behaviour -------------------------------------------------------------------------------


@dataclass
class _Work:
    inflight: int = 0
    lag: float = 0.0
    credit: float = 0.0  # fractional units finished under slow_drain


def _poisson(rng: random.Random, mean: float) -> int:
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(1 for _ in range(n) if rng.random() < p)


class ServiceBehaviour:
    """A service's tenants and work: owned tenants acquire work, drained ones decay to zero."""

    def __init__(
        self,
        spec: SimServiceSpec,
        *,
        seed: int,
        drain_rate: float = 2.0,
        work_rate: float = 6.0,
        service_time_s: float = 0.8,
    ) -> None:
        self.spec = spec
        self.drain_rate = drain_rate  # per-unit completion rate (1/s) of a draining tenant
        self.work_rate = work_rate  # units arriving per second for an acquiring tenant
        self.service_time_s = service_time_s  # mean time a unit stays inflight while acquiring
        self.rng = random.Random(f"{seed}:{spec.name}")  # str seeds are stable across processes
        self.owned: frozenset[str] = frozenset()
        self.drained: set[str] = set()
        self.work: dict[str, _Work] = {}
        self.config_revisions: dict[str, int] = dict.fromkeys(consumed_maps(spec.kind), 0)
        self.faults: dict[str, _FaultParams] = {}

    # placement
    def apply_placement(self, view: PlacementView) -> None:
        """Take the tenants and revisions of the maps this kind consumes."""
        owned: set[str] = set()
        for name in consumed_maps(self.spec.kind):
            placement, revision = view.get(name, (EMPTY_MAP, 0))
            self.config_revisions[name] = revision
            if self.spec.kind == "gateway":
                owned.update(placement.tenants)
            else:
                owned.update(t for t, service in placement.tenants.items() if service == self.spec.name)
        self.owned = frozenset(owned)

    def set_owned(self, tenants: Iterable[str]) -> None:
        self.owned = frozenset(tenants)

    # tenant operations
    def acquiring(self, tenant: str) -> bool:
        return tenant in self.owned and tenant not in self.drained

    def _ack(self, tenant: str) -> TenantAck:
        work = self.work.get(tenant)
        return TenantAck(
            service=self.spec.name,
            tenant=tenant,
            acquiring=self.acquiring(tenant),
            inflight=work.inflight if work else 0,
        )

    def drain(self, tenant: str) -> TenantAck:
        """Stop acquiring ``tenant`` (remembered even before it is placed here)."""
        self.drained.add(tenant)
        return self._ack(tenant)

    def resume(self, tenant: str) -> TenantAck:
        """Acquire ``tenant`` again (when it is placed here)."""
        self.drained.discard(tenant)
        return self._ack(tenant)

    # time
    def tick(self, dt: float) -> None:
        """Advance the work model by ``dt`` seconds."""
        slow = self.faults.get("slow_drain")
        stuck = self.faults.get("stuck_inflight")
        lagging = self.faults.get("lagging")
        rng = self.rng
        for tenant in sorted(self.owned | self.work.keys()):
            work = self.work.get(tenant)
            if work is None:
                work = self.work[tenant] = _Work()
            if self.acquiring(tenant):
                arrivals = _poisson(rng, self.work_rate * dt)
                done = _binomial(rng, work.inflight, 1 - math.exp(-dt / self.service_time_s))
                work.inflight += arrivals - done
                work.lag = 0.7 * work.lag + 0.3 * rng.uniform(0.0, 0.5)
            else:
                if isinstance(slow, SlowDrain):
                    work.credit += slow.per_s * dt
                    done = int(work.credit)
                    work.credit -= done
                else:
                    done = max(1, _binomial(rng, work.inflight, 1 - math.exp(-self.drain_rate * dt)))
                work.inflight = max(0, work.inflight - done)
                work.lag = work.lag * 0.5 if work.lag > 0.01 else 0.0
            self._apply_instant_faults(work, stuck, lagging)
            if tenant not in self.owned and work.inflight == 0:
                del self.work[tenant]

    def apply_faults(self) -> None:
        """Make the faults that set a level (stuck inflight, lag) visible now, not at the next tick."""
        stuck = self.faults.get("stuck_inflight")
        lagging = self.faults.get("lagging")
        for tenant in sorted(self.owned | self.work.keys()):
            work = self.work.get(tenant)
            if work is None:
                work = self.work[tenant] = _Work()
            self._apply_instant_faults(work, stuck, lagging)

    def _apply_instant_faults(self, work: _Work, stuck: object, lagging: object) -> None:
        if isinstance(stuck, StuckInflight):
            work.inflight = max(work.inflight, stuck.inflight)
        if isinstance(lagging, Lagging):
            work.lag = lagging.seconds + self.rng.uniform(0.0, 1.0)

    # views
    def state(self) -> ServiceState:
        spec = self.spec
        tenants: dict[str, TenantState] = {}
        for tenant in sorted(self.owned | self.work.keys()):
            work = self.work.get(tenant) or _Work()
            tenants[tenant] = TenantState(
                acquiring=self.acquiring(tenant), inflight=work.inflight, lag=round(work.lag, 3)
            )
        return ServiceState(
            service=spec.name,
            kind=spec.kind,
            site=spec.site,
            version=spec.version,
            git_sha=spec.git_sha,
            config_revisions=dict(self.config_revisions),
            tenants=tenants,
        )

    def metrics(self) -> str:
        """Prometheus text exposition (format 0.0.4)."""
        spec = self.spec
        prefix = metric_prefix(spec.name)
        service = _label(spec.name)
        state = self.state()
        lines = [
            f"# HELP {prefix}_build_info Build of this service (always 1).",
            f"# TYPE {prefix}_build_info gauge",
            f'{prefix}_build_info{{service="{service}",version="{_label(spec.version)}",'
            f'git_sha="{_label(spec.git_sha)}",kind="{spec.kind}",site="{spec.site}"}} 1',
            f"# HELP {prefix}_config_revision KV revision of each applied placement map.",
            f"# TYPE {prefix}_config_revision gauge",
        ]
        lines += [
            f'{prefix}_config_revision{{service="{service}",map="{name}"}} {revision}'
            for name, revision in sorted(state.config_revisions.items())
        ]
        for metric, help_text, value_of in (
            ("tenant_acquiring", "1 when the service takes new work for the tenant.", "acquiring"),
            ("tenant_inflight", "Units of work started and not finished.", "inflight"),
            ("tenant_lag_seconds", "Seconds behind for the tenant.", "lag"),
        ):
            lines += [f"# HELP {prefix}_{metric} {help_text}", f"# TYPE {prefix}_{metric} gauge"]
            for tenant, tenant_state in state.tenants.items():
                value = getattr(tenant_state, value_of)
                number = int(value) if isinstance(value, bool) else value
                lines.append(f'{prefix}_{metric}{{service="{service}",tenant="{tenant}"}} {number}')
        return "\n".join(lines) + "\n"
