"""Jobs are found by correlation id (the global search): a partial index on job.correlation_id."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T08:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index job.correlation_id"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        await RawTable.raw(
            "create index job_correlation_id_idx on job (correlation_id) where correlation_id is not null"
        )

    manager.add_raw(run)
    return manager
