"""Shared fixtures: real PostgreSQL/NATS/S3, one database per test cloned from a migrated template."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar

from lifeboat.app import create_app, start_resources, stop_resources
from lifeboat.auth.models import ApiTokenCreate, UserCreate
from lifeboat.auth.service import create_api_token, create_user, system_principal
from lifeboat.db.engine import with_database
from lifeboat.db.migrate import run_migrations
from lifeboat.embedded.s3 import RESTORE_READER_ROLE_ARN
from lifeboat.settings import Settings, load_settings
from tests.services import TestServices, test_services

ADMIN_PASSWORD = "correct-horse-battery-staple"
# The audit chain's HMAC key of in-process test apps (one per session: every test app agrees).
TEST_AUDIT_KEY = "test-audit-key-" + secrets.token_hex(16)


@pytest.fixture(scope="session")
def services() -> Iterator[TestServices]:
    with test_services() as found:
        yield found


@pytest.fixture(scope="session")
async def template_database(services: TestServices) -> AsyncIterator[str]:
    """A database migrated once per session; tests clone it."""
    name = f"lifeboat_tpl_{os.getpid()}"
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'drop database if exists "{name}"')
        await admin.execute(f'create database "{name}"')
    finally:
        await admin.close()
    url = with_database(services.database_url, name)
    await run_migrations(url)
    yield url
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await admin.close()


@pytest.fixture
async def database_url(services: TestServices, template_database: str) -> AsyncIterator[str]:
    """A fresh database for one test, cloned from the template."""
    template = template_database.rsplit("/", 1)[-1]
    name = f"lifeboat_t_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'create database "{name}" template "{template}"')
    finally:
        await admin.close()
    yield with_database(services.database_url, name)
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await admin.close()


def make_settings(services: TestServices, database_url: str, **overrides: Any) -> Settings:
    """Settings for a test app against the real services."""
    values: dict[str, Any] = {
        "environment": "test",
        "database_url": database_url,
        "database_pool_size": 12,
        "nats_url": services.nats_url,
        "s3_endpoint_url": services.s3_endpoint_url,
        "s3_region": services.s3_region,
        "s3_bucket": f"lifeboat-test-{secrets.token_hex(4)}",
        "s3_access_key_id": services.s3_access_key_id,
        "s3_secret_access_key": services.s3_secret_access_key,
        # The credential broker: the embedded server's reader role (STS on the S3 port), or
        # the machine's own via LIFEBOAT_TEST_STS_ROLE_ARN / LIFEBOAT_TEST_STS_ENDPOINT_URL.
        "sts_role_arn": os.environ.get("LIFEBOAT_TEST_STS_ROLE_ARN")
        or (RESTORE_READER_ROLE_ARN if "embedded s3" in services.origin else None),
        "sts_endpoint_url": os.environ.get("LIFEBOAT_TEST_STS_ENDPOINT_URL"),
        "session_secret": "test-session-secret",
        "audit_key": TEST_AUDIT_KEY,
        "log_format": "json",
        # The simulated fleet and test webhook receivers listen on loopback (as under `lifeboat dev`).
        "outbound_allow": "127.0.0.0/8,::1",
    }
    values.update(overrides)
    return load_settings(env={}, **values)


@pytest.fixture
def settings(services: TestServices, database_url: str) -> Settings:
    return make_settings(services, database_url)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the app, with the app's lifespan run in the test's own event loop.

    (Litestar's AsyncTestClient runs the lifespan on a portal thread, which would put the
    connection pool on another loop than the test's direct service calls; ``app.lifespan()``
    needs entry and exit in one task, which pytest-asyncio fixtures do not give.)
    """
    async with running_app(app) as test_client:
        yield test_client


@contextlib.asynccontextmanager
async def running_app(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app's resources in this loop and yield an HTTP client on it."""
    await start_resources(app)
    try:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as test_client:
            yield test_client
    finally:
        await stop_resources(app)


@pytest.fixture
async def admin_user(client: httpx.AsyncClient) -> str:
    """An admin user (created through the service while the app's pool is open)."""
    await create_user(
        UserCreate(username="admin", password=ADMIN_PASSWORD, role="admin", reason="test fixture"),
        actor=system_principal("test"),
    )
    return "admin"


async def bearer_token(role: str, environment: str = "*", name: str | None = None) -> str:
    """A fresh API token secret with ``role`` (the app's pool must be open)."""
    created = await create_api_token(
        ApiTokenCreate(
            name=name or f"{role}-token", role=role, environment=environment, reason="test fixture"
        ),  # type: ignore[arg-type]
        actor=system_principal("test"),
    )
    return created.secret


@pytest.fixture
async def admin_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {await bearer_token('admin')}"}


@pytest.fixture
async def viewer_headers(client: httpx.AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {await bearer_token('viewer')}"}


async def login(client: httpx.AsyncClient, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
    """Log in through the API; returns the CSRF token (cookies stay on the client)."""
    response = await client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrf_token"]
    return csrf
