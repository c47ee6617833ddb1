"""Job engine metrics (one registry per worker, like the API's)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram


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
