"""Job engine invariants Piccolo's auto-migrations cannot express.

- one idempotency key per principal (race-safe create: insert … on conflict do nothing);
- at most one active job per lock scope (partial unique index over the active statuses);
- (job_id, position) unique for steps, (job_id, seq) unique for events;
- NOTIFY lifeboat_jobs when a job becomes claimable, so idle workers wake at once;
- the engine state row.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T06:37:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "job engine: unique keys, active-scope lock, wake-up trigger, engine state"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    create unique index job_idempotency_key_unique
      on job_idempotency_key (principal_id, key)
    """,
    """
    create unique index job_active_scope_unique
      on job (lock_scope)
      where lock_scope is not null
        and status in ('pending', 'awaiting_approval', 'running', 'cancelling')
    """,
    """
    create index job_claimable
      on job (run_after, id)
      where status in ('pending', 'running', 'cancelling')
    """,
    """
    create unique index job_step_position_unique on job_step (job_id, position)
    """,
    """
    create unique index job_step_attempt_unique on job_step_attempt (job_id, position, attempt)
    """,
    """
    create unique index job_event_seq_unique on job_event (job_id, seq)
    """,
    """
    create index job_effect_job_step on job_effect (job_id, step)
    """,
    """
    create or replace function lifeboat_notify_job_claimable() returns trigger
    language plpgsql as $$
    begin
      if new.status = 'pending' then
        perform pg_notify('lifeboat_jobs', new.id::text);
      end if;
      return null;
    end $$
    """,
    """
    create trigger job_notify_claimable
      after insert or update of status, run_after on job
      for each row execute function lifeboat_notify_job_claimable()
    """,
    """
    insert into job_engine_state (name, paused, changed_at) values ('default', false, now())
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
