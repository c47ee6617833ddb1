"""What the tenant/fleet operations need, and the fleet calls they share.

``OpsDeps`` is built once per process (API and worker) by the wiring in ``app``/``cli``; the kinds
(``ops.jobs.ops_kinds``) are bound to it (``ops.binding.Bound``). Calls to services go through ``fleet.client`` with a
per-call timeout; a failure is a value (``ServiceCallError``), so one dead service is named in a
message instead of hiding the others' answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from lifeboat.core.outbound import OutboundPolicy, outbound_client
from lifeboat.fleet.client import ServiceCallError, ServiceClient
from lifeboat.fleet.models import FleetService
from lifeboat.fleet.protocol import ServiceKind, ServiceState
from lifeboat.fleet.registry import all_services
from lifeboat.jobs.definitions import PermanentStepError, RetryPolicy, StepCancelled, StepContext, StepError
from lifeboat.jobs.models import GateResult
from lifeboat.ops.models import ServiceRef
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementKind, map_name
from lifeboat.placement.service import PlacementService
from lifeboat.settings import Settings

T = TypeVar("T")

#: Added to an operation's own ``timeout_s`` for its step timeout: the calls around the wait.
STEP_SLACK_S = 30.0
#: Error type names no retry fixes (``RetryPolicy.non_retryable`` matches type names).
PERMANENT_ERRORS = ("PermanentStepError", "OpsRefused")
#: Calls to services (drain, resume, reload): idempotent, so retried on any failure.
CALL_RETRY = RetryPolicy(
    max_attempts=3, initial_backoff_s=0.5, max_backoff_s=5.0, non_retryable=PERMANENT_ERRORS
)
#: Waits (inflight, revisions) and the placement write: one attempt; they fail with the reason.
ONCE = RetryPolicy(max_attempts=1, non_retryable=PERMANENT_ERRORS)
#: The placement write: retried only on transient errors (NATS away); a conflict is permanent.
WRITE_RETRY = RetryPolicy(
    max_attempts=3, initial_backoff_s=0.5, max_backoff_s=5.0, non_retryable=PERMANENT_ERRORS
)


class OpsRefused(PermanentStepError):
    """The operation stopped for a reason no retry fixes (a timeout, a conflict); the message
    names the services or revisions involved and what was left in which state."""


@dataclass(frozen=True)
class OpsDeps:
    """The dependencies of the ops kinds: placement, the fleet registry, the fleet secret,
    per-call timeout, polling interval and the migrate thresholds (from settings)."""

    placement: PlacementService
    fleet_secret: str | None
    call_timeout_s: float = 2.0
    poll_s: float = 0.5
    max_lag_s: float = 5.0
    max_inflight: int = 1000
    list_services: Callable[[], Awaitable[list[FleetService]]] = all_services
    # Connects the placement service's bus on first use (the worker connects NATS only when an
    # ops job needs it, so a worker without NATS runs every other kind quietly); None: connected.
    connect: Callable[[], Awaitable[None]] | None = None
    # Where calls may go (LIFEBOAT_OUTBOUND_ALLOW); the strict default refuses loopback/private.
    outbound: OutboundPolicy = field(default_factory=OutboundPolicy)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        placement: PlacementService,
        connect: Callable[[], Awaitable[None]] | None = None,
    ) -> OpsDeps:
        """Deps from the process's settings and placement service."""
        return cls(
            connect=connect,
            placement=placement,
            fleet_secret=settings.fleet_secret,
            call_timeout_s=settings.fleet_probe_timeout_s,
            poll_s=settings.ops_poll_s,
            max_lag_s=settings.migrate_max_lag_s,
            max_inflight=settings.migrate_max_inflight,
            outbound=OutboundPolicy.parse(settings.outbound_allow),
        )


class JobActor:
    """A job as the placement audit names it."""

    def __init__(self, job_id: str, kind: str) -> None:
        self.id = f"job:{job_id}"
        self.name = f"{kind} job {job_id}"


def consumed_maps(kind: str) -> tuple[str, ...]:
    """The placement maps a service kind applies: gateways route by all three, others by their own."""
    if kind == "gateway":
        return tuple(map_name(k) for k in PLACEMENT_KINDS)
    return tuple(map_name(k) for k in PLACEMENT_KINDS if k == kind)


def service_ref(service: FleetService) -> ServiceRef:
    """A service as an observation names it (sorted by name by the caller)."""
    return ServiceRef(name=service.name, kind=service.kind, site=service.site)


