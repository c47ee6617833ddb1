"""``lifeboat dev``: the embedded default — everything in one process, data under ``.lifeboat/``.

Starts embedded PostgreSQL, NATS (JetStream) and S3, migrates, creates the first admin (the
password is printed once and stored only as an argon2 hash), honours LIFEBOAT_DEV_ROOT_TOKEN,
then serves the API and SPA until Ctrl-C / SIGTERM, and stops every child on the way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import signal
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import msgspec
import structlog
import uvicorn
from litestar import Litestar
from prometheus_client import generate_latest

from lifeboat.app import create_app
from lifeboat.audit.chain import configure_audit_key
from lifeboat.auth.models import ApiTokenCreate, Principal, UserCreate
from lifeboat.auth.service import (
    count_users,
    create_api_token,
    create_user,
    ensure_dev_root_token,
    principals_with_role,
    system_principal,
)
from lifeboat.core.buildinfo import detect_git_sha
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import Conflict, DomainError
from lifeboat.core.outbound import LOOPBACK_ALLOW, OutboundPolicy, allowlist_with
from lifeboat.db.engine import Database, ensure_database, with_database
from lifeboat.db.migrate import run_migrations
from lifeboat.embedded._process import port_is_free, write_private_file
from lifeboat.embedded.stack import EmbeddedStack, EmbeddedStackInfo
from lifeboat.fleet.models import FleetServiceSpec
from lifeboat.fleet.registry import register_services
from lifeboat.fleet.sim import Simulator, demo_fleet, simulate
from lifeboat.jobs.worker import Worker
from lifeboat.piccolo_app import TABLES
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementKind
from lifeboat.restore import service as restore_service
from lifeboat.restore.models import (
    BackupGroupCreate,
    BackupGroupPatch,
    BackupRunReport,
    Capability,
    CapabilityRegistration,
    ReplicaCreate,
    ServerCreate,
)
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


def _audit_key(dev_dir: Path) -> str:
    """The audit chain's HMAC key, kept in the dev dir (outside the database) so the chain still
    verifies after a restart."""
    path = dev_dir / "audit-key"
    if path.is_file():
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    write_private_file(path, key.encode())
    return key


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
        audit_key=base.audit_key or _audit_key(dev_dir),
        secrets_dir=base.secrets_dir or str(dev_dir / DEV_SECRETS_DIR),
        git_sha=base.git_sha if base.git_sha != "unknown" else detect_git_sha(),
        # The simulated fleet (and any local webhook receiver) listens on loopback.
        outbound_allow=allowlist_with(base.outbound_allow, _dev_outbound_extra(base.host)),
    )


def _dev_outbound_extra(host: str) -> list[str]:
    """Loopback, plus the wildcard address the simulator's URLs name when dev listens on it."""
    return [LOOPBACK_ALLOW, *([host] if host in ("0.0.0.0", "::") else [])]


async def prepare_database(settings: Settings) -> str | None:
    """Migrate, create the first admin when there is no user, ensure the dev root token.

    Returns the generated admin password the first time, else None.
    """
    await ensure_database(settings.database_url)
    await run_migrations(settings.database_url)
    db = Database(settings.database_url, pool_size=2)
    await db.start(TABLES)
    configure_audit_key(settings)  # the first admin and the root token are audited
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
        await seed_demo_restore(settings)
        return password
    finally:
        await db.stop()


# --- demo restore world: backup groups in the embedded S3 bucket, servers, backup runs, a
# restore consumer with capabilities and three declarations (one of them a gap) ----------------

DEMO_RESTORE_AGENT = "demo-restore-agent"
# The dev default of LIFEBOAT_SECRETS_DIR, inside the dev dir (file: password refs live there).
DEV_SECRETS_DIR = "secrets"
DEMO_RESTORE_REASON = "dev demo restore world"
# (group, prefix, backup type, servers as (name, live, backed up))
DEMO_BACKUP_GROUPS: tuple[tuple[str, str, str, tuple[tuple[str, bool, bool], ...]], ...] = (
    (
        "eu-postgres",
        "restore/eu-postgres",
        "postgres",
        (
            ("pg-eu-1", True, True),
            ("pg-eu-2", True, True),
            ("pg-eu-3", True, False),
            ("pg-eu-old", False, True),
        ),
    ),
    (
        "us-files",
        "restore/us-files",
        "files",
        (
            ("files-us-1", True, True),
            ("files-us-2", True, True),
            ("files-us-3", True, True),
            ("files-us-4", True, False),
        ),
    ),
)


