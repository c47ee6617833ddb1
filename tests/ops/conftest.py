"""Ops fixtures: an app whose placement bucket is this test's own, a simulated fleet watching it
(registered in the fleet registry), an operator token and an in-process worker."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import nats
import pytest
from litestar import Litestar

from lifeboat.auth.service import system_principal
from lifeboat.fleet.models import FleetServiceSpec
from lifeboat.fleet.registry import register_services
from lifeboat.fleet.sim import Simulator, demo_fleet
from lifeboat.jobs.worker import Worker
from lifeboat.placement.models import PlacementKind, PlacementMap, map_name
from lifeboat.settings import Settings
from tests.conftest import bearer_token, make_settings
from tests.fleet.conftest import (
    FLEET_SECRET,
    LOOPBACK,
    nats_url,
    placement_bucket,
    put_placement,
    simulated_fleet,
)
from tests.jobs.conftest import new_key, running_worker
from tests.services import TestServices

__all__ = ["nats_url", "placement_bucket"]  # fixtures re-exported for this package

TENANT = "acme"
SOURCE = "aggregate-primary-1"
TARGET = "aggregate-primary-2"
#: aggregate_placement at the start of every test
AGGREGATE_MAP = {TENANT: SOURCE, "globex": TARGET, "initech": "aggregate-dr-1"}
FLEET_SIZE: dict[str, int] = {"gateway": 1, "aggregate": 2, "projection": 1, "runner": 1}


@pytest.fixture
def settings(services: TestServices, database_url: str, placement_bucket: str) -> Settings:
    return make_settings(
        services,
        database_url,
        placement_bucket=placement_bucket,
        fleet_secret=FLEET_SECRET,
        fleet_probe_timeout_s=5.0,
        ops_poll_s=0.05,
    )


@pytest.fixture
async def fleet(client: httpx.AsyncClient, nats_url: str, placement_bucket: str) -> AsyncIterator[Simulator]:
    """A two-site fleet placed from this test's bucket, registered in the fleet registry."""
    await put_placement(nats_url, placement_bucket, "aggregate", AGGREGATE_MAP)
    await put_placement(nats_url, placement_bucket, "projection", {TENANT: "projection-primary-1"})
    await put_placement(nats_url, placement_bucket, "runner", {TENANT: "runner-primary-1"})
    async with simulated_fleet(nats_url, placement_bucket, demo_fleet(FLEET_SIZE)) as sim:  # type: ignore[arg-type]
        await register_services(
            [
                FleetServiceSpec(
                    name=s.name, kind=s.spec.kind, site=s.spec.site, environment="test", base_url=s.base_url
                )
                for s in sim.services.values()
            ],
            actor=system_principal("test"),
            reason="ops test fleet",
            outbound=LOOPBACK,
        )
        yield sim


@pytest.fixture
async def operator(client: httpx.AsyncClient) -> dict[str, str]:
    return {"Authorization": f"Bearer {await bearer_token('operator')}"}


@pytest.fixture
async def ops_worker(app: Litestar, client: httpx.AsyncClient) -> AsyncIterator[Worker]:
    async with running_worker(app, registry=app.state.job_registry) as worker:
        yield worker


def body(job_kind: str, /, reason: str = "ops test", dry_run: bool = False, **params: Any) -> dict[str, Any]:
    return {"kind": job_kind, "params": params, "reason": reason, "dry_run": dry_run}


async def create(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    job_kind: str,
    /,
    *,
    key: str | None = None,
    **params: Any,
) -> httpx.Response:
    return await client.post(
        "/api/v1/jobs",
        json=body(job_kind, **params),
        headers={**headers, "Idempotency-Key": key or new_key()},
    )


async def created(client: httpx.AsyncClient, headers: dict[str, str], job_kind: str, /, **params: Any) -> str:
    response = await create(client, headers, job_kind, **params)
    assert response.status_code == 201, response.text
    job_id: str = response.json()["job"]["id"]
    return job_id


async def kv_history(nats_url_: str, bucket: str, kind: PlacementKind) -> list[tuple[int, dict[str, str]]]:
    """(revision, tenants) of every stored value of ``kind``'s map, oldest first."""
    nc = await nats.connect(nats_url_, connect_timeout=2, allow_reconnect=False)
    try:
        kv = await nc.jetstream().key_value(bucket)
        entries = await kv.history(map_name(kind))
        return [
            (int(e.revision or 0), dict(msgspec.json.decode(e.value or b"{}", type=PlacementMap).tenants))
            for e in entries
        ]
    finally:
        with contextlib.suppress(Exception):
            await nc.close()
