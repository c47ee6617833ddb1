"""Restore alerts: a cancelled delivery is written to the alert's delivery log, naming who
cancelled it and why (an alert is never suppressed silently).

``restore_alert_delivery`` gains ``cancelled_by`` and ``cancel_reason`` (raw columns, read and
written by SQL only, like ``restore_backup_group.webhook_url``); its outcome may be
``cancelled``, whose ``attempt`` counts the attempts made before it (0 when none was) and which
must name both who and why.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-03T09:10:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "restore alerts: cancelled deliveries in the delivery log, with who and why"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    alter table restore_alert_delivery
      add column cancelled_by text,
      add column cancel_reason text,
      drop constraint restore_alert_delivery_outcome,
      add constraint restore_alert_delivery_outcome
        check (outcome in ('delivered', 'failed', 'cancelled')),
      drop constraint restore_alert_delivery_attempt,
      add constraint restore_alert_delivery_attempt
        check (attempt >= 1 or (outcome = 'cancelled' and attempt >= 0)),
      add constraint restore_alert_delivery_cancel_named
        check ((outcome = 'cancelled') = (cancelled_by is not null and cancel_reason is not null))
    """,
]

BACKWARDS = [
    "delete from restore_alert_delivery where outcome = 'cancelled'",
    """
    alter table restore_alert_delivery
      drop constraint restore_alert_delivery_cancel_named,
      drop constraint restore_alert_delivery_attempt,
      add constraint restore_alert_delivery_attempt check (attempt >= 1),
      drop constraint restore_alert_delivery_outcome,
      add constraint restore_alert_delivery_outcome check (outcome in ('delivered', 'failed')),
      drop column cancel_reason,
      drop column cancelled_by
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    async def run_backwards():
        for statement in BACKWARDS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
