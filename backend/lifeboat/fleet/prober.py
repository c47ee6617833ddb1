"""The fleet health snapshot: every registered service probed concurrently with per-call timeouts.

Probe history (the sparkline points) is kept in memory by the ``FleetProber`` of each API
process: it is a display aid, rebuilt within a minute of polling, not a record; with several
API replicas each keeps its own (see docs/operator-guide.md, "Fleet").
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

import httpx
import structlog

from lifeboat.core.clock import utcnow
from lifeboat.core.outbound import OutboundPolicy, outbound_client
from lifeboat.fleet.client import BuildInfo, ServiceCallError, ServiceClient
from lifeboat.fleet.models import (
    HEALTH_VALUES,
    FleetService,
    FleetSnapshot,
    FleetSummary,
    Health,
    ProbePoint,
    ServiceHealth,
    TenantActivity,
    TenantServiceActivity,
)
from lifeboat.fleet.protocol import SERVICE_KINDS, SITES, ServiceState
from lifeboat.fleet.registry import all_services

log = structlog.get_logger(__name__)

PROBE_CONCURRENCY = 64
HISTORY_SIZE = 30
# Added to the per-call timeout for the whole snapshot: scheduling, not waiting on services.
DEADLINE_SLACK_S = 0.5
# A probe makes 4 concurrent calls to one service.
_PER_SERVICE_LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4)
# Call failures that mean the service was not (fully) talked to: unreachable, not failing.
_NOT_CONTACTED = ("timeout", "refused", "policy")


def _call_error_text(exc: BaseException) -> str:
    """What viewers see of a failed call: classified, in our own words (never the answer)."""
    if isinstance(exc, ServiceCallError):
        return exc.public_text
    return f"probe error: {type(exc).__name__}"


class FleetProber:
    """Probes every registered service concurrently and keeps a short in-memory history.

    One per API process (``app.state.fleet_prober``). Concurrent snapshot requests share one
    probe round (single flight), so many open dashboards do not multiply the load on the fleet.
    Every call goes through the ``outbound`` policy (the strict default when omitted): a
    refused base URL is never connected to, so the fleet secret never goes there.
    """

    def __init__(
        self,
        *,
        secret: str | None,
        timeout_s: float,
        concurrency: int = PROBE_CONCURRENCY,
        history_size: int = HISTORY_SIZE,
        outbound: OutboundPolicy | None = None,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.outbound = outbound or OutboundPolicy()
        self._secret = secret or None
        self.timeout_s = timeout_s
        self.concurrency = concurrency
        self._history: dict[str, deque[ProbePoint]] = {}
        self._history_size = history_size
        self._flight: asyncio.Task[FleetSnapshot] | None = None
        self._tls: ssl.SSLContext | None = None

    def __repr__(self) -> str:
        return f"FleetProber(timeout_s={self.timeout_s}, secret_configured={self._secret is not None})"

    @property
    def deadline_s(self) -> float:
        """The longest a snapshot waits on services: the per-call timeout plus a little slack."""
        return self.timeout_s + DEADLINE_SLACK_S

    async def snapshot(
        self, load: Callable[[], Awaitable[list[FleetService]]] = all_services
    ) -> FleetSnapshot:
        """Probe every service ``load`` returns; joins a probe round already under way."""
        flight = self._flight
        if flight is None or flight.done():
            flight = asyncio.create_task(self._round(load))
            # Retrieve the outcome even when every waiter has gone (no "never retrieved" noise).
            flight.add_done_callback(lambda done: done.cancelled() or done.exception())
            self._flight = flight
        # Shielded: a caller that goes away does not cancel the round others wait on.
        return await asyncio.shield(flight)

    async def _round(self, load: Callable[[], Awaitable[list[FleetService]]]) -> FleetSnapshot:
        return await self.probe(await load())

    def _tls_context(self) -> ssl.SSLContext:
        """One TLS context for every probe client: loading the CA bundle costs tens of ms of CPU."""
        if self._tls is None:
            self._tls = httpx.create_ssl_context()
        return self._tls

    async def probe(self, services: Sequence[FleetService]) -> FleetSnapshot:
        """Probe ``services`` now (bounded by ``deadline_s``) and record the history points."""
        taken_at = utcnow()
        semaphore = asyncio.Semaphore(self.concurrency)
        tls = self._tls_context()
        results: dict[str, ServiceHealth] = {}

        async def guarded(service: FleetService) -> None:
            # A small client per service: one pool shared by the whole fleet makes httpcore scan
            # every open connection on each request and response (CPU grows with the fleet).
            async with (
                semaphore,
                outbound_client(self.outbound, verify=tls, limits=_PER_SERVICE_LIMITS) as http,
            ):
                results[service.name] = await self._probe_one(service, http)

        tasks = [asyncio.create_task(guarded(service)) for service in services]
        started = time.monotonic()
        if tasks:
            _, pending = await asyncio.wait(tasks, timeout=self.deadline_s)
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending)
        cut_after_ms = (time.monotonic() - started) * 1000
        checked_at = utcnow()
        out: list[ServiceHealth] = []
        for service in sorted(services, key=lambda s: s.name):
            found = results.get(service.name)
            if found is None:
                # Still waiting for a probe slot (or for CPU) when the snapshot deadline came: a
                # call that itself hangs ends at the per-call timeout, before the deadline, and
                # reads "unreachable". Not having looked in time is "unknown", never "unreachable".
                found = self._result(
                    service,
                    health="unknown",
                    ready=None,
                    info=None,
                    state=None,
                    latency_ms=cut_after_ms,
                    error=(
                        f"probe: not finished within the snapshot deadline ({self.deadline_s:g}s): "
                        "Lifeboat did not get to this service in time (busy, or more services "
                        "than probe slots)"
                    ),
                    checked_at=checked_at,
                )
            out.append(found)
        self._prune({s.name for s in services})
        return FleetSnapshot(
            taken_at=taken_at,
            probe_timeout_s=self.timeout_s,
            secret_configured=self._secret is not None,
            summary=summarise(out),
            services=out,
        )

    async def _probe_one(self, service: FleetService, http: httpx.AsyncClient) -> ServiceHealth:
        client = ServiceClient(
            service.name, service.base_url, secret=self._secret, timeout_s=self.timeout_s, http=http
        )
        started = time.monotonic()
        calls: list[Awaitable[object]] = [client.health(), client.ready(), client.metrics()]
        if self._secret is not None:
            calls.append(client.state())
        answers = await asyncio.gather(*calls, return_exceptions=True)
        latency_ms = (time.monotonic() - started) * 1000
        health_answer, ready_answer, metrics_answer = answers[0], answers[1], answers[2]
        state_answer = answers[3] if len(answers) > 3 else None
        errors = [a for a in answers if isinstance(a, BaseException)]
        for error in errors:
            if not isinstance(error, ServiceCallError):
                log.warning("fleet_probe_error", service=service.name, error=type(error).__name__)
        health: Health
        if isinstance(health_answer, ServiceCallError) and health_answer.kind in _NOT_CONTACTED:
            health = "unreachable"
            error_text: str | None = _call_error_text(health_answer)
        elif errors:
            health = "failing"
            error_text = _call_error_text(errors[0])
        else:
            health, error_text = "ok", None
        return self._result(
            service,
            health=health,
            ready=ready_answer if isinstance(ready_answer, bool) else None,
            info=metrics_answer if isinstance(metrics_answer, BuildInfo) else None,
            state=state_answer if isinstance(state_answer, ServiceState) else None,
            latency_ms=latency_ms,
            error=error_text,
            checked_at=utcnow(),
        )

    def _result(
        self,
        service: FleetService,
        *,
        health: Health,
        ready: bool | None,
        info: BuildInfo | None,
        state: ServiceState | None,
        latency_ms: float,
        error: str | None,
        checked_at: datetime,
    ) -> ServiceHealth:
        latency_ms = round(latency_ms, 1)
        history = self._history.get(service.name)
        if history is None:
            history = deque(maxlen=self._history_size)
            self._history[service.name] = history
        history.append(ProbePoint(at=checked_at, ok=health == "ok", latency_ms=latency_ms))
        return ServiceHealth(
            name=service.name,
            kind=service.kind,
            site=service.site,
            environment=service.environment,
            base_url=service.base_url,
            health=health,
            ready=ready,
            version=info.version if info else (state.version if state else None),
            git_sha=info.git_sha if info else (state.git_sha if state else None),
            config_revisions=dict(state.config_revisions) if state else None,
            tenant_count=len(state.tenants) if state else None,
            inflight_total=sum(t.inflight for t in state.tenants.values()) if state else None,
            probe_latency_ms=latency_ms,
            last_error=error,
            checked_at=checked_at,
            history=list(history),
        )

    async def tenant_activity(
        self, tenant_id: str, load: Callable[[], Awaitable[list[FleetService]]] = all_services
    ) -> TenantActivity:
        """Every registered service's ``/admin/state`` view of ``tenant_id``, called concurrently
        (each call bounded by the probe timeout, the whole by ``deadline_s``). Not recorded in
        the probe history."""
        services = await load()
        taken_at = utcnow()
        results: dict[str, TenantServiceActivity] = {}
        if self._secret is not None and services:
            semaphore = asyncio.Semaphore(self.concurrency)
            limits = httpx.Limits(
                max_connections=self.concurrency * 2, max_keepalive_connections=self.concurrency
            )
            async with outbound_client(self.outbound, verify=self._tls_context(), limits=limits) as http:

                async def guarded(service: FleetService) -> None:
                    async with semaphore:
                        results[service.name] = await self._tenant_state(service, tenant_id, http)

                tasks = [asyncio.create_task(guarded(service)) for service in services]
                _, pending = await asyncio.wait(tasks, timeout=self.deadline_s)
                for task in pending:
                    task.cancel()
                if pending:
                    await asyncio.wait(pending)
        out: list[TenantServiceActivity] = []
        for service in sorted(services, key=lambda s: s.name):
            found = results.get(service.name)
            if found is None:
                error = (
                    "state: unreachable (no fleet secret configured)"
                    if self._secret is None
                    else f"state: timeout (not finished within the deadline, {self.deadline_s:g}s)"
                )
                found = _activity(service, reachable=False, error=error)
            out.append(found)
        return TenantActivity(
            tenant_id=tenant_id,
            taken_at=taken_at,
            probe_timeout_s=self.timeout_s,
            secret_configured=self._secret is not None,
            inflight_total=sum(a.inflight or 0 for a in out),
            services=out,
        )

    async def _tenant_state(
        self, service: FleetService, tenant_id: str, http: httpx.AsyncClient
    ) -> TenantServiceActivity:
        client = ServiceClient(
            service.name, service.base_url, secret=self._secret, timeout_s=self.timeout_s, http=http
        )
        try:
            state = await client.state()
        except ServiceCallError as exc:
            return _activity(service, reachable=exc.kind not in _NOT_CONTACTED, error=_call_error_text(exc))
        except Exception as exc:  # never let one service fail the whole answer
            log.warning("fleet_tenant_state_error", service=service.name, error=type(exc).__name__)
            return _activity(service, reachable=False, error=_call_error_text(exc))
        tenant = state.tenants.get(tenant_id)
        if tenant is None:
            return _activity(service, reachable=True, error=None)
        return TenantServiceActivity(
            service=service.name,
            kind=service.kind,
            site=service.site,
            reachable=True,
            present=True,
            acquiring=tenant.acquiring,
            inflight=tenant.inflight,
            lag=tenant.lag,
            error=None,
        )

    def _prune(self, names: set[str]) -> None:
        for gone in set(self._history) - names:
            del self._history[gone]


def _activity(service: FleetService, *, reachable: bool, error: str | None) -> TenantServiceActivity:
    """A service's entry when it does not report the tenant (or could not be asked)."""
    return TenantServiceActivity(
        service=service.name,
        kind=service.kind,
        site=service.site,
        reachable=reachable,
        present=False,
        acquiring=None,
        inflight=None,
        lag=None,
        error=error,
    )


def summarise(services: Sequence[ServiceHealth]) -> FleetSummary:
    """Counts by site, kind and health (every known value present, zero when none)."""
    by_site = dict.fromkeys(SITES, 0)
    by_kind = dict.fromkeys(SERVICE_KINDS, 0)
    by_health = dict.fromkeys(HEALTH_VALUES, 0)
    for service in services:
        by_site[service.site] = by_site.get(service.site, 0) + 1
        by_kind[service.kind] = by_kind.get(service.kind, 0) + 1
        by_health[service.health] += 1
    return FleetSummary(
        total=len(services),
        by_site={str(k): v for k, v in by_site.items()},
        by_kind={str(k): v for k, v in by_kind.items()},
        by_health={str(k): v for k, v in by_health.items()},
    )
