"""The worklist's "latest successful snapshot" lookup as a pure index probe.

The worklist asks, per (server, backup type), for the newest succeeded run ordered by
``finished_at desc, id desc`` (the id breaks ties) and reads its ``snapshot_id``.
``restore_backup_run_latest_idx`` (server, backup_type, finished_at desc) left an incremental sort
per lookup for the tie-breaker and a heap visit for the snapshot id; this index has the full sort
key and carries the snapshot id, so each lookup reads the first index entry (index-only once the
table is vacuumed). It covers every query the old index served (same leading columns), which is
dropped so that each reported run updates one index, not two. See docs/benchmarks.md
("Restore worklist")."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T05:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "restore: latest-succeeded-run index with the tie-breaker and the snapshot id"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    create index restore_backup_run_latest_succeeded_idx
      on restore_backup_run (server, backup_type, finished_at desc, id desc)
      include (snapshot_id)
      where status = 'succeeded'
    """,
    "drop index restore_backup_run_latest_idx",
]

BACKWARDS = [
    """
    create index restore_backup_run_latest_idx
      on restore_backup_run (server, backup_type, finished_at desc)
      where status = 'succeeded'
    """,
    "drop index restore_backup_run_latest_succeeded_idx",
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
