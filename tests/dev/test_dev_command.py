"""`lifeboat dev` end to end: embedded servers, root token, printed login, clean stop, data kept."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(dev_dir: Path, port: int) -> tuple[subprocess.Popen[str], list[str]]:
    env = {
        **os.environ,
        "LIFEBOAT_DEV_DIR": str(dev_dir),
        "LIFEBOAT_PORT": str(port),
        "LIFEBOAT_DEV_ROOT_TOKEN": "dev-root-for-tests",
        "LIFEBOAT_LOG_LEVEL": "warning",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "lifeboat.cli", "dev"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    deadline = time.monotonic() + 90
    assert proc.stdout is not None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if "stop:" in line:
            return proc, lines
    proc.kill()
    proc.wait()
    proc.stdout.close()
    raise AssertionError("lifeboat dev did not start:\n" + "".join(lines))


def _stop(proc: subprocess.Popen[str]) -> list[int]:
    children = [c.pid for c in psutil.Process(proc.pid).children(recursive=True)]
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    if proc.stdout is not None:
        proc.stdout.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        alive = [
            pid for pid in children if psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie"
        ]
        if not alive:
            return []
        time.sleep(0.2)
    return alive


def test_dev_runs_prints_login_keeps_data_and_leaves_no_process(tmp_path: Path) -> None:
    port = _free_port()
    proc, lines = _start(tmp_path / "dev", port)
    try:
        output = "".join(lines)
        assert f"http://127.0.0.1:{port}/" in output
        match = re.search(r"password \(shown once[^:]*\): (\S+)", output)
        assert match, output
        password = match.group(1)
        base = f"http://127.0.0.1:{port}"
        me = httpx.get(
            f"{base}/api/v1/auth/me", headers={"Authorization": "Bearer dev-root-for-tests"}, timeout=10
        )
        assert me.status_code == 200
        assert me.json()["is_admin"] is True
        assert httpx.get(f"{base}/ready", timeout=10).json()["status"] == "ready"
        login = httpx.post(
            f"{base}/api/v1/auth/login", json={"username": "admin", "password": password}, timeout=10
        )
        assert login.status_code == 200
        assert psutil.Process(proc.pid).children(recursive=True), "embedded servers run as children"
        # The simulated fleet is on loopback, which `lifeboat dev` allows (production refuses it).
        fleet: list[dict[str, object]] = []
        for _ in range(100):  # bounded: the demo fleet registers itself after startup
            snapshot = httpx.get(
                f"{base}/api/v1/fleet", headers={"Authorization": "Bearer dev-root-for-tests"}, timeout=30
            )
            fleet = snapshot.json()["services"]
            if fleet and all(s["health"] == "ok" for s in fleet):
                break
            time.sleep(0.3)
        assert fleet, "the demo fleet was registered"
        assert all(s["health"] == "ok" for s in fleet), [s["last_error"] for s in fleet]
    finally:
        leftovers = _stop(proc)
    assert leftovers == [], f"processes left behind: {leftovers}"

    # A second start keeps the data: same admin password works, and it is not printed again.
    proc, lines = _start(tmp_path / "dev", port)
    try:
        output = "".join(lines)
        assert "shown once, stored only as a hash" not in output
        login = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/login",
            json={"username": "admin", "password": password},
            timeout=10,
        )
        assert login.status_code == 200
        audit = httpx.get(
            f"http://127.0.0.1:{port}/api/v1/audit?action=auth.login",
            headers={"Authorization": "Bearer dev-root-for-tests"},
            timeout=10,
        )
        assert len(audit.json()["items"]) == 2
    finally:
        assert _stop(proc) == []


def test_dev_on_a_busy_port_is_a_one_line_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "lifeboat.cli", "dev"],
            cwd=ROOT,
            env={**os.environ, "LIFEBOAT_DEV_DIR": str(tmp_path / "dev"), "LIFEBOAT_PORT": str(port)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode != 0
    error_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(error_lines) == 1, result.stderr
    assert str(port) in error_lines[0]
    assert "Traceback" not in result.stderr
