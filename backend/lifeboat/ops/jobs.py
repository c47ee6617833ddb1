"""The ops kinds, bound to their dependencies (registered by the wiring in ``app``/``cli``)."""

from __future__ import annotations

from lifeboat.jobs.definitions import JobKind
from lifeboat.ops.deps import OpsDeps
from lifeboat.ops.drain import drain_kind
from lifeboat.ops.migrate import migrate_kind
from lifeboat.ops.reload import reload_kind


def ops_kinds(deps: OpsDeps) -> list[JobKind]:
    """``tenant.drain``, ``tenant.migrate`` and ``fleet.reload``."""
    return [drain_kind(deps), migrate_kind(deps), reload_kind(deps)]
