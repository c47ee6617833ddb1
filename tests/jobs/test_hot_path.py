"""The worker's one-statement writes: a claim per free slot that starts each fresh job's first
step, a step success that starts the next step (unless cancellation was requested), and the last
step's success that ends the job — each fenced on the lease, each keeping the event sequence."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar

from lifeboat.jobs.definitions import StepResult
from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.worker import Lease, LeaseLost, Worker
from tests.jobs.conftest import create_probe


async def _rows(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def _events(database_url: str, job_id: uuid.UUID) -> list[tuple[int, str]]:
    rows = await _rows(database_url, "select seq, type from job_event where job_id = $1 order by seq", job_id)
    return [(int(r["seq"]), r["type"]) for r in rows]


def _worker(app: Litestar, name: str) -> Worker:
    return Worker(
        database_url=app.state.settings.database_url,
        registry=default_registry(),
        store=app.state.store,
        worker_id=name,
    )


async def test_one_claim_takes_a_job_per_free_slot_oldest_first_and_starts_each_first_step(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url: str
) -> None:
    ids = [uuid.UUID((await create_probe(client, admin_headers, steps=2))["job"]["id"]) for _ in range(3)]
    worker = _worker(app, "batch")
    claimed = await worker.claim_jobs(2, start_first_step=True)
    assert [r["id"] for r in claimed] == ids[:2]
    for row in claimed:
        assert (row["lease_epoch"], row["started_position"], row["started_attempt"]) == (1, 1, 1)
        assert list(row["step_statuses"]) == ["pending", "pending"]
        assert await _events(database_url, row["id"]) == [
            (1, "job.created"),
            (2, "job.claimed"),
            (3, "step.started"),
        ]
    steps = await _rows(
        database_url,
        "select job_id, position, status, attempts, effect from job_step where job_id = any($1) order by job_id, position",
        ids[:2],
    )
    assert [(r["position"], r["status"], r["attempts"], r["effect"]) for r in steps] == [
        (1, "running", 1, "unknown"),
        (2, "pending", 0, "not_done"),
    ] * 2
    attempts = await _rows(
        database_url,
        "select job_id, attempt, lease_epoch, worker, status from job_step_attempt where job_id = any($1)",
        ids,
    )
    assert sorted(
        (r["job_id"], r["attempt"], r["lease_epoch"], r["worker"], r["status"]) for r in attempts
    ) == [(job_id, 1, 1, "batch", "running") for job_id in ids[:2]]
    # the third job was left to the next claim; a claim without start_first_step starts nothing
    rest = await worker.claim_jobs(5)
    assert [(r["id"], r["started_attempt"]) for r in rest] == [(ids[2], None)]
    assert await _events(database_url, ids[2]) == [(1, "job.created"), (2, "job.claimed")]
    assert await worker.claim_jobs(5, start_first_step=True) == []


async def test_a_step_success_starts_the_next_step_in_the_same_statement(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url: str
) -> None:
    job_id = uuid.UUID((await create_probe(client, admin_headers, steps=2))["job"]["id"])
    worker = _worker(app, "next")
    (claimed,) = await worker.claim_jobs(4, start_first_step=True)
    lease = Lease(job_id, int(claimed["lease_epoch"]), "next")
    done = await worker.record_step_success(lease, 1, 1, StepResult(fenced_effect=True), next_position=2)
    assert (done.next_attempt, done.next_failures, done.cancel_requested) == (1, 0, False)
    steps = await _rows(
        database_url,
        "select position, status, attempts from job_step where job_id = $1 order by position",
        job_id,
    )
    assert [(r["position"], r["status"], r["attempts"]) for r in steps] == [
        (1, "succeeded", 1),
        (2, "running", 1),
    ]
    assert await _events(database_url, job_id) == [
        (1, "job.created"),
        (2, "job.claimed"),
        (3, "step.started"),
        (4, "step.succeeded"),
        (5, "step.started"),
    ]
    await worker.finish_after_last_step(lease, 2, 1, StepResult(fenced_effect=True))
    job = await _rows(
        database_url, "select status, lease_owner, last_event_seq from job where id = $1", job_id
    )
    assert (job[0]["status"], job[0]["lease_owner"], job[0]["last_event_seq"]) == ("succeeded", None, 7)
    assert (await _events(database_url, job_id))[-2:] == [(6, "step.succeeded"), (7, "job.succeeded")]
    effects = await _rows(database_url, "select step, lease_epoch from job_effect where job_id = $1", job_id)
    assert sorted((r["step"], r["lease_epoch"]) for r in effects) == [(1, 1), (2, 1)]


async def test_a_step_success_does_not_start_the_next_step_once_cancellation_is_requested(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url: str
) -> None:
    job_id = uuid.UUID((await create_probe(client, admin_headers, steps=2))["job"]["id"])
    worker = _worker(app, "cancel")
    (claimed,) = await worker.claim_jobs(1, start_first_step=True)
    response = await client.post(
        f"/api/v1/jobs/{job_id}/cancel", json={"reason": "stop it"}, headers=admin_headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["job"]["status"] == "cancelling"
    lease = Lease(job_id, int(claimed["lease_epoch"]), "cancel")
    # the heartbeat has not told the worker yet: the job row itself stops the next step
    done = await worker.record_step_success(lease, 1, 1, StepResult(), next_position=2)
    assert (done.next_attempt, done.cancel_requested) == (None, True)
    steps = await _rows(
        database_url,
        "select position, status, attempts from job_step where job_id = $1 order by position",
        job_id,
    )
    assert [(r["position"], r["status"], r["attempts"]) for r in steps] == [
        (1, "succeeded", 1),
        (2, "pending", 0),
    ]
    assert [t for _, t in await _events(database_url, job_id)][-2:] == ["job.cancelling", "step.succeeded"]


async def test_a_worker_whose_lease_was_taken_cannot_finish_the_job_with_its_last_step(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url: str
) -> None:
    job_id = uuid.UUID((await create_probe(client, admin_headers, steps=1))["job"]["id"])
    stale, fresh = _worker(app, "stale"), _worker(app, "fresh")
    (stale_claim,) = await stale.claim_jobs(1, start_first_step=True)
    stale_lease = Lease(job_id, int(stale_claim["lease_epoch"]), "stale")
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "update job set lease_expires_at = now() - interval '1 second' where id = $1", job_id
        )
    finally:
        await conn.close()
    (fresh_claim,) = await fresh.claim_jobs(1, start_first_step=True)
    # a resumed job's steps are read after the claim, never started by it
    assert (fresh_claim["lease_epoch"], fresh_claim["started_attempt"], fresh_claim["step_statuses"]) == (
        2,
        None,
        None,
    )
    before = await _events(database_url, job_id)
    with pytest.raises(LeaseLost):
        await stale.finish_after_last_step(stale_lease, 1, 1, StepResult(fenced_effect=True))
    with pytest.raises(LeaseLost):
        await stale.record_step_success(stale_lease, 1, 1, StepResult(fenced_effect=True), next_position=2)
    assert await _events(database_url, job_id) == before
    assert await _rows(database_url, "select 1 from job_effect where job_id = $1", job_id) == []
    job = await _rows(database_url, "select status, lease_owner from job where id = $1", job_id)
    assert (job[0]["status"], job[0]["lease_owner"]) == ("running", "fresh")
    await fresh.run_job(fresh_claim)
    await fresh.flush_receipts()
    attempts = await _rows(
        database_url,
        "select lease_epoch, status from job_step_attempt where job_id = $1 order by attempt",
        job_id,
    )
    assert [(r["lease_epoch"], r["status"]) for r in attempts] == [(1, "abandoned"), (2, "succeeded")]
    effects = await _rows(
        database_url, "select lease_epoch, worker from job_effect where job_id = $1", job_id
    )
    assert [(r["lease_epoch"], r["worker"]) for r in effects] == [(2, "fresh")]
    receipt = await client.get(f"/api/v1/jobs/{job_id}/receipt", headers=admin_headers)
    assert receipt.status_code == 200
    assert receipt.json()["status"] == "succeeded"
