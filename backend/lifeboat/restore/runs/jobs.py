"""The ``restore.run`` job kind: external, its agent reports its steps through the runs API."""

from __future__ import annotations

from lifeboat.jobs.definitions import (
    JobKind,
    PermanentStepError,
    RetryPolicy,
    StepContext,
    StepDefinition,
    StepResult,
)
from lifeboat.restore.runs.models import RestoreRunParams

RESTORE_RUN = "restore.run"
#: The steps of a restore run, in the order an agent normally reports them.
RUN_STEPS = ("restore", "evidence", "verify")


async def _reported_by_agent(ctx: StepContext) -> StepResult:
    # never claimed (the kind is external); a worker running it would be a wiring bug
    raise PermanentStepError(f"step {ctx.step_name} of an external job is reported by its agent")


def restore_run_kind() -> JobKind:
    """``restore.run``: external; its steps are driven by the runs API."""
    return JobKind(
        name=RESTORE_RUN,
        params_type=RestoreRunParams,
        steps=lambda p: [
            StepDefinition(name, _reported_by_agent, timeout_s=86_400.0, retry=RetryPolicy(max_attempts=1))
            for name in RUN_STEPS
        ],
        mutating=False,
        min_role="operator",
        external=True,
        description="A restore executed by a restore consumer agent and reported through the runs API.",
    )
