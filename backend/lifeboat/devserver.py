"""``lifeboat dev``: the embedded default — everything in one process, data under ``.lifeboat/``.

Starts embedded PostgreSQL, NATS (JetStream) and S3, migrates, creates the first admin (the
password is printed once and stored only as an argon2 hash), honours LIFEBOAT_DEV_ROOT_TOKEN,
then serves the API and SPA until Ctrl-C / SIGTERM, and stops every child on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
import sys
from pathlib import Path

import msgspec
import structlog
import uvicorn
from litestar import Litestar
from prometheus_client import generate_latest

from lifeboat.app import create_app
from lifeboat.auth.models import UserCreate
from lifeboat.auth.service import count_users, create_user, ensure_dev_root_token, system_principal
from lifeboat.core.buildinfo import detect_git_sha
from lifeboat.core.errors import DomainError
from lifeboat.db.engine import Database, ensure_database, with_database
from lifeboat.db.migrate import run_migrations
from lifeboat.db.piccolo_app import TABLES
from lifeboat.embedded._process import port_is_free, write_private_file
from lifeboat.embedded.stack import EmbeddedStack, EmbeddedStackInfo
from lifeboat.fleet.models import FleetServiceSpec
from lifeboat.fleet.service import register_services
from lifeboat.fleet.sim import Simulator, demo_fleet, simulate
from lifeboat.jobs.worker import Worker
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementKind
from lifeboat.settings import Settings

log = structlog.get_logger("lifeboat.dev")
ADMIN_USERNAME = "admin"


class DevStartupError(RuntimeError):
    """``lifeboat dev`` cannot start; the message is one line for the operator."""


def _session_secret(dev_dir: Path) -> str:
    """A session secret kept in the dev dir, so browser sessions survive a restart."""
    path = dev_dir / "session-secret"
    if path.is_file():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(32)
    write_private_file(path, secret.encode())
    return secret


def _fleet_secret(dev_dir: Path) -> str:
    """The shared bearer secret of the demo fleet, kept in the dev dir like the session secret."""
    path = dev_dir / "fleet-secret"
    if path.is_file():
        return path.read_text().strip()
    secret = secrets.token_urlsafe(32)
    write_private_file(path, secret.encode())
    return secret


def dev_settings(base: Settings, info: EmbeddedStackInfo, dev_dir: Path) -> Settings:
    """The settings of the embedded default: the base ones pointed at the embedded servers."""
    return msgspec.structs.replace(
        base,
        database_url=with_database(info.database_url, "lifeboat"),
        nats_url=info.nats_url,
        s3_endpoint_url=info.s3_endpoint_url,
        s3_region=info.s3_region,
        s3_access_key_id=info.s3_access_key_id,
        s3_secret_access_key=info.s3_secret_access_key,
        sts_endpoint_url=info.s3_sts_endpoint_url,
        sts_role_arn=info.s3_restore_role_arn,
        session_secret=_session_secret(dev_dir),
        fleet_secret=base.fleet_secret or _fleet_secret(dev_dir),
        git_sha=base.git_sha if base.git_sha != "unknown" else detect_git_sha(),
    )


async def prepare_database(settings: Settings) -> str | None:
    """Migrate, create the first admin when there is no user, ensure the dev root token.

    Returns the generated admin password the first time, else None.
    """
    await ensure_database(settings.database_url)
    await run_migrations(settings.database_url)
    db = Database(settings.database_url, pool_size=2)
    await db.start(TABLES)
    try:
        password = None
        if await count_users() == 0:
            password = secrets.token_urlsafe(15)
            await create_user(
                UserCreate(
                    username=ADMIN_USERNAME,
                    password=password,
                    role="admin",
                    reason="first start of the embedded default",
                ),
                actor=system_principal("lifeboat dev"),
            )
        if settings.dev_root_token:
            await ensure_dev_root_token(settings.dev_root_token)
        return password
    finally:
        await db.stop()


def _banner(settings: Settings, password: str | None, fleet: str | None = None) -> str:
    url = f"http://{settings.host}:{settings.port}/"
    lines = ["", "Lifeboat is running (embedded default).", f"  URL:    {url}", f"  login:  {ADMIN_USERNAME}"]
    if password:
        lines.append(f"  password (shown once, stored only as a hash): {password}")
    else:
        lines.append("  password: shown at the first start; reset with `lifeboat users set-password admin`")
    if settings.dev_root_token:
        lines.append("  API:    Authorization: Bearer $LIFEBOAT_DEV_ROOT_TOKEN (admin)")
    if fleet is not None:
        lines.append(f"  fleet:  {fleet}")
    lines.append(f"  data:   {Path(settings.dev_dir).resolve()}")
    lines.append("  stop:   Ctrl-C")
    return "\n".join(lines) + "\n"


async def _serve(settings: Settings, password: str | None) -> None:
    app = create_app(settings)
    attach_dev_worker(app, settings)
    fleet = attach_demo_fleet(app, settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
        server_header=False,
    )
    server = uvicorn.Server(config)

    async def announce() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.05)
        sys.stdout.write(_banner(settings, password, fleet.describe()))
        sys.stdout.flush()

    announcer = asyncio.create_task(announce())
    try:
        await server.serve()
    finally:
        announcer.cancel()


def attach_dev_worker(app: Litestar, settings: Settings) -> None:
    """Run one job worker inside the dev server: started after the app's resources (it shares
    the app's pool, since Piccolo binds tables to one engine per process), stopped before them."""
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def start_worker(app: Litestar) -> None:
        worker = Worker(
            database_url=settings.database_url,
            registry=app.state.job_registry,
            store=app.state.store,  # the app's store (one S3 client per process, closed with the app)
            concurrency=2,
            audit=app.state.job_audit,
        )
        # one process: the worker's counters and histograms join the API's /metrics
        registry = worker.metrics.registry

        async def worker_metrics() -> bytes:
            return generate_latest(registry)

        app.state.metrics_scrapers.append(worker_metrics)
        tasks.append(asyncio.create_task(worker.run(stop)))

    async def stop_worker(_: Litestar) -> None:
        stop.set()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)

    app.on_startup.append(start_worker)
    app.on_shutdown.insert(0, stop_worker)


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


