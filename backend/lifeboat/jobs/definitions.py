"""What a job kind is (data), and the registry the engine runs from.

A kind declares its params struct, its ordered steps (each with a timeout and a
``RetryPolicy``), its lock scope, its preflight gates, an optional compensation, whether it
needs a second admin's approval and whether it mutates anything. The engine only runs what is
registered with it (CONVENTIONS rule 8).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import msgspec

from lifeboat.jobs.models import GateResult, JobPlan, PlanStep


class StepError(Exception):
    """A step failed; retried per the step's ``RetryPolicy`` unless its type is non-retryable."""


class PermanentStepError(StepError):
    """A failure that no retry will fix."""


class StepCancelled(Exception):
    """The step stopped because cancellation was requested (its effect is not done)."""


class StepTimeout(StepError):
    """The step ran past its timeout."""


class RetryPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """How often a step is tried and how long to wait between tries.

    Backoff is exponential (``initial_backoff_s * multiplier ** (attempt - 1)``, capped at
    ``max_backoff_s``) with ±``jitter`` relative randomisation so retries of many jobs spread out.
    """

    max_attempts: int = 3
    initial_backoff_s: float = 1.0
    multiplier: float = 2.0
    max_backoff_s: float = 60.0
    jitter: float = 0.2
    non_retryable: tuple[str, ...] = ("PermanentStepError",)

    def backoff_after(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed ``attempt`` (1-based) before the next one."""
        base = min(self.max_backoff_s, self.initial_backoff_s * self.multiplier ** (attempt - 1))
        spread = (rng or random).uniform(-self.jitter, self.jitter) if self.jitter else 0.0
        return max(0.0, base * (1.0 + spread))

    def is_retryable(self, error_type: str) -> bool:
        """Whether an error of this type name may be retried."""
        return error_type not in self.non_retryable


class StepLog(Protocol):
    """Append a log line to the job's timeline."""

    async def __call__(self, line: str, **data: Any) -> None: ...


@dataclass
class StepContext:
    """What a running step sees: its job, its position, its attempt and the fencing token."""

    job_id: str
    position: int
    step_name: str
    attempt: int
    lease_epoch: int
    worker: str
    params: Any
    cancel_requested: asyncio.Event
    log: StepLog
    # The facts stored in the job's plan by the kind's ``observe`` hook ({} without one).
    observed: dict[str, Any] = field(default_factory=dict)


class StepResult(msgspec.Struct, frozen=True, kw_only=True):
    """What a step reports. ``fenced_effect`` is recorded in the ``job_effect`` ledger in the same
    transaction as the step's completion, under the lease-epoch check."""

    fenced_effect: bool = False
    output: dict[str, Any] = msgspec.field(default_factory=dict)


StepFunction = Callable[[StepContext], Awaitable[StepResult | None]]


@dataclass(frozen=True)
class StepDefinition:
    """One ordered step of a kind."""

    name: str
    run: StepFunction
    timeout_s: float
    retry: RetryPolicy
    touches: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompensationContext:
    """What a compensation sees: the job and the steps whose effects were done."""

    job_id: str
    params: Any
    done_steps: tuple[str, ...]
    log: StepLog
    observed: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CancelContext:
    """What a kind's ``on_cancel`` sees: the job being cancelled, who cancels it and why. It runs
    inside the cancel's transaction, so what it records commits or rolls back with it."""

    job_id: str
    params: Any
    from_status: str
    actor_id: str
    actor_name: str
    reason: str
    #: Step attempts made before the cancel (0: nothing was tried yet).
    attempts: int


Observation = dict[str, Any]


@dataclass(frozen=True)
class JobKind:
    """A registered kind. ``steps``, ``lock_scope``, ``gates`` and ``requires_approval`` are
    functions of the params, so the plan is a pure, deterministic function of the request.

    A kind whose plan depends on the world (service health, a placement map's revision) declares
    ``observe``: an async function of the params called before every plan (plan, create, a
    schedule's tick). Its result is stored in the plan (``JobPlan.observed``), handed to
    ``observed_gates``/``observed_touches`` (which then replace ``gates`` and the steps' static
    ``touches``) and to every step and the compensation (``ctx.observed``). Observations must be
    deterministic for identical facts (quantised numbers, sorted lists) so that identical inputs
    give byte-identical plans.
    """

    name: str
    params_type: type[msgspec.Struct]
    steps: Callable[[Any], Sequence[StepDefinition]]
    lock_scope: Callable[[Any], str | None] = lambda _p: None
    gates: Callable[[Any], Sequence[GateResult]] = lambda _p: ()
    compensate: Callable[[CompensationContext], Awaitable[None]] | None = None
    requires_approval: Callable[[Any], bool] = lambda _p: False
    mutating: bool = True
    min_role: str = "operator"
    description: str = ""
    observe: Callable[[Any], Awaitable[Observation]] | None = None
    observed_gates: Callable[[Any, Observation], Sequence[GateResult]] | None = None
    observed_touches: Callable[[Any, Observation], Mapping[str, Sequence[str]]] | None = None
    #: An external kind's steps are executed and reported by an agent through its domain's API
    #: (``lifeboat.jobs.external``): no worker claims it and ``POST /api/v1/jobs`` refuses it.
    external: bool = False
    #: Called when a job of this kind is cancelled (in the cancel's transaction), so the kind can
    #: record who cancelled it and why where its users look (an alert's delivery log).
    on_cancel: Callable[[CancelContext], Awaitable[None]] | None = None


#: The role needed to act on a job whose kind this process does not know (deny by default).
UNKNOWN_KIND_ROLE = "admin"


def action_role(kind: JobKind | None) -> str:
    """The human role needed to cancel, approve or otherwise act on a job of ``kind``: the role
    needed to create it (``min_role``), so an operator cannot stop or suppress what only an
    admin may start; admin for an unknown kind."""
    return kind.min_role if kind is not None else UNKNOWN_KIND_ROLE


def canonical_observation(observed: Mapping[str, Any]) -> Observation:
    """``observed`` as plain JSON values with every mapping's keys sorted (stable bytes)."""
    normalised: Observation = msgspec.json.decode(msgspec.json.encode(observed, order="sorted"))
    return normalised


def plan_for(kind: JobKind, params: Any, observed: Observation | None = None) -> JobPlan:
    """The deterministic plan of ``kind`` for ``params`` (and the facts ``observe`` returned)."""
    touches: Mapping[str, Sequence[str]] = {}
    if observed is not None and kind.observed_touches is not None:
        touches = kind.observed_touches(params, observed)
    steps = [
        PlanStep(
            position=i,
            name=s.name,
            touches=list(touches.get(s.name, s.touches)),
            timeout_s=s.timeout_s,
            max_attempts=s.retry.max_attempts,
        )
        for i, s in enumerate(kind.steps(params), start=1)
    ]
    if observed is not None and kind.observed_gates is not None:
        gates = list(kind.observed_gates(params, observed))
    else:
        gates = list(kind.gates(params))
    return JobPlan(
        kind=kind.name,
        lock_scope=kind.lock_scope(params),
        mutating=kind.mutating,
        requires_approval=kind.requires_approval(params),
        steps=steps,
        gates=gates,
        ok=all(g.ok for g in gates),
        observed=observed,
    )


async def observe_and_plan(kind: JobKind, params: Any) -> JobPlan:
    """Observe (when the kind declares ``observe``) and plan."""
    observed = canonical_observation(await kind.observe(params)) if kind.observe is not None else None
    return plan_for(kind, params, observed)


@dataclass(frozen=True)
class Schedule:
    """A periodic declaration: create a job of ``kind`` with ``params`` every ``interval_s``
    seconds or on a 5-field ``cron`` expression (UTC). Each tick runs exactly once across all
    workers; a tick whose previous job is still active is skipped (overlap policy "skip")."""

    name: str
    kind: str
    params: msgspec.Struct
    interval_s: float | None = None
    cron: str | None = None
    reason: str = "scheduled"

    def __post_init__(self) -> None:
        if (self.interval_s is None) == (self.cron is None):
            raise ValueError(f"schedule {self.name!r} needs exactly one of interval_s or cron")
        if self.interval_s is not None and self.interval_s <= 0:
            raise ValueError(f"schedule {self.name!r} interval must be positive")
        if self.cron is not None:
            from lifeboat.jobs.cron import Cron

            Cron.parse(self.cron)


@dataclass
class KindRegistry:
    """The kinds an engine knows, by name, and the periodic schedules it runs."""

    kinds: dict[str, JobKind] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    def add_schedule(self, schedule: Schedule) -> Schedule:
        """Declare a periodic schedule of a registered kind."""
        if schedule.kind not in self.kinds:
            raise ValueError(f"schedule {schedule.name!r} names unregistered kind {schedule.kind!r}")
        if schedule.name in self.schedules:
            raise ValueError(f"schedule {schedule.name!r} is already declared")
        self.schedules[schedule.name] = schedule
        return schedule

    def register(self, kind: JobKind) -> JobKind:
        """Add ``kind``; a second kind with the same name is a programming error."""
        if kind.name in self.kinds:
            raise ValueError(f"job kind {kind.name!r} is already registered")
        self.kinds[kind.name] = kind
        return kind

    def get(self, name: str) -> JobKind | None:
        """The kind called ``name``, if registered."""
        return self.kinds.get(name)

    def names(self) -> list[str]:
        """Registered kind names, sorted."""
        return sorted(self.kinds)

    def claimable_names(self) -> list[str]:
        """The kinds a worker runs: every registered kind except the external ones, sorted."""
        return sorted(name for name, kind in self.kinds.items() if not kind.external)


def registry_of(kinds: Iterable[JobKind]) -> KindRegistry:
    """A registry holding ``kinds``."""
    registry = KindRegistry()
    for kind in kinds:
        registry.register(kind)
    return registry
