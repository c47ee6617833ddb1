"""The simulator: N services on loopback ports speaking the service protocol, plus a control port.

``simulate(...)`` starts everything and yields a ``Simulator``; faults are set through
``Simulator.set_fault`` / ``clear_fault`` or the control port's HTTP API (docs/protocols/
service.md, "The simulator").
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

import msgspec
import structlog

from lifeboat.fleet.protocol import TENANT_ID_PATTERN, ReloadAck
from lifeboat.fleet.sim.httpserver import HttpListener, Request, Response, json_response, problem
from lifeboat.fleet.sim.model import (
    FAULT_PARAMS,
    FaultError,
    ServiceBehaviour,
    SimServiceSpec,
    SlowReload,
    Unreachable,
    _FaultParams,
    parse_fault,
    static_placement,
)
from lifeboat.fleet.sim.placement_feed import PlacementFeed
from lifeboat.placement.models import PLACEMENT_BUCKET

log = structlog.get_logger(__name__)

_TENANT_RE = re.compile(TENANT_ID_PATTERN)
_TENANT_ROUTE = re.compile(r"^/admin/tenants/([^/]*)/(drain|resume)$")
_METRICS_MEDIA_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class SimServiceInfo(msgspec.Struct, frozen=True, kw_only=True):
    """One simulated service as the control API and ``lifeboat sim --print-json`` list it."""

    name: str
    kind: str
    site: str
    version: str
    git_sha: str
    base_url: str
    port: int
    faults: dict[str, dict[str, Any]]


def _bearer_ok(request: Request, secret: str) -> bool:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), secret.encode())


def _unauthorized() -> Response:
    return problem(
        401,
        "unauthenticated",
        "send Authorization: Bearer <fleet secret>",
        headers={"www-authenticate": 'Bearer realm="lifeboat-fleet"'},
    )


def _method_not_allowed(allowed: str) -> Response:
    return problem(405, "method-not-allowed", f"use {allowed}", headers={"allow": allowed})


class SimService:
    """One simulated service: its spec, its port and URL, its behaviour and its faults."""

    def __init__(self, sim: Simulator, spec: SimServiceSpec, behaviour: ServiceBehaviour, port: int) -> None:
        self.spec = spec
        self.behaviour = behaviour
        self._sim = sim
        self._listener = HttpListener(sim.host, port, self._handle, name=spec.name)
        self._pending_apply: asyncio.Task[None] | None = None
        self._release_hung = asyncio.Event()

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def port(self) -> int:
        return self._listener.port

    @property
    def base_url(self) -> str:
        host = f"[{self._sim.host}]" if ":" in self._sim.host else self._sim.host
        return f"http://{host}:{self.port}"

    @property
    def faults(self) -> dict[str, _FaultParams]:
        """The faults in force (name -> parameters); change them through the Simulator."""
        return dict(self.behaviour.faults)

    def info(self) -> SimServiceInfo:
        return SimServiceInfo(
            name=self.spec.name,
            kind=self.spec.kind,
            site=self.spec.site,
            version=self.spec.version,
            git_sha=self.spec.git_sha,
            base_url=self.base_url,
            port=self.port,
            faults={name: msgspec.to_builtins(params) for name, params in self.behaviour.faults.items()},
        )

    # lifecycle
    async def start(self) -> None:
        await self._listener.start()

    async def close(self) -> None:
        self._release_hung.set()
        if self._pending_apply is not None:
            self._pending_apply.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pending_apply
        await self._listener.close()

    # faults
    def _set_fault(self, fault: str, params: _FaultParams) -> None:
        self.behaviour.faults[fault] = params
        self.behaviour.apply_faults()
        if isinstance(params, Unreachable):
            self._release_hung.clear()
            if params.mode == "refuse":
                self._listener.stop_listening()
            else:
                self._listener.start_listening()

    def _clear_fault(self, fault: str) -> None:
        if self.behaviour.faults.pop(fault, None) is None:
            return
        if fault == "unreachable":
            self._release_hung.set()
            self._listener.start_listening()
        elif fault == "slow_reload" and self._pending_apply is not None:
            self._pending_apply.cancel()
            self._pending_apply = None
            self.apply_placement()

    # placement
    def _reload_delay(self) -> float:
        slow = self.behaviour.faults.get("slow_reload")
        return slow.seconds if isinstance(slow, SlowReload) else 0.0

    def apply_placement(self) -> None:
        """Apply the simulator's current placement view (now, or after a slow_reload delay)."""
        if self._sim.feed is None:
            return
        delay = self._reload_delay()
        if delay <= 0:
            self.behaviour.apply_placement(self._sim.feed.view)
        elif self._pending_apply is None:
            self._pending_apply = asyncio.create_task(self._apply_later(delay))

    async def _apply_later(self, delay: float) -> None:
        await asyncio.sleep(delay)
        self._pending_apply = None
        if self._sim.feed is not None:
            self.behaviour.apply_placement(self._sim.feed.view)

    async def reload(self) -> ReloadAck:
        """Re-read the maps from KV now and apply them (after a slow_reload delay)."""
        feed = self._sim.feed
        if feed is not None:
            view = await feed.read()
            delay = self._reload_delay()
            if delay > 0:
                await asyncio.sleep(delay)
                view = feed.view
            self.behaviour.apply_placement(view)
        return ReloadAck(service=self.spec.name, config_revisions=dict(self.behaviour.config_revisions))

    # HTTP
    async def _handle(self, request: Request) -> Response | None:
        unreachable = self.behaviour.faults.get("unreachable")
        if isinstance(unreachable, Unreachable):
            await self._release_hung.wait()  # hang until the fault is cleared, then drop it
            return None
        path, method = request.path, request.method
        if path == "/health":
            return json_response({"status": "ok"}) if method == "GET" else _method_not_allowed("GET")
        if path == "/ready":
            if method != "GET":
                return _method_not_allowed("GET")
            if "unhealthy" in self.behaviour.faults:
                return problem(503, "unavailable", f"{self.spec.name} is not ready (fault: unhealthy)")
            return json_response({"status": "ready"})
        if path == "/metrics":
            if method != "GET":
                return _method_not_allowed("GET")
            return Response(
                status=200, body=self.behaviour.metrics().encode(), content_type=_METRICS_MEDIA_TYPE
            )
        if path == "/admin" or path.startswith("/admin/"):
            if not _bearer_ok(request, self._sim.secret):
                return _unauthorized()
            return await self._handle_admin(request)
        return problem(404, "not-found", f"no route {path}")

    async def _handle_admin(self, request: Request) -> Response:
        path, method = request.path, request.method
        if path == "/admin/state":
            return json_response(self.behaviour.state()) if method == "GET" else _method_not_allowed("GET")
        if path == "/admin/reload":
            return json_response(await self.reload()) if method == "POST" else _method_not_allowed("POST")
        match = _TENANT_ROUTE.match(path)
        if match is None:
            return problem(404, "not-found", f"no route {path}")
        if method != "POST":
            return _method_not_allowed("POST")
        tenant, action = match.groups()
        if not _TENANT_RE.match(tenant):
            return problem(400, "validation", f"{tenant!r} is not a tenant id (pattern {TENANT_ID_PATTERN})")
        ack = self.behaviour.drain(tenant) if action == "drain" else self.behaviour.resume(tenant)
        return json_response(ack)


