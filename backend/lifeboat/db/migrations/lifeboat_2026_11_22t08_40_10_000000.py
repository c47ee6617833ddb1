"""Fleet registry invariants Piccolo's auto-migrations cannot express: the service name
pattern (length: varchar(63)) and the known kinds and sites (the API validates them too; the schema holds the line)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T08:40:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "fleet registry: name pattern, kind and site checks"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    alter table fleet_service
      add constraint fleet_service_name_pattern check (name ~ '^[a-z0-9][a-z0-9.-]*$'),
      add constraint fleet_service_kind_known
        check (kind in ('gateway', 'aggregate', 'projection', 'runner')),
      add constraint fleet_service_site_known check (site in ('primary', 'dr')),
      add constraint fleet_service_base_url_http check (base_url ~ '^https?://')
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
