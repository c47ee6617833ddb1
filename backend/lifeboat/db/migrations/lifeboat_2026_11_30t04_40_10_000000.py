"""Restore-run invariants Piccolo cannot express, on the tables of 2026-11-30T04:40:00:
status/state/outcome vocabularies, one idempotency key per consumer, the run's job as a foreign
key into the job engine's ``job`` table, one active evidence snapshot per run (partial unique
index), one evidence row per run and content hash, one alert row per server and kind, and the
bounds of the alert webhook and the freshness target."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-30T04:40:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "restore run invariants: vocabularies, keys, bounds"

_TERMINAL = "('succeeded', 'failed', 'cancelled')"

INVARIANTS = [
    f"""
    alter table restore_run
      add constraint restore_run_status
        check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
      add constraint restore_run_finished_when_terminal
        check ((status in {_TERMINAL}) = (finished_at is not null)),
      add constraint restore_run_idempotency_key_nonempty check (idempotency_key <> ''),
      add constraint restore_run_job foreign key (job_id) references job (id)
        on update restrict on delete restrict
    """,
    "create unique index restore_run_idempotency on restore_run (consumer_id, idempotency_key)",
    "create index restore_run_server_name on restore_run (server_name, id desc)",
    "create index restore_run_group_name on restore_run (group_name, id desc)",
    """
    alter table restore_evidence
      add constraint restore_evidence_state
        check (state in ('queued', 'generating', 'active', 'superseded')),
      add constraint restore_evidence_sha256 check (length(sha256) = 64 and sha256 ~ '^[0-9a-f]+$'),
      add constraint restore_evidence_size check (size_bytes >= 0)
    """,
    "create unique index restore_evidence_one_active on restore_evidence (run) where state = 'active'",
    "create unique index restore_evidence_content on restore_evidence (run, sha256)",
    """
    alter table restore_verification
      add constraint restore_verification_outcome check (outcome in ('success', 'failure')),
      add constraint restore_verification_timing check (finished_at >= started_at)
    """,
    "create index restore_verification_server_finished on restore_verification (server, finished_at)",
    """
    alter table restore_alert
      add constraint restore_alert_kind check (kind in ('restore_failing', 'restore_overdue')),
      add constraint restore_alert_raised_when_active check (not active or raised_at is not null)
    """,
    "create unique index restore_alert_server_kind on restore_alert (server, kind)",
    """
    alter table restore_alert_event
      add constraint restore_alert_event_change check (change in ('raised', 'cleared'))
    """,
    """
    alter table restore_alert_delivery
      add constraint restore_alert_delivery_channel check (channel in ('nats', 'webhook')),
      add constraint restore_alert_delivery_outcome check (outcome in ('delivered', 'failed')),
      add constraint restore_alert_delivery_attempt check (attempt >= 1)
    """,
    """
    alter table restore_backup_group
      add constraint restore_backup_group_webhook_url check (
        webhook_url is null or (webhook_url ~ '^https?://[!-~]+$' and length(webhook_url) <= 2048)
      )
    """,
    """
    alter table restore_replica
      add constraint restore_replica_freshness_target check (freshness_target_s between 60 and 31536000)
    """,
]




class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        # A database migrated before these statements had a migration of their own already has
        # them (they ran inside the table migration then): apply them once.
        present = await RawTable.raw(
            "select 1 from pg_constraint where conname = 'restore_run_status'"
        )
        if present:
            return
        for statement in INVARIANTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
