"""The restore domain's job kinds, for the composition root: ``restore.run`` (``runs.jobs``)
and the freshness sweep and alert delivery (``health.jobs``)."""

from __future__ import annotations

from lifeboat.jobs.definitions import JobKind
from lifeboat.restore.health.jobs import RestoreDeps, health_kinds
from lifeboat.restore.runs.jobs import restore_run_kind


def restore_kinds(deps: RestoreDeps) -> list[JobKind]:
    """The restore kinds, closing over ``deps``."""
    return [restore_run_kind(), *health_kinds(deps)]
