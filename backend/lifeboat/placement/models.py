"""Placement maps: which service of a kind serves each tenant, stored in NATS JetStream KV.

Bucket ``PLACEMENT_BUCKET`` holds one key per map (``aggregate_placement``,
``projection_placement``, ``runner_placement``); each value is a JSON ``PlacementMap``. A
map's revision is the KV revision of its key (JetStream stream sequence: increases on every
write to the bucket). Updates are compare-and-set on the revision read before the change.
Gateways route by all three maps; aggregate/projection/runner services acquire the tenants
their kind's map gives them.
"""

from __future__ import annotations

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