def dev_secrets_dir(settings: Settings) -> Path:
    """LIFEBOAT_SECRETS_DIR, or ``<dev dir>/secrets`` (what ``dev_settings`` sets)."""
    if settings.secrets_dir:
        return Path(settings.secrets_dir).resolve()
    return Path(settings.dev_dir).resolve() / DEV_SECRETS_DIR


def _repo_password_ref(settings: Settings) -> str:
    """``file:<secrets dir>/restore-repo-password``, written once (0600) with a random password;
    a password kept in the dev dir itself by an older ``lifeboat dev`` moves there (the demo
    repositories were made with it)."""
    directory = dev_secrets_dir(settings)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / "restore-repo-password"
    legacy = Path(settings.dev_dir).resolve() / "restore-repo-password"
    if not path.is_file() and legacy.is_file():
        os.replace(legacy, path)
        path.chmod(0o600)
    if not path.is_file():
        write_private_file(path, secrets.token_urlsafe(24).encode())
    return f"file:{path}"


async def _demo_restore_agent(settings: Settings, actor: Principal) -> Principal:
    """The demo restore consumer: an API token with role restore-consumer, created once; its
    secret is kept in the dev dir (0600) for a reference agent to use."""
    for principal in await principals_with_role("restore-consumer", settings.environment):
        if principal.name == DEMO_RESTORE_AGENT:
            return principal
    created = await create_api_token(
        ApiTokenCreate(name=DEMO_RESTORE_AGENT, role="restore-consumer", reason=DEMO_RESTORE_REASON),
        actor=actor,
    )
    write_private_file(Path(settings.dev_dir).resolve() / "restore-agent-token", created.secret.encode())
    for principal in await principals_with_role("restore-consumer", settings.environment):
        if principal.id == f"token:{created.token.id}":
            return principal
    raise DevStartupError("the demo restore agent's token was created but is not a restore consumer")


async def seed_demo_restore(settings: Settings) -> None:
    """Seed the demo restore world through the restore service, idempotently (a restart changes
    nothing but the repository endpoint, which follows the embedded S3 server)."""
    actor = system_principal("lifeboat dev")
    password_ref = _repo_password_ref(settings)
    secrets_dir = str(dev_secrets_dir(settings))
    now = utcnow()
    for group, prefix, backup_type, servers in DEMO_BACKUP_GROUPS:
        definition = BackupGroupCreate(
            name=group,
            bucket=settings.s3_bucket,
            prefix=prefix,
            region=settings.s3_region,
            endpoint=settings.s3_endpoint_url,
            password_ref=password_ref,
            reason=DEMO_RESTORE_REASON,
        )
        try:
            await restore_service.create_group(definition, actor=actor, secrets_dir=secrets_dir)
        except Conflict:
            await restore_service.patch_group(
                group,
                BackupGroupPatch(
                    endpoint=settings.s3_endpoint_url,
                    password_ref=password_ref,
                    reason="dev: follow the embedded S3 endpoint and the dev secrets dir",
                ),
                actor=actor,
                secrets_dir=secrets_dir,
            )
        for index, (server, live, backed_up) in enumerate(servers):
            with contextlib.suppress(Conflict):  # an operator changed it since: theirs wins
                await restore_service.create_server(
                    ServerCreate(name=server, group=group, live=live, reason=DEMO_RESTORE_REASON), actor=actor
                )
            if not backed_up:
                continue  # no run reported: its worklist item says snapshot null
            runs = await restore_service.list_backup_runs(server=server, backup_type=backup_type, limit=1)
            if runs.items:
                continue
            for days_ago in (2, 1):
                finished = now - timedelta(days=days_ago, minutes=7 * index)
                await restore_service.report_backup_run(
                    BackupRunReport(
                        server=server,
                        backup_type=backup_type,
                        snapshot_id=f"{server}-{finished:%Y%m%dT%H%M%S}",
                        status="succeeded",
                        started_at=finished - timedelta(minutes=12),
                        finished_at=finished,
                        size_bytes=(3 + index) * 1_250_000_000,
                    ),
                    actor=system_principal("demo-backup-agent", role="backup-agent"),
                )
    agent = await _demo_restore_agent(settings, actor)
    consumers = (await restore_service.list_consumers(environment=settings.environment)).items
    if not any(consumer.id == agent.id and consumer.registered for consumer in consumers):
        await restore_service.register_capabilities(
            agent,
            CapabilityRegistration(
                agent_version="demo-restore-agent/0.1.0",
                capabilities=[
                    Capability(intent="verify", backup_types=["postgres"]),
                    Capability(intent="analytics", backup_types=["postgres"]),
                ],
            ),
            environment=settings.environment,
        )
    declarations: tuple[tuple[str, str | None, str, str], ...] = (
        ("eu-postgres", None, "verify", "Nightly restore check of every live EU database."),
        ("eu-postgres", "pg-eu-1", "analytics", "Analytics copy of the EU primary for the data team."),
        (
            "eu-postgres",
            "pg-eu-2",
            "disaster-recovery",
            "Warm standby restore (the agent cannot do it yet: a gap).",
        ),
    )
    for group, only_server, intent, notes in declarations:
        with contextlib.suppress(Conflict):  # already declared
            await restore_service.declare_replica(
                ReplicaCreate(
                    consumer_id=agent.id,
                    group=group,
                    server=only_server,
                    backup_type="postgres",
                    intent=intent,
                    notes=notes,
                    reason=DEMO_RESTORE_REASON,
                ),
                actor=actor,
                environment=settings.environment,
            )