class Simulator:
    """A running simulated fleet: ``services`` by name, ``control_url``, fault injection."""

    def __init__(
        self,
        specs: Sequence[SimServiceSpec],
        *,
        secret: str,
        nats_url: str | None,
        host: str,
        seed: int,
        tenants: Sequence[str],
        tick_s: float,
        placement_bucket: str,
        port_base: int,
        control_port: int,
        drain_rate: float,
    ) -> None:
        names = [spec.name for spec in specs]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"duplicate service names: {', '.join(duplicates)}")
        if not secret:
            raise ValueError("a fleet secret is required")
        for tenant in tenants:
            if not _TENANT_RE.match(tenant):
                raise ValueError(f"{tenant!r} is not a tenant id")
        self.secret = secret
        self.host = host
        self.seed = seed
        self.tick_s = tick_s
        self.nats_url = nats_url
        self.placement_bucket = placement_bucket
        self.tenants = tuple(tenants)
        self.feed: PlacementFeed | None = (
            PlacementFeed(nats_url, placement_bucket, self._placement_changed) if nats_url else None
        )
        self.services: dict[str, SimService] = {}
        for index, spec in enumerate(specs):
            behaviour = ServiceBehaviour(spec, seed=seed, drain_rate=drain_rate)
            port = port_base + index if port_base else 0
            self.services[spec.name] = SimService(self, spec, behaviour, port)
        self._control = HttpListener(host, control_port, self._handle_control, name="sim-control")
        self._ticker: asyncio.Task[None] | None = None

    @property
    def control_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._control.port}"

    # lifecycle
    async def start(self) -> None:
        if self.feed is not None:
            await self.feed.start()
            view = self.feed.view
            for service in self.services.values():
                service.behaviour.apply_placement(view)
        else:
            owned = static_placement([s.spec for s in self.services.values()], self.tenants)
            for service in self.services.values():
                service.behaviour.set_owned(owned[service.name])
        for service in self.services.values():
            service.behaviour.tick(self.tick_s)  # start with some work in flight
        for service in self.services.values():
            await service.start()
        await self._control.start()
        self._ticker = asyncio.create_task(self._tick_forever(), name="sim-ticker")

    async def stop(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._ticker
            self._ticker = None
        await self._control.close()
        await asyncio.gather(*(service.close() for service in self.services.values()))
        if self.feed is not None:
            await self.feed.stop()

    async def _tick_forever(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.tick_s)
            now = loop.time()
            # a starved loop (busy machine) advances by what passed, capped to keep it smooth
            dt = min(now - last, self.tick_s * 5)
            last = now
            for service in self.services.values():
                service.behaviour.tick(dt)

    def _placement_changed(self) -> None:
        for service in self.services.values():
            service.apply_placement()

    # faults (call from the simulator's event loop)
    def _service(self, name: str) -> SimService:
        try:
            return self.services[name]
        except KeyError:
            raise KeyError(f"no simulated service {name!r}") from None

    def set_fault(self, name: str, fault: str, **params: Any) -> None:
        """Inject ``fault`` into service ``name`` (replacing the same fault's earlier parameters).

        Faults: slow_drain(per_s=0.5), stuck_inflight(inflight=1), unhealthy(),
        unreachable(mode="refuse"|"hang"), slow_reload(seconds=5.0), lagging(seconds=30.0).
        ``KeyError`` for an unknown service, ``ValueError`` for an unknown fault or bad params.
        """
        service = self._service(name)
        service._set_fault(fault, parse_fault(fault, params))

    def clear_fault(self, name: str, fault: str | None = None) -> None:
        """Remove one fault (or all, when ``fault`` is None) from service ``name``."""
        service = self._service(name)
        if fault is not None:
            if fault not in FAULT_PARAMS:
                raise FaultError(f"unknown fault {fault!r}; known: {', '.join(FAULT_PARAMS)}")
            service._clear_fault(fault)
            return
        for present in list(service.behaviour.faults):
            service._clear_fault(present)

    def infos(self) -> list[SimServiceInfo]:
        return [service.info() for service in self.services.values()]

    # control HTTP API
    async def _handle_control(self, request: Request) -> Response:
        path, method = request.path, request.method
        if path == "/health":
            return json_response({"status": "ok"}) if method == "GET" else _method_not_allowed("GET")
        if not _bearer_ok(request, self.secret):
            return _unauthorized()
        parts = [p for p in path.split("/") if p]
        if parts == ["services"]:
            return json_response(self.infos()) if method == "GET" else _method_not_allowed("GET")
        if len(parts) < 2 or parts[0] != "services":
            return problem(404, "not-found", f"no route {path}")
        service = self.services.get(parts[1])
        if service is None:
            return problem(404, "not-found", f"no simulated service {parts[1]!r}")
        if len(parts) == 2:
            return json_response(service.info()) if method == "GET" else _method_not_allowed("GET")
        if parts[2] != "faults" or len(parts) > 4:
            return problem(404, "not-found", f"no route {path}")
        if len(parts) == 3:
            if method != "DELETE":
                return _method_not_allowed("DELETE")
            self.clear_fault(service.name)
            return json_response(service.info())
        fault = parts[3]
        try:
            if method == "PUT":
                params = msgspec.json.decode(request.body) if request.body.strip() else {}
                if not isinstance(params, dict):
                    raise FaultError("the body must be a JSON object of fault parameters")
                self.set_fault(service.name, fault, **params)
            elif method == "DELETE":
                self.clear_fault(service.name, fault)
            else:
                return _method_not_allowed("PUT, DELETE")
        except (FaultError, msgspec.DecodeError) as exc:
            return problem(400, "validation", str(exc))
        return json_response(service.info())


@asynccontextmanager
async def simulate(
    specs: Sequence[SimServiceSpec],
    *,
    secret: str,
    nats_url: str | None = None,
    host: str = "127.0.0.1",
    seed: int = 0,
    tenants: Sequence[str] = (),
    tick_s: float = 0.2,
    placement_bucket: str = PLACEMENT_BUCKET,
    port_base: int = 0,
    control_port: int = 0,
    drain_rate: float = 2.0,
) -> AsyncIterator[Simulator]:
    """Serve ``specs`` as simulated services until the block exits.

    With ``nats_url`` the services take their tenants from the placement maps in KV bucket
    ``placement_bucket`` (created when missing) and watch it; without, ``tenants`` are spread
    round-robin over each kind's services per site. ``port_base`` 0 picks free ports, else
    service *i* listens on ``port_base + i``; ``control_port`` 0 picks a free one.
    ``drain_rate`` is how fast a draining tenant's units finish (per unit, per second).
    """
    sim = Simulator(
        specs,
        secret=secret,
        nats_url=nats_url,
        host=host,
        seed=seed,
        tenants=tenants,
        tick_s=tick_s,
        placement_bucket=placement_bucket,
        port_base=port_base,
        control_port=control_port,
        drain_rate=drain_rate,
    )
    try:
        await sim.start()
        yield sim
    finally:
        await sim.stop()
