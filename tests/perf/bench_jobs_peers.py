"""The peers, procrastinate and pgqueuer, under the shared harness.

Runs in the throwaway venv ``bench_jobs.py`` creates (``requirements-peers.txt``), never in the
project's ``.venv``: neither library is a dependency of Lifeboat. Each engine is configured as
its documentation suggests for an asyncio worker, with the same concurrency as ours:

- procrastinate: ``PsycopgConnector`` (a psycopg pool of ``2 * concurrency + 2`` connections,
  like ``lifeboat worker``), ``run_worker_async(concurrency=…)``, LISTEN/NOTIFY on, jobs kept;
- pgqueuer: ``AsyncpgDriver`` on one connection (its documented set-up),
  ``QueueManager.run(max_concurrent_tasks=concurrency, batch_size=concurrency // 2)`` (pgqueuer
  requires the cap to be at least twice the batch).

The producer of each engine uses its own connection, like a client enqueuing from elsewhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import Hashable
from importlib import metadata
from pathlib import Path
from typing import Any

import asyncpg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench_common import Engine, emit, measure, parse_args

TASK = "noop"


class ProcrastinateEngine(Engine):
    name = "procrastinate"
    remaining_sql = "select count(*) from procrastinate_jobs where status in ('todo', 'doing')"
    failed_sql = "select count(*) from procrastinate_jobs where status <> 'succeeded'"
    purge_sql = "delete from procrastinate_jobs where status in ('todo', 'doing')"

    def __init__(self, concurrency: int) -> None:
        super().__init__(concurrency)
        self._pool_size = max(4, concurrency * 2 + 2)
        self._stack = contextlib.AsyncExitStack()

    def version(self) -> str:
        return f"{metadata.version('procrastinate')} (psycopg {metadata.version('psycopg')})"

    def settings(self) -> dict[str, Any]:
        return {"pool_size": self._pool_size, "listen_notify": True, "driver": "psycopg 3"}

    async def setup(self, url: str) -> None:
        import procrastinate

        def app_for(min_size: int, max_size: int) -> Any:
            return procrastinate.App(
                connector=procrastinate.PsycopgConnector(conninfo=url, min_size=min_size, max_size=max_size)
            )

        self.app = app_for(2, self._pool_size)
        starts = self.starts

        @self.app.task(name=TASK, pass_context=True)
        async def noop(context: Any) -> None:
            starts.mark(context.job.id)

        await self._stack.enter_async_context(self.app.open_async())
        await self.app.schema_manager.apply_schema_async()
        self.producer = app_for(1, 1)
        await self._stack.enter_async_context(self.producer.open_async())
        self.deferrer = self.producer.configure_task(TASK)

    async def enqueue_bulk(self, n: int) -> None:
        await self.deferrer.batch_defer_async(*({} for _ in range(n)))

    async def enqueue_one(self) -> Hashable:
        job_id: int = await self.deferrer.defer_async()
        return job_id

    async def start_worker(self) -> None:
        self.worker_task = asyncio.create_task(
            self.app.run_worker_async(
                concurrency=self.concurrency, wait=True, install_signal_handlers=False, listen_notify=True
            )
        )

    async def stop_worker(self) -> None:
        if self.worker_task is not None:
            self.worker_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.worker_task
            self.worker_task = None

    async def close(self) -> None:
        await self._stack.aclose()


class PgQueuerEngine(Engine):
    name = "pgqueuer"
    remaining_sql = "select count(*) from pgqueuer"
    purge_sql = "delete from pgqueuer"
    failed_sql = "select count(*) from pgqueuer_log where status not in ('queued', 'picked', 'successful')"

    def __init__(self, concurrency: int) -> None:
        super().__init__(concurrency)
        self._batch = max(1, concurrency // 2)

    def version(self) -> str:
        return f"{metadata.version('pgqueuer')} (asyncpg {metadata.version('asyncpg')})"

    def settings(self) -> dict[str, Any]:
        return {
            "connections": "1 worker + 1 producer",
            "max_concurrent_tasks": self.concurrency,
            "batch_size": self._batch,
            "driver": "asyncpg",
        }

    async def setup(self, url: str) -> None:
        from pgqueuer import AsyncpgDriver, Queries, QueueManager

        self.conn = await asyncpg.connect(url)
        self.producer_conn = await asyncpg.connect(url)
        await Queries(AsyncpgDriver(self.conn)).install()
        self.producer = Queries(AsyncpgDriver(self.producer_conn))
        self._new_manager = lambda: QueueManager(Queries(AsyncpgDriver(self.conn)))

    async def enqueue_bulk(self, n: int) -> None:
        await self.producer.enqueue([TASK] * n, [None] * n, [0] * n)

    async def enqueue_one(self) -> Hashable:
        ids = await self.producer.enqueue(TASK, None)
        return int(ids[0])

    async def start_worker(self) -> None:
        from datetime import timedelta

        self.qm = self._new_manager()
        starts = self.starts

        @self.qm.entrypoint(TASK)
        async def noop(job: Any) -> None:
            starts.mark(int(job.id))

        self.worker_task = asyncio.create_task(
            self.qm.run(
                dequeue_timeout=timedelta(seconds=30),
                batch_size=self._batch,
                max_concurrent_tasks=self.concurrency,
            )
        )

    async def stop_worker(self) -> None:
        if self.worker_task is not None:
            self.qm.shutdown.set()
            await asyncio.wait_for(self.worker_task, timeout=60)
            self.worker_task = None

    async def close(self) -> None:
        await self.producer_conn.close()
        await self.conn.close()


def main() -> None:
    args = parse_args(["procrastinate", "pgqueuer"])
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    engine: Engine = (
        ProcrastinateEngine(args.concurrency)
        if args.engine == "procrastinate"
        else PgQueuerEngine(args.concurrency)
    )
    emit(asyncio.run(measure(engine, args.server_url, args.jobs, args.rate, args.latency_s, args.max_s)))


if __name__ == "__main__":
    main()
