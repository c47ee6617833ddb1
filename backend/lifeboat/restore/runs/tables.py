"""Restore run tables: runs, their evidence and verification outcomes.

Invariants Piccolo cannot express (status vocabularies, one idempotency key per consumer, one
active evidence snapshot per run, the run's job as a foreign key into the job engine's table)
are in the raw SQL of the same migration.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    ForeignKey,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table

from lifeboat.restore.catalog.tables import BackupServer
from lifeboat.restore.replicas.tables import ReplicaDeclaration


class RestoreRun(Table, tablename="restore_run"):
    id = UUID(primary_key=True)
    job_id = UUID(unique=True)
    declaration = ForeignKey(
        references=ReplicaDeclaration, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    consumer_id = Varchar(length=160, index=True)
    server = ForeignKey(
        references=BackupServer, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    server_name = Varchar(length=63)
    group_name = Varchar(length=63)
    backup_type = Varchar(length=63)
    intent = Varchar(length=63)
    snapshot_id = Varchar(length=255)
    environment = Varchar(length=63)
    status = Varchar(length=16)
    counts = JSONB(null=True, default=None)
    message = Text(null=True, default=None)
    idempotency_key = Varchar(length=255)
    request_hash = Varchar(length=64)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    finished_at = Timestamptz(null=True, default=None)


class RestoreEvidence(Table, tablename="restore_evidence"):
    id = UUID(primary_key=True)
    run = ForeignKey(references=RestoreRun, on_delete=OnDelete.cascade, null=False, index=True)
    job_id = UUID()
    state = Varchar(length=16)
    sha256 = Varchar(length=64)
    size_bytes = BigInt()
    content_type = Varchar(length=255)
    object_key = Text()
    uploaded_by = Varchar(length=160)
    created_at = Timestamptz()
    updated_at = Timestamptz()


class RestoreVerification(Table, tablename="restore_verification"):
    id = UUID(primary_key=True)
    run = ForeignKey(references=RestoreRun, on_delete=OnDelete.cascade, null=False, unique=True)
    server = ForeignKey(
        references=BackupServer, on_delete=OnDelete.set_null, null=True, default=None, index=True
    )
    outcome = Varchar(length=16)
    snapshot_id = Varchar(length=255)
    started_at = Timestamptz()
    finished_at = Timestamptz()
    details = JSONB(null=True, default=None)
    recorded_at = Timestamptz()
    recorded_by = Varchar(length=160)


RUN_TABLES = [RestoreRun, RestoreEvidence, RestoreVerification]
