"""The one front door to PostgreSQL: ``transaction()`` and ``connection()`` over the process's
engine, and ``load_sql`` for the named statements each domain keeps in its ``sql/`` folder.

Every raw statement is asyncpg's own (``$1, $2`` placeholders) on a connection from here; the
Piccolo query builder (and ``append_audit``) joins the same transaction, because
``transaction()`` registers itself as Piccolo's current transaction. See
docs/decisions/0011-database-access.md.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import asyncpg
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction

_engine: PostgresEngine | None = None


def bind_engine(engine: PostgresEngine) -> None:
    """Make ``engine`` the one ``transaction()``/``connection()`` use (``Database.start`` does)."""
    global _engine
    _engine = engine


def _current_engine() -> PostgresEngine:
    if _engine is None:
        raise RuntimeError("the database pool is not open")
    return _engine


def _pool(engine: PostgresEngine) -> asyncpg.Pool:
    pool: asyncpg.Pool | None = engine.pool
    if pool is None:
        raise RuntimeError("the database pool is not open")
    return pool


@asynccontextmanager
async def transaction() -> AsyncIterator[asyncpg.Connection]:
    """A transaction on a pooled connection, registered as Piccolo's current transaction so that
    ``append_audit`` (and any Piccolo query) joins it; joins an enclosing one when there is one.

    asyncpg's ``pool.acquire()`` returns the connection on every path (its release is shielded);
    Piccolo's own transaction leaks the connection when a worker task is cancelled mid-query
    (shutdown, lost lease), after which closing the pool waits forever.
    """
    engine = _current_engine()
    current = engine.current_transaction.get()
    if current is not None:
        yield current.connection
        return
    async with _pool(engine).acquire() as proxy, proxy.transaction():
        conn: asyncpg.Connection = proxy  # type: ignore[assignment]
        txn = PostgresTransaction(engine)
        txn.connection = conn
        token = engine.current_transaction.set(txn)
        try:
            yield conn
        finally:
            engine.current_transaction.reset(token)


@asynccontextmanager
async def connection() -> AsyncIterator[asyncpg.Connection]:
    """A pooled connection without an explicit transaction, for one self-contained statement
    (PostgreSQL runs it atomically, and ``BEGIN``/``COMMIT`` would be two more round trips);
    joins the enclosing transaction when there is one."""
    engine = _current_engine()
    current = engine.current_transaction.get()
    if current is not None:
        yield current.connection
        return
    async with _pool(engine).acquire() as proxy:
        yield proxy  # type: ignore[misc]


async def fetch_rows(sql: str, *args: object) -> list[dict[str, Any]]:
    """The rows of one statement (``$1`` placeholders) as dicts, on the current transaction's
    connection when there is one."""
    async with connection() as conn:
        return [dict(row) for row in await conn.fetch(sql, *args)]


@cache
def load_sql(folder: Path, name: str) -> str:
    """The named statement ``<folder>/<name>.sql`` (a domain's ``sql/`` folder)."""
    return (folder / f"{name}.sql").read_text()
