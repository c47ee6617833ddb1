"""The database handle: one Piccolo ``PostgresEngine`` (an asyncpg pool) per process.

Piccolo binds tables to an engine through class state, so a process talks to one database
at a time; ``Database.start`` binds every registered table to this engine.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import structlog
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from lifeboat.core.tasks import cancel_and_wait
from lifeboat.db.access import bind_engine

log = structlog.get_logger(__name__)

# What a dropped or terminated database connection raises (a broken socket, the server's
# "terminating connection", asyncpg's "connection is closed"). The pool replaces a closed
# connection on the next acquire, so long-running loops (worker, scheduler) outlive these.
DATABASE_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # e.g. the rollback after a connection died mid-statement
)


async def release_without_reset_query(conn: asyncpg.Connection) -> None:
    """The pool's ``reset``: nothing beyond what asyncpg always does on release.

    asyncpg always rolls back a transaction left open and drops client-side listeners before
    calling this; its default reset then sends ``SELECT pg_advisory_unlock_all(); CLOSE ALL;
    UNLISTEN *; RESET ALL`` — one more round trip per checkout, for session state this code
    base never leaves on a pooled connection: advisory locks are transaction-scoped
    (``pg_advisory_xact_lock``), cursors live inside transactions, LISTEN runs on dedicated
    connections (the worker's listener) and nothing runs ``SET`` (``SET LOCAL`` is fine). Code
    that needs session state must use its own connection (``asyncpg.connect``), as migrations do.
    """
    return None


class QuietPostgresEngine(PostgresEngine):
    """Piccolo's engine without its construction-time version probe.

    ``PostgresEngine.__init__`` connects synchronously to read the server version, blocking the
    event loop and warning when the database does not exist yet (a fresh machine, before
    ``lifeboat migrate``). Readiness (``/ready``) and migrations meet the server anyway.
    """

    async def check_version(self) -> None:
        return None


class Database:
    """Owns the connection pool; ``ping`` is the readiness probe."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self.engine = QuietPostgresEngine(config={"dsn": url}, extensions=(), log_queries=False)
        self._started = False

    async def start(self, tables: Iterable[type[Table]]) -> None:
        """Open the pool and bind ``tables`` to it."""
        await self.engine.start_connection_pool(
            min_size=1, max_size=self.pool_size, reset=release_without_reset_query
        )
        for table in tables:
            table._meta.db = self.engine
        bind_engine(self.engine)
        self._started = True

    async def stop(self, *, grace_s: float = 10.0) -> None:
        """Close the pool (idempotent): gracefully for ``grace_s``, then by force.

        A graceful close waits for every checked-out connection to come back; a task that never
        returns one (stuck on a dead server, say) would hold shutdown forever.
        """
        if not self._started:
            return
        self._started = False
        pool: asyncpg.Pool | None = self.engine.pool
        if pool is None:
            return
        closing = asyncio.create_task(pool.close(), name="db-pool-close")
        await asyncio.wait({closing}, timeout=grace_s)
        if not closing.done():
            log.warning("database_pool_close_forced", grace_s=grace_s)
            pool.terminate()
            await cancel_and_wait(closing)
        self.engine.pool = None

    @property
    def pool(self) -> asyncpg.Pool:
        """The asyncpg pool (the readiness probe's); statements go through ``lifeboat.db.access``."""
        pool: asyncpg.Pool | None = self.engine.pool
        if pool is None:
            raise RuntimeError("the database pool is not open")
        return pool

    async def ping(self, timeout: float) -> float:
        """Run ``select 1`` and return the round trip in milliseconds."""
        started = time.perf_counter()
        async with self.pool.acquire(timeout=timeout) as conn:
            await conn.fetchval("select 1", timeout=timeout)
        return (time.perf_counter() - started) * 1000


def decode_jsonb(value: Any) -> Any:
    """A json/jsonb column's value: asyncpg hands it over as text (no codec is registered)."""
    return json.loads(value) if isinstance(value, str) else value


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database ``name``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def database_name(url: str) -> str:
    """The database a URL points at."""
    return urlsplit(url).path.lstrip("/") or "postgres"


async def ensure_database(url: str) -> bool:
    """Create the database named by ``url`` when it does not exist; True when created."""
    name = database_name(url)
    conn: Any = await asyncpg.connect(with_database(url, "postgres"))
    try:
        exists = await conn.fetchval("select 1 from pg_database where datname = $1", name)
        if exists:
            return False
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            await conn.execute(f"create database {quoted}")
        except asyncpg.DuplicateDatabaseError:
            return False
        return True
    finally:
        await conn.close()
