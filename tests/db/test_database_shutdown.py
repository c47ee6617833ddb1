"""Shutdown never waits forever on a connection that is not given back."""

from __future__ import annotations

import asyncio

import asyncpg

from lifeboat.db.engine import Database
from lifeboat.piccolo_app import TABLES


async def test_a_connection_never_released_does_not_hold_shutdown(database_url: str) -> None:
    db = Database(database_url, pool_size=2)
    await db.start(TABLES)
    held = await db.pool.acquire()  # a task that never returns its connection
    assert await held.fetchval("select 1") == 1
    await asyncio.wait_for(db.stop(grace_s=0.5), timeout=60)
    assert db.engine.pool is None
    # terminated, not waited for: the server sees no connection of ours left
    assert await _other_backends(database_url) == 0
    await db.stop()  # idempotent


async def _other_backends(database_url: str) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        count = -1
        for _ in range(100):
            count = await conn.fetchval(
                "select count(*) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            )
            if count == 0:
                break
            await asyncio.sleep(0.1)
        return int(count)
    finally:
        await conn.close()


async def test_a_graceful_stop_closes_an_idle_pool(database_url: str) -> None:
    db = Database(database_url, pool_size=2)
    await db.start(TABLES)
    assert await db.ping(timeout=5) >= 0
    await db.stop(grace_s=5)
    assert db.engine.pool is None
