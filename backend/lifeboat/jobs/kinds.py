"""The kinds the engine knows about out of the box (domains add theirs in ``app``/``cli`` wiring)."""

from __future__ import annotations

from lifeboat.jobs.definitions import KindRegistry, registry_of
from lifeboat.jobs.probe import SYSTEM_PROBE


def default_registry() -> KindRegistry:
    """A registry with the engine's built-in kinds (``system.probe``)."""
    return registry_of([SYSTEM_PROBE])
