"""The ops kinds' shapes: their params and create requests (the API's wire structs) and the
observations their plans store (typed here, stored in ``JobPlan.observed`` as plain JSON)."""

from __future__ import annotations

from typing import Annotated

import msgspec

from lifeboat.core.tenancy import TENANT_ID_PATTERN
from lifeboat.fleet.models import SERVICE_NAME_PATTERN
from lifeboat.fleet.protocol import ServiceKind, Site
from lifeboat.jobs.models import JobCreate
from lifeboat.placement.models import PlacementKind

DRAIN_KIND = "tenant.drain"
MIGRATE_KIND = "tenant.migrate"
RELOAD_KIND = "fleet.reload"

TenantId = Annotated[
    str,
    msgspec.Meta(pattern=TENANT_ID_PATTERN, description="A tenant id: lowercase letters, digits, dashes."),
]
ServiceNameParam = Annotated[
    str,
    msgspec.Meta(
        pattern=SERVICE_NAME_PATTERN, description="A registered service name (e.g. aggregate-primary-2)."
    ),
]


# --- params and create requests ------------------------------------------------------------


class TenantDrainParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Stop every service of ``kinds`` (at ``site``, or both sites) acquiring the tenant and wait
    until its inflight work reaches 0 within ``timeout_s``. Cancel resumes acquiring."""

    tenant: TenantId
    kinds: Annotated[list[ServiceKind], msgspec.Meta(min_length=1, max_length=4)] = msgspec.field(
        default_factory=lambda: ["aggregate", "projection", "runner"]
    )
    site: Site | None = None
    timeout_s: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 60.0


class TenantMigrateParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Move the tenant's ``kind`` placement to ``target``: gates, drain, compare-and-set the map,
    reload, verify every consumer reports the new revision, resume on the target."""

    tenant: TenantId
    kind: PlacementKind
    target: ServiceNameParam
    timeout_s: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 120.0


class FleetReloadParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Ask services (of ``kind`` / at ``site``, or all) to re-read the placement maps and wait until
    each reports the maps' current revisions within ``timeout_s``."""

    kind: ServiceKind | None = None
    site: Site | None = None
    timeout_s: Annotated[float, msgspec.Meta(gt=0, le=3600)] = 60.0


class TenantDrainJobCreate(JobCreate, frozen=True, kw_only=True, tag=DRAIN_KIND):
    """Create a ``tenant.drain`` job (operator)."""

    params: TenantDrainParams


class TenantMigrateJobCreate(JobCreate, frozen=True, kw_only=True, tag=MIGRATE_KIND):
    """Create a ``tenant.migrate`` job (operator)."""

    params: TenantMigrateParams


class FleetReloadJobCreate(JobCreate, frozen=True, kw_only=True, tag=RELOAD_KIND):
    """Create a ``fleet.reload`` job (operator)."""

    params: FleetReloadParams = msgspec.field(default_factory=FleetReloadParams)


#: The create structs of the ops kinds, in the contract's order.
OPS_CREATES: tuple[type[JobCreate], ...] = (
    TenantDrainJobCreate,
    TenantMigrateJobCreate,
    FleetReloadJobCreate,
)


# --- observations (what a plan saw; the steps act on it) -----------------------------------


class ServiceRef(msgspec.Struct, frozen=True, kw_only=True):
    """A registered service as an observation names it."""

    name: str
    kind: str
    site: str


class DrainObservation(msgspec.Struct, frozen=True, kw_only=True):
    """``tenant.drain``: the services it drains (sorted by name), the kinds and site asked for."""

    services: list[ServiceRef] = msgspec.field(default_factory=list)
    kinds: list[str] = msgspec.field(default_factory=list)
    site: str | None = None


class ReloadObservation(msgspec.Struct, frozen=True, kw_only=True):
    """``fleet.reload``: the services it reloads (sorted by name)."""

    services: list[ServiceRef] = msgspec.field(default_factory=list)


class MigrateThresholds(msgspec.Struct, frozen=True, kw_only=True):
    """The thresholds the lag and inflight gates applied."""

    max_lag_s: float
    max_inflight: int


class MigrateTarget(msgspec.Struct, frozen=True, kw_only=True):
    """The target service as registered, and its health (``ok`` or why not)."""

    name: str
    registered: bool
    kind: str | None
    site: str | None
    health: str


class MigrateObservation(msgspec.Struct, frozen=True, kw_only=True):
    """``tenant.migrate``: the map (its revision and digest, compared-and-set on), where the tenant
    is placed (``source``), the target, the map's consumers and the offending lag/inflight values
    (only those: passing values move all the time and would make identical requests plan
    differently). ``map_digest`` is absent when the map could not be read, ``placement_error``
    when it could."""

    map: str
    thresholds: MigrateThresholds
    consumers: list[str]
    target: MigrateTarget
    placement_readable: bool
    revision: int
    source: str | None
    writable: bool
    unreachable: dict[str, str]
    over_lag: dict[str, float]
    over_inflight: dict[str, int]
    map_digest: str | msgspec.UnsetType = msgspec.UNSET
    placement_error: str | msgspec.UnsetType = msgspec.UNSET
