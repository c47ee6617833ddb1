"""The harness every job-engine runner shares (standard library + asyncpg only).

It runs in two interpreters: ours (``.venv``) and the peers' throwaway venv, so it imports
nothing from Lifeboat and nothing from the peers. An engine is an ``Engine`` adapter; the
harness creates its own database on the shared server, enqueues, runs the engine's worker
in this process and measures:

1. throughput: ``jobs`` one-step no-op jobs are enqueued in bulk *before* the worker starts;
   the clock runs from the first job's start (first claim) until a poller sees no unfinished
   job left (``Engine.remaining_sql``), so the engine's completion write is included;
2. latency: one job at a time, open-loop at ``rate`` jobs/s for ``latency_s`` seconds, each
   job's start minus the moment just before its enqueue call (so the enqueue round trip is
   included, identically for every engine).

Results go to stdout as one ``BENCH_RESULT {json}`` line for the orchestrator.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import secrets
import sys
import time
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

RESULT_PREFIX = "BENCH_RESULT "
POLL_S = 0.05
MIN_LATENCY_SAMPLES = 200  # the latency phase runs longer at low rates, up to MAX_LATENCY_S
MAX_LATENCY_S = 20.0


def with_database(url: str, name: str) -> str:
    """The same server URL pointing at database ``name``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise_ms(values: Sequence[float]) -> dict[str, float | int]:
    """p50/p90/p99/max of durations in seconds, reported in milliseconds."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50_ms": round(percentile(values, 50) * 1000, 2),
        "p90_ms": round(percentile(values, 90) * 1000, 2),
        "p99_ms": round(percentile(values, 99) * 1000, 2),
        "max_ms": round(max(values) * 1000, 2),
    }


@dataclass
class Starts:
    """What a running no-op task records: when each job (by key) started."""

    at: dict[Hashable, float] = field(default_factory=dict)
    runs: int = 0

    def mark(self, key: Hashable) -> None:
        self.runs += 1
        self.at.setdefault(key, time.perf_counter())

    def reset(self) -> None:
        self.at.clear()
        self.runs = 0


class Engine:
    """One engine under test; subclasses fill in the hooks."""

    name = "?"
    remaining_sql = ""  # count of jobs not yet finished (queued or running)
    purge_sql = ""  # delete unfinished jobs (after a capped throughput phase, worker stopped)
    failed_sql = ""  # count of jobs that did not succeed

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.starts = Starts()
        self.worker_task: asyncio.Task[Any] | None = None

    def check_worker(self) -> None:
        """Raise the worker's error when its task ended while jobs are left."""
        task = self.worker_task
        if task is not None and task.done():
            error = None if task.cancelled() else task.exception()
            raise RuntimeError(f"{self.name}: the worker stopped early") from error

    def version(self) -> str:
        raise NotImplementedError

    def settings(self) -> dict[str, Any]:
        """How the engine was configured (printed with the results)."""
        return {}

    async def setup(self, url: str) -> None:
        """Install the schema in the fresh database ``url`` and open clients."""
        raise NotImplementedError

    async def enqueue_bulk(self, n: int) -> None:
        """Enqueue ``n`` no-op jobs with the engine's bulk API."""
        raise NotImplementedError

    async def enqueue_one(self) -> Hashable:
        """Enqueue one no-op job; returns the key its task passes to ``starts.mark``."""
        raise NotImplementedError

    async def start_worker(self) -> None:
        raise NotImplementedError

    async def stop_worker(self) -> None:
        raise NotImplementedError

    async def close(self) -> None:
        """Close clients opened by ``setup``."""

    async def extra(self, rate: float, seconds: float, poll: asyncpg.Connection) -> dict[str, Any]:
        """Engine-specific extra measurements while the worker runs (none by default)."""
        return {}

    async def after_throughput(self, poll: asyncpg.Connection, done: int, first: float) -> dict[str, Any]:
        """Engine-specific notes on the throughput phase, right after it (e.g. work the engine
        still does in the background for the finished jobs); none by default."""
        return {}


async def wait_until_drained(poll: asyncpg.Connection, engine: Engine, limit_s: float) -> float:
    """Poll until no job is left unfinished; returns the perf_counter time it was seen."""
    deadline = time.perf_counter() + limit_s
    while True:
        engine.check_worker()
        left = await poll.fetchval(engine.remaining_sql)
        now = time.perf_counter()
        if left == 0:
            return now
        if now > deadline:
            raise TimeoutError(f"{engine.name}: {left} job(s) still unfinished after {limit_s:.0f}s")
        await asyncio.sleep(POLL_S)