# --- demo restore runs: one cycle of the reference agent (in the background, after the app is
# up) and a few seeded runs in the decision states an agent cycle does not produce -------------

DEMO_RESTORE_OBJECTS = ("config", "index/0001", "data/00/pack-0001")


async def _seed_demo_repositories(settings: Settings, store: Any) -> None:
    """A few objects in each demo group's repository prefix, so the agent has something to read."""
    for group, prefix, _, _ in DEMO_BACKUP_GROUPS:
        if await store.get_bytes(f"{prefix}/config") is not None:
            continue
        for name in DEMO_RESTORE_OBJECTS:
            body = f"demo repository {group}: {name}\n".encode() * (64 if name.startswith("data/") else 1)
            await store.put_bytes(f"{prefix}/{name}", body)


async def seed_demo_restore_runs(app: Litestar, settings: Settings) -> int:
    """Runs of the demo agent in the decision states the reference agent does not produce on
    its own (a failed verification, one still running, one finished without evidence, one
    cancelled), on each server's older snapshot, through the restore service. Idempotent: each
    has a fixed Idempotency-Key and a replayed one is left as it is. Returns how many it opened."""
    from lifeboat.restore import runs as restore_runs
    from lifeboat.restore.jobs import ALERT_DELIVERY, RESTORE_RUN

    registry = app.state.job_registry
    run_kind, delivery_kind = registry.get(RESTORE_RUN), registry.get(ALERT_DELIVERY)
    if run_kind is None or delivery_kind is None:
        raise DevStartupError("the restore job kinds are not registered")
    store = app.state.store
    env = settings.environment
    agent = await _demo_restore_agent(settings, system_principal("lifeboat dev"))
    # (key, server, intent, what happens)
    scenarios = (
        ("failed-verification", "pg-eu-2", "verify", "verification-failure"),
        ("in-progress", "pg-eu-1", "analytics", "running"),
        ("no-evidence", "pg-eu-1", "verify", "succeeded-without-evidence"),
        ("cancelled", "pg-eu-2", "verify", "cancelled"),
    )
    opened_count = 0
    for key, server, intent, scenario in scenarios:
        snapshots = (
            await restore_service.list_backup_runs(server=server, backup_type="postgres", limit=2)
        ).items
        coverage = await restore_service.covering_declaration(agent.id, server, "postgres", intent)
        if len(snapshots) < 2 or coverage is None:
            continue  # an operator changed the demo world: leave it alone
        older = snapshots[-1]
        opened = await restore_runs.open_run(
            restore_runs.RestoreRunOpen(
                declaration_id=coverage.declaration_id,
                server=server,
                backup_type="postgres",
                intent=intent,
                snapshot_id=older.snapshot_id,
            ),
            principal=agent,
            idempotency_key=f"dev-demo-{key}",
            environment=env,
            run_kind=run_kind,
        )
        if opened.replayed:
            continue
        opened_count += 1
        run = _DemoRun(
            opened.detail.run.id,
            older.snapshot_id,
            opened.detail.run.created_at,  # a verification's times lie within its run
            principal=agent,
            environment=env,
            run_kind=run_kind,
            delivery_kind=delivery_kind,
            store=store,
        )
        await run.play(scenario, server)
    return opened_count


