"""Every restore table, for the Piccolo app registry: each sub-domain defines its own in its
``tables.py`` (catalog, replicas, runs, health, credentials)."""

from __future__ import annotations

from lifeboat.restore.catalog.tables import CATALOG_TABLES
from lifeboat.restore.credentials.tables import CREDENTIAL_TABLES
from lifeboat.restore.health.tables import HEALTH_TABLES
from lifeboat.restore.replicas.tables import REPLICA_TABLES
from lifeboat.restore.runs.tables import RUN_TABLES

RESTORE_TABLES = [*CATALOG_TABLES, *REPLICA_TABLES, *RUN_TABLES, *HEALTH_TABLES, *CREDENTIAL_TABLES]
