"""The job ledger: jobs, their steps and attempts, events, idempotency keys, fenced effects, engine
state, and the scheduler's schedules and ticks.

Invariants Piccolo cannot express (composite unique keys, the one-active-job-per-scope partial
unique index, the NOTIFY trigger) are in the raw-SQL migration next to the table migration.
"""

from __future__ import annotations

from piccolo.columns import (
    JSONB,
    UUID,
    BigInt,
    Boolean,
    DoublePrecision,
    Float,
    Integer,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class Job(Table, tablename="job"):
    id = UUID(primary_key=True)
    kind = Varchar(length=100, index=True)
    status = Varchar(length=32, index=True)
    params = JSONB()
    request_hash = Varchar(length=64)
    plan = JSONB()
    reason = Text()
    dry_run = Boolean(default=False)
    mutating = Boolean(default=True)
    requires_approval = Boolean(default=False)
    lock_scope = Varchar(length=255, null=True, default=None)
    created_by = Varchar(length=128, index=True)
    created_by_name = Varchar(length=128)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())
    run_after = Timestamptz(default=TimestamptzNow())
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    approved_by = Varchar(length=128, null=True, default=None)
    approved_by_name = Varchar(length=128, null=True, default=None)
    approved_at = Timestamptz(null=True, default=None)
    cancel_requested_at = Timestamptz(null=True, default=None)
    cancel_requested_by = Varchar(length=128, null=True, default=None)
    cancel_reason = Text(null=True, default=None)
    compensated_at = Timestamptz(null=True, default=None)
    lease_owner = Varchar(length=128, null=True, default=None)
    lease_epoch = BigInt(default=0)
    lease_expires_at = Timestamptz(null=True, default=None)
    last_event_seq = BigInt(default=0)
    error = Text(null=True, default=None)
    receipt_key = Varchar(length=255, null=True, default=None)
    request_id = Varchar(length=128, null=True, default=None)
    correlation_id = Varchar(length=128, null=True, default=None)


class JobStep(Table, tablename="job_step"):
    id = UUID(primary_key=True)
    job_id = UUID(index=True)
    position = Integer()
    name = Varchar(length=100)
    status = Varchar(length=32)
    timeout_s = Float()
    max_attempts = Integer()
    attempts = Integer(default=0)
    started_at = Timestamptz(null=True, default=None)
    finished_at = Timestamptz(null=True, default=None)
    error = Text(null=True, default=None)
    effect = Varchar(length=16, default="not_done")


class JobStepAttempt(Table, tablename="job_step_attempt"):
    id = UUID(primary_key=True)
    job_id = UUID(index=True)
    position = Integer()
    attempt = Integer()
    lease_epoch = BigInt()
    worker = Varchar(length=128)
    status = Varchar(length=32)
    started_at = Timestamptz(default=TimestamptzNow())
    finished_at = Timestamptz(null=True, default=None)
    error_type = Varchar(length=100, null=True, default=None)
    error = Text(null=True, default=None)
    retry_in_s = Float(null=True, default=None)


class JobEvent(Table, tablename="job_event"):
    id = UUID(primary_key=True)
    job_id = UUID()
    seq = BigInt()
    at = Timestamptz(default=TimestamptzNow())
    type = Varchar(length=64)
    data = JSONB()


class JobIdempotencyKey(Table, tablename="job_idempotency_key"):
    id = UUID(primary_key=True)
    principal_id = Varchar(length=128)
    key = Varchar(length=255)
    request_hash = Varchar(length=64)
    job_id = UUID()
    created_at = Timestamptz(default=TimestamptzNow())


class JobEffect(Table, tablename="job_effect"):
    """Fenced effects of diagnostic kinds. Deliberately not unique on (job_id, step): the tests
    prove exactly-once through fencing, not through a constraint that would hide a double apply."""

    id = UUID(primary_key=True)
    job_id = UUID(index=True)
    step = Integer()
    lease_epoch = BigInt()
    worker = Varchar(length=128)
    applied_at = Timestamptz(default=TimestamptzNow())


class JobEngineState(Table, tablename="job_engine_state"):
    name = Varchar(length=32, primary_key=True)
    paused = Boolean(default=False)
    changed_by = Varchar(length=128, null=True, default=None)
    reason = Text(null=True, default=None)
    changed_at = Timestamptz(default=TimestamptzNow())


class JobSchedule(Table, tablename="job_schedule"):
    """One row per periodic declaration (``jobs/scheduler.py``); exactly one of ``interval_s``
    and ``cron`` is set (a check constraint of the raw-SQL migration that created the table)."""

    name = Varchar(length=100, primary_key=True)
    kind = Varchar(length=100)
    params = JSONB()
    reason = Text()
    interval_s = DoublePrecision(null=True, default=None)
    cron = Varchar(length=100, null=True, default=None)
    next_run_at = Timestamptz()
    last_job_id = UUID(null=True, default=None)
    last_tick_at = Timestamptz(null=True, default=None)
    last_outcome = Varchar(length=32, null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())
    updated_at = Timestamptz(default=TimestamptzNow())


class JobScheduleTick(Table, tablename="job_schedule_tick"):
    """One row per tick of a schedule. The table's primary key is (schedule, tick_at), so a
    retried tick cannot create two jobs; Piccolo declares a one-column key, hence ``schedule``."""

    schedule = Varchar(length=100, primary_key=True)
    tick_at = Timestamptz()
    outcome = Varchar(length=32)
    job_id = UUID(null=True, default=None)
    detail = Text(null=True, default=None)
    created_at = Timestamptz(default=TimestamptzNow())


JOB_TABLES = [
    Job,
    JobStep,
    JobStepAttempt,
    JobEvent,
    JobIdempotencyKey,
    JobEffect,
    JobEngineState,
    JobSchedule,
    JobScheduleTick,
]
