"""Restore control tables: the backup catalog (groups, servers, backup runs), replica
declarations, and consumers with their registered capabilities.

Invariants Piccolo cannot express (name and slug patterns, one declaration per scope with a
NULL server as its own scope, a server-specific declaration's server belonging to its group,
one run per server + type + snapshot) are in the raw SQL of the same migration.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    Boolean,
    ForeignKey,
    Integer,
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


class ReplicaDeclaration(Table, tablename="restore_replica"):
    id = UUID(primary_key=True)
    consumer_id = Varchar(length=160, index=True)
    backup_group = ForeignKey(references=BackupGroup, on_delete=OnDelete.restrict, null=False, index=True)
    server = ForeignKey(references=BackupServer, on_delete=OnDelete.restrict, null=True, default=None)
    backup_type = Varchar(length=63)
    intent = Varchar(length=63)
    enabled = Boolean(default=True)
    notes = Text()
    # how old the newest successful verification may be before the server is overdue (7 days)
    freshness_target_s = Integer(default=604800)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128)


class RestoreConsumer(Table, tablename="restore_consumer"):
    consumer_id = Varchar(length=160, primary_key=True)
    agent_version = Varchar(length=100, null=True, default=None)
    capabilities_updated_at = Timestamptz(null=True, default=None)
    last_seen_at = Timestamptz(null=True, default=None)


class ConsumerCapability(Table, tablename="restore_consumer_capability"):
    id = UUID(primary_key=True)
    consumer = ForeignKey(references=RestoreConsumer, on_delete=OnDelete.cascade, null=False, index=True)
    intent = Varchar(length=63)
    backup_type = Varchar(length=63)


RESTORE_TABLES = [
    BackupGroup,
    BackupServer,
    BackupRun,
    ReplicaDeclaration,
    RestoreConsumer,
    ConsumerCapability,
]