def call_error_text(error: BaseException) -> str:
    """A deterministic short text of a failed call (no timings: observations must be stable)."""
    if isinstance(error, ServiceCallError):
        return f"{error.operation} {error.kind}"
    return type(error).__name__


def names_of(refs: Iterable[ServiceRef]) -> list[str]:
    """The ``name`` of each observed service ref."""
    return [ref.name for ref in refs]


def secret_gate(deps: OpsDeps) -> GateResult:
    """The fleet secret is configured (every /admin call needs it)."""
    ok = bool(deps.fleet_secret)
    return GateResult(
        name="fleet-secret-configured",
        ok=ok,
        detail="LIFEBOAT_FLEET_SECRET is set"
        if ok
        else "LIFEBOAT_FLEET_SECRET is not set: services refuse /admin calls",
    )


async def registered(deps: OpsDeps) -> dict[str, FleetService]:
    """Registered services by name."""
    return {service.name: service for service in await deps.list_services()}


@contextlib.asynccontextmanager
async def fleet_clients(
    deps: OpsDeps, base_urls: Mapping[str, str]
) -> AsyncIterator[dict[str, ServiceClient]]:
    """A protocol client per service name, sharing one connection pool."""
    async with outbound_client(deps.outbound) as http:
        yield {
            name: ServiceClient(name, url, secret=deps.fleet_secret, timeout_s=deps.call_timeout_s, http=http)
            for name, url in sorted(base_urls.items())
        }


async def call_each(
    clients: Mapping[str, ServiceClient], call: Callable[[ServiceClient], Awaitable[T]]
) -> dict[str, T | BaseException]:
    """``call`` on every client concurrently; each outcome is the answer or the exception."""
    names = sorted(clients)
    results = await asyncio.gather(*(call(clients[name]) for name in names), return_exceptions=True)
    out: dict[str, T | BaseException] = {}
    for name, result in zip(names, results, strict=True):
        if isinstance(result, asyncio.CancelledError):
            raise result
        out[name] = result
    return out


async def base_urls_of(deps: OpsDeps, names: Sequence[str]) -> dict[str, str]:
    """The registered base URL of each name (a service removed since the plan is a step error)."""
    found = await registered(deps)
    missing = sorted(set(names) - set(found))
    if missing:
        raise StepError(f"service(s) no longer registered: {', '.join(missing)}")
    return {name: found[name].base_url for name in names}


async def pause(ctx: StepContext, seconds: float) -> None:
    """Sleep ``seconds``, raising ``StepCancelled`` as soon as cancellation is requested."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await ctx.cancel_requested.wait()
    if ctx.cancel_requested.is_set():
        raise StepCancelled(f"{ctx.step_name} stopped on request")


async def poll_states(
    ctx: StepContext,
    deps: OpsDeps,
    clients: Mapping[str, ServiceClient],
    *,
    timeout_s: float,
    pending_of: Callable[[str, ServiceState | BaseException], str | None],
    what: str,
) -> dict[str, str]:
    """Poll ``GET /admin/state`` of every client until ``pending_of`` returns None for each
    (it returns why a service is not there yet). Returns {} when done, else the last pending
    reasons by service once ``timeout_s`` passed. Raises ``StepCancelled`` on cancellation."""
    deadline = time.monotonic() + timeout_s
    last: dict[str, str] | None = None
    while True:
        states = await call_each(clients, lambda client: client.state())
        pending = {name: reason for name, result in states.items() if (reason := pending_of(name, result))}
        if not pending:
            return {}
        if pending != last and (last is None or sorted(pending) != sorted(last)):
            await ctx.log(f"waiting for {what} on: {', '.join(sorted(pending))}", pending=sorted(pending))
        last = pending
        if time.monotonic() >= deadline:
            return pending
        await pause(ctx, min(deps.poll_s, max(0.01, deadline - time.monotonic())))


def kinds_text(kinds: Iterable[ServiceKind | str]) -> str:
    """``aggregate, projection`` style list."""
    return ", ".join(kinds)


async def current_map(deps: OpsDeps, kind: PlacementKind) -> tuple[dict[str, str], int]:
    """A map read fresh from KV (or the snapshot when placement is file-only) and its revision."""
    if deps.connect is not None:
        await deps.connect()
    store = deps.placement.store
    if store is None:
        current = deps.placement.snapshot.map(kind)
    else:
        current = await store.get(kind)
    return dict(current.tenants), current.revision
