"""`EmbeddedStack`: embedded PostgreSQL, NATS (JetStream) and S3 under one base directory.

Used by `lifeboat dev` and by the test suite when no machine services answer::

    with EmbeddedStack(Path(".lifeboat")) as info:
        run_app(database_url=info.database_url, nats_url=info.nats_url, ...)

The three servers start in parallel; if one fails, the others are stopped before the error
propagates. Every child dies with the Python process (PR_SET_PDEATHSIG), so a crashed or
SIGKILLed Lifeboat leaves no server behind.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

import structlog

from lifeboat.embedded._process import EmbeddedServerError, PortInUseError, require_free_port
from lifeboat.embedded.nats import EmbeddedNats, NatsInfo
from lifeboat.embedded.postgres import EmbeddedPostgres, PostgresInfo
from lifeboat.embedded.s3 import EmbeddedS3, S3Info
from lifeboat.store.policy import read_only_prefix_policy

__all__ = [
    "EmbeddedServerError",
    "EmbeddedStack",
    "EmbeddedStackInfo",
    "PortInUseError",
    "embedded_nats",
    "embedded_postgres",
    "embedded_s3",
    "read_only_prefix_policy",
]

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class EmbeddedStackInfo:
    """Connection info for a running stack."""

    database_url: str
    nats_url: str
    s3_endpoint_url: str
    s3_region: str
    s3_access_key_id: str
    s3_secret_access_key: str = field(repr=False)
    # STS is served on the S3 endpoint; assume `s3_restore_role_arn` with a session policy
    # (see `read_only_prefix_policy`) to mint scoped, short-lived, read-only credentials.
    s3_sts_endpoint_url: str
    s3_restore_role_arn: str


class _Server(Protocol):
    @property
    def pid(self) -> int | None: ...

    @property
    def running(self) -> bool: ...

    def send_stop(self) -> None: ...

    def wait_stopped(self, timeout: float = ...) -> None: ...


class EmbeddedStack:
    """PostgreSQL in `<base>/postgres`, NATS in `<base>/nats`, S3 in `<base>/s3`.

    Ports left as None are picked automatically (the previous run's when still free); an explicit
    port that is taken raises `PortInUseError` before anything starts. Data persists across
    restarts on the same base directory. Usable as a (sync or async) context manager.
    """

    def __init__(
        self,
        base_dir: Path | str,
        *,
        postgres_port: int | None = None,
        nats_port: int | None = None,
        s3_port: int | None = None,
        startup_timeout: float = 60.0,
    ) -> None:
        self.base_dir = Path(base_dir).resolve()
        self.postgres = EmbeddedPostgres(
            self.base_dir / "postgres", port=postgres_port, startup_timeout=startup_timeout
        )
        self.nats = EmbeddedNats(self.base_dir / "nats", port=nats_port, startup_timeout=startup_timeout)
        self.s3 = EmbeddedS3(self.base_dir / "s3", port=s3_port, startup_timeout=startup_timeout)
        self._info: EmbeddedStackInfo | None = None

    @property
    def _servers(self) -> tuple[_Server, ...]:
        return (self.postgres, self.nats, self.s3)

    @property
    def info(self) -> EmbeddedStackInfo:
        """Connection info; raises if the stack is not running."""
        if self._info is None:
            raise EmbeddedServerError("embedded stack is not running")
        return self._info

    @property
    def running(self) -> bool:
        """Whether all three servers are running."""
        return self._info is not None and all(server.running for server in self._servers)

    def pids(self) -> list[int]:
        """Pids of the server processes that are running."""
        return [server.pid for server in self._servers if server.running and server.pid is not None]

    def _check_requested_ports(self) -> None:
        requested = {
            "postgres": self.postgres.requested_port,
            "nats": self.nats.requested_port,
            "s3": self.s3.requested_port,
        }
        seen: dict[int, str] = {}
        for what, port in requested.items():
            if port is None:
                continue
            if port in seen:
                raise EmbeddedServerError(f"embedded {what} and {seen[port]} cannot both use port {port}")
            seen[port] = what
            require_free_port(port, what=what)

    def start(self) -> EmbeddedStackInfo:
        """Start the three servers in parallel and return their connection info.

        Blocking (typically under a second on this 2-core machine, new directory or not); from
        async code use `async with` or `await asyncio.to_thread(stack.start)`.
        """
        if self.running:
            return self.info
        self._check_requested_ports()
        started = time.monotonic()
        self.base_dir.mkdir(parents=True, exist_ok=True)
        with concurrent.futures.ThreadPoolExecutor(
            max_workers=3, thread_name_prefix="embedded-start"
        ) as pool:
            pg_future = pool.submit(self.postgres.start)
            nats_future = pool.submit(self.nats.start)
            s3_future = pool.submit(self.s3.start)
            futures: list[concurrent.futures.Future[Any]] = [pg_future, nats_future, s3_future]
            try:
                concurrent.futures.wait(futures)
            except BaseException:
                # Interrupted while waiting: let the starts finish (each is bounded) so that
                # nothing is spawned after the cleanup below, then stop everything.
                pool.shutdown(wait=True)
                self._stop_all()
                raise
        errors = [exc for exc in (f.exception() for f in futures) if exc is not None]
        if errors:
            self._stop_all()
            # A port conflict is the most actionable error; report it first.
            errors.sort(key=lambda exc: not isinstance(exc, PortInUseError))
            raise errors[0]
        pg, nats, s3 = pg_future.result(), nats_future.result(), s3_future.result()
        self._info = EmbeddedStackInfo(
            database_url=pg.database_url,
            nats_url=nats.nats_url,
            s3_endpoint_url=s3.endpoint_url,
            s3_region=s3.region,
            s3_access_key_id=s3.access_key_id,
            s3_secret_access_key=s3.secret_access_key,
            s3_sts_endpoint_url=s3.sts_endpoint_url,
            s3_restore_role_arn=s3.restore_role_arn,
        )
        log.info(
            "embedded.stack.started",
            base_dir=str(self.base_dir),
            database_url=pg.database_url,
            nats_url=nats.nats_url,
            s3_endpoint_url=s3.endpoint_url,
            seconds=round(time.monotonic() - started, 3),
        )
        return self._info

    def _stop_all(self) -> None:
        # Signal all first so the three shut down in parallel, then wait for each.
        for server in self._servers:
            server.send_stop()
        errors: list[BaseException] = []
        for server in self._servers:
            try:
                server.wait_stopped()
            except Exception as exc:  # keep stopping the others
                errors.append(exc)
        if errors:
            raise errors[0]

    def stop(self) -> None:
        """Stop all servers and wait until every process has exited. Safe to call twice."""
        started = time.monotonic()
        try:
            self._stop_all()
        finally:
            self._info = None
        log.info("embedded.stack.stopped", seconds=round(time.monotonic() - started, 3))

    def __enter__(self) -> EmbeddedStackInfo:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    async def __aenter__(self) -> EmbeddedStackInfo:
        return await asyncio.to_thread(self.start)

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await asyncio.to_thread(self.stop)


@contextlib.contextmanager
def embedded_postgres(data_dir: Path | str, *, port: int | None = None) -> Iterator[PostgresInfo]:
    """Run only an embedded PostgreSQL for the duration of the block."""
    server = EmbeddedPostgres(data_dir, port=port)
    try:
        yield server.start()
    finally:
        server.stop()


@contextlib.contextmanager
def embedded_nats(data_dir: Path | str, *, port: int | None = None) -> Iterator[NatsInfo]:
    """Run only an embedded NATS server for the duration of the block."""
    server = EmbeddedNats(data_dir, port=port)
    try:
        yield server.start()
    finally:
        server.stop()


@contextlib.contextmanager
def embedded_s3(data_dir: Path | str, *, port: int | None = None) -> Iterator[S3Info]:
    """Run only an embedded S3 server for the duration of the block."""
    server = EmbeddedS3(data_dir, port=port)
    try:
        yield server.start()
    finally:
        server.stop()
