"""The scheduler against real PostgreSQL: each tick runs exactly once across concurrent
schedulers, overlap policy "skip" (previous job active, or its lock scope held), declaration
sync, audit of scheduled jobs, and a worker that runs its schedules end to end."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import datetime
from typing import Any

import asyncpg
import httpx
from litestar import Litestar

from lifeboat.jobs.definitions import KindRegistry, Schedule
from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.probe import ProbeParams
from lifeboat.jobs.scheduler import Scheduler, sync_schedules
from lifeboat.runtime import audit_job_action
from tests.jobs.conftest import TERMINAL, create_probe, running_worker, wait_for, wait_for_status


async def _rows(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


def registry_with(*schedules: Schedule) -> KindRegistry:
    registry = default_registry()
    for schedule in schedules:
        registry.add_schedule(schedule)
    return registry


def probe_schedule(name: str = "probe", *, interval_s: float = 3600, **params: Any) -> Schedule:
    return Schedule(
        name=name,
        kind="system.probe",
        params=ProbeParams(**{"steps": 1, "sleep_s": 0.0, **params}),
        interval_s=interval_s,
        reason="scheduled probe",
    )


async def make_due(database_url: str, name: str) -> None:
    """Move the schedule's next tick into the past (a tick on the period grid, unique per call)."""
    await _rows(
        database_url,
        "update job_schedule set next_run_at = now() - interval '1 second' where name = $1",
        name,
    )


async def test_a_tick_runs_exactly_once_across_concurrent_schedulers(
    client: httpx.AsyncClient, database_url: str
) -> None:
    registry = registry_with(probe_schedule())
    await sync_schedules(registry)
    schedulers = [Scheduler(registry, owner=f"worker-{i}") for i in range(12)]
    created_per_round = []
    for _ in range(5):
        await make_due(database_url, "probe")
        outcomes = await asyncio.gather(*(s.tick("probe") for s in schedulers))
        created_per_round.append(Counter(outcomes)["created"])
        # let the job end so the next round is not skipped as an overlap
        (job_id,) = [
            r["last_job_id"]
            for r in await _rows(database_url, "select last_job_id from job_schedule where name = 'probe'")
        ]
        await _rows(
            database_url, "update job set status = 'succeeded', finished_at = now() where id = $1", job_id
        )
    assert created_per_round == [1] * 5
    ticks = await _rows(
        database_url, "select outcome, job_id from job_schedule_tick where schedule = 'probe'"
    )
    assert [t["outcome"] for t in ticks] == ["created"] * 5
    jobs = await _rows(database_url, "select id, created_by from job where kind = 'system.probe'")
    assert len(jobs) == 5
    assert {j["id"] for j in jobs} == {t["job_id"] for t in ticks}
    assert {j["created_by"] for j in jobs} == {"schedule:probe"}


async def test_a_tick_that_is_not_due_creates_nothing(client: httpx.AsyncClient, database_url: str) -> None:
    registry = registry_with(probe_schedule())
    await sync_schedules(registry)
    scheduler = Scheduler(registry)
    assert await scheduler.tick("probe") == "created"  # an interval schedule ticks at once
    assert await scheduler.tick("probe") is None  # the next tick is an hour away
    assert len(await _rows(database_url, "select id from job")) == 1


async def test_overlap_policy_skips_while_the_previous_job_is_active(
    client: httpx.AsyncClient, admin_headers: dict[str, str], app: Litestar, database_url: str
) -> None:
    registry = registry_with(probe_schedule(steps=1, sleep_s=30.0))
    await sync_schedules(registry)
    scheduler = Scheduler(registry)
    assert await scheduler.tick("probe") == "created"
    first = (await _rows(database_url, "select last_job_id from job_schedule"))[0]["last_job_id"]
    await make_due(database_url, "probe")
    assert await scheduler.tick("probe") == "skipped"
    tick = (await _rows(database_url, "select detail from job_schedule_tick where outcome = 'skipped'"))[0]
    assert str(first) in tick["detail"]
    # once the previous job ended, the next due tick creates a job again
    cancel = await client.post(
        f"/api/v1/jobs/{first}/cancel", json={"reason": "test over"}, headers=admin_headers
    )
    assert cancel.status_code == 200, cancel.text
    await make_due(database_url, "probe")
    assert await scheduler.tick("probe") == "created"
    assert len(await _rows(database_url, "select id from job")) == 2


