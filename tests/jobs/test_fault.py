"""Fault test: SIGKILL a worker process mid-step; another worker process resumes the job at its
first unfinished step once the lease expires, and every fenced effect is applied exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from litestar import Litestar

from lifeboat.settings import Settings
from tests.jobs.conftest import TERMINAL, create_probe, wait_for, wait_for_status

ROOT = Path(__file__).resolve().parents[2]


def start_worker_process(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    """``lifeboat worker`` in a subprocess against the test database and object store."""
    env = {
        **os.environ,
        "LIFEBOAT_DATABASE_URL": settings.database_url,
        "LIFEBOAT_NATS_URL": settings.nats_url,
        "LIFEBOAT_S3_ENDPOINT_URL": settings.s3_endpoint_url or "",
        "LIFEBOAT_S3_REGION": settings.s3_region,
        "LIFEBOAT_S3_BUCKET": settings.s3_bucket,
        "LIFEBOAT_S3_ACCESS_KEY_ID": settings.s3_access_key_id or "",
        "LIFEBOAT_S3_SECRET_ACCESS_KEY": settings.s3_secret_access_key or "",
        "LIFEBOAT_ENVIRONMENT": settings.environment,
        "LIFEBOAT_LOG_LEVEL": "info",
        "PYTHONPATH": str(ROOT / "backend"),
    }
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "lifeboat.cli", "worker", "--concurrency", "1", "--lease-s", "1.5"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )


async def _fetch(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return list(await conn.fetch(sql, *args))
    finally:
        await conn.close()


async def test_sigkilled_worker_is_replaced_and_each_effect_applies_once(
    client: httpx.AsyncClient, admin_headers, app: Litestar, database_url: str, tmp_path: Path
) -> None:
    settings: Settings = app.state.settings
    job = await create_probe(client, admin_headers, steps=4, sleep_s=0.6, scope="tenant:fault")
    job_id = uuid.UUID(job["job"]["id"])
    processes: list[subprocess.Popen[bytes]] = []
    try:
        first = start_worker_process(settings, tmp_path / "worker-1.log")
        processes.append(first)

        async def second_step_running() -> bool:
            rows = await _fetch(
                database_url, "select status from job_step where job_id = $1 and position = 2", job_id
            )
            return bool(rows) and rows[0]["status"] == "running"

        await wait_for(second_step_running, attempts=600, what="step 2 running in worker 1")
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)

        processes.append(start_worker_process(settings, tmp_path / "worker-2.log"))
        done = await wait_for_status(client, admin_headers, str(job_id), TERMINAL, attempts=1200)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
    logs = "".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))
    assert done["job"]["status"] == "succeeded", logs
    effects = await _fetch(
        database_url, "select step, count(*) as n from job_effect where job_id = $1 group by step", job_id
    )
    assert {r["step"]: r["n"] for r in effects} == {1: 1, 2: 1, 3: 1, 4: 1}
    step_two = done["steps"][1]["attempts"]
    assert [a["status"] for a in step_two] == ["abandoned", "succeeded"]
    assert step_two[0]["lease_epoch"] < step_two[1]["lease_epoch"]
    # the second worker resumed at the first unfinished step: step 1 ran once
    assert len(done["steps"][0]["attempts"]) == 1
    claims = await _fetch(
        database_url,
        "select data from job_event where job_id = $1 and type = 'job.claimed' order by seq",
        job_id,
    )
    assert len(claims) == 2
    assert '"resumed_after_lease_expiry": true' in claims[1]["data"]
