"""The scheduler: periodic schedules declared in the registry, each tick run exactly once.

Every worker runs a scheduler loop. A tick is taken by one statement that locks the schedule
row (``for update skip locked``) only when ``next_run_at <= now()``; in the same transaction the
tick is recorded in ``job_schedule_tick`` (unique on (schedule, tick_at): a retried tick cannot
create a second job), the job is inserted, and ``next_run_at`` advances. Competing workers skip
the locked row and, after the commit, no longer see it as due. Overlap policy "skip": if the
schedule's previous job is still active (or its lock scope is held) the tick is recorded as
``skipped`` and no job is created. Missed ticks (no worker running) collapse into one.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import uuid
from datetime import datetime, timedelta
from typing import Any

import asyncpg
import msgspec
import structlog

from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.db.engine import DATABASE_ERRORS
from lifeboat.jobs.cron import Cron
from lifeboat.jobs.definitions import KindRegistry, Schedule, observe_and_plan
from lifeboat.jobs.metrics import JobMetrics
from lifeboat.jobs.models import ACTIVE_STATUSES
from lifeboat.jobs.service import AuditSink, ScopeTaken, insert_job, request_hash

log = structlog.get_logger("lifeboat.scheduler")

SCHEDULER_ACTOR = "scheduler"


def next_run(*, interval_s: float | None, cron: str | None, tick_at: datetime, now: datetime) -> datetime:
    """The next tick after ``tick_at`` that is in the future relative to ``now``."""
    if interval_s is not None:
        step = timedelta(seconds=interval_s)
        behind = max(0.0, (now - tick_at).total_seconds())
        periods = math.floor(behind / interval_s) + 1
        return tick_at + step * periods
    assert cron is not None
    return Cron.parse(cron).next_after(max(tick_at, now))


def first_run(schedule: Schedule, now: datetime) -> datetime:
    """When a newly declared schedule first ticks: at once for an interval, else the next cron minute."""
    if schedule.interval_s is not None:
        return now
    assert schedule.cron is not None
    return Cron.parse(schedule.cron).next_after(now)


async def sync_schedules(registry: KindRegistry) -> None:
    """Upsert the registry's schedules; a changed interval/cron restarts its timing."""
    async with transaction() as conn:
        now: datetime = await conn.fetchval("select now()")
        for s in registry.schedules.values():
            await conn.execute(
                """
                insert into job_schedule (name, kind, params, reason, interval_s, cron, next_run_at)
                values ($1, $2, $3::jsonb, $4, $5, $6, $7)
                on conflict (name) do update set
                  kind = excluded.kind, params = excluded.params, reason = excluded.reason,
                  interval_s = excluded.interval_s, cron = excluded.cron, updated_at = now(),
                  next_run_at = case
                    when job_schedule.interval_s is not distinct from excluded.interval_s
                     and job_schedule.cron is not distinct from excluded.cron
                    then job_schedule.next_run_at else excluded.next_run_at end
                """,
                s.name,
                s.kind,
                msgspec.json.encode(s.params).decode(),
                s.reason,
                s.interval_s,
                s.cron,
                first_run(s, now),
            )


