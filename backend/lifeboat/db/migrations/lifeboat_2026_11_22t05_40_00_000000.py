"""Invariants Piccolo's auto-migrations cannot express: append-only audit, unique bindings."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T05:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "audit append-only trigger; unique role bindings"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    create or replace function lifeboat_refuse_audit_change() returns trigger
    language plpgsql as $$
    begin
      raise exception 'audit_event is append-only (% refused)', tg_op
        using errcode = 'insufficient_privilege';
    end $$
    """,
    """
    create trigger audit_event_append_only
      before update or delete on audit_event
      for each row execute function lifeboat_refuse_audit_change()
    """,
    """
    create trigger audit_event_no_truncate
      before truncate on audit_event
      for each statement execute function lifeboat_refuse_audit_change()
    """,
    """
    create unique index auth_user_role_unique
      on auth_user_role ("user", role, environment)
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
