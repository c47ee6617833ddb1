"""The kinds the engine knows about out of the box, and the create-request union the composition
root builds from every domain's create structs (this package knows no domain's kind)."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable
from typing import Any

from lifeboat.jobs.definitions import KindRegistry, registry_of
from lifeboat.jobs.models import JobCreate
from lifeboat.jobs.probe import SYSTEM_PROBE, ProbeJobCreate

#: The create structs of the engine's own kinds.
ENGINE_CREATES: tuple[type[JobCreate], ...] = (ProbeJobCreate,)


def default_registry() -> KindRegistry:
    """A registry with the engine's built-in kinds (``system.probe``)."""
    return registry_of([SYSTEM_PROBE])


def create_union(*groups: Iterable[type[JobCreate]]) -> Any:
    """The tagged union of the create structs of ``groups``, in order (the order of the contract's
    ``oneOf``); two structs with the same ``kind`` tag are a programming error."""
    creates = [create for group in groups for create in group]
    tags = [create.__struct_config__.tag for create in creates]
    duplicated = sorted({str(tag) for tag in tags if tags.count(tag) > 1})
    if duplicated:
        raise ValueError(f"job kind(s) with two create structs: {', '.join(duplicated)}")
    if not creates:
        raise ValueError("no create struct: POST /api/v1/jobs would accept nothing")
    return functools.reduce(operator.or_, creates)
