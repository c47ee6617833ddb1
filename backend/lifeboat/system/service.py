"""Readiness: probe PostgreSQL, NATS and S3 concurrently, each with its own timeout."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from lifeboat.bus.connection import Bus
from lifeboat.db.engine import Database
from lifeboat.store.objects import ObjectStore
from lifeboat.system.models import DependencyCheck, DependencyName


async def _probe(
    name: DependencyName, ping: Callable[[float], Awaitable[float]], timeout: float
) -> DependencyCheck:
    try:
        latency = await asyncio.wait_for(ping(timeout), timeout=timeout)
    except TimeoutError:
        return DependencyCheck(
            name=name, ok=False, detail=f"no answer within {timeout:g} s", latency_ms=timeout * 1000
        )
    except Exception as exc:
        # The message names the dependency's complaint; the chain stays in the logs.
        detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        return DependencyCheck(name=name, ok=False, detail=detail, latency_ms=0.0)
    return DependencyCheck(name=name, ok=True, detail="ok", latency_ms=round(latency, 2))


async def check_dependencies(
    db: Database, bus: Bus, store: ObjectStore, timeout: float
) -> list[DependencyCheck]:
    """Probe all three dependencies at once."""
    return list(
        await asyncio.gather(
            _probe("postgres", db.ping, timeout),
            _probe("nats", bus.ping, timeout),
            _probe("s3", store.ping, timeout),
        )
    )
