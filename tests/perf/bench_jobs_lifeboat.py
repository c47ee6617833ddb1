"""Our job engine under the shared harness (runs in the project's ``.venv``).

The jobs are of a dedicated one-step no-op kind (``bench.noop``, registered only here) run by
the real ``Worker`` with what ``lifeboat worker`` uses: the same pool size, lease, poll interval
and receipts written to an object store (an embedded SeaweedFS unless
``LIFEBOAT_TEST_S3_ENDPOINT_URL`` names one, as in the tests). Jobs are enqueued with one
``insert … select from unnest(…)`` statement that writes exactly the rows ``insert_job`` writes
(the job, its steps, its ``job.created`` event), so bulk and single enqueue are one round trip,
like the peers' defer calls; the HTTP API (idempotency key, audit) is not measured.

``--profile`` also times the worker's phases per job (claim, step start, step success, finish,
receipt) and reruns the throughput phase without receipts, to show where the time goes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_common import Engine, drain_or_cap, emit, measure, parse_args, summarise_ms, wait_until_drained

import lifeboat
from lifeboat.core.ids import new_id
from lifeboat.core.logging import configure_logging
from lifeboat.db.engine import Database
from lifeboat.db.migrate import run_migrations
from lifeboat.jobs import worker as worker_module
from lifeboat.jobs.definitions import (
    JobKind,
    RetryPolicy,
    StepContext,
    StepDefinition,
    StepResult,
    plan_for,
    registry_of,
)
from lifeboat.jobs.metrics import JobMetrics
from lifeboat.jobs.service import request_hash
from lifeboat.jobs.worker import Worker
from lifeboat.piccolo_app import TABLES
from lifeboat.store.objects import ObjectStore

KIND = "bench.noop"
REPO = Path(__file__).resolve().parents[2]


class NoopParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    steps: int = 1


class Marks:
    """Step starts and ends, per job id (step transitions inside a job)."""

    def __init__(self) -> None:
        self.step_end: dict[tuple[str, int], float] = {}
        self.step_start: dict[tuple[str, int], float] = {}


def noop_kind(engine: LifeboatEngine) -> JobKind:
    async def noop(ctx: StepContext) -> StepResult:
        now = time.perf_counter()
        if ctx.position == 1:
            engine.starts.mark(ctx.job_id)
        engine.marks.step_start.setdefault((ctx.job_id, ctx.position), now)
        engine.marks.step_end[(ctx.job_id, ctx.position)] = time.perf_counter()
        return StepResult()

    def steps(params: NoopParams) -> list[StepDefinition]:
        return [
            StepDefinition(name=f"noop-{i}", run=noop, timeout_s=60.0, retry=RetryPolicy())
            for i in range(1, params.steps + 1)
        ]

    return JobKind(
        name=KIND,
        params_type=NoopParams,
        steps=steps,
        mutating=True,
        min_role="operator",
        description="benchmark: steps that do nothing",
    )


INSERT_JOBS_SQL = """
with new_job as (
  insert into job (id, kind, status, params, request_hash, plan, reason, dry_run, mutating,
    requires_approval, lock_scope, created_by, created_by_name, created_at, updated_at, run_after,
    lease_epoch, last_event_seq)
  select id, $2, 'pending', $3::jsonb, $4, $5::jsonb, 'benchmark', false, $6, false, null,
    'bench', 'bench', now(), now(), now(), 0, 1
  from unnest($1::uuid[]) with ordinality as t(id, n)
  order by n
  returning id
), new_step as (
  insert into job_step (id, job_id, position, name, status, timeout_s, max_attempts, attempts, effect)
  select gen_random_uuid(), j.id, s.position, s.name, 'pending', s.timeout_s, s.max_attempts, 0, 'not_done'
  from new_job j
  cross join unnest($7::int[], $8::text[], $9::float8[], $10::int[]) as s(position, name, timeout_s, max_attempts)
), new_event as (
  insert into job_event (id, job_id, seq, at, type, data)
  select gen_random_uuid(), j.id, 1, clock_timestamp(), 'job.created', $11::jsonb
  from new_job j
)
select count(*) from new_job
"""


class Profile:
    """Wall time spent in the worker's phases (summed over concurrent jobs)."""

    def __init__(self) -> None:
        self.total: dict[str, float] = defaultdict(float)
        self.count: dict[str, int] = defaultdict(int)

    def wrap(self, name: str, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return await fn(*args, **kwargs)
            finally:
                self.total[name] += time.perf_counter() - started
                self.count[name] += 1

        return timed

    def reset(self) -> None:
        self.total.clear()
        self.count.clear()

    def report(self, jobs: int) -> dict[str, dict[str, float]]:
        return {
            name: {
                "calls": self.count[name],
                "ms_per_call": round(self.total[name] / max(1, self.count[name]) * 1000, 3),
                "ms_per_job": round(self.total[name] / jobs * 1000, 3),
            }
            for name in sorted(self.total)
        }


class LifeboatEngine(Engine):
    name = "lifeboat"
    remaining_sql = "select count(*) from job where status in ('pending', 'running', 'cancelling')"
    failed_sql = "select count(*) from job where status <> 'succeeded'"
    purge_sql = "delete from job where status in ('pending', 'running', 'cancelling')"

    def __init__(self, concurrency: int, store_settings: dict[str, Any], profile: bool) -> None:
        super().__init__(concurrency)
        self.marks = Marks()
        self.kind = noop_kind(self)
        self.registry = registry_of([self.kind])
        self.store_settings = store_settings
        self.profile = Profile() if profile else None
        self.db: Database | None = None
        self.producer: asyncpg.Connection | None = None
        self.store: ObjectStore | None = None
        self.worker: Worker | None = None
        self._stop = asyncio.Event()
        self._pool_size = max(4, concurrency * 2 + 2)  # what `lifeboat worker` opens
        self._prepared: dict[int, tuple[Any, ...]] = {}
        self._jobs = 0

    def version(self) -> str:
        try:
            sha = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True
            ).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            sha = "unknown"
        return f"{lifeboat.__version__} ({sha} + working tree)"

    def settings(self) -> dict[str, Any]:
        return {
            "pool_size": self._pool_size,
            "lease_s": 15.0,
            "poll_s": 1.0,
            "receipts": "embedded S3" if not os.environ.get("LIFEBOAT_TEST_S3_ENDPOINT_URL") else "S3",
            "driver": "asyncpg",
        }

    async def setup(self, url: str) -> None:
        await run_migrations(url)
        self.db = Database(url, pool_size=self._pool_size)
        await self.db.start(TABLES)
        store = ObjectStore(**self.store_settings)
        self.store = store
        await store.ensure_bucket()
        self.worker = Worker(
            database_url=url,
            registry=self.registry,
            store=store,
            concurrency=self.concurrency,
            lease_s=15.0,
            poll_s=1.0,
            metrics=JobMetrics(),
            scheduler=False,
        )
        if self.profile is not None:
            for name in (
                "claim_next_job",
                "start_attempt",
                "record_step_success",
                "finish_after_last_step",
                "finish_job",
                "run_job",
            ):
                setattr(self.worker, name, self.profile.wrap(name, getattr(self.worker, name)))
        self.producer = await asyncpg.connect(url)

    def _args(self, steps: int) -> tuple[Any, ...]:
        if steps not in self._prepared:
            params = NoopParams(steps=steps)
            plan = plan_for(self.kind, params)
            self._prepared[steps] = (
                KIND,
                msgspec.json.encode(params).decode(),
                request_hash(KIND, params, False),
                msgspec.json.encode(plan).decode(),
                self.kind.mutating,
                [s.position for s in plan.steps],
                [s.name for s in plan.steps],
                [s.timeout_s for s in plan.steps],
                [s.max_attempts for s in plan.steps],
                json.dumps({"status": "pending", "kind": KIND, "dry_run": False}),
            )
        return self._prepared[steps]

    async def _insert(self, ids: list[uuid.UUID], steps: int = 1) -> None:
        assert self.producer is not None
        count = await self.producer.fetchval(INSERT_JOBS_SQL, ids, *self._args(steps))
        assert count == len(ids)

    async def enqueue_bulk(self, n: int) -> None:
        self._jobs = max(self._jobs, n)
        await self._insert([new_id() for _ in range(n)])

    async def enqueue_one(self) -> Hashable:
        job_id = new_id()
        await self._insert([job_id])
        return str(job_id)

    async def start_worker(self) -> None:
        assert self.worker is not None
        self._stop.clear()
        self.worker_task = asyncio.create_task(self.worker.run(self._stop))

    async def stop_worker(self) -> None:
        self._stop.set()
        if self.worker_task is not None:
            await asyncio.wait_for(self.worker_task, timeout=60)
            self.worker_task = None

    async def close(self) -> None:
        if self.producer is not None:
            await self.producer.close()
        if self.store is not None:
            await self.store.close()
        if self.db is not None:
            await self.db.stop()

    async def after_throughput(self, poll: asyncpg.Connection, done: int, first: float) -> dict[str, Any]:
        """Receipts upload in the background after a job ends: how many were written when the
        queue drained, and the rate once every finished job's receipt is written and linked."""
        linked = "select count(*) from job where receipt_key is not null"
        at_drain = int(await poll.fetchval(linked))
        deadline = time.perf_counter() + 120
        written = at_drain
        while written < done and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
            written = int(await poll.fetchval(linked))
        elapsed = time.perf_counter() - first
        return {
            "receipts_at_drain": at_drain,
            "receipts_written": written,
            "jobs_per_s_with_receipts": round(done / elapsed, 1) if written >= done else None,
        }

    async def extra(self, rate: float, seconds: float, poll: asyncpg.Connection) -> dict[str, Any]:
        """Step transitions inside a job (two-step jobs at half the rate), and the profile."""
        result: dict[str, Any] = {}
        self.marks = Marks()
        step_rate = rate / 2
        count = max(1, int(step_rate * seconds))
        t0 = time.perf_counter()
        for i in range(count):
            delay = t0 + i / step_rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await self._insert([new_id()], steps=2)
        await wait_until_drained(poll, self, limit_s=300)
        transitions = [
            self.marks.step_start[(job, 2)] - end
            for (job, position), end in self.marks.step_end.items()
            if position == 1 and (job, 2) in self.marks.step_start
        ]
        result["step_transition"] = {
            "rate_per_s": round(step_rate, 1),
            "jobs": count,
            **summarise_ms(transitions),
        }
        if self.profile is not None:
            result["profile"] = await self._profile_runs(rate, seconds, poll)
        return result

    async def _profile_runs(self, rate: float, seconds: float, poll: asyncpg.Connection) -> dict[str, Any]:
        """Where a job's time goes, at peak: the worker's phases, its CPU, its database calls;
        as it is (receipts through the store's long-lived S3 client) and without receipts."""
        assert self.profile is not None
        assert self.worker is not None
        n = min(2000, self._jobs)
        out: dict[str, Any] = {}
        store = self.worker.store
        real_put = store.put_bytes
        original_receipt = getattr(worker_module, "store_receipts")
        calls = count_db_calls()
        async with contextlib.AsyncExitStack():

            async def no_receipt(job_ids: list[uuid.UUID], store: ObjectStore) -> list[uuid.UUID]:
                return []

            variants: list[tuple[str, Any, Any]] = [
                ("as_is", real_put, original_receipt),
                ("no_receipts", real_put, no_receipt),
            ]
            for label, put, receipt in variants:
                await self.stop_worker()
                setattr(store, "put_bytes", self.profile.wrap("receipt_s3_put", put))
                setattr(worker_module, "store_receipts", self.profile.wrap("store_receipts", receipt))
                try:
                    await self.enqueue_bulk(n)
                    self.profile.reset()
                    self.starts.reset()
                    calls.clear()
                    cpu = time.process_time()
                    await self.start_worker()
                    done, cut_at = await drain_or_cap(poll, self, n, max_s=60)
                    cpu = time.process_time() - cpu
                    elapsed = cut_at - min(self.starts.at.values())
                    out[label] = {
                        "jobs": done,
                        "jobs_per_s": round(done / elapsed, 1),
                        "worker_cpu_ms_per_job": round(cpu / done * 1000, 2),
                        "db_calls_per_job": {k: round(v / done, 2) for k, v in sorted(calls.items())},
                        "phases_ms_per_job": {
                            k: v["ms_per_job"] for k, v in self.profile.report(done).items()
                        },
                    }
                    if done < n:
                        await self.stop_worker()
                        await poll.execute(self.purge_sql)
                finally:
                    setattr(store, "put_bytes", real_put)
                    setattr(worker_module, "store_receipts", original_receipt)
            await self.stop_worker()
        await self.start_worker()
        return out


