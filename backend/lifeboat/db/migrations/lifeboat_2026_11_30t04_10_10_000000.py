"""Restore control invariants Piccolo cannot express, on the tables of 2026-11-30T04:10:00:
name/slug patterns, the password reference form, one backup run per server + type + snapshot,
one declaration per scope (a NULL server, i.e. group-wide, is its own scope), and a
server-specific declaration's server belonging to the declaration's group (composite FK)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T04:10:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "restore control invariants: patterns, uniqueness, composite keys"


# No {m,n} quantifiers: Piccolo's raw() reads braces as placeholders (varchar bounds the length).
_SLUG = "'^[a-z0-9][a-z0-9-]*$'"
_NAME = "'^[a-z0-9][a-z0-9._-]*$'"
_NO_SERVER = "'00000000-0000-0000-0000-000000000000'::uuid"

INVARIANTS = [
    f"""
    alter table restore_backup_group
      add constraint restore_backup_group_name_pattern check (name ~ {_NAME}),
      add constraint restore_backup_group_bucket_pattern
        check (bucket ~ '^[a-z0-9][a-z0-9.-]*[a-z0-9]$' and length(bucket) >= 3),
      add constraint restore_backup_group_password_ref_form
        check (password_ref ~ '^(env:[A-Za-z_][A-Za-z0-9_]*|file:/.+)$'),
      add constraint restore_backup_group_endpoint_http check (endpoint is null or endpoint ~ '^https?://')
    """,
    f"""
    alter table restore_server
      add constraint restore_server_name_pattern check (name ~ {_NAME}),
      add constraint restore_server_id_group_key unique (id, backup_group)
    """,
    f"""
    alter table restore_backup_run
      add constraint restore_backup_run_status_known check (status in ('succeeded', 'failed')),
      add constraint restore_backup_run_type_slug check (backup_type ~ {_SLUG}),
      add constraint restore_backup_run_finished_after_started check (finished_at >= started_at),
      add constraint restore_backup_run_size_not_negative check (size_bytes is null or size_bytes >= 0)
    """,
    "create unique index restore_backup_run_snapshot_key"
    " on restore_backup_run (server, backup_type, snapshot_id)",
    "create index restore_backup_run_latest_idx"
    " on restore_backup_run (server, backup_type, finished_at desc) where status = 'succeeded'",
    f"""
    alter table restore_replica
      add constraint restore_replica_type_slug check (backup_type ~ {_SLUG}),
      add constraint restore_replica_intent_slug check (intent ~ {_SLUG}),
      add constraint restore_replica_server_in_group foreign key (server, backup_group)
        references restore_server (id, backup_group) on update restrict on delete restrict
    """,
    "create unique index restore_replica_scope_key on restore_replica"
    f" (consumer_id, backup_group, coalesce(server, {_NO_SERVER}), backup_type, intent)",
    f"""
    alter table restore_consumer_capability
      add constraint restore_consumer_capability_type_slug check (backup_type ~ {_SLUG}),
      add constraint restore_consumer_capability_intent_slug check (intent ~ {_SLUG})
    """,
    "create unique index restore_consumer_capability_key"
    " on restore_consumer_capability (consumer, intent, backup_type)",
]




class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        # A database migrated before these statements had a migration of their own already has
        # them (they ran inside the table migration then): apply them once.
        present = await RawTable.raw(
            "select 1 from pg_constraint where conname = 'restore_backup_group_name_pattern'"
        )
        if present:
            return
        for statement in INVARIANTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
