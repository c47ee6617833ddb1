"""The simulator's view of the placement maps in NATS JetStream KV: read, watched, re-read.

One KV watcher per simulator (not per service) keeps the latest value and revision of each
map; services apply that view (at once, or after a ``slow_reload`` delay). A reload re-reads
the keys with ``get`` so it never waits for the watcher.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import msgspec
import nats
import nats.errors
import nats.js.errors
import structlog
from nats.aio.client import Client
from nats.js.kv import KeyValue

from lifeboat.fleet.sim.model import EMPTY_MAP, PlacementView
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementMap, map_name

log = structlog.get_logger(__name__)

MAP_NAMES: tuple[str, ...] = tuple(map_name(kind) for kind in PLACEMENT_KINDS)
#: history kept per key when the simulator has to create the bucket
BUCKET_HISTORY = 10


async def open_bucket(nc: Client, bucket: str) -> KeyValue:
    """The KV bucket, created when missing (a concurrent creator wins harmlessly)."""
    js = nc.jetstream()
    try:
        return await js.key_value(bucket)
    except nats.js.errors.BucketNotFoundError:
        pass
    try:
        return await js.create_key_value(bucket=bucket, history=BUCKET_HISTORY)
    except nats.js.errors.APIError:
        return await js.key_value(bucket)  # created by someone else with another config


def _decode(key: str, value: bytes | None) -> PlacementMap:
    if not value:
        return EMPTY_MAP
    try:
        return msgspec.json.decode(value, type=PlacementMap)
    except msgspec.DecodeError as exc:
        log.warning("sim_placement_undecodable", key=key, error=str(exc))
        return EMPTY_MAP


class PlacementFeed:
    """Latest (map, revision) per map name; calls ``on_change`` when the watcher moves it."""

    def __init__(self, nats_url: str, bucket: str, on_change: Callable[[], None]) -> None:
        self.nats_url = nats_url
        self.bucket = bucket
        self._on_change = on_change
        self._view: dict[str, tuple[PlacementMap, int]] = {}
        self._nc: Client | None = None
        self._kv: KeyValue | None = None
        self._task: asyncio.Task[None] | None = None

    @property
    def view(self) -> PlacementView:
        return dict(self._view)

    async def start(self, *, connect_timeout: float = 2.0) -> None:
        """Connect (bounded; raises when NATS does not answer), read every map, start watching."""

        async def on_error(exc: Exception) -> None:
            log.warning("sim_nats_error", url=self.nats_url, error=str(exc) or type(exc).__name__)

        try:
            # bounded first attempt: nats-py retries a failed first connect forever otherwise
            self._nc = await asyncio.wait_for(
                nats.connect(
                    self.nats_url,
                    name="lifeboat-sim",
                    connect_timeout=connect_timeout,
                    allow_reconnect=True,
                    max_reconnect_attempts=-1,
                    reconnect_time_wait=1,
                    error_cb=on_error,
                ),
                timeout=connect_timeout * 2,
            )
        except (OSError, TimeoutError, nats.errors.Error) as exc:
            detail = str(exc) or type(exc).__name__
            raise ConnectionError(f"NATS at {self.nats_url} did not answer: {detail}") from exc
        self._kv = await open_bucket(self._nc, self.bucket)
        await self.read()
        self._task = asyncio.create_task(self._watch(), name="sim-placement-watch")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self._nc is not None and not self._nc.is_closed:
            with contextlib.suppress(Exception):
                await self._nc.close()
        self._nc = None

    def _offer(self, key: str, placement: PlacementMap, revision: int) -> bool:
        """Keep the newer of what we have and what arrived (watch and reload race)."""
        current = self._view.get(key)
        if current is not None and current[1] >= revision:
            return False
        self._view[key] = (placement, revision)
        return True

    async def read(self) -> PlacementView:
        """Re-read every map from KV now (``get``), fold it into the view and return the view."""
        assert self._kv is not None
        for key in MAP_NAMES:
            try:
                entry = await self._kv.get(key)
            except nats.js.errors.KeyNotFoundError as exc:  # also raised for a deleted key
                deleted = getattr(exc, "entry", None)
                if deleted is not None and deleted.revision:
                    self._offer(key, EMPTY_MAP, deleted.revision)
                continue
            self._offer(key, _decode(key, entry.value), entry.revision or 0)
        return self.view

    async def _watch(self) -> None:
        assert self._kv is not None
        delay = 0.5
        while True:
            watcher = None
            try:
                watcher = await self._kv.watchall()
                delay = 0.5
                async for entry in watcher:
                    if entry is None or entry.key not in MAP_NAMES:
                        continue  # None marks the end of the initial values
                    deleted = entry.operation in ("DEL", "PURGE")
                    placement = EMPTY_MAP if deleted else _decode(entry.key, entry.value)
                    if self._offer(entry.key, placement, entry.revision or 0):
                        self._on_change()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("sim_placement_watch_failed", bucket=self.bucket, error=str(exc))
            finally:
                if watcher is not None:
                    with contextlib.suppress(Exception):
                        await watcher.stop()  # type: ignore[no-untyped-call]
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
