"""Key the audit chain, and give the application's database role exactly what it needs.

1. ``lifeboat_audit_keyed_from_seq()`` records the key epoch: rows from this seq on carry an
   HMAC under ``LIFEBOAT_AUDIT_KEY``; rows already in the table (written before this version)
   keep their plain sha256 and ``verify`` reports them as legacy. The function is owned by the
   migrating role, so the application role cannot move the epoch.
2. ``lifeboat_grant_app_role(role)`` grants a non-owner application role DML on every table
   and sequence (now and, through default privileges, those later migrations create) except
   UPDATE, DELETE and TRUNCATE on ``audit_event``: the role can append and read the audit log,
   never change it, and (not being the owner) cannot disable the append-only triggers.
   It runs for ``lifeboat_app`` when that role exists (the compose stack creates it; see
   docs/deploy.md); an operator with another role name calls it once as the owner.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T09:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit: key epoch of the HMAC chain; application role without UPDATE/DELETE on audit_event"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    do $$
    declare
      first_keyed bigint;
    begin
      select coalesce(max(seq), 0) + 1 into first_keyed from audit_event;
      execute format(
        'create or replace function lifeboat_audit_keyed_from_seq() returns bigint '
        'language sql immutable as %L',
        'select ' || first_keyed::text || '::bigint'
      );
    end $$
    """,
    "revoke update, delete, truncate on audit_event from public",
    """
    create or replace function lifeboat_grant_app_role(app_role text) returns void
    language plpgsql as $$
    begin
      execute format('grant usage on schema public to %I', app_role);
      execute format('grant select, insert, update, delete on all tables in schema public to %I', app_role);
      execute format('grant usage, select, update on all sequences in schema public to %I', app_role);
      execute format(
        'revoke update, delete, truncate, references, trigger on audit_event from %I', app_role
      );
      execute format('grant select, insert on audit_event to %I', app_role);
      execute format(
        'alter default privileges in schema public grant select, insert, update, delete on tables to %I',
        app_role
      );
      execute format(
        'alter default privileges in schema public grant usage, select, update on sequences to %I',
        app_role
      );
    end $$
    """,
    "revoke execute on function lifeboat_grant_app_role(text) from public",
    """
    do $$
    begin
      if exists (select 1 from pg_roles where rolname = 'lifeboat_app') then
        perform lifeboat_grant_app_role('lifeboat_app');
      end if;
    end $$
    """,
]

BACKWARDS = [
    "drop function if exists lifeboat_grant_app_role(text)",
    "drop function if exists lifeboat_audit_keyed_from_seq()",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    async def run_backwards():
        for statement in BACKWARDS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
