"""Job scheduler: ``job_schedule`` (one row per periodic declaration) and ``job_schedule_tick``
(one row per tick, unique on (schedule, tick_at), so a retried tick cannot create two jobs and a
skipped tick is recorded)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-22T07:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "job scheduler: job_schedule and job_schedule_tick"


class RawTable(Table):
    pass


STATEMENTS = [
    """
    create table job_schedule (
      name varchar(100) primary key,
      kind varchar(100) not null,
      params jsonb not null,
      reason text not null,
      interval_s double precision,
      cron varchar(100),
      next_run_at timestamptz not null,
      last_job_id uuid,
      last_tick_at timestamptz,
      last_outcome varchar(32),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint job_schedule_one_trigger check ((interval_s is null) <> (cron is null))
    )
    """,
    """
    create table job_schedule_tick (
      schedule varchar(100) not null,
      tick_at timestamptz not null,
      outcome varchar(32) not null,
      job_id uuid,
      detail text,
      created_at timestamptz not null default now(),
      primary key (schedule, tick_at)
    )
    """,
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="lifeboat", description=DESCRIPTION)

    async def run():
        for statement in STATEMENTS:
            await RawTable.raw(statement)

    manager.add_raw(run)
    return manager
