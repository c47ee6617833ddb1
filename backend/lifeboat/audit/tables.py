"""The audit ledger: append-only and hash-chained (UPDATE/DELETE are refused by a trigger)."""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, BigInt, Text, Timestamptz, Varchar
from piccolo.table import Table


class AuditEvent(Table, tablename="audit_event"):
    id = UUID(primary_key=True)
    seq = BigInt(unique=True)
    at = Timestamptz()
    actor_id = Varchar(length=128, index=True)
    actor_name = Varchar(length=128)
    action = Varchar(length=100, index=True)
    target = Varchar(length=255, index=True)
    reason = Text(null=True, default=None)
    outcome = Varchar(length=16)
    request_id = Varchar(length=128, null=True, default=None)
    correlation_id = Varchar(length=128, null=True, default=None, index=True)
    details = JSONB()
    prev_hash = Varchar(length=64)
    hash = Varchar(length=64)
