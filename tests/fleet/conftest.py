"""Fleet fixtures: a NATS URL, a fresh placement KV bucket per test, and a simulated fleet.

Reuse from other test packages::

    from tests.fleet.conftest import simulated_fleet, put_placement, wait_until

    async def test_x(nats_url: str, placement_bucket: str) -> None:
        await put_placement(nats_url, placement_bucket, "aggregate", {"t1": "aggregate-primary-1"})
        async with simulated_fleet(nats_url, placement_bucket) as sim:
            ...

(or request the ``sim`` fixture: a demo fleet on this test's bucket). The bucket name is a
parameter of ``simulate()`` because tests in several pytest processes share one NATS server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any

import msgspec
import nats
import nats.js.errors
import pytest

from lifeboat.core.outbound import LOOPBACK_ALLOW, OutboundPolicy
from lifeboat.fleet.sim import SimServiceSpec, Simulator, demo_fleet, simulate
from lifeboat.placement.models import PlacementKind, PlacementMap, map_name
from tests.services import port_answers

FLEET_SECRET = "test-fleet-secret"
#: The simulator listens on loopback: what `lifeboat dev` allows (production refuses loopback).
LOOPBACK = OutboundPolicy.parse(LOOPBACK_ALLOW)


@pytest.fixture(scope="session")
def nats_url(request: pytest.FixtureRequest) -> str:
    """LIFEBOAT_TEST_NATS_URL, else the machine's NATS, else the session's embedded services."""
    url = os.environ.get("LIFEBOAT_TEST_NATS_URL")
    if url:
        return url
    if port_answers("127.0.0.1", 4222):
        return "nats://127.0.0.1:4222"
    found: Any = request.getfixturevalue("services")
    return str(found.nats_url)


@pytest.fixture
async def placement_bucket(nats_url: str) -> AsyncIterator[str]:
    """A placement bucket name of this test's own (created by the simulator), deleted after."""
    bucket = f"lifeboat_placement_t_{secrets.token_hex(6)}"
    yield bucket
    nc = await nats.connect(nats_url, connect_timeout=2, allow_reconnect=False)
    try:
        with contextlib.suppress(nats.js.errors.NotFoundError):
            await nc.jetstream().delete_key_value(bucket)
    finally:
        await nc.close()


async def put_placement(nats_url: str, bucket: str, kind: PlacementKind, tenants: Mapping[str, str]) -> int:
    """Write ``<kind>_placement`` (creating the bucket when missing); returns the KV revision."""
    nc = await nats.connect(nats_url, connect_timeout=2, allow_reconnect=False)
    try:
        js = nc.jetstream()
        try:
            kv = await js.key_value(bucket)
        except nats.js.errors.BucketNotFoundError:
            kv = await js.create_key_value(bucket=bucket, history=10)
        value = msgspec.json.encode(PlacementMap(tenants=dict(tenants)))
        revision: int = await kv.put(map_name(kind), value)
        return revision
    finally:
        await nc.close()


@contextlib.asynccontextmanager
async def simulated_fleet(
    nats_url: str | None,
    bucket: str,
    specs: Sequence[SimServiceSpec] | None = None,
    **options: Any,
) -> AsyncIterator[Simulator]:
    """A running simulated fleet (the demo fleet unless ``specs``), secret ``FLEET_SECRET``,
    a fast tick, placement from ``bucket`` (or ``tenants=[...]`` when ``nats_url`` is None)."""
    options.setdefault("tick_s", 0.05)
    async with simulate(
        list(specs) if specs is not None else demo_fleet(),
        secret=FLEET_SECRET,
        nats_url=nats_url,
        placement_bucket=bucket,
        **options,
    ) as sim:
        yield sim


@pytest.fixture
async def sim(nats_url: str, placement_bucket: str) -> AsyncIterator[Simulator]:
    """The demo fleet watching this test's (initially empty) placement bucket."""
    async with simulated_fleet(nats_url, placement_bucket) as running:
        yield running


def admin_headers(secret: str = FLEET_SECRET) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def wait_until(
    check: Callable[[], Awaitable[Any]],
    *,
    attempts: int = 400,
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
