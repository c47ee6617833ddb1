"""Backup catalog tables: groups, servers and reported backup runs.

Invariants Piccolo cannot express (name patterns, one run per server + type + snapshot) are in
the raw SQL of the same migration.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    Boolean,
    ForeignKey,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class BackupGroup(Table, tablename="restore_backup_group"):
    id = UUID(primary_key=True)
    name = Varchar(length=63, unique=True)
    bucket = Varchar(length=63)
    prefix = Text()
    region = Varchar(length=63, null=True, default=None)
    endpoint = Text(null=True, default=None)
    password_ref = Text()
    # where restore-health alerts of this group are posted (bounded by a check constraint)
    webhook_url = Text(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128)


class BackupServer(Table, tablename="restore_server"):
    id = UUID(primary_key=True)
    name = Varchar(length=63, unique=True)
    backup_group = ForeignKey(references=BackupGroup, on_delete=OnDelete.restrict, null=False, index=True)
    live = Boolean(default=True)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128)


class BackupRun(Table, tablename="restore_backup_run"):
    id = UUID(primary_key=True)
    server = ForeignKey(references=BackupServer, on_delete=OnDelete.cascade, null=False)
    backup_type = Varchar(length=63)
    snapshot_id = Varchar(length=255)
    status = Varchar(length=16)
    started_at = Timestamptz()
    finished_at = Timestamptz()
    size_bytes = BigInt(null=True, default=None)
    details = JSONB(null=True, default=None)
    reported_at = Timestamptz()
    reported_by = Varchar(length=160)


CATALOG_TABLES = [BackupGroup, BackupServer, BackupRun]