async def test_a_held_lock_scope_skips_the_tick(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database_url: str
) -> None:
    holder = await create_probe(client, admin_headers, steps=1, sleep_s=30.0, scope="tenant:sched")
    registry = registry_with(probe_schedule(scope="tenant:sched"))
    await sync_schedules(registry)
    assert await Scheduler(registry).tick("probe") == "skipped"
    (tick,) = await _rows(database_url, "select outcome, detail, job_id from job_schedule_tick")
    assert tick["job_id"] is None
    assert "tenant:sched" in tick["detail"]
    # the holder is untouched and no second job exists
    jobs = await _rows(database_url, "select id from job")
    assert [str(j["id"]) for j in jobs] == [holder["job"]["id"]]


async def test_sync_keeps_timing_unless_the_trigger_changed(
    client: httpx.AsyncClient, database_url: str
) -> None:
    async def next_run_at() -> datetime:
        rows = await _rows(database_url, "select next_run_at from job_schedule where name = 'probe'")
        value: datetime = rows[0]["next_run_at"]
        return value

    await sync_schedules(registry_with(probe_schedule(interval_s=3600)))
    await Scheduler(registry_with(probe_schedule(interval_s=3600))).tick("probe")
    after_tick = await next_run_at()
    # a restart with the same declaration keeps the schedule's place
    await sync_schedules(registry_with(probe_schedule(interval_s=3600, steps=2)))
    assert await next_run_at() == after_tick
    rows = await _rows(database_url, "select params from job_schedule where name = 'probe'")
    assert '"steps": 2' in rows[0]["params"]
    # a changed interval restarts its timing (due at once)
    await sync_schedules(registry_with(probe_schedule(interval_s=60)))
    assert await next_run_at() < after_tick


async def test_scheduled_jobs_are_audited(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database_url: str
) -> None:
    registry = registry_with(probe_schedule())
    await sync_schedules(registry)
    assert await Scheduler(registry, audit=audit_job_action).tick("probe") == "created"
    job_id = (await _rows(database_url, "select id from job"))[0]["id"]
    response = await client.get("/api/v1/audit", params={"action": "job.create"}, headers=admin_headers)
    assert response.status_code == 200, response.text
    rows = [r for r in response.json()["items"] if r["target"] == f"job:{job_id}"]
    assert len(rows) == 1
    assert rows[0]["actor_id"] == "schedule:probe"
    assert "schedule probe" in rows[0]["reason"]


async def test_a_worker_runs_its_schedules(
    client: httpx.AsyncClient, admin_headers: dict[str, str], app: Litestar, database_url: str
) -> None:
    registry = registry_with(probe_schedule("every-second", interval_s=1.0, steps=2))
    async with running_worker(app, registry=registry, scheduler_tick_s=0.1):

        async def two_finished() -> bool:
            rows = await _rows(database_url, "select id from job where status = 'succeeded'")
            return len(rows) >= 2

        await wait_for(two_finished, attempts=300, what="two scheduled jobs finished")
    ticks = await _rows(
        database_url, "select tick_at, outcome, job_id from job_schedule_tick order by tick_at"
    )
    created = [t for t in ticks if t["outcome"] == "created"]
    assert len(created) >= 2
    assert len({t["tick_at"] for t in ticks}) == len(ticks)
    for tick in created[:2]:
        done = await wait_for_status(client, admin_headers, str(tick["job_id"]), TERMINAL)
        assert done["job"]["status"] == "succeeded"
        assert done["job"]["created_by"] == "schedule:every-second"
