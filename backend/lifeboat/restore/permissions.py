"""Restore control permissions: viewers read the catalog, replicas and consumers; admins change
them; backup agents report backup runs; restore consumers register capabilities and poll their
worklist (machine roles only: an admin is not a consumer); viewers read every restore run, a
consumer its own."""

from __future__ import annotations

from lifeboat.core.authz import Permission

CATALOG_READ = Permission(name="backups:read", min_role="viewer")
CATALOG_MANAGE = Permission(name="backups:manage", min_role="admin")
BACKUP_RUNS_REPORT = Permission(name="backups:report", machine_roles=frozenset({"backup-agent"}))
REPLICAS_READ = Permission(name="restore:read", min_role="viewer")
REPLICAS_MANAGE = Permission(name="restore:manage", min_role="admin")
RESTORE_CONSUME = Permission(name="restore:consume", machine_roles=frozenset({"restore-consumer"}))
#: Runs: viewers (and up) read every run; a restore consumer reads its own (others are 404).
RUNS_READ = Permission(
    name="restore-runs:read", min_role="viewer", machine_roles=frozenset({"restore-consumer"})
)
