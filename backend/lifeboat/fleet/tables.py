"""The fleet registry: one row per managed service.

The value checks Piccolo cannot express (name pattern, kind, site) are in the raw-SQL
migration next to the table migration.
"""

from __future__ import annotations

from piccolo.columns import Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class FleetService(Table, tablename="fleet_service"):
    name = Varchar(length=63, primary_key=True)
    kind = Varchar(length=32, index=True)
    site = Varchar(length=32, index=True)
    environment = Varchar(length=64)
    base_url = Text()
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    created_by = Varchar(length=128)


FLEET_TABLES = [FleetService]
