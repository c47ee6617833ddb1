"""An ops kind's module-level functions bound to the process's ``OpsDeps`` and to the kind's typed
observation: the engine stores and hands out plain JSON (``JobPlan.observed``, ``ctx.observed``);
the kind's functions see its struct (``ops.models``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import msgspec

from lifeboat.jobs.definitions import CompensationContext, Observation, StepContext, StepFunction, StepResult
from lifeboat.jobs.models import GateResult
from lifeboat.ops.deps import OpsDeps

ObservationT = TypeVar("ObservationT", bound=msgspec.Struct)


@dataclass(frozen=True)
class Bound(Generic[ObservationT]):
    """``deps`` and the observation struct a kind's functions take (``on.step(drain)``)."""

    deps: OpsDeps
    observation: type[ObservationT]

    def typed(self, observed: Observation) -> ObservationT:
        """The stored observation as the kind's struct."""
        return msgspec.convert(observed, self.observation)

    def observe(
        self, observe: Callable[[OpsDeps, Any], Awaitable[ObservationT]]
    ) -> Callable[[Any], Awaitable[Observation]]:
        """The kind's ``observe`` hook: the struct as plain JSON (unset fields absent)."""

        async def run(params: Any) -> Observation:
            observed: Observation = msgspec.to_builtins(await observe(self.deps, params))
            return observed

        return run

    def gates(
        self, gates: Callable[[OpsDeps, Any, ObservationT], Sequence[GateResult]]
    ) -> Callable[[Any, Observation], Sequence[GateResult]]:
        """The kind's ``observed_gates`` hook."""
        return lambda params, observed: gates(self.deps, params, self.typed(observed))

    def touches(
        self, touches: Callable[[Any, ObservationT], Mapping[str, Sequence[str]]]
    ) -> Callable[[Any, Observation], Mapping[str, Sequence[str]]]:
        """The kind's ``observed_touches`` hook."""
        return lambda params, observed: touches(params, self.typed(observed))

    def step(
        self, step: Callable[[StepContext, OpsDeps, ObservationT], Awaitable[StepResult]]
    ) -> StepFunction:
        """A step's ``run``."""

        async def run(ctx: StepContext) -> StepResult:
            return await step(ctx, self.deps, self.typed(ctx.observed))

        return run

    def compensate(
        self, compensate: Callable[[CompensationContext, OpsDeps, ObservationT], Awaitable[None]]
    ) -> Callable[[CompensationContext], Awaitable[None]]:
        """The kind's ``compensate``."""

        async def run(ctx: CompensationContext) -> None:
            await compensate(ctx, self.deps, self.typed(ctx.observed))

        return run
