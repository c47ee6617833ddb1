"""Run Piccolo migrations programmatically against a given database URL."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from pathlib import Path

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from lifeboat.db import piccolo_conf
from lifeboat.db.engine import QuietPostgresEngine

_MIGRATIONS_FOLDER = Path(__file__).resolve().parent / "migrations"


class MigrationError(RuntimeError):
    """A migration failed; the message carries Piccolo's explanation."""


def _bind_migration_tables(engine: PostgresEngine) -> None:
    """Point the tables Piccolo's migration runner queries through at ``engine``.

    Piccolo caches an engine on a Table class the first time the class is used, and migration
    modules stay imported; without this a second ``run_migrations`` in one process (another
    database) would read the migration history of, and run raw SQL against, the first one.
    """
    Migration._meta.db = engine
    for path in _MIGRATIONS_FOLDER.glob("*.py"):
        module = sys.modules.get(path.stem)
        module_file = getattr(module, "__file__", None)
        if module is None or module_file is None or Path(module_file).resolve() != path:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Table) and value is not Table:
                value._meta.db = engine


async def run_migrations(database_url: str) -> str:
    """Apply every pending migration; returns Piccolo's report text.

    Migrations take an advisory lock (see the first migration) so that several processes
    starting at once apply them one at a time.
    """
    # Piccolo's migration manager looks its engine up through this module name.
    os.environ["PICCOLO_CONF"] = "lifeboat.db.piccolo_conf"
    engine = QuietPostgresEngine(config={"dsn": database_url}, extensions=(), log_queries=False)
    piccolo_conf.DB = engine
    _bind_migration_tables(engine)
    out = io.StringIO()
    # No pool is opened: the migration manager uses one connection per transaction.
    with contextlib.redirect_stdout(out):
        result = await run_forwards(app_name="lifeboat", migration_id="all")
    if not result.success:
        raise MigrationError(f"migrations failed: {result.message}\n{out.getvalue()}")
    return out.getvalue()
