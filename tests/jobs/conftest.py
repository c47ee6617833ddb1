"""Job engine fixtures: probe requests, an in-process worker on the test database, polling."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar

from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.worker import Worker
from lifeboat.settings import Settings

TERMINAL = {"succeeded", "failed", "cancelled"}


def probe_body(reason: str = "engine test", dry_run: bool = False, **params: Any) -> dict[str, Any]:
    return {"kind": "system.probe", "params": params, "reason": reason, "dry_run": dry_run}


def new_key() -> str:
    return f"key-{secrets.token_hex(8)}"


async def create_probe(
    client: httpx.AsyncClient, headers: dict[str, str], *, key: str | None = None, **params: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/jobs", json=probe_body(**params), headers={**headers, "Idempotency-Key": key or new_key()}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def wait_for(
    check: Callable[[], Awaitable[Any]],
    *,
    attempts: int = 200,
    interval: float = 0.05,
    what: str = "condition",
) -> Any:
    """Poll ``check`` until it returns something truthy (bounded; never asserts a duration)."""
    for _ in range(attempts):
        value = await check()
        if value:
            return value
        await asyncio.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


async def wait_for_status(
    client: httpx.AsyncClient, headers: dict[str, str], job_id: str, statuses: set[str], attempts: int = 400
) -> dict[str, Any]:
    async def check() -> dict[str, Any] | None:
        response = await client.get(f"/api/v1/jobs/{job_id}", headers=headers)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body if body["job"]["status"] in statuses else None

    result: dict[str, Any] = await wait_for(check, attempts=attempts, what=f"job {job_id} in {statuses}")
    return result


@contextlib.asynccontextmanager
async def running_worker(app: Litestar, **options: Any) -> AsyncIterator[Worker]:
    """A worker in this process and loop, on the app's database and object store."""
    settings: Settings = app.state.settings
    worker = Worker(
        database_url=settings.database_url,
        registry=options.pop("registry", None) or default_registry(),
        store=app.state.store,
        concurrency=options.pop("concurrency", 4),
        lease_s=options.pop("lease_s", 3.0),
        poll_s=options.pop("poll_s", 0.2),
        **options,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(worker.run(stop))
    try:
        yield worker
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=30)


@pytest.fixture
async def worker(app: Litestar, client: httpx.AsyncClient) -> AsyncIterator[Worker]:
    async with running_worker(app) as w:
        yield w


def worker_env(settings: Settings) -> dict[str, str]:
    """The environment of a ``lifeboat worker`` subprocess on the test's database and store."""
    root = Path(__file__).resolve().parents[2]
    return {
        **os.environ,
        "LIFEBOAT_DATABASE_URL": settings.database_url,
        "LIFEBOAT_NATS_URL": settings.nats_url,
        "LIFEBOAT_S3_ENDPOINT_URL": settings.s3_endpoint_url or "",
        "LIFEBOAT_S3_REGION": settings.s3_region,
        "LIFEBOAT_S3_BUCKET": settings.s3_bucket,
        "LIFEBOAT_S3_ACCESS_KEY_ID": settings.s3_access_key_id or "",
        "LIFEBOAT_S3_SECRET_ACCESS_KEY": settings.s3_secret_access_key or "",
        "LIFEBOAT_ENVIRONMENT": settings.environment,
        "LIFEBOAT_OUTBOUND_ALLOW": settings.outbound_allow,  # the simulated fleet is on loopback
        "LIFEBOAT_LOG_LEVEL": "info",
        "PYTHONPATH": str(root / "backend"),
    }
