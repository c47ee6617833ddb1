"""``lifeboat dev``'s server: embedded PostgreSQL, NATS (JetStream) and S3, one runtime, the app.

Starts the embedded servers, migrates, creates the first admin (the password is printed once and
stored only as an argon2 hash), honours LIFEBOAT_DEV_ROOT_TOKEN, seeds the demo worlds, then
serves the API and SPA with one job worker until Ctrl-C / SIGTERM, and stops every child on the
way out.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import signal
import sys
from pathlib import Path

import httpx
import msgspec
import structlog
import uvicorn
from litestar import Litestar
from prometheus_client import generate_latest

from lifeboat.app import create_app
from lifeboat.auth.models import UserCreate
from lifeboat.auth.service import count_users, create_user, ensure_dev_root_token, system_principal
from lifeboat.core.buildinfo import detect_git_sha
from lifeboat.core.outbound import LOOPBACK_ALLOW, allowlist_with
from lifeboat.db.engine import ensure_database, with_database
from lifeboat.db.migrate import run_migrations
from lifeboat.dev import DevStartupError
from lifeboat.dev.seed_fleet import attach_demo_fleet
from lifeboat.dev.seed_restore import (
    DEV_SECRETS_DIR,
    _seed_demo_repositories,
    seed_demo_restore,
    seed_demo_restore_runs,
)
from lifeboat.embedded._process import port_is_free, write_private_file
from lifeboat.embedded.stack import EmbeddedStack, EmbeddedStackInfo
from lifeboat.runtime import Runtime, open_database
from lifeboat.settings import Settings

log = structlog.get_logger("lifeboat.dev")
ADMIN_USERNAME = "admin"


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
    async with open_database(settings):  # the first admin and the root token are audited
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


def attach_demo_restore_runs(app: Litestar, runtime: Runtime) -> None:
    """After the app is up, in the background: seed the demo repositories and runs, then run one
    cycle of the reference restore agent (``lifeboat agent restore``) against this server with the
    demo agent's token. Errors are logged, never fatal; shutdown cancels it."""
    settings = runtime.settings
    tasks: list[asyncio.Task[None]] = []

    async def demo_restore(app: Litestar) -> None:
        from lifeboat.agents.restore import AgentConfig, describe, run_cycle

        try:
            await _seed_demo_repositories(settings, runtime.store)
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
    runtime = Runtime.build(settings)
    app = create_app(settings, runtime=runtime)
    attach_dev_worker(app, runtime)
    fleet = attach_demo_fleet(app, runtime)
    attach_demo_restore_runs(app, runtime)
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


def attach_dev_worker(app: Litestar, runtime: Runtime) -> None:
    """Run one job worker inside the dev server: started after the app's resources (it shares
    the app's pool, since Piccolo binds tables to one engine per process), stopped before them."""
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    async def start_worker(app: Litestar) -> None:
        # the app's runtime: its kinds and its store (one S3 client per process, closed with the app)
        worker = runtime.worker(concurrency=2)
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