async def drain_or_cap(
    poll: asyncpg.Connection, engine: Engine, jobs: int, max_s: float
) -> tuple[int, float]:
    """Wait for the queue to drain, at most ``max_s`` seconds after the worker started.

    Returns (jobs finished, perf_counter time it was seen). A capped run reports the throughput
    of the jobs it finished: a steady state, since the queue never ran dry.
    """
    deadline = time.perf_counter() + max_s
    while True:
        engine.check_worker()
        left = int(await poll.fetchval(engine.remaining_sql))
        now = time.perf_counter()
        if left == 0 or now > deadline:
            return jobs - left, now
        await asyncio.sleep(POLL_S)


async def produce_at_rate(engine: Engine, rate: float, seconds: float) -> dict[Hashable, float]:
    """Enqueue single jobs open-loop at ``rate`` per second; returns key -> time before enqueue."""
    count = max(1, int(rate * seconds))
    enqueued: dict[Hashable, float] = {}
    t0 = time.perf_counter()
    for i in range(count):
        due = t0 + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        before = time.perf_counter()
        key = await engine.enqueue_one()
        enqueued[key] = before
    return enqueued


async def measure(
    engine: Engine, server_url: str, jobs: int, rate: float | None, latency_s: float, max_s: float
) -> dict[str, Any]:
    """Both phases on a fresh database; the database is dropped afterwards."""
    db_name = f"bench_{engine.name}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await admin.execute(f'create database "{db_name}"')
    finally:
        await admin.close()
    url = with_database(server_url, db_name)
    result: dict[str, Any] = {
        "engine": engine.name,
        "version": engine.version(),
        "concurrency": engine.concurrency,
        "settings": engine.settings(),
    }
    poll: asyncpg.Connection | None = None
    try:
        await engine.setup(url)
        poll = await asyncpg.connect(url)

        started = time.perf_counter()
        await engine.enqueue_bulk(jobs)
        result["enqueue_bulk_s"] = round(time.perf_counter() - started, 3)
        assert await poll.fetchval(engine.remaining_sql) == jobs, "bulk enqueue did not create every job"

        engine.starts.reset()
        worker_started = time.perf_counter()
        await engine.start_worker()
        done, cut_at = await drain_or_cap(poll, engine, jobs, max_s)
        first = min(engine.starts.at.values())
        elapsed = cut_at - first
        result["throughput"] = {
            "jobs": jobs,
            "completed": done,
            "capped": done < jobs,
            "task_runs": engine.starts.runs,
            "worker_start_to_first_claim_s": round(first - worker_started, 3),
            "first_claim_to_drained_s": round(elapsed, 3),
            "jobs_per_s": round(done / elapsed, 1),
        }
        result["throughput"].update(await engine.after_throughput(poll, done, first))
        if done < jobs:  # the time cap cut the run: drop what is left, restart clean
            await engine.stop_worker()
            await poll.execute(engine.purge_sql)
            await engine.start_worker()

        target = rate if rate is not None else result["throughput"]["jobs_per_s"] / 2
        engine.starts.reset()
        seconds = min(max(latency_s, MIN_LATENCY_SAMPLES / target), MAX_LATENCY_S)
        enqueued = await produce_at_rate(engine, target, seconds)
        await wait_until_drained(poll, engine, limit_s=300)
        latencies = [engine.starts.at[k] - t for k, t in enqueued.items() if k in engine.starts.at]
        result["latency"] = {
            "rate_per_s": round(target, 1),
            "seconds": round(seconds, 1),
            "enqueued": len(enqueued),
            **summarise_ms(latencies),
        }
        result["extra"] = await engine.extra(target, latency_s, poll)
        result["failed_jobs"] = int(await poll.fetchval(engine.failed_sql))
        await engine.stop_worker()
    finally:
        if poll is not None:
            await poll.close()
        with contextlib.suppress(Exception):
            await engine.close()
        admin = await asyncpg.connect(with_database(server_url, "postgres"))
        try:
            await admin.execute(f'drop database if exists "{db_name}" with (force)')
        finally:
            await admin.close()
    return result


def parse_args(engines: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Run one job engine's benchmark phases.")
    parser.add_argument("--engine", choices=list(engines), required=True)
    parser.add_argument("--server-url", default=os.environ.get("BENCH_DATABASE_URL"), required=False)
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument(
        "--rate", type=float, default=None, help="latency phase rate (default: half the peak)"
    )
    parser.add_argument("--latency-s", type=float, default=10.0)
    parser.add_argument(
        "--max-s",
        type=float,
        default=90.0,
        help="cap on the throughput phase (a capped run reports its rate)",
    )
    parser.add_argument("--profile", action="store_true", help="time the engine's phases (ours only)")
    args = parser.parse_args()
    if not args.server_url:
        parser.error("--server-url (or BENCH_DATABASE_URL) is required")
    return args


def emit(result: dict[str, Any]) -> None:
    """Hand the result to the orchestrator (one line on stdout)."""
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()