class _DemoRun:
    """One seeded demo run, reported through the restore service as its agent would."""

    def __init__(
        self,
        run_id: str,
        snapshot_id: str,
        started: datetime,
        *,
        principal: Principal,
        environment: str,
        run_kind: Any,
        delivery_kind: Any,
        store: Any,
    ) -> None:
        self.run_id, self.snapshot_id, self.started = run_id, snapshot_id, started
        self.principal, self.environment = principal, environment
        self.run_kind, self.delivery_kind, self.store = run_kind, delivery_kind, store

    async def patch(self, status: str, message: str, counts: dict[str, Any] | None = None) -> None:
        from lifeboat.restore import runs as restore_runs

        body: dict[str, Any] = {"status": status, "message": message}
        if counts:
            body["counts"] = counts
        await restore_runs.patch_run(
            self.run_id,
            msgspec.convert(body, restore_runs.RestoreRunPatch),
            principal=self.principal,
            environment=self.environment,
            run_kind=self.run_kind,
            store=self.store,
        )

    async def verify(self, outcome: str, details: dict[str, Any]) -> None:
        from lifeboat.restore import runs as restore_runs

        report = {
            "outcome": outcome,
            "snapshot_id": self.snapshot_id,
            "started_at": self.started,
            "finished_at": max(utcnow(), self.started),
            "details": details,
        }
        await restore_runs.record_verification(
            self.run_id,
            msgspec.convert(report, restore_runs.VerificationReport),
            principal=self.principal,
            environment=self.environment,
            run_kind=self.run_kind,
            delivery_kind=self.delivery_kind,
            store=self.store,
        )

    async def play(self, scenario: str, server: str) -> None:
        from lifeboat.restore import runs as restore_runs

        if scenario == "cancelled":
            await self.patch("cancelled", "superseded by a newer snapshot before it started")
            return
        await self.patch("running", "restoring into a scratch instance")
        if scenario == "running":
            await self.patch(
                "running", "restored 41 of 120 tables", {"items_total": 120, "items_restored": 41}
            )
            return
        counts = {"items_total": 120, "items_restored": 120, "items_failed": 0, "duration_seconds": 1080.0}
        if scenario == "verification-failure":
            report = {
                "server": server,
                "snapshot_id": self.snapshot_id,
                "tables": 120,
                "checksum_mismatches": ["orders"],
            }
            await restore_runs.add_evidence(
                self.run_id,
                msgspec.json.encode(report),
                "application/json",
                principal=self.principal,
                run_kind=self.run_kind,
                store=self.store,
            )
            await self.patch("succeeded", "restore finished; checksum check pending", counts)
            await self.verify("failure", {"checksum_mismatches": ["orders"], "tables_checked": 120})
            return
        await self.patch("succeeded", "restore finished (no evidence uploaded)", counts)
        await self.verify("success", {"tables_checked": 120})


def attach_demo_restore_runs(app: Litestar, settings: Settings) -> None:
    """After the app is up, in the background: seed the demo repositories and runs, then run one
    cycle of the reference restore agent (``lifeboat agent restore``) against this server with the
    demo agent's token. Errors are logged, never fatal; shutdown cancels it."""
    tasks: list[asyncio.Task[None]] = []

    async def demo_restore(app: Litestar) -> None:
        from lifeboat.agents.restore import AgentConfig, describe, run_cycle

        try:
            await _seed_demo_repositories(settings, app.state.store)
            opened = await seed_demo_restore_runs(app, settings)
            token_file = Path(settings.dev_dir).resolve() / "restore-agent-token"
            if not token_file.is_file():
                log.warning("dev_demo_restore_agent_skipped", reason=f"no {token_file.name} in the dev dir")
                return
            host = "127.0.0.1" if settings.host in ("0.0.0.0", "::", "") else settings.host
            url = f"http://{f'[{host}]' if ':' in host else host}:{settings.port}"
            async with httpx.AsyncClient(base_url=url, timeout=2) as probe:
                for _ in range(300):  # until uvicorn serves (bounded: 60 s)
                    with contextlib.suppress(httpx.HTTPError):
                        if (await probe.get("/health")).status_code == 200:
                            break
                    await asyncio.sleep(0.2)
            report = await run_cycle(
                AgentConfig(
                    url=url,
                    token=token_file.read_text().strip(),
                    intents=("verify", "analytics"),
                    backup_types=("postgres",),
                )
            )
            log.info("dev_demo_restore_runs", seeded=opened, agent_cycle=describe(report.items))
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the demo must not take the dev server down
            log.warning("dev_demo_restore_runs_failed", error=f"{type(exc).__name__}: {exc}")

    async def start(app: Litestar) -> None:
        tasks.append(asyncio.create_task(demo_restore(app), name="dev-demo-restore"))

    async def stop(_: Litestar) -> None:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    app.on_startup.append(start)
    app.on_shutdown.insert(0, stop)


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
    attach_demo_restore_runs(app, settings)
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
                outbound=OutboundPolicy.parse(settings.outbound_allow),
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