def count_db_calls() -> dict[str, int]:
    """Count asyncpg calls (each one round trip; BEGIN/COMMIT and the pool's reset included)."""
    counts: dict[str, int] = defaultdict(int)
    for name in ("execute", "executemany", "fetch", "fetchrow", "fetchval"):
        original = getattr(asyncpg.Connection, name)

        def counting(original: Any, name: str) -> Any:
            async def call(self: asyncpg.Connection, query: str, *args: Any, **kwargs: Any) -> Any:
                text = (
                    query.strip().split(None, 1)[0].lower().rstrip(";")
                    if isinstance(query, str) and query.strip()
                    else "?"
                )
                counts[
                    f"{name}:{text}"
                    if text in ("begin", "commit", "rollback", "select") and name == "execute"
                    else name
                ] += 1
                return await original(self, query, *args, **kwargs)

            return call

        setattr(asyncpg.Connection, name, counting(original, name))
    return counts


@contextlib.contextmanager
def object_store_settings() -> Iterator[dict[str, Any]]:
    """The tests' S3 (``LIFEBOAT_TEST_S3_*``), else an embedded SeaweedFS for this run."""
    bucket = f"lifeboat-bench-{uuid.uuid4().hex[:8]}"
    url = os.environ.get("LIFEBOAT_TEST_S3_ENDPOINT_URL")
    if url:
        yield {
            "bucket": bucket,
            "region": os.environ.get("LIFEBOAT_TEST_S3_REGION", "us-east-1"),
            "endpoint_url": url,
            "access_key_id": os.environ.get("LIFEBOAT_TEST_S3_ACCESS_KEY_ID", "test"),
            "secret_access_key": os.environ.get("LIFEBOAT_TEST_S3_SECRET_ACCESS_KEY", "test"),
        }
        return
    from lifeboat.embedded.stack import embedded_s3

    with tempfile.TemporaryDirectory(prefix="lifeboat-bench-s3-") as base, embedded_s3(Path(base)) as s3:
        yield {
            "bucket": bucket,
            "region": s3.region,
            "endpoint_url": s3.endpoint_url,
            "access_key_id": s3.access_key_id,
            "secret_access_key": s3.secret_access_key,
        }


def main() -> None:
    args = parse_args(["lifeboat"])
    configure_logging("warning", "json", stream=sys.stderr)
    with object_store_settings() as store:
        engine = LifeboatEngine(args.concurrency, store, profile=args.profile)
        result = asyncio.run(
            measure(engine, args.server_url, args.jobs, args.rate, args.latency_s, args.max_s)
        )
    emit(result)


if __name__ == "__main__":
    main()
