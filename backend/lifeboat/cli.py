"""The ``lifeboat`` command: serve, worker, migrate, dev, users, tokens, openapi."""

from __future__ import annotations

import asyncio
import json
import secrets
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec

from lifeboat import __version__
from lifeboat.fleet.sim_command import sim
from lifeboat.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


def _settings() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


async def _with_database(settings: Settings, fn: Callable[[], Awaitable[T]]) -> T:
    from lifeboat.runtime import open_database

    _audit_key(settings)  # user and token commands append audit rows
    async with open_database(settings):
        return await fn()


def _audit_key(settings: Settings) -> None:
    """Key this process's audit chain (refused without LIFEBOAT_AUDIT_KEY outside dev/test)."""
    from lifeboat.audit.chain import configure_audit_key

    try:
        configure_audit_key(settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(__version__, prog_name="lifeboat")
def main() -> None:
    """Lifeboat: a control plane for disaster recovery and restore operations."""


@main.command()
@click.option("--host", default=None, help="Bind address (LIFEBOAT_HOST).")
@click.option("--port", type=int, default=None, help="Port (LIFEBOAT_PORT).")
def serve(host: str | None, port: int | None) -> None:
    """Run the API server (and the SPA) with uvicorn."""
    import uvicorn

    from lifeboat.app import create_app
    from lifeboat.core.buildinfo import detect_git_sha
    from lifeboat.core.logging import configure_logging

    settings = _settings()
    if settings.git_sha == "unknown":
        settings = msgspec.structs.replace(settings, git_sha=detect_git_sha())
    configure_logging(settings.log_level, settings.log_format)
    _audit_key(settings)
    app = create_app(settings)
    uvicorn.run(
        app,
        host=host or settings.host,
        port=port or settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
        proxy_headers=True,
        server_header=False,
    )


@main.command()
@click.option("--concurrency", type=int, default=4, show_default=True, help="Jobs run at once.")
@click.option(
    "--lease-s", type=float, default=15.0, show_default=True, help="Lease length (heartbeat every third)."
)
@click.option(
    "--metrics-port",
    type=int,
    default=None,
    help="Serve this worker's Prometheus metrics on this port (off by default).",
)
@click.option("--metrics-host", default="127.0.0.1", show_default=True, help="Address for --metrics-port.")
def worker(concurrency: int, lease_s: float, metrics_port: int | None, metrics_host: str) -> None:
    """Run the job engine's worker: claim jobs, run their steps, run schedules, write receipts
    (SIGTERM stops it)."""
    from lifeboat.core.logging import configure_logging
    from lifeboat.jobs.metrics import JobMetrics
    from lifeboat.runtime import Runtime

    settings = _settings()
    configure_logging(settings.log_level, settings.log_format)
    _audit_key(settings)
    job_metrics = JobMetrics()
    if metrics_port is not None:
        from prometheus_client import start_http_server

        start_http_server(metrics_port, addr=metrics_host, registry=job_metrics.registry)

    async def run_worker() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        runtime = Runtime.build(settings, pool_size=max(4, concurrency * 2 + 2), bus_name="lifeboat-worker")
        await runtime.start_worker()
        try:
            await runtime.worker(concurrency=concurrency, lease_s=lease_s, metrics=job_metrics).run(stop)
        finally:
            await runtime.stop()

    asyncio.run(run_worker())


@main.command()
@click.option("--port", type=int, default=None, help="Port (LIFEBOAT_PORT, default 8000).")
def dev(port: int | None) -> None:
    """Run the embedded default: embedded PostgreSQL, NATS and S3, API and SPA in one process."""
    import msgspec.structs

    from lifeboat.core.logging import configure_logging
    from lifeboat.dev import DevStartupError
    from lifeboat.dev.server import run_dev

    settings = _settings()
    if port is not None:
        settings = msgspec.structs.replace(settings, port=port)
    configure_logging(settings.log_level, settings.log_format)
    try:
        run_dev(settings)
    except DevStartupError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.option("--create-database/--no-create-database", default=True, show_default=True)
def migrate(create_database: bool) -> None:
    """Apply pending database migrations (creating the database when missing)."""
    from lifeboat.db.engine import ensure_database
    from lifeboat.db.migrate import run_migrations

    settings = _settings()

    async def go() -> str:
        if create_database:
            await ensure_database(settings.database_url)
        return await run_migrations(settings.database_url)

    report = asyncio.run(go())
    click.echo(report.strip() or "migrations applied")


@main.command()
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write here, else stdout."
)
def openapi(out: Path | None) -> None:
    """Export the OpenAPI document the app serves at /schema/openapi.json."""
    from lifeboat.app import create_app

    app = create_app(load_settings(env={}))
    from litestar.serialization import encode_json

    document = json.loads(encode_json(app.openapi_schema.to_schema()))
    text = json.dumps(document, indent=2, sort_keys=True) + "\n"
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text)


main.add_command(sim)


