"""Fleet rules: the service registry (register, update, delete, list — audited) and the health
snapshot (every registered service probed concurrently with per-call timeouts).

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
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
import structlog

from lifeboat.audit.service import append_audit
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, FieldError, InvalidInput, NotFound
from lifeboat.core.outbound import OutboundPolicy, outbound_client
from lifeboat.core.pagination import CursorPosition, clamp_limit, decode_cursor, encode_cursor
from lifeboat.fleet.client import BuildInfo, ServiceCallError, ServiceClient
from lifeboat.fleet.models import (
    HEALTH_VALUES,
    FleetService,
    FleetServicePage,
    FleetServiceSpec,
    FleetSnapshot,
    FleetSummary,
    Health,
    ProbePoint,
    ServiceHealth,
    TenantActivity,
    TenantServiceActivity,
)
from lifeboat.fleet.protocol import SERVICE_KINDS, SITES, ServiceKind, ServiceState, Site
from lifeboat.fleet.tables import FleetService as FleetServiceTable

log = structlog.get_logger(__name__)

PROBE_CONCURRENCY = 64
HISTORY_SIZE = 30
# Added to the per-call timeout for the whole snapshot: scheduling, not waiting on services.
DEADLINE_SLACK_S = 0.5
# A probe makes 4 concurrent calls to one service.
_PER_SERVICE_LIMITS = httpx.Limits(max_connections=4, max_keepalive_connections=4)
# Call failures that mean the service was not (fully) talked to: unreachable, not failing.
_NOT_CONTACTED = ("timeout", "refused", "policy")


class Actor(Protocol):
    """Who changes the registry, as the audit log names them (a principal, or the dev seeder)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


# --- registry ----------------------------------------------------------------------------------


def validate_base_url(url: str) -> str:
    """The normalised base URL (no trailing slash); 400 naming ``base_url`` when it is not an
    http(s) URL with a host, or carries credentials, a query or a fragment."""
    problem: str | None = None
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        parts, port, problem = None, None, "not a valid URL"
    if parts is not None:
        if parts.scheme not in ("http", "https"):
            problem = "must start with http:// or https://"
        elif not parts.hostname:
            problem = "must name a host"
        elif parts.username is not None or parts.password is not None:
            problem = "must not carry credentials (the fleet secret is configured on Lifeboat)"
        elif parts.query or parts.fragment:
            problem = "must not have a query or fragment"
        elif port == 0:
            problem = "port must be 1..65535"
        elif any(ch.isspace() for ch in url.strip()):
            problem = "must not contain whitespace"
    if problem is not None:
        raise InvalidInput(f"base_url {problem}.", errors=[FieldError(field="base_url", message=problem)])
    return url.strip().rstrip("/")


def _require_reason(reason: str) -> str:
    text = reason.strip()
    if len(text) < 3:
        raise InvalidInput(
            "A reason is required (at least 3 characters).",
            errors=[FieldError(field="reason", message="at least 3 non-blank characters")],
        )
    return text


async def _normalise(spec: FleetServiceSpec, outbound: OutboundPolicy) -> FleetServiceSpec:
    """The spec with its base URL normalised and checked against the outbound policy (422 when
    it names a refused destination: the prober would send the fleet secret there)."""
    base_url = validate_base_url(spec.base_url)
    await outbound.check_url(base_url, url_field="base_url")
    return FleetServiceSpec(
        name=spec.name,
        kind=spec.kind,
        site=spec.site,
        environment=spec.environment,
        base_url=base_url,
    )


def _definition(spec: FleetServiceSpec | FleetService) -> dict[str, str]:
    return {
        "kind": spec.kind,
        "site": spec.site,
        "environment": spec.environment,
        "base_url": spec.base_url,
    }


