"""Run Piccolo migrations programmatically against a given database URL."""

from __future__ import annotations

import contextlib
import io
import os

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.engine.postgres import PostgresEngine

from lifeboat.db import piccolo_conf


class MigrationError(RuntimeError):
    """A migration failed; the message carries Piccolo's explanation."""


async def run_migrations(database_url: str) -> str:
    """Apply every pending migration; returns Piccolo's report text.

    Migrations take an advisory lock (see the first migration) so that several processes
    starting at once apply them one at a time.
    """
    # Piccolo's migration manager looks its engine up through this module name.
    os.environ["PICCOLO_CONF"] = "lifeboat.db.piccolo_conf"
    engine = PostgresEngine(config={"dsn": database_url}, extensions=(), log_queries=False)
    piccolo_conf.DB = engine
    out = io.StringIO()
    # No pool is opened: the migration manager uses one connection per transaction.
    with contextlib.redirect_stdout(out):
        result = await run_forwards(app_name="lifeboat", migration_id="all")
    if not result.success:
        raise MigrationError(f"migrations failed: {result.message}\n{out.getvalue()}")
    return out.getvalue()
