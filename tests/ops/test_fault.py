"""A ``lifeboat worker`` process SIGKILLed in the middle of a migrate: another worker finishes the
job once, and the placement map's revision advances exactly once."""

from __future__ import annotations

import signal
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import httpx
from litestar import Litestar

from lifeboat.fleet.sim import Simulator
from lifeboat.settings import Settings
from tests.fleet.conftest import FLEET_SECRET
from tests.jobs.conftest import TERMINAL, wait_for, wait_for_status, worker_env
from tests.ops.conftest import AGGREGATE_MAP, SOURCE, TARGET, TENANT, created, kv_history

ROOT = Path(__file__).resolve().parents[2]


def start_worker(settings: Settings, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **worker_env(settings),
        "LIFEBOAT_FLEET_SECRET": FLEET_SECRET,
        "LIFEBOAT_PLACEMENT_BUCKET": settings.placement_bucket,
        "LIFEBOAT_FLEET_PROBE_TIMEOUT_S": "10",
        "LIFEBOAT_OPS_POLL_S": "0.05",
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "lifeboat.cli", "worker", "--concurrency", "1", "--lease-s", "1.5"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


async def test_sigkilled_worker_during_migrate_completes_once(
    app: Litestar,
    client: httpx.AsyncClient,
    operator: dict[str, str],
    fleet: Simulator,
    database_url: str,
    nats_url: str,
    placement_bucket: str,
    tmp_path: Path,
) -> None:
    settings: Settings = app.state.settings
    planned = (await kv_history(nats_url, placement_bucket, "aggregate"))[-1][0]
    fleet.set_fault(TARGET, "slow_reload", seconds=4)  # holds the job in its reload step
    job_id = await created(client, operator, "tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET)
    processes: list[subprocess.Popen[bytes]] = []
    try:
        first = start_worker(settings, tmp_path / "worker-1.log")
        processes.append(first)
        await wait_for(
            lambda: _step_status(database_url, job_id, "reload", "running"),
            attempts=1200,
            interval=0.05,
            what="the reload step running in worker 1",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        fleet.clear_fault(TARGET, "slow_reload")
        processes.append(start_worker(settings, tmp_path / "worker-2.log"))
        done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=2400)
    finally:
        for process in processes:
            stop(process)
    logs = "".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))
    assert done["job"]["status"] == "succeeded", (done["job"]["error"], logs[-4000:])
    # the placement revision advanced exactly once, to the planned map plus the move
    written = [
        (rev, tenants)
        for rev, tenants in await kv_history(nats_url, placement_bucket, "aggregate")
        if rev > planned
    ]
    assert [tenants for _, tenants in written] == [{**AGGREGATE_MAP, TENANT: TARGET}]
    conn = await asyncpg.connect(database_url)
    try:
        effects = await conn.fetch("select step from job_effect where job_id = $1", uuid.UUID(job_id))
        attempts = await conn.fetch(
            "select s.name, a.status, a.lease_epoch from job_step_attempt a join job_step s "
            "on s.job_id = a.job_id and s.position = a.position where a.job_id = $1 order by a.position, a.attempt",
            uuid.UUID(job_id),
        )
        finished = await conn.fetchval(
            "select count(*) from job_event where job_id = $1 and type = 'job.succeeded'", uuid.UUID(job_id)
        )
    finally:
        await conn.close()
    assert [r["step"] for r in effects] == [3]  # the placement write, recorded once
    assert finished == 1
    reload_attempts = [(r["status"], r["lease_epoch"]) for r in attempts if r["name"] == "reload"]
    assert reload_attempts[0][0] == "abandoned"
    assert reload_attempts[-1][0] == "succeeded"
    assert reload_attempts[-1][1] > reload_attempts[0][1]
    assert fleet.services[TARGET].behaviour.state().tenants[TENANT].acquiring is True
    source = fleet.services[SOURCE].behaviour.state().tenants.get(TENANT)
    assert source is None or source.acquiring is False


async def _step_status(database_url: str, job_id: str, name: str, status: str) -> bool:
    conn = await asyncpg.connect(database_url)
    try:
        found = await conn.fetchval(
            "select status from job_step where job_id = $1 and name = $2", uuid.UUID(job_id), name
        )
    finally:
        await conn.close()
    return bool(found == status)
