"""Replica tables: declarations, and consumers with their registered capabilities.

Invariants Piccolo cannot express (slug patterns, one declaration per scope with a NULL server
as its own scope, a server-specific declaration's server belonging to its group) are in the raw
SQL of the same migration.
"""

from __future__ import annotations

from piccolo.columns import (
    UUID,
    Boolean,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from lifeboat.restore.catalog.tables import BackupGroup, BackupServer


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


REPLICA_TABLES = [ReplicaDeclaration, RestoreConsumer, ConsumerCapability]
