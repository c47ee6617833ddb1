"""The demo fleet of ``lifeboat dev``: a simulated two-site fleet next to the API (in its event
loop), registered in the fleet registry, with the demo tenants placed on the primary site."""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from litestar import Litestar

from lifeboat.auth.service import system_principal
from lifeboat.core.errors import DomainError
from lifeboat.core.outbound import OutboundPolicy
from lifeboat.embedded._process import port_is_free
from lifeboat.fleet.models import FleetServiceSpec
from lifeboat.fleet.registry import register_services
from lifeboat.fleet.sim import Simulator, demo_fleet, simulate
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementKind
from lifeboat.runtime import Runtime
from lifeboat.settings import Settings

log = structlog.get_logger("lifeboat.dev")

# Readable, lowercase demo tenant ids (placement keys and x-tenant-id values).
DEMO_TENANTS: tuple[str, ...] = (
    "acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka",
    "cyberdyne", "soylent", "tyrell", "oscorp", "aperture", "blackmesa", "gringotts", "monsters-inc",
    "vandelay", "dunder-mifflin", "pied-piper", "prestige", "nakatomi", "massive-dynamic", "gekko",
    "bluth", "sterling-cooper", "krusty-krab", "los-pollos", "planet-express", "weyland", "virtucon",
    "spacely", "cogswell", "ollivanders", "duff", "buy-n-large", "rekall",
)  # fmt: skip
DEMO_FLEET_SEED = 7
DEMO_FLEET_REASON = "dev demo fleet"
# The simulated services listen on LIFEBOAT_PORT + 100 onwards, so their base URLs (and the
# registry) stay the same from one start to the next; taken ports fall back to free ones.
DEMO_FLEET_PORT_OFFSET = 100


class DemoFleet:
    """The simulated two-site fleet ``lifeboat dev`` runs next to the API (in its event loop)."""

    def __init__(self) -> None:
        self.sim: Simulator | None = None
        self.problem: str | None = None

    def describe(self) -> str:
        if self.sim is None:
            return f"not started ({self.problem or 'starting'})"
        sites = {service.spec.site for service in self.sim.services.values()}
        return (
            f"{len(self.sim.services)} simulated services on {len(sites)} sites "
            f"(faults: {self.sim.control_url}/services)"
        )


def _demo_port_base(settings: Settings, count: int) -> int:
    """``LIFEBOAT_PORT + 100`` when that range (plus the control port) is free, else 0 (any)."""
    base = settings.port + DEMO_FLEET_PORT_OFFSET
    if base + count >= 65535:
        return 0
    if all(port_is_free(port, host=settings.host) for port in range(base, base + count + 1)):
        return base
    return 0


def attach_demo_fleet(app: Litestar, runtime: Runtime) -> DemoFleet:
    """Serve the demo fleet while the app runs: start the simulator (placement from the app's KV
    bucket), register its services (idempotent: updated when their URLs changed) and seed the
    demo tenants' placement when no map exists yet. A failure is logged; the API still serves."""
    settings = runtime.settings
    fleet = DemoFleet()
    stack = contextlib.AsyncExitStack()

    async def start_fleet(app: Litestar) -> None:
        if not settings.fleet_secret:
            fleet.problem = "no fleet secret"
            return
        specs = demo_fleet()
        port_base = _demo_port_base(settings, len(specs))
        try:
            fleet.sim = await stack.enter_async_context(
                simulate(
                    specs,
                    secret=settings.fleet_secret,
                    nats_url=settings.nats_url,
                    host=settings.host,
                    seed=DEMO_FLEET_SEED,
                    placement_bucket=settings.placement_bucket,
                    port_base=port_base,
                    control_port=port_base + len(specs) if port_base else 0,
                )
            )
            sim = fleet.sim
            await register_services(
                [
                    FleetServiceSpec(
                        name=service.spec.name,
                        kind=service.spec.kind,
                        site=service.spec.site,
                        environment=settings.environment,
                        base_url=service.base_url,
                    )
                    for service in sim.services.values()
                ],
                actor=system_principal("lifeboat dev"),
                reason=DEMO_FLEET_REASON,
                outbound=OutboundPolicy.parse(settings.outbound_allow),
            )
            # Tenants are placed on the primary site; the DR site stands by, as it would.
            primary: dict[PlacementKind, list[str]] = {kind: [] for kind in PLACEMENT_KINDS}
            for service in sim.services.values():
                kind = service.spec.kind
                if service.spec.site == "primary" and kind != "gateway":
                    primary[kind].append(service.spec.name)
            await runtime.placement.seed_demo_placement(DEMO_TENANTS, primary)
        except (OSError, DomainError) as exc:
            fleet.problem = f"{type(exc).__name__}: {exc}"
            log.warning("dev_demo_fleet_failed", error=fleet.problem)
            fleet.sim = None
            await stack.aclose()
            return
        log.info("dev_demo_fleet_started", services=len(sim.services), port_base=port_base)

    async def stop_fleet(_: Litestar) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(stack.aclose(), timeout=10)

    app.on_startup.append(start_fleet)
    app.on_shutdown.insert(0, stop_fleet)
    return fleet
