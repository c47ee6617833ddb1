"""Every restore table, for the Piccolo app registry: each sub-domain defines its own in its
``tables.py`` (catalog, replicas, runs, health)."""

from __future__ import annotations

from lifeboat.restore.catalog.tables import CATALOG_TABLES
from lifeboat.restore.replicas.tables import REPLICA_TABLES

RESTORE_TABLES = [*CATALOG_TABLES, *REPLICA_TABLES]