def _to_service(row: dict[str, Any]) -> FleetService:
    return FleetService(
        name=row["name"],
        kind=row["kind"],
        site=row["site"],
        environment=row["environment"],
        base_url=row["base_url"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        created_by=row["created_by"],
    )


async def _select(name: str, *, for_update: bool = False) -> FleetService | None:
    if for_update:
        rows = await FleetServiceTable.raw("select * from fleet_service where name = {} for update", name)
    else:
        rows = await FleetServiceTable.raw("select * from fleet_service where name = {}", name)
    return _to_service(rows[0]) if rows else None


async def get_service(name: str) -> FleetService:
    """One registered service (404 when unknown)."""
    found = await _select(name)
    if found is None:
        raise NotFound(f"No service named {name!r} is registered.")
    return found


async def list_services(
    *,
    kind: ServiceKind | None = None,
    site: Site | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> FleetServicePage:
    """Registered services by name, optionally of one kind and/or site."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    query = FleetServiceTable.select().order_by(FleetServiceTable.name).limit(size + 1)
    if kind is not None:
        query = query.where(FleetServiceTable.kind == kind)
    if site is not None:
        query = query.where(FleetServiceTable.site == site)
    if position is not None:
        query = query.where(FleetServiceTable.name > position.id)
    rows = await query
    items = [_to_service(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].name, id=items[-1].name))
    return FleetServicePage(items=items, next_cursor=next_cursor)


async def all_services() -> list[FleetService]:
    """Every registered service, by name."""
    rows = await FleetServiceTable.select().order_by(FleetServiceTable.name)
    return [_to_service(r) for r in rows]


@dataclass(frozen=True)
class Registered:
    """What a registration resolved to: the service, and whether this call created it."""

    service: FleetService
    created: bool


async def _insert(spec: FleetServiceSpec, actor: Actor) -> FleetService | None:
    now = utcnow()
    rows = await FleetServiceTable.raw(
        """
        insert into fleet_service (name, kind, site, environment, base_url, created_at, updated_at, created_by)
        values ({}, {}, {}, {}, {}, {}, {}, {})
        on conflict (name) do nothing
        returning *
        """,
        spec.name,
        spec.kind,
        spec.site,
        spec.environment,
        spec.base_url,
        now,
        now,
        actor.name,
    )
    return _to_service(rows[0]) if rows else None


async def _audit(actor: Actor, action: str, name: str, reason: str, details: dict[str, Any]) -> None:
    await append_audit(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        target=f"fleet_service:{name}",
        reason=reason,
        details=details,
    )


async def register_service(
    spec: FleetServiceSpec, *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> Registered:
    """Register one service. The name is the idempotency key: the same definition again returns
    the existing entry (not audited again); a different definition under that name is a 409.
    A base URL the ``outbound`` policy refuses is a 422."""
    reason = _require_reason(reason)
    spec = await _normalise(spec, outbound)
    existing: FleetService | None = None
    for _ in range(3):  # a concurrent delete between the conflict and the read: try again
        async with FleetServiceTable._meta.db.transaction():
            created = await _insert(spec, actor)
            if created is not None:
                await _audit(actor, "fleet.service.register", spec.name, reason, _definition(spec))
                return Registered(service=created, created=True)
            existing = await _select(spec.name)
        if existing is not None:
            break
    if existing is None:
        raise Conflict(f"The service {spec.name!r} is being changed concurrently; try again.")
    if _definition(existing) != _definition(spec):
        raise Conflict(
            f"A service named {spec.name!r} is already registered with a different definition; "
            "change it with PUT /api/v1/fleet/services/{name}.",
            errors=[
                FieldError(field=key, message=f"registered as {value!r}")
                for key, value in _definition(existing).items()
                if value != _definition(spec)[key]
            ],
        )
    return Registered(service=existing, created=False)


async def register_services(
    specs: Sequence[FleetServiceSpec], *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> list[FleetService]:
    """Make the registry hold these definitions (idempotent; what ``lifeboat dev`` seeds with).

    Missing services are registered, registered ones whose definition differs are updated, equal
    ones are left alone; each change is audited, a run that changes nothing writes nothing.
    Services registered but not in ``specs`` are left alone. Returns the entries, in ``specs`` order.
    """
    reason = _require_reason(reason)
    normalised = [await _normalise(spec, outbound) for spec in specs]
    names = [spec.name for spec in normalised]
    if len(set(names)) != len(names):
        raise InvalidInput(
            "Each service name may appear once.", errors=[FieldError(field="name", message="duplicate")]
        )
    out: list[FleetService] = []
    async with FleetServiceTable._meta.db.transaction():
        for spec in normalised:
            created = await _insert(spec, actor)
            if created is not None:
                await _audit(actor, "fleet.service.register", spec.name, reason, _definition(spec))
                out.append(created)
                continue
            out.append(await _replace(spec, actor=actor, reason=reason))
    return out


async def _replace(spec: FleetServiceSpec, *, actor: Actor, reason: str) -> FleetService:
    existing = await _select(spec.name, for_update=True)
    if existing is None:
        raise NotFound(f"No service named {spec.name!r} is registered.")
    before = _definition(existing)
    if before == _definition(spec):
        return existing
    rows = await FleetServiceTable.raw(
        """
        update fleet_service set kind = {}, site = {}, environment = {}, base_url = {}, updated_at = {}
        where name = {} returning *
        """,
        spec.kind,
        spec.site,
        spec.environment,
        spec.base_url,
        utcnow(),
        spec.name,
    )
    await _audit(
        actor, "fleet.service.update", spec.name, reason, {"before": before, "after": _definition(spec)}
    )
    return _to_service(rows[0])


async def update_service(
    spec: FleetServiceSpec, *, actor: Actor, reason: str, outbound: OutboundPolicy
) -> FleetService:
    """Replace a registered service's definition (404 when unknown; an equal definition is a
    no-op and is not audited; a base URL the ``outbound`` policy refuses is a 422)."""
    reason = _require_reason(reason)
    spec = await _normalise(spec, outbound)
    async with FleetServiceTable._meta.db.transaction():
        return await _replace(spec, actor=actor, reason=reason)


async def delete_service(name: str, *, actor: Actor, reason: str) -> None:
    """Remove a service from the registry (404 when unknown)."""
    reason = _require_reason(reason)
    async with FleetServiceTable._meta.db.transaction():
        rows = await FleetServiceTable.raw("delete from fleet_service where name = {} returning *", name)
        if not rows:
            raise NotFound(f"No service named {name!r} is registered.")
        await _audit(actor, "fleet.service.delete", name, reason, _definition(_to_service(rows[0])))


# --- health snapshot ---------------------------------------------------------------------------


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
