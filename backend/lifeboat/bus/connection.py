"""One NATS connection per process, with JetStream; failures are reported, never fatal at start.

The API must come up (and say "not ready") when NATS is down, so ``Bus.start`` does not raise;
``ping`` tells readiness what is wrong.
"""

from __future__ import annotations

import asyncio
import contextlib
import time

import nats
import structlog
from nats.aio.client import Client
from nats.js import JetStreamContext

from lifeboat.core.tasks import cancel_and_wait

log = structlog.get_logger(__name__)


class BusUnavailable(RuntimeError):
    """NATS is not connected."""


class Bus:
    """Holds the NATS client and its JetStream context."""

    def __init__(self, url: str, *, name: str = "lifeboat") -> None:
        self.url = url
        self.name = name
        self._nc: Client | None = None
        self._connect_task: asyncio.Task[None] | None = None

    async def start(self, *, connect_timeout: float = 2.0) -> None:
        """Connect once now; on failure keep retrying in the background."""
        try:
            await self._connect(connect_timeout)
        except Exception as exc:
            log.warning("nats_connect_failed", url=self.url, error=str(exc))
            self._connect_task = asyncio.create_task(self._reconnect_loop())

    async def _connect(self, timeout: float) -> None:
        # nats-py retries a failed FIRST connection forever when reconnects are unlimited, so
        # the first attempt is bounded here; once connected, reconnects are unlimited.
        self._nc = await asyncio.wait_for(
            nats.connect(
                self.url,
                name=self.name,
                connect_timeout=timeout,
                max_reconnect_attempts=-1,
                reconnect_time_wait=1,
                allow_reconnect=True,
                error_cb=self._on_error,
            ),
            timeout=timeout * 2,
        )

    async def _on_error(self, exc: Exception) -> None:
        # nats-py's default error callback logs a traceback for every refused reconnect while
        # NATS is down; one warning line says the same without alarming log scanners.
        log.warning("nats_error", url=self.url, error=str(exc) or type(exc).__name__)

    async def _reconnect_loop(self) -> None:
        delay = 1.0
        while self._nc is None:
            await asyncio.sleep(delay)
            try:
                await self._connect(2.0)
                log.info("nats_connected", url=self.url)
            except Exception:
                delay = min(delay * 2, 30.0)

    async def stop(self) -> None:
        """Drain and close (idempotent)."""
        if self._connect_task is not None:
            self._connect_task.cancel()
            self._connect_task = None
        if self._nc is not None and not self._nc.is_closed:
            # Not wait_for: a drain that swallows the timeout's cancellation would hang it.
            drain = asyncio.create_task(self._nc.drain(), name="nats-drain")
            await asyncio.wait({drain}, timeout=5)
            drained = drain.done() and not drain.cancelled() and drain.exception() is None
            if not drained:
                await cancel_and_wait(drain)
                with contextlib.suppress(Exception):
                    await self._nc.close()
        self._nc = None

    @property
    def client(self) -> Client:
        """The connected client (``BusUnavailable`` when there is none)."""
        if self._nc is None or not self._nc.is_connected:
            raise BusUnavailable(f"NATS at {self.url} is not connected")
        return self._nc

    @property
    def jetstream(self) -> JetStreamContext:
        """The JetStream context of the connected client."""
        return self.client.jetstream()

    async def ping(self, timeout: float) -> float:
        """Round-trip a flush and a JetStream account info call; milliseconds."""
        started = time.perf_counter()
        client = self.client
        await client.flush(timeout=max(1, int(timeout)))
        await asyncio.wait_for(client.jetstream().account_info(), timeout=timeout)
        return (time.perf_counter() - started) * 1000
