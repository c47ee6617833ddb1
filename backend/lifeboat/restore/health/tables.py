"""Restore health tables: one alert row per server and kind, the alert events (the delivery
outbox) and the delivery log.

Invariants Piccolo cannot express (one alert row per server and kind, the kind vocabulary) are
in the raw SQL of the same migration.
"""

from __future__ import annotations

from piccolo.columns import JSONB, UUID, Boolean, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.table import Table

from lifeboat.restore.catalog.tables import BackupServer


class RestoreAlert(Table, tablename="restore_alert"):
    id = UUID(primary_key=True)
    server = ForeignKey(references=BackupServer, on_delete=OnDelete.cascade, null=False)
    kind = Varchar(length=32)
    active = Boolean(default=False)
    raised_at = Timestamptz(null=True, default=None)
    cleared_at = Timestamptz(null=True, default=None)
    changed_at = Timestamptz()
    details = JSONB(null=True, default=None)


class RestoreAlertEvent(Table, tablename="restore_alert_event"):
    id = UUID(primary_key=True)
    alert = ForeignKey(references=RestoreAlert, on_delete=OnDelete.cascade, null=False, index=True)
    change = Varchar(length=16)
    server_name = Varchar(length=63)
    group_name = Varchar(length=63)
    kind = Varchar(length=32)
    at = Timestamptz()
    payload = JSONB()
    job_id = UUID(null=True, default=None)
    webhook_job_id = UUID(null=True, default=None)


class RestoreAlertDelivery(Table, tablename="restore_alert_delivery"):
    id = UUID(primary_key=True)
    event = ForeignKey(references=RestoreAlertEvent, on_delete=OnDelete.cascade, null=False, index=True)
    channel = Varchar(length=16)
    attempt = Integer()
    target = Text()
    outcome = Varchar(length=16)
    status_code = Integer(null=True, default=None)
    error = Text(null=True, default=None)
    at = Timestamptz()
    cancelled_by = Text(null=True, default=None)
    cancel_reason = Text(null=True, default=None)


HEALTH_TABLES = [RestoreAlert, RestoreAlertEvent, RestoreAlertDelivery]
