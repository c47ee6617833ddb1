"""Placement maps: which service of a kind serves each tenant, stored in NATS JetStream KV.

Bucket ``PLACEMENT_BUCKET`` holds one key per map (``aggregate_placement``,
``projection_placement``, ``runner_placement``); each value is a JSON ``PlacementMap``. A
map's revision is the KV revision of its key (JetStream stream sequence: increases on every
write to the bucket). Updates are compare-and-set on the revision read before the change.
Gateways route by all three maps; aggregate/projection/runner services acquire the tenants
their kind's map gives them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

PlacementKind = Literal["aggregate", "projection", "runner"]
PLACEMENT_KINDS: tuple[PlacementKind, ...] = ("aggregate", "projection", "runner")
PLACEMENT_BUCKET = "lifeboat_placement"


def map_name(kind: PlacementKind) -> str:
    """The KV key (and config-revision name) of a kind's placement map."""
    return f"{kind}_placement"


class PlacementMap(msgspec.Struct, frozen=True, kw_only=True):
    """The value stored under ``<kind>_placement``: tenant id -> service name."""

    tenants: dict[str, str] = msgspec.field(default_factory=dict)


#: Where a snapshot's maps came from: NATS KV (wins when reachable), the read-only placement
#: file (development fallback), or nothing reachable yet.
PlacementSource = Literal["kv", "file", "none"]


class PlacementMapView(msgspec.Struct, frozen=True, kw_only=True):
    """One placement map as served: its key, revision and tenant -> service entries."""

    kind: PlacementKind
    key: str  # the KV key, e.g. "aggregate_placement"
    revision: int  # KV revision of the key (0: the map does not exist); file: content hash
    tenants: dict[str, str]


class PlacementView(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /api/v1/placement``: the three maps, where they came from and when they changed."""

    source: PlacementSource
    updated_at: datetime | None  # when this API process last applied a change (UTC)
    maps: list[PlacementMapView]  # aggregate, projection, runner (always all three)


class TenantPlacement(msgspec.Struct, frozen=True, kw_only=True):
    """One tenant: the service each kind's map places it on (null where it has none)."""

    tenant_id: str
    aggregate: str | None
    projection: str | None
    runner: str | None


class TenantPage(msgspec.Struct, frozen=True, kw_only=True):
    """A page of tenants ordered by id; ``next_cursor`` is null on the last page."""

    items: list[TenantPlacement]
    next_cursor: str | None
    source: PlacementSource


class TenantKindPlacement(msgspec.Struct, frozen=True, kw_only=True):
    """A tenant's entry in one map, with the map's revision (the CAS revision for a migrate)."""

    kind: PlacementKind
    key: str
    service: str | None
    revision: int


class TenantDetail(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /api/v1/tenants/{tenant_id}``: the tenant's placement per kind."""

    tenant_id: str
    source: PlacementSource
    placements: list[TenantKindPlacement]  # aggregate, projection, runner