class _AgentGroup(click.Group):
    """The agents' commands, imported when named (they need the generated client)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return ["restore"]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name != "restore":
            return None
        from lifeboat.agents.restore import restore_command

        return restore_command


@main.group(cls=_AgentGroup)
@click.option("--log-level", default="info", show_default=True, help="Log level (logs go to stderr).")
def agent(log_level: str) -> None:
    """Reference agents, built only on the generated client (lifeboat_client)."""
    import logging

    from lifeboat.core.logging import configure_logging

    configure_logging(log_level, "json", stream=sys.stderr)
    if log_level.lower() != "debug":  # one line per HTTP call is noise for an agent
        logging.getLogger("httpx").setLevel(logging.WARNING)


# --- users ---------------------------------------------------------------------------------


@main.group()
def users() -> None:
    """Manage local users."""


@users.command("create")
@click.option("--username", required=True)
@click.option("--role", type=click.Choice(["viewer", "operator", "admin"]), required=True)
@click.option("--environment", default="*", show_default=True)
@click.option("--password", default=None, help="Omit to generate one (printed once).")
@click.option("--reason", default="created from the command line", show_default=True)
def users_create(username: str, role: str, environment: str, password: str | None, reason: str) -> None:
    """Create a local user."""
    from lifeboat.auth.models import UserCreate
    from lifeboat.auth.service import create_user, system_principal
    from lifeboat.core.errors import DomainError

    settings = _settings()
    generated = password is None
    secret = password or secrets.token_urlsafe(15)
    try:
        data = msgspec.convert(
            {
                "username": username,
                "password": secret,
                "role": role,
                "environment": environment,
                "reason": reason,
            },
            UserCreate,
        )
    except msgspec.ValidationError as exc:
        raise click.ClickException(str(exc)) from exc

    async def go() -> Any:
        return await create_user(data, actor=system_principal("cli"))

    try:
        user = asyncio.run(_with_database(settings, go))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"created user {user.username} ({role} in {environment})")
    if generated:
        click.echo(f"password (shown once): {secret}")


@users.command("set-password")
@click.argument("username")
@click.option("--password", default=None, help="Omit to generate one (printed once).")
@click.option("--reason", default="password reset from the command line", show_default=True)
def users_set_password(username: str, password: str | None, reason: str) -> None:
    """Set (or reset) a local user's password; ends their sessions."""
    from lifeboat.auth.service import set_password, system_principal
    from lifeboat.core.errors import DomainError

    settings = _settings()
    secret = password or secrets.token_urlsafe(15)

    async def go() -> None:
        await set_password(username, secret, actor=system_principal("cli"), reason=reason)

    try:
        asyncio.run(_with_database(settings, go))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"password for {username} updated")
    if password is None:
        click.echo(f"password (shown once): {secret}")


# --- tokens --------------------------------------------------------------------------------


@main.group()
def tokens() -> None:
    """Manage API tokens."""


@tokens.command("create")
@click.option("--name", required=True)
@click.option(
    "--role",
    type=click.Choice(["viewer", "operator", "admin", "restore-consumer", "backup-agent"]),
    required=True,
)
@click.option("--environment", default="*", show_default=True)
@click.option("--expires-in-days", type=int, default=None)
@click.option("--reason", required=True)
def tokens_create(name: str, role: str, environment: str, expires_in_days: int | None, reason: str) -> None:
    """Create an API token; prints the secret once."""
    from lifeboat.auth.models import ApiTokenCreate
    from lifeboat.auth.service import create_api_token, system_principal

    settings = _settings()
    try:
        data = msgspec.convert(
            {
                "name": name,
                "role": role,
                "environment": environment,
                "expires_in_days": expires_in_days,
                "reason": reason,
            },
            ApiTokenCreate,
        )
    except msgspec.ValidationError as exc:
        raise click.ClickException(str(exc)) from exc

    async def go() -> Any:
        return await create_api_token(data, actor=system_principal("cli"))

    created = asyncio.run(_with_database(settings, go))
    click.echo(f"token {created.token.id} ({created.token.role} in {created.token.environment})")
    click.echo(f"secret (shown once): {created.secret}")


@tokens.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def tokens_list(as_json: bool) -> None:
    """List API tokens."""
    from lifeboat.auth.service import list_api_tokens

    settings = _settings()

    async def go() -> Any:
        items = []
        cursor = None
        while True:
            page = await list_api_tokens(limit=500, cursor=cursor)
            items.extend(page.items)
            if page.next_cursor is None:
                return items
            cursor = page.next_cursor

    items = asyncio.run(_with_database(settings, go))
    if as_json:
        click.echo(msgspec.json.encode(items).decode())
        return
    for t in items:
        status = "revoked" if t.revoked_at else "active"
        click.echo(f"{t.id}  {t.prefix:<12} {t.role:<17} {t.environment:<10} {status:<8} {t.name}")


@tokens.command("revoke")
@click.argument("token_id")
@click.option("--reason", required=True)
def tokens_revoke(token_id: str, reason: str) -> None:
    """Revoke an API token."""
    import uuid

    from lifeboat.auth.service import revoke_api_token, system_principal
    from lifeboat.core.errors import DomainError

    settings = _settings()
    try:
        parsed = uuid.UUID(token_id)
    except ValueError as exc:
        raise click.ClickException(f"{token_id!r} is not a token id") from exc

    async def go() -> Any:
        return await revoke_api_token(parsed, actor=system_principal("cli"), reason=reason)

    try:
        info = asyncio.run(_with_database(settings, go))
    except DomainError as exc:
        raise click.ClickException(exc.detail) from exc
    click.echo(f"revoked {info.id} ({info.name})")


if __name__ == "__main__":
    main()