class Scheduler:
    """One worker's scheduler loop over the registry's schedules."""

    def __init__(
        self,
        registry: KindRegistry,
        *,
        tick_s: float = 1.0,
        metrics: JobMetrics | None = None,
        owner: str = SCHEDULER_ACTOR,
        audit: AuditSink | None = None,
    ) -> None:
        self.registry = registry
        self.tick_s = tick_s
        self.metrics = metrics or JobMetrics()
        self.owner = owner
        self.audit = audit

    async def run(self, stop: asyncio.Event) -> None:
        """Sync the declarations, then take due ticks until ``stop`` is set."""
        synced = False
        while not stop.is_set():
            # a dropped database connection must not end the loop (scheduled jobs would stop
            # silently while the worker runs on): log it and try again next tick
            try:
                if not synced:
                    await sync_schedules(self.registry)
                    synced = True
                await self.run_due()
            except DATABASE_ERRORS as exc:
                log.warning("scheduler_tick_failed", worker=self.owner, error=str(exc)[:200])
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.tick_s):
                    await stop.wait()

    async def run_due(self) -> list[tuple[str, str]]:
        """Take every due tick this worker can lock; returns (schedule, outcome) pairs."""
        outcomes = []
        for name in sorted(self.registry.schedules):
            outcome = await self.tick(name)
            if outcome is not None:
                outcomes.append((name, outcome))
        return outcomes

    async def tick(self, name: str) -> str | None:
        """Take this schedule's due tick, if due and not being taken elsewhere."""
        schedule = self.registry.schedules[name]
        async with transaction() as conn:
            row = await conn.fetchrow(
                """
                select s.*, now() as db_now from job_schedule s
                where s.name = $1 and s.next_run_at <= now()
                for update skip locked
                """,
                name,
            )
            if row is None:
                return None
            tick_at: datetime = row["next_run_at"]
            following = next_run(
                interval_s=row["interval_s"], cron=row["cron"], tick_at=tick_at, now=row["db_now"]
            )
            recorded = await conn.fetchval(
                """
                insert into job_schedule_tick (schedule, tick_at, outcome) values ($1, $2, 'taking')
                on conflict (schedule, tick_at) do nothing returning true
                """,
                name,
                tick_at,
            )
            job_id: uuid.UUID | None = None
            detail: str | None = None
            if not recorded:
                outcome = "duplicate"
            else:
                outcome, job_id, detail = await self._create(conn, schedule, row, tick_at)
                await conn.execute(
                    """
                    update job_schedule_tick set outcome = $3, job_id = $4, detail = $5
                    where schedule = $1 and tick_at = $2
                    """,
                    name,
                    tick_at,
                    outcome,
                    job_id,
                    detail,
                )
            await conn.execute(
                """
                update job_schedule set next_run_at = $2, last_tick_at = $3, last_outcome = $4,
                  last_job_id = coalesce($5, last_job_id), updated_at = now()
                where name = $1
                """,
                name,
                following,
                tick_at,
                outcome,
                job_id,
            )
        self.metrics.schedule_ticks.labels(schedule=name, outcome=outcome).inc()
        log.info(
            "schedule_tick",
            worker=self.owner,
            schedule=name,
            tick_at=tick_at.isoformat(),
            outcome=outcome,
            job_id=job_id,
        )
        return outcome

    async def _create(
        self, conn: asyncpg.Connection, schedule: Schedule, row: asyncpg.Record, tick_at: datetime
    ) -> tuple[str, uuid.UUID | None, str | None]:
        kind = self.registry.get(schedule.kind)
        if kind is None:
            return "refused", None, f"kind {schedule.kind} is not registered"
        if row["last_job_id"] is not None:
            previous = await conn.fetchval(
                "select status from job where id = $1 and status = any($2::text[])",
                row["last_job_id"],
                list(ACTIVE_STATUSES),
            )
            if previous is not None:
                return "skipped", None, f"previous job {row['last_job_id']} is {previous}"
        params: Any = schedule.params
        plan = await observe_and_plan(kind, params)
        if not plan.ok:
            failed = ", ".join(g.name for g in plan.gates if not g.ok)
            return "refused", None, f"preflight gates failed: {failed}"
        status = "awaiting_approval" if plan.requires_approval else "pending"
        job_id = new_id()
        reason = f"{schedule.reason} (schedule {schedule.name}, tick {tick_at.isoformat()})"
        actor_id = f"schedule:{schedule.name}"
        try:
            await insert_job(
                conn,
                job_id=job_id,
                kind=kind,
                status=status,
                params=params,
                digest=request_hash(kind.name, params, False),
                plan=plan,
                reason=reason,
                dry_run=False,
                scope=plan.lock_scope,
                created_by=actor_id,
                created_by_name=f"schedule {schedule.name}",
                event={"schedule": schedule.name, "tick_at": tick_at.isoformat()},
            )
        except ScopeTaken:
            return "skipped", None, f"lock scope {plan.lock_scope} is held"
        if self.audit is not None:
            await self.audit(
                actor_id=actor_id,
                actor_name=f"schedule {schedule.name}",
                action="job.create",
                target=f"job:{job_id}",
                reason=reason,
                details={"kind": kind.name, "status": status, "lock_scope": plan.lock_scope},
            )
        return "created", job_id, None
