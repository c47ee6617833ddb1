"""Job engine metrics (one registry per worker, like the API's)."""

from __future__ import annotations

import asyncpg
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from lifeboat.db.access import transaction
from lifeboat.jobs.models import ACTIVE_STATUSES


class JobMetrics:
    """Claims, claim latency, step durations, retries, lease expiries and finished jobs."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry(auto_describe=True)
        self.claims = Counter(
            "lifeboat_job_claims", "Jobs claimed, by kind.", ("kind",), registry=self.registry
        )
        self.claim_latency = Histogram(
            "lifeboat_job_claim_duration_seconds",
            "Time spent in one claim statement.",
            registry=self.registry,
            buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0),
        )
        self.step_duration = Histogram(
            "lifeboat_job_step_duration_seconds",
            "Step attempt duration, by step and outcome.",
            ("step", "outcome"),
            registry=self.registry,
            buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 30.0, 120.0, 600.0),
        )
        self.retries = Counter(
            "lifeboat_job_step_retries", "Step retries, by step.", ("step",), registry=self.registry
        )
        self.lease_expiries = Counter(
            "lifeboat_job_lease_expiries",
            "Jobs resumed after a lease expired, by kind.",
            ("kind",),
            registry=self.registry,
        )
        self.finished = Counter(
            "lifeboat_jobs_finished",
            "Jobs that reached a terminal state.",
            ("kind", "status"),
            registry=self.registry,
        )
        self.schedule_ticks = Counter(
            "lifeboat_job_schedule_ticks",
            "Schedule ticks taken by this worker, by schedule and outcome (created, skipped, refused).",
            ("schedule", "outcome"),
            registry=self.registry,
        )


class OpenStreams:
    """How many job event streams (SSE) this process is serving; a stream that is not
    released when its client goes shows here as a leak."""

    def __init__(self) -> None:
        self.count = 0


EVENT_STREAMS = OpenStreams()


async def render_job_gauges() -> bytes:
    """Job gauges computed from the database at scrape time (for the API's ``/metrics``):
    ``lifeboat_jobs{kind,status}`` (every active status of every kind, 0 included, plus terminal
    counts), ``lifeboat_jobs_queue_depth`` (pending and due),
    ``lifeboat_jobs_oldest_pending_age_seconds`` and ``lifeboat_jobs_gauges_up`` (0 when the
    database could not be read: the scrape still answers, without the job gauges)."""
    registry = CollectorRegistry(auto_describe=True)
    up = Gauge("lifeboat_jobs_gauges_up", "1 when the job gauges could be read.", registry=registry)
    Gauge(
        "lifeboat_job_event_streams_open",
        "Job event streams (SSE) this process is serving.",
        registry=registry,
    ).set(EVENT_STREAMS.count)
    try:
        async with transaction() as conn:
            counts = await conn.fetch("select kind, status, count(*) as n from job group by kind, status")
            queue = await conn.fetchrow(
                """
                select count(*) as depth,
                  coalesce(extract(epoch from now() - min(run_after)), 0)::float8 as oldest
                from job where status = 'pending' and run_after <= now()
                """
            )
    except (OSError, RuntimeError, asyncpg.PostgresError, asyncpg.InterfaceError):
        up.set(0)
        return generate_latest(registry)
    up.set(1)
    jobs = Gauge("lifeboat_jobs", "Jobs, by kind and status.", ("kind", "status"), registry=registry)
    for kind in {r["kind"] for r in counts}:
        for status in ACTIVE_STATUSES:
            jobs.labels(kind=kind, status=status).set(0)
    for r in counts:
        jobs.labels(kind=r["kind"], status=r["status"]).set(r["n"])
    Gauge("lifeboat_jobs_queue_depth", "Pending jobs that are due (claimable now).", registry=registry).set(
        queue["depth"] if queue else 0
    )
    Gauge(
        "lifeboat_jobs_oldest_pending_age_seconds",
        "Age of the oldest due pending job (0 when none).",
        registry=registry,
    ).set(queue["oldest"] if queue else 0)
    return generate_latest(registry)