def attach_demo_fleet(app: Litestar, settings: Settings) -> DemoFleet:
    """Serve the demo fleet while the app runs: start the simulator (placement from the app's KV
    bucket), register its services (idempotent: updated when their URLs changed) and seed the
    demo tenants' placement when no map exists yet. A failure is logged; the API still serves."""
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
            )
            # Tenants are placed on the primary site; the DR site stands by, as it would.
            primary: dict[PlacementKind, list[str]] = {kind: [] for kind in PLACEMENT_KINDS}
            for service in sim.services.values():
                kind = service.spec.kind
                if service.spec.site == "primary" and kind != "gateway":
                    primary[kind].append(service.spec.name)
            await app.state.placement.seed_demo_placement(DEMO_TENANTS, primary)
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


def run_dev(base: Settings) -> None:
    """Run the embedded default until interrupted; every child process is stopped on exit."""
    if not port_is_free(base.port, host=base.host):
        raise DevStartupError(
            f"port {base.port} on {base.host} is already in use (set LIFEBOAT_PORT to another port)"
        )
    dev_dir = Path(base.dev_dir).resolve()
    dev_dir.mkdir(parents=True, exist_ok=True)
    stack = EmbeddedStack(dev_dir)

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    # Until uvicorn installs its own handlers, SIGTERM means the same as Ctrl-C.
    signal.signal(signal.SIGTERM, interrupt)
    try:
        info = stack.start()
        settings = dev_settings(base, info, dev_dir)
        password = asyncio.run(prepare_database(settings))
        asyncio.run(_serve(settings, password))
    except KeyboardInterrupt:
        pass
    finally:
        stack.stop()
        log.info("dev_stopped")
