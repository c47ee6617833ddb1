"""Migrations match the tables, apply to an empty database, and are a no-op when applied twice."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import asyncpg
import pytest
from piccolo.apps.migrations.commands.new import AutoMigrationManager

from lifeboat.db.engine import with_database
from lifeboat.db.migrate import run_migrations
from lifeboat.piccolo_app import APP_CONFIG

if TYPE_CHECKING:
    from tests.services import TestServices

pytestmark = pytest.mark.integration

EXPECTED_TABLES = {table._meta.tablename for table in APP_CONFIG.table_classes}


async def table_names(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "select table_name from information_schema.tables "
            "where table_schema = 'public' and table_type = 'BASE TABLE'"
        )
    finally:
        await conn.close()
    return {r["table_name"] for r in rows}


async def applied_migrations(url: str) -> list[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("select name from migration where app_name = 'lifeboat' order by id")
    finally:
        await conn.close()
    return [r["name"] for r in rows]


@pytest.fixture
async def empty_database(services: TestServices) -> AsyncIterator[str]:
    """A brand-new database with nothing in it (created from template0, dropped after)."""
    name = f"lifeboat_empty_{secrets.token_hex(6)}"
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'create database "{name}" template template0')
    finally:
        await admin.close()
    yield with_database(services.database_url, name)
    admin = await asyncpg.connect(with_database(services.database_url, "postgres"))
    try:
        await admin.execute(f'drop database if exists "{name}" with (force)')
    finally:
        await admin.close()


async def test_every_table_change_has_a_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PICCOLO_CONF", "lifeboat.db.piccolo_conf")
    alter_statements = await AutoMigrationManager(auto_input="n").get_alter_statements(app_config=APP_CONFIG)
    pending = [statement for group in alter_statements for statement in group.statements]
    assert pending == [], (
        "the tables differ from the migrations; run `make migration` and commit the new file:\n"
        + "\n".join(pending)
    )


async def test_migrations_create_every_table_on_an_empty_database(
    template_database: str, empty_database: str
) -> None:
    # template_database has already been migrated in this process: the second database must
    # get its own tables (Piccolo caches engines on table classes).
    assert not EXPECTED_TABLES & await table_names(empty_database)
    await run_migrations(empty_database)
    tables = await table_names(empty_database)
    assert tables >= EXPECTED_TABLES, f"missing after migrating: {sorted(EXPECTED_TABLES - tables)}"
    # Invariants the auto-migrations cannot express are in place too.
    conn = await asyncpg.connect(empty_database)
    try:
        triggers = {
            r["tgname"]
            for r in await conn.fetch(
                "select tgname from pg_trigger where tgrelid = 'audit_event'::regclass and not tgisinternal"
            )
        }
    finally:
        await conn.close()
    assert {"audit_event_append_only", "audit_event_no_truncate"} <= triggers


async def test_migrating_a_migrated_database_is_a_no_op(database_url: str) -> None:
    before_tables = await table_names(database_url)
    before_applied = await applied_migrations(database_url)
    assert before_applied, "the template database should already be migrated"
    await run_migrations(database_url)
    await run_migrations(database_url)
    assert await table_names(database_url) == before_tables
    assert await applied_migrations(database_url) == before_applied


async def test_every_migration_file_is_applied(database_url: str) -> None:
    from pathlib import Path

    folder = Path(APP_CONFIG.resolved_migrations_folder_path)
    files = sorted(p.stem for p in folder.glob("lifeboat_*.py"))
    assert len(await applied_migrations(database_url)) == len(files)


async def test_every_column_of_the_migrated_database_is_declared(database_url: str) -> None:
    # A table or column made by raw SQL only is invisible to the tables registry (and to the
    # auto-migration check above): declare it in its domain's tables.py (ADR 0011).
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "select c.table_name, c.column_name from information_schema.columns c "
            "join information_schema.tables t using (table_schema, table_name) "
            "where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name <> 'migration'"
        )
    finally:
        await conn.close()
    in_database = {(r["table_name"], r["column_name"]) for r in rows}
    declared = {
        (table._meta.tablename, column._meta.db_column_name)
        for table in APP_CONFIG.table_classes
        for column in table._meta.columns
    }
    assert in_database - declared == set(), "columns made by SQL only; declare them in tables.py"
    assert declared - in_database == set(), "declared columns the migrations do not create"
