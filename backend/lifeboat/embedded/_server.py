"""The lifecycle every embedded server shares: a locked data directory, one managed process,
connection info while it runs, and a two-phase stop (signal all, then wait for each)."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

import structlog

from lifeboat.embedded._process import DirLock, EmbeddedServerError, ManagedProcess

InfoT = TypeVar("InfoT")

log = structlog.get_logger(__name__)


class EmbeddedServer(ABC, Generic[InfoT]):
    """Base of `EmbeddedPostgres`, `EmbeddedNats` and `EmbeddedS3`; subclasses implement `_start`."""

    what: ClassVar[str]

    def __init__(
        self, data_dir: Path | str, *, port: int | None = None, startup_timeout: float = 60.0
    ) -> None:
        self.data_dir = Path(data_dir).resolve()
        self.requested_port = port
        self.startup_timeout = startup_timeout
        self._process: ManagedProcess | None = None
        self._lock = DirLock(self.data_dir, what=self.what)
        self._info: InfoT | None = None

    @property
    def info(self) -> InfoT:
        """Connection info; raises if the server was not started."""
        if self._info is None:
            raise EmbeddedServerError(f"embedded {self.what} is not running")
        return self._info

    @property
    def pid(self) -> int | None:
        """The server's pid, once started."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        """Whether the server is running."""
        return self._process is not None and self._process.running

    def start(self) -> InfoT:
        """Start the server (holding the data directory's lock) and wait until it is usable."""
        if self.running:
            return self.info
        started = time.monotonic()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock.acquire()
        try:
            return self._start(started)
        except BaseException:
            self._lock.release()
            raise

    @abstractmethod
    def _start(self, started: float) -> InfoT:
        """Launch the process, set `_process` and `_info`, and return the info."""

    def _after_stop(self) -> None:
        """Clean-up a subclass needs once its process has exited."""

    def send_stop(self) -> None:
        """Ask the server to shut down without waiting."""
        if self._process is not None:
            self._process.send_stop()

    def wait_stopped(self, timeout: float = 30.0) -> None:
        """Wait until the server has exited, killing it after `timeout` seconds."""
        if self._process is None:
            return
        self._process.wait_stopped(timeout)
        self._after_stop()
        log.info(f"embedded.{self.what}.stopped", pid=self._process.pid)
        self._process = None
        self._info = None
        self._lock.release()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop the server and wait for it to exit."""
        self.send_stop()
        self.wait_stopped(timeout)
