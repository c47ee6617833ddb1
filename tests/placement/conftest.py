"""Placement fixtures: a connected Bus and a fresh KV bucket per test (many pytest processes
share one NATS server, so nothing uses the default bucket)."""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import AsyncIterator
from typing import Any

import pytest

from lifeboat.bus.connection import Bus
from lifeboat.placement.store import PlacementStore
from lifeboat.settings import Settings
from tests.conftest import make_settings
from tests.services import TestServices


def random_bucket() -> str:
    return f"lb_placement_test_{secrets.token_hex(6)}"


async def delete_bucket(bus: Bus, bucket: str) -> None:
    with contextlib.suppress(Exception):
        await bus.jetstream.delete_key_value(bucket)


@pytest.fixture
async def bus(services: TestServices) -> AsyncIterator[Bus]:
    connected = Bus(services.nats_url, name="placement-tests")
    await connected.start()
    yield connected
    await connected.stop()


@pytest.fixture
async def bucket(bus: Bus) -> AsyncIterator[str]:
    name = random_bucket()
    yield name
    await delete_bucket(bus, name)


@pytest.fixture
def store(bus: Bus, bucket: str) -> PlacementStore:
    return PlacementStore(bus, bucket=bucket)


@pytest.fixture
async def settings(services: TestServices, database_url: str) -> AsyncIterator[Settings]:
    """The app's settings with a bucket of its own (overrides the shared fixture)."""
    name = random_bucket()
    yield make_settings(services, database_url, placement_bucket=name)
    cleaner = Bus(services.nats_url, name="placement-tests-cleanup")
    await cleaner.start()
    try:
        await delete_bucket(cleaner, name)
    finally:
        await cleaner.stop()


def tenants_map(**tenants: str) -> dict[str, Any]:
    return {"tenants": tenants}
