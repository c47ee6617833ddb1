"""Job metrics: database gauges on the API's /metrics (jobs by kind and status, queue depth) and
a worker's counters (claims, claim latency, step durations, retries, lease expiries), in process
and over ``lifeboat worker --metrics-port``."""

from __future__ import annotations

import re
import socket
import subprocess
import sys

import httpx
from litestar import Litestar
from prometheus_client.parser import text_string_to_metric_families

from lifeboat.jobs.metrics import JobMetrics
from lifeboat.settings import Settings
from tests.jobs.conftest import TERMINAL, create_probe, running_worker, wait_for, wait_for_status, worker_env


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus exposition, keyed by (name, sorted labels)."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


async def test_api_metrics_show_jobs_by_kind_and_status_and_queue_depth(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for _ in range(3):
        await create_probe(client, admin_headers, steps=1)
    await create_probe(client, admin_headers, steps=1, require_approval=True)
    response = await client.get("/metrics")
    assert response.status_code == 200
    found = samples(response.text)
    assert found[("lifeboat_jobs_gauges_up", ())] == 1
    assert found[("lifeboat_jobs", (("kind", "system.probe"), ("status", "pending")))] == 3
    assert found[("lifeboat_jobs", (("kind", "system.probe"), ("status", "awaiting_approval")))] == 1
    assert found[("lifeboat_jobs", (("kind", "system.probe"), ("status", "running")))] == 0
    assert found[("lifeboat_jobs_queue_depth", ())] == 3
    assert found[("lifeboat_jobs_oldest_pending_age_seconds", ())] >= 0
    # the request metrics are still there, in the same exposition
    assert any(name == "lifeboat_build_info" for name, _ in found)


async def test_worker_counts_claims_steps_and_retries(
    client: httpx.AsyncClient, admin_headers: dict[str, str], app: Litestar
) -> None:
    metrics = JobMetrics()
    async with running_worker(app, metrics=metrics):
        job = await create_probe(client, admin_headers, steps=2, fail_at_step=2, fail_times=1, max_attempts=2)
        done = await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL)
    assert done["job"]["status"] == "succeeded"
    value = metrics.registry.get_sample_value
    assert value("lifeboat_job_claims_total", {"kind": "system.probe"}) == 1
    assert (value("lifeboat_job_claim_duration_seconds_count") or 0) >= 1
    assert value("lifeboat_job_step_retries_total", {"step": "probe-2"}) == 1
    succeeded_steps = sum(
        s.value
        for f in metrics.registry.collect()
        for s in f.samples
        if s.name == "lifeboat_job_step_duration_seconds_count" and s.labels.get("outcome") == "succeeded"
    )
    assert succeeded_steps == 2
    assert value("lifeboat_jobs_finished_total", {"kind": "system.probe", "status": "succeeded"}) == 1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_worker_process_serves_its_metrics(
    client: httpx.AsyncClient, admin_headers: dict[str, str], app: Litestar, tmp_path
) -> None:
    settings: Settings = app.state.settings
    port = free_port()
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "lifeboat.cli", "worker", "--concurrency", "1", "--metrics-port", str(port)],
        env=worker_env(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        job = await create_probe(client, admin_headers, steps=1)
        await wait_for_status(client, admin_headers, job["job"]["id"], TERMINAL, attempts=600)

        async def scraped() -> str | None:
            try:
                async with httpx.AsyncClient() as http:
                    response = await http.get(f"http://127.0.0.1:{port}/metrics")
            except httpx.TransportError:
                return None
            text = response.text
            return text if re.search(r'lifeboat_job_claims_total\{kind="system.probe"\} 1', text) else None

        text = await wait_for(scraped, attempts=200, what="worker metrics with one claim")
        assert "lifeboat_job_step_duration_seconds_bucket" in text
        assert "# TYPE lifeboat_job_lease_expiries_total counter" in text
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
