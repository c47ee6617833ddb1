"""Prometheus metrics: one registry per app (so apps built side by side in tests do not clash)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

METRICS_CONTENT_TYPE = CONTENT_TYPE_LATEST


class HttpMetrics:
    """Request count and latency by route template, method and status, plus build info."""

    def __init__(self, registry: CollectorRegistry, *, version: str, git_sha: str) -> None:
        self.registry = registry
        self.requests = Counter(
            "lifeboat_http_requests",
            "HTTP requests served, by route template, method and status.",
            ("method", "route", "status"),
            registry=registry,
        )
        self.latency = Histogram(
            "lifeboat_http_request_duration_seconds",
            "HTTP request latency in seconds, by route template, method and status.",
            ("method", "route", "status"),
            registry=registry,
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
        )
        build = Gauge(
            "lifeboat_build_info",
            "Build information; the value is always 1.",
            ("version", "git_sha"),
            registry=registry,
        )
        build.labels(version=version, git_sha=git_sha).set(1)

    def observe(self, *, method: str, route: str, status: int, seconds: float) -> None:
        """Record one served request."""
        labels = {"method": method, "route": route, "status": str(status)}
        self.requests.labels(**labels).inc()
        self.latency.labels(**labels).observe(seconds)

    def render(self) -> bytes:
        """The Prometheus text exposition of this registry."""
        return generate_latest(self.registry)
