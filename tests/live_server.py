"""A real ``lifeboat serve`` subprocess on loopback, on its own fresh database.

Used by the browser e2e tests and the contract fuzzing, which both need the product as an
operator or an outside client sees it: a separate process speaking HTTP. Everything here is
synchronous; database setup runs on a worker thread with its own loop, so no async fixture
runs while Playwright (which takes over the thread's loop) is alive.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest

from lifeboat.db.engine import with_database
from lifeboat.embedded.s3 import RESTORE_READER_ROLE_ARN
from tests.services import TestServices

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 10.0


class LiveServerError(RuntimeError):
    """The server could not be prepared or did not become ready; the message has its log tail."""


@dataclass(frozen=True)
class LifeboatServer:
    base_url: str
    database_url: str
    log_path: Path
    admin_username: str
    admin_password: str
    # LIFEBOAT_AUDIT_KEY of the server: a worker next to it must key the audit chain alike
    audit_key: str = ""


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run a coroutine on a fresh loop in a worker thread (never touching this thread's loop)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="live-db") as pool:
        return pool.submit(lambda: asyncio.run(make())).result(timeout=60)


async def _admin_execute(server_url: str, sql: str) -> None:
    conn = await asyncpg.connect(with_database(server_url, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def sts_env(services: TestServices) -> dict[str, str]:
    """A live server's STS broker: the embedded S3's read-only role, or the machine's own
    (LIFEBOAT_TEST_STS_ROLE_ARN / LIFEBOAT_TEST_STS_ENDPOINT_URL); skips the test without one."""
    role = os.environ.get("LIFEBOAT_TEST_STS_ROLE_ARN") or (
        RESTORE_READER_ROLE_ARN if "embedded s3" in services.origin else None
    )
    if role is None:
        pytest.skip("the machine's S3 needs LIFEBOAT_TEST_STS_ROLE_ARN (a read-only role to assume)")
    env = {"LIFEBOAT_STS_ROLE_ARN": role}
    if os.environ.get("LIFEBOAT_TEST_STS_ENDPOINT_URL"):
        env["LIFEBOAT_STS_ENDPOINT_URL"] = os.environ["LIFEBOAT_TEST_STS_ENDPOINT_URL"]
    return env


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def lifeboat_command() -> list[str]:
    """The console script installed next to this interpreter (``.venv/bin/lifeboat``)."""
    script = Path(sys.executable).with_name("lifeboat")
    if script.exists():
        return [str(script)]
    found = shutil.which("lifeboat")
    if found:
        return [found]
    return [sys.executable, "-m", "lifeboat.cli"]


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the server's process group, SIGKILL after STOP_TIMEOUT_S; always reaps it."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT_S)


def _wait_ready(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    """Poll /ready until it answers 200 (bounded by READY_TIMEOUT_S)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    last = "no answer yet"
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise LiveServerError(
                    f"lifeboat serve exited with {process.returncode} before it was ready:\n{tail(log_path)}"
                )
            try:
                response = client.get("/ready")
            except httpx.TransportError as exc:
                last = repr(exc)
            else:
                if response.status_code == 200:
                    return
                last = f"HTTP {response.status_code}: {response.text[:500]}"
            time.sleep(0.2)
    raise LiveServerError(
        f"lifeboat serve was not ready after {READY_TIMEOUT_S:.0f} s ({last}):\n{tail(log_path)}"
    )


@contextlib.contextmanager
def live_lifeboat(
    services: TestServices,
    *,
    environment: str,
    log_path: Path,
    spa_dir: Path | None = None,
    admin_username: str = "admin",
    admin_password: str = "live-correct-horse-battery-staple",
    extra_env: dict[str, str] | None = None,
) -> Iterator[LifeboatServer]:
    """A fresh database, ``lifeboat migrate``, an admin user, and ``lifeboat serve`` until exit."""
    name = f"lifeboat_{environment}_{secrets.token_hex(6)}"
    run_async(lambda: _admin_execute(services.database_url, f'create database "{name}"'))
    database_url = with_database(services.database_url, name)
    audit_key = secrets.token_urlsafe(32)
    try:
        port = free_port()
        env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
        env.update(
            {
                "LIFEBOAT_ENVIRONMENT": environment,
                "LIFEBOAT_HOST": "127.0.0.1",
                "LIFEBOAT_PORT": str(port),
                "LIFEBOAT_DATABASE_URL": database_url,
                "LIFEBOAT_NATS_URL": services.nats_url,
                "LIFEBOAT_S3_ENDPOINT_URL": services.s3_endpoint_url,
                "LIFEBOAT_S3_REGION": services.s3_region,
                "LIFEBOAT_S3_ACCESS_KEY_ID": services.s3_access_key_id,
                "LIFEBOAT_S3_SECRET_ACCESS_KEY": services.s3_secret_access_key,
                "LIFEBOAT_S3_BUCKET": f"lifeboat-{environment}-{secrets.token_hex(4)}",
                "LIFEBOAT_SESSION_SECRET": secrets.token_urlsafe(32),
                "LIFEBOAT_AUDIT_KEY": audit_key,  # the chain's HMAC key, outside the database
                "LIFEBOAT_LOGIN_MAX_FAILURES": "50",
                "LIFEBOAT_LOG_FORMAT": "json",
                "LIFEBOAT_GIT_SHA": "test",
                # The simulated fleet runs on loopback; the SSRF tests set this to "" (production).
                "LIFEBOAT_OUTBOUND_ALLOW": "127.0.0.0/8,::1",
            }
        )
        if spa_dir is not None:
            env["LIFEBOAT_SPA_DIR"] = str(spa_dir)
        env.update(extra_env or {})
        lifeboat = lifeboat_command()

        def run_cli(*args: str) -> None:
            done = subprocess.run(
                [*lifeboat, *args],
                env=env,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            if done.returncode != 0:
                raise LiveServerError(
                    f"`lifeboat {' '.join(args[:2])}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
                )

        run_cli("migrate", "--no-create-database")
        run_cli(
            "users", "create",
            "--username", admin_username,
            "--role", "admin",
            "--password", admin_password,
            "--reason", "test fixture",
        )  # fmt: skip

        log_path.parent.mkdir(parents=True, exist_ok=True)
        base_url = f"http://127.0.0.1:{port}"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*lifeboat, "serve"],
                env=env,
                cwd=ROOT,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: teardown signals it and any child
            )
            try:
                _wait_ready(process, base_url, log_path)
                yield LifeboatServer(
                    base_url=base_url,
                    database_url=database_url,
                    log_path=log_path,
                    admin_username=admin_username,
                    admin_password=admin_password,
                    audit_key=env["LIFEBOAT_AUDIT_KEY"],  # extra_env may have set its own
                )
            finally:
                stop_process_group(process)
    finally:
        run_async(
            lambda: _admin_execute(services.database_url, f'drop database if exists "{name}" with (force)')
        )
