"""Fault tests for the job engine, with real PostgreSQL and workers in separate processes.

- a worker SIGKILLed mid-step (once through the real ``python -m lifeboat.cli worker``, then
  20 times at random points): no job is lost, every fenced effect is applied exactly once, the
  abandoned jobs are resumed under a higher lease epoch;
- a worker SIGSTOPped past its lease and then continued: its late writes are rejected;
- PostgreSQL connections terminated during a run: the workers recover, nothing is lost;
- NATS unreachable: the engine still runs jobs.

Starting ``lifeboat worker`` costs seconds of imports, so the many-restart tests fork their
workers from a *zygote*: one ``python`` process that imported the worker command once and forks
a child per worker, which then runs ``lifeboat worker`` (the CLI command, its own pool, its own
event loop) exactly as the real command does. The tests signal those children by pid.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar

from lifeboat.app import create_app
from lifeboat.settings import Settings
from tests.conftest import bearer_token, make_settings, running_app
from tests.jobs.conftest import TERMINAL, create_probe, new_key, probe_body, wait_for, wait_for_status
from tests.services import TestServices

ROOT = Path(__file__).resolve().parents[2]
ACTIVE = ("running", "cancelling")


def worker_environment(settings: Settings, **overrides: str) -> dict[str, str]:
    """The environment of a ``lifeboat worker`` process on the test database and object store."""
    return {
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
        **overrides,
    }


def start_worker_process(settings: Settings, log_path: Path) -> subprocess.Popen[bytes]:
    """``python -m lifeboat.cli worker`` in a subprocess against the test database and store."""
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "lifeboat.cli", "worker", "--concurrency", "1", "--lease-s", "1.5"],
            env=worker_environment(settings),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )


# --- the zygote: forks ``lifeboat worker`` processes that already imported everything ----------

_ZYGOTE = r"""
import json, os, signal, sys, traceback
import lifeboat.app, lifeboat.cli, lifeboat.core.logging, lifeboat.db.engine
import lifeboat.piccolo_app, lifeboat.jobs.kinds, lifeboat.jobs.metrics
import lifeboat.jobs.scheduler, lifeboat.jobs.worker, lifeboat.store.objects
signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
            os.dup2(log, 1)
            os.dup2(log, 2)
            os.close(log)
            devnull = os.open(os.devnull, os.O_RDONLY)
            os.dup2(devnull, 0)
            os.close(devnull)
            os.environ.clear()
            os.environ.update(request["env"])
            lifeboat.cli.main.main(
                args=["worker", *request["args"]], prog_name="lifeboat", standalone_mode=False
            )
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    print(pid, flush=True)
"""


class Zygote:
    """A process that has imported the worker command and forks a worker per request."""

    def __init__(self, log_path: Path) -> None:
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-c", _ZYGOTE],
            env={**os.environ, "PYTHONPATH": str(ROOT / "backend")},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            cwd=ROOT,
            text=True,
        )
        self._ready = False

    def _readline(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the worker zygote exited ({self.process.poll()})")
        return line.strip()

    def fork(self, log_path: Path, args: list[str], env: dict[str, str]) -> int:
        """Start ``lifeboat worker ARGS`` in a forked child; returns its pid."""
        assert self.process.stdin is not None
        if not self._ready:
            assert self._readline() == "ready"
            self._ready = True
        self.process.stdin.write(json.dumps({"log": str(log_path), "args": args, "env": env}) + "\n")
        self.process.stdin.flush()
        return int(self._readline())

    def close(self) -> None:
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (the zygote's children are auto-reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


class Workers:
    """The worker processes of one test: forked from the zygote, signalled and stopped by pid."""

    def __init__(self, zygote: Zygote, settings: Settings, log_dir: Path) -> None:
        self.zygote = zygote
        self.settings = settings
        self.log_dir = log_dir
        self.pids: list[int] = []  # every worker this test started, in order
        self.logs: dict[int, Path] = {}

    def start(self, *, concurrency: int = 1, lease_s: float = 1.0, **env: str) -> int:
        log = self.log_dir / f"worker-{len(self.pids) + 1}.log"
        pid = self.zygote.fork(
            log,
            ["--concurrency", str(concurrency), "--lease-s", str(lease_s)],
            worker_environment(self.settings, **env),
        )
        self.pids.append(pid)
        self.logs[pid] = log
        return pid

    def live(self) -> list[int]:
        return [pid for pid in self.pids if alive(pid)]

    def signal(self, pid: int, sig: signal.Signals) -> None:
        assert pid in self.logs, "only signal a worker this test started"
        os.kill(pid, sig)

    async def kill(self, pid: int) -> None:
        """SIGKILL ``pid`` and wait until it is gone."""
        self.signal(pid, signal.SIGKILL)
        await wait_for(lambda: _true(not alive(pid)), attempts=200, interval=0.02, what=f"{pid} to die")

    def log_of(self, pid: int) -> str:
        path = self.logs[pid]
        return path.read_text() if path.exists() else ""

    def all_logs(self) -> str:
        return "".join(f"--- worker {pid} ---\n{self.log_of(pid)}" for pid in self.pids)

    async def stop_all(self) -> None:
        for pid in self.live():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in self.pids:
            with contextlib.suppress(AssertionError):
                await wait_for(lambda pid=pid: _true(not alive(pid)), attempts=250, interval=0.02)


async def _true(value: bool) -> bool:
    return value


@pytest.fixture(scope="module")
def zygote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Zygote]:
    z = Zygote(tmp_path_factory.mktemp("zygote") / "zygote.log")
    try:
        yield z
    finally:
        z.close()


@pytest.fixture
async def workers(zygote: Zygote, app: Litestar, tmp_path: Path) -> AsyncIterator[Workers]:
    started = Workers(zygote, app.state.settings, tmp_path)
    try:
        yield started
    finally:
        await started.stop_all()


# --- database reads on fresh connections (they survive pg_terminate_backend) --------------------


async def _fetch(database_url: str, sql: str, *args: Any) -> list[asyncpg.Record]:
    for attempt in range(5):
        try:
            conn = await asyncpg.connect(database_url)
            try:
                return list(await conn.fetch(sql, *args))
            finally:
                await conn.close()
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            if attempt == 4:
                raise
            await asyncio.sleep(0.1)
    raise AssertionError("unreachable")


async def wait_all_terminal(database_url: str, job_ids: list[uuid.UUID], what: str) -> None:
    """Bounded poll until every job is terminal (no duration is asserted)."""

    async def done() -> bool:
        rows = await _fetch(database_url, "select status from job where id = any($1::uuid[])", job_ids)
        return len(rows) == len(job_ids) and all(r["status"] in TERMINAL for r in rows)

    try:
        await wait_for(done, attempts=900, interval=0.1, what=what)
    except AssertionError:
        for row in await _fetch(
            database_url,
            "select id, status, lease_owner, lease_epoch, lease_expires_at, now() as now from job "
            "where id = any($1::uuid[]) and status not in ('succeeded', 'failed', 'cancelled')",
            job_ids,
        ):
            print("unfinished job:", dict(row))
        for row in await _fetch(
            database_url,
            "select pid, state, xact_start, left(query, 120) as query from pg_stat_activity "
            "where datname = current_database() and pid <> pg_backend_pid()",
        ):
            print("backend:", dict(row))
        raise


async def assert_engine_consistent(database_url: str, jobs: dict[uuid.UUID, int], context: str) -> None:
    """Every job succeeded, each step's fenced effect was applied exactly once (by the attempt that
    succeeded, under its lease epoch), every abandoned attempt was superseded by a higher epoch,
    and nothing is left running."""
    ids = list(jobs)
    statuses = await _fetch(database_url, "select id, status, error from job where id = any($1::uuid[])", ids)
    assert {r["id"]: r["status"] for r in statuses} == dict.fromkeys(ids, "succeeded"), (
        context,
        [dict(r) for r in statuses if r["status"] != "succeeded"],
    )
    effects = await _fetch(
        database_url,
        """
        select e.job_id, e.step, count(*) over (partition by e.job_id, e.step) as n,
          e.lease_epoch, e.worker, a.lease_epoch as attempt_epoch, a.worker as attempt_worker
        from job_effect e
        left join job_step_attempt a
          on a.job_id = e.job_id and a.position = e.step and a.status = 'succeeded'
        where e.job_id = any($1::uuid[])
        """,
        ids,
    )
    ledger: dict[uuid.UUID, dict[int, int]] = {job_id: {} for job_id in ids}
    for row in effects:
        ledger[row["job_id"]][row["step"]] = row["n"]
        assert (row["lease_epoch"], row["worker"]) == (row["attempt_epoch"], row["attempt_worker"]), (
            context,
            dict(row),
        )
    expected = {job_id: dict.fromkeys(range(1, steps + 1), 1) for job_id, steps in jobs.items()}
    assert ledger == expected, context
    attempts = await _fetch(
        database_url,
        """
        select job_id, position, attempt, lease_epoch, worker, status, error_type, error
        from job_step_attempt where job_id = any($1::uuid[]) order by job_id, position, attempt
        """,
        ids,
    )
    odd = [dict(r) for r in attempts if r["status"] not in ("succeeded", "abandoned")]
    for row in odd:
        print("unexpected attempt:", row)
    assert not odd, context
    succeeded = {(r["job_id"], r["position"]): r for r in attempts if r["status"] == "succeeded"}
    assert len(succeeded) == sum(jobs.values()), context
    for row in attempts:
        if row["status"] == "abandoned":
            winner = succeeded[(row["job_id"], row["position"])]
            assert winner["attempt"] > row["attempt"], (context, dict(row))
            assert winner["lease_epoch"] > row["lease_epoch"], (context, dict(row))


def assert_no_crash(logs: str) -> None:
    """No worker died of, or dropped a job on, an unexpected exception."""
    for marker in ("Traceback", "job_task_crashed"):
        assert marker not in logs, logs[-6000:]


def worker_pid(worker_id: str) -> int:
    """The pid inside a worker id (``host:pid:random``)."""
    return int(worker_id.split(":")[-2])


# --- SIGKILL ------------------------------------------------------------------------------------


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


KILLS = 20
STEPS = 5
SLEEP_S = 0.25


async def test_twenty_random_sigkills_lose_no_job_and_apply_each_effect_once(
    client: httpx.AsyncClient, admin_headers, database_url: str, workers: Workers
) -> None:
    seed = int(os.environ.get("LIFEBOAT_FAULT_SEED") or random.randrange(2**32))
    print(f"fault seed {seed} (rerun with LIFEBOAT_FAULT_SEED={seed})")
    rng = random.Random(seed)
    context = f"seed {seed}"
    jobs: dict[uuid.UUID, int] = {}

    async def top_up() -> None:
        """Keep a few jobs in flight so that every kill lands on running work."""
        rows = await _fetch(
            database_url,
            "select count(*) as n from job where id = any($1::uuid[]) and status not in "
            "('succeeded', 'failed', 'cancelled')",
            list(jobs),
        )
        for _ in range(max(0, 4 - rows[0]["n"])):
            created = await create_probe(
                client, admin_headers, steps=STEPS, sleep_s=SLEEP_S, scope=f"fault:{uuid.uuid4().hex}"
            )
            jobs[uuid.UUID(created["job"]["id"])] = STEPS

    await top_up()
    for _ in range(2):
        workers.start(concurrency=3, lease_s=1.0)

    held_at_kill: list[tuple[uuid.UUID, int, str]] = []  # (job, lease epoch, killed worker id)
    for kill in range(KILLS):
        await top_up()

        async def running_step() -> list[asyncpg.Record]:
            live = set(workers.live())
            rows = await _fetch(
                database_url,
                """
                select a.worker from job_step_attempt a join job j on j.id = a.job_id
                where a.status = 'running' and j.lease_owner = a.worker and j.lease_epoch = a.lease_epoch
                """,
            )
            return [r for r in rows if worker_pid(r["worker"]) in live]

        candidates = await wait_for(
            running_step, attempts=300, interval=0.05, what=f"a running step before kill {kill + 1}"
        )
        victim: str = rng.choice(candidates)["worker"]
        # a random moment: inside the step, or past it into its completion or the next step
        await asyncio.sleep(rng.uniform(0, SLEEP_S * 1.5))
        await workers.kill(worker_pid(victim))
        workers.start(concurrency=3, lease_s=1.0)  # the replacement
        await asyncio.sleep(0.1)  # let a commit already sent by the victim land
        held = await _fetch(
            database_url,
            "select id, lease_epoch from job where lease_owner = $1 and status = any($2::text[])",
            victim,
            list(ACTIVE),
        )
        held_at_kill += [(r["id"], r["lease_epoch"], victim) for r in held]

    await wait_all_terminal(database_url, list(jobs), f"all jobs to finish ({context})")
    logs = workers.all_logs()
    await assert_engine_consistent(database_url, jobs, context)

    # lease bookkeeping: every job a killed worker held was claimed again with the next epoch,
    # flagged as resumed after lease expiry, and its abandoned attempt belongs to the victim
    assert held_at_kill, context
    claims = await _fetch(
        database_url,
        "select job_id, data from job_event where type = 'job.claimed' and job_id = any($1::uuid[])",
        list(jobs),
    )
    claimed: dict[tuple[uuid.UUID, int], dict[str, Any]] = {}
    for row in claims:
        data = json.loads(row["data"])
        claimed[(row["job_id"], data["lease_epoch"])] = data
    for job_id, epoch, victim in held_at_kill:
        resumed = claimed.get((job_id, epoch + 1))
        assert resumed is not None, (context, job_id, epoch, victim)
        assert resumed["resumed_after_lease_expiry"] is True, (context, resumed)
        assert resumed["worker"] != victim, (context, resumed)
    abandoned = await _fetch(
        database_url,
        "select worker from job_step_attempt where status = 'abandoned' and job_id = any($1::uuid[])",
        list(jobs),
    )
    assert abandoned, context
    killed = {victim for _, _, victim in held_at_kill}
    print(f"{KILLS} kills, {len(jobs)} jobs, {len(held_at_kill)} leases abandoned, {len(abandoned)} attempts")
    assert {r["worker"] for r in abandoned} <= killed, context
    # no worker crashed on its own: the only dead ones are those this test killed
    assert len(workers.live()) == 2, (context, logs[-4000:])
    assert_no_crash(logs)


# --- SIGSTOP past the lease ---------------------------------------------------------------------


async def test_worker_stopped_past_its_lease_has_its_late_writes_rejected(
    client: httpx.AsyncClient, admin_headers, database_url: str, workers: Workers
) -> None:
    created = await create_probe(client, admin_headers, steps=3, sleep_s=0.8, scope="fault:sigstop")
    job_id = uuid.UUID(created["job"]["id"])
    stale = workers.start(concurrency=1, lease_s=1.0)

    async def step_two_attempt() -> asyncpg.Record | None:
        rows = await _fetch(
            database_url,
            "select lease_epoch, worker from job_step_attempt "
            "where job_id = $1 and position = 2 and status = 'running'",
            job_id,
        )
        return rows[0] if rows else None

    first = await wait_for(step_two_attempt, attempts=400, interval=0.05, what="step 2 in worker 1")
    assert worker_pid(first["worker"]) == stale

    async def busy_backends() -> int:
        rows = await _fetch(
            database_url,
            "select count(*) as n from pg_stat_activity where datname = current_database() "
            "and pid <> pg_backend_pid() and state <> 'idle'",
        )
        return int(rows[0]["n"])

    # freeze the worker inside its step's sleep, not inside a transaction holding the job row
    # (the new owner's claim skips locked rows and would wait for the frozen worker)
    for _ in range(50):
        workers.signal(stale, signal.SIGSTOP)
        if await busy_backends() == 0:
            break
        workers.signal(stale, signal.SIGCONT)
        await asyncio.sleep(0.02)
    else:
        raise AssertionError("could not stop the worker outside a transaction")

    replacement = workers.start(concurrency=1, lease_s=1.0)

    async def taken_over() -> asyncpg.Record | None:
        rows = await _fetch(
            database_url,
            "select lease_epoch, worker from job_step_attempt "
            "where job_id = $1 and position = 2 and lease_epoch > $2",
            job_id,
            first["lease_epoch"],
        )
        return rows[0] if rows else None

    second = await wait_for(taken_over, attempts=400, interval=0.05, what="the job taken over")
    assert worker_pid(second["worker"]) == replacement
    # the frozen worker's step ran past its sleep and its lease: let it try to write
    workers.signal(stale, signal.SIGCONT)

    async def stale_gave_up() -> bool:
        return "job_abandoned_lease_lost" in workers.log_of(stale)

    await wait_for(stale_gave_up, attempts=300, interval=0.05, what="the stale worker to give up")
    await wait_all_terminal(database_url, [job_id], "the job to finish")
    logs = workers.all_logs()
    await assert_engine_consistent(database_url, {job_id: 3}, logs[-4000:])

    attempts = await _fetch(
        database_url,
        "select status, lease_epoch, worker from job_step_attempt where job_id = $1 and position = 2 "
        "order by attempt",
        job_id,
    )
    assert [(r["status"], r["lease_epoch"], r["worker"]) for r in attempts] == [
        ("abandoned", first["lease_epoch"], first["worker"]),
        ("succeeded", second["lease_epoch"], second["worker"]),
    ]
    effect = await _fetch(
        database_url, "select lease_epoch, worker from job_effect where job_id = $1 and step = 2", job_id
    )
    assert [(r["lease_epoch"], r["worker"]) for r in effect] == [(second["lease_epoch"], second["worker"])]
    succeeded_events = await _fetch(
        database_url,
        "select count(*) as n from job_event where job_id = $1 and type = 'step.succeeded' "
        "and (data->>'position')::int = 2",
        job_id,
    )
    assert succeeded_events[0]["n"] == 1
    # the stale worker saw its lease gone (heartbeat renewal or fenced write refused) and dropped
    # the job under its old epoch, without crashing
    stale_lines = [json.loads(line) for line in workers.log_of(stale).splitlines() if line.startswith("{")]
    gave_up = [e for e in stale_lines if e.get("event") == "job_abandoned_lease_lost"]
    assert [(e["job_id"], e["epoch"]) for e in gave_up] == [(str(job_id), first["lease_epoch"])], logs
    assert alive(stale), logs
    assert_no_crash(logs)

    # and it is still a healthy worker: with the replacement gone it runs the next job
    await workers.kill(replacement)
    after = await create_probe(client, admin_headers, steps=1, sleep_s=0, scope="fault:sigstop-after")
    after_id = uuid.UUID(after["job"]["id"])
    await wait_all_terminal(database_url, [after_id], "the next job")
    await assert_engine_consistent(database_url, {after_id: 1}, workers.log_of(stale)[-4000:])
    owner = await _fetch(database_url, "select worker from job_step_attempt where job_id = $1", after_id)
    assert worker_pid(owner[0]["worker"]) == stale


# --- PostgreSQL connections terminated ----------------------------------------------------------


async def _terminate_backends(database_url: str) -> int:
    rows = await _fetch(
        database_url,
        "select pg_terminate_backend(pid) as ok from pg_stat_activity "
        "where datname = current_database() and pid <> pg_backend_pid()",
    )
    return sum(1 for r in rows if r["ok"])


async def create_after_outage(
    client: httpx.AsyncClient, headers: dict[str, str], **params: Any
) -> dict[str, Any]:
    """Create a probe through the API whose own pool lost its connections too: a request that
    met a dead pooled connection is retried with the same Idempotency-Key (never a duplicate)."""
    key = new_key()
    for _ in range(5):
        response = await client.post(
            "/api/v1/jobs", json=probe_body(**params), headers={**headers, "Idempotency-Key": key}
        )
        if response.status_code < 500:
            break
        await asyncio.sleep(0.2)
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


async def test_workers_recover_from_terminated_database_connections(
    client: httpx.AsyncClient, admin_headers, database_url: str, workers: Workers
) -> None:
    seed = int(os.environ.get("LIFEBOAT_FAULT_SEED") or random.randrange(2**32))
    print(f"fault seed {seed} (rerun with LIFEBOAT_FAULT_SEED={seed})")
    rng = random.Random(seed)
    jobs: dict[uuid.UUID, int] = {}
    for i in range(6):
        created = await create_probe(client, admin_headers, steps=5, sleep_s=0.3, scope=f"fault:pg-{i}")
        jobs[uuid.UUID(created["job"]["id"])] = 5
    pids = [workers.start(concurrency=3, lease_s=1.0) for _ in range(2)]

    terminated = 0
    for _ in range(5):
        await asyncio.sleep(rng.uniform(0.2, 0.8))
        # every connection to the test database but this one: the workers' pools and LISTEN
        # connections and the test app's pool (the test reads on fresh connections)
        terminated += await _terminate_backends(database_url)
    assert terminated > 0

    await wait_all_terminal(database_url, list(jobs), f"jobs to finish after terminations (seed {seed})")
    logs = workers.all_logs()
    await assert_engine_consistent(database_url, jobs, f"seed {seed}\n{logs[-6000:]}")
    assert [pid for pid in pids if alive(pid)] == pids, logs[-6000:]

    # the workers still claim new work once the storm is over
    later: dict[uuid.UUID, int] = {}
    for i in range(2):
        created = await create_after_outage(client, admin_headers, steps=2, scope=f"fault:pg-later-{i}")
        later[uuid.UUID(created["job"]["id"])] = 2
    await wait_all_terminal(database_url, list(later), "jobs created after the terminations")
    await assert_engine_consistent(database_url, later, logs[-6000:])
    logs = workers.all_logs()
    assert [pid for pid in pids if alive(pid)] == pids, logs[-6000:]
    assert_no_crash(logs)


# --- NATS unreachable ---------------------------------------------------------------------------


def _unused_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


async def test_engine_runs_jobs_with_nats_unreachable(
    services: TestServices, database_url: str, zygote: Zygote, tmp_path: Path
) -> None:
    dead_nats = f"nats://127.0.0.1:{_unused_port()}"
    app = create_app(make_settings(services, database_url, nats_url=dead_nats))
    async with running_app(app) as client:
        headers = {"Authorization": f"Bearer {await bearer_token('admin')}"}
        workers = Workers(zygote, app.state.settings, tmp_path)
        try:
            pid = workers.start(concurrency=2, lease_s=1.0, LIFEBOAT_NATS_URL=dead_nats)
            jobs: dict[uuid.UUID, int] = {}
            for i in range(3):
                created = await create_probe(client, headers, steps=2, sleep_s=0.1, scope=f"fault:nats-{i}")
                jobs[uuid.UUID(created["job"]["id"])] = 2
            await wait_all_terminal(database_url, list(jobs), "jobs to finish without NATS")
            await assert_engine_consistent(database_url, jobs, workers.all_logs())
            assert alive(pid), workers.all_logs()
            assert_no_crash(workers.all_logs())
        finally:
            await workers.stop_all()
