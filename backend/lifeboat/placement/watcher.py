"""The in-memory placement snapshot, kept current by watching the KV bucket.

Readers call ``watcher.snapshot`` and get a ``PlacementSnapshot``: a frozen object holding all
three maps (read-only views), their revisions, where they came from and when this process last
applied a change. A change is never applied in place: the watcher builds a complete new snapshot
and swaps it in with one reference assignment, so a reader sees the old maps or the new ones,
never a half-applied map.

Sources: KV when reachable (it wins), else the read-only placement file, else nothing
(``source="none"``, empty maps). Once KV has been read, an outage keeps the last KV snapshot
(the last known truth) rather than switching to the file; ``/ready`` reports NATS.

Resilience: the watch is re-created after any error with backoff (NATS down at start, a
reconnect, a server restart that lost the consumer). While idle, the watcher compares the KV
revisions with its own every ``resync_s`` and re-subscribes if it missed something.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

import nats.errors
import structlog
from nats.js.kv import KV_DEL, KV_PURGE, KeyValue

from lifeboat.core.clock import utcnow
from lifeboat.core.tasks import cancel_and_wait
from lifeboat.placement.models import PLACEMENT_KINDS, PlacementKind, PlacementSource, map_name
from lifeboat.placement.store import (
    PlacementFile,
    PlacementFileError,
    PlacementStore,
    VersionedMap,
    decode_map,
    kind_of_key,
)

log = structlog.get_logger(__name__)


def _empty_maps() -> MappingProxyType[PlacementKind, VersionedMap]:
    return MappingProxyType({kind: VersionedMap.empty(kind) for kind in PLACEMENT_KINDS})


@dataclass(frozen=True, slots=True)
class PlacementSnapshot:
    """All three maps as one immutable value: replace it, never change it."""

    source: PlacementSource = "none"
    maps: MappingProxyType[PlacementKind, VersionedMap] = field(default_factory=_empty_maps)
    updated_at: datetime | None = None

    def map(self, kind: PlacementKind) -> VersionedMap:
        """One kind's map (empty at revision 0 when it does not exist)."""
        return self.maps[kind]

    def revisions(self) -> dict[PlacementKind, int]:
        """Each map's revision."""
        return {kind: self.maps[kind].revision for kind in PLACEMENT_KINDS}

    def tenant_ids(self) -> list[str]:
        """Every tenant id found in any map, sorted."""
        found: set[str] = set()
        for kind in PLACEMENT_KINDS:
            found.update(self.maps[kind].tenants)
        return sorted(found)

    def placement_of(self, tenant_id: str) -> dict[PlacementKind, str | None]:
        """The service each kind's map gives ``tenant_id`` (None where it has none)."""
        return {kind: self.maps[kind].tenants.get(tenant_id) for kind in PLACEMENT_KINDS}

    def with_map(self, replacement: VersionedMap, *, source: PlacementSource) -> PlacementSnapshot:
        """A new snapshot with one map replaced."""
        maps = dict(self.maps)
        maps[replacement.kind] = replacement
        return PlacementSnapshot(source=source, maps=MappingProxyType(maps), updated_at=utcnow())

    @classmethod
    def of(cls, maps: dict[PlacementKind, VersionedMap], *, source: PlacementSource) -> PlacementSnapshot:
        """A snapshot of complete maps (missing kinds are empty)."""
        full = {kind: maps.get(kind, VersionedMap.empty(kind)) for kind in PLACEMENT_KINDS}
        return cls(source=source, maps=MappingProxyType(full), updated_at=utcnow())


class _Resubscribe(Exception):
    """The watch missed an update (or its consumer vanished): start a new one."""


class PlacementWatcher:
    """Keeps ``snapshot`` current from KV (or the file); start it once, stop it on shutdown."""

    def __init__(
        self,
        store: PlacementStore | None,
        file: PlacementFile | None = None,
        *,
        resync_s: float = 5.0,
        retry_s: float = 1.0,
        max_retry_s: float = 30.0,
        initial_timeout_s: float = 2.0,
    ) -> None:
        self.store = store
        self.file = file
        self.resync_s = resync_s
        self.retry_s = retry_s
        self.max_retry_s = max_retry_s
        self.initial_timeout_s = initial_timeout_s
        self._snapshot = PlacementSnapshot()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._file_stamp: tuple[int, int] | None = None

    @property
    def snapshot(self) -> PlacementSnapshot:
        """The current snapshot (one reference read; safe from any task or thread)."""
        return self._snapshot

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        """Load what is reachable now (bounded), then follow changes in the background.

        Never raises for an unreachable NATS or a bad file: the snapshot stays empty (or comes
        from the file) and the background loop keeps trying.
        """
        if self._task is not None:
            return
        try:
            await asyncio.wait_for(self.refresh(), timeout=self.initial_timeout_s)
        except Exception as exc:
            log.warning("placement_initial_load_failed", error=_short(exc))
            self._load_file_if_changed()
        if self.store is not None:
            self._task = asyncio.create_task(self._run(), name="placement-watcher")

    async def stop(self) -> None:
        """Stop following changes (idempotent); the last snapshot stays readable."""
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)

    async def refresh(self) -> PlacementSnapshot:
        """Read the maps now (KV if configured and reachable, else the file) and apply them.

        KV maps only move forward: a map older than the one already held is ignored, so a slow
        refresh cannot undo a newer change the watch already applied.
        """
        if self.store is None:
            self._load_file_if_changed(force=True)
            return self._snapshot
        maps = await self.store.get_all()
        current = self._snapshot
        if current.source == "kv":
            merged = {
                kind: maps[kind] if maps[kind].revision > current.maps[kind].revision else current.maps[kind]
                for kind in PLACEMENT_KINDS
            }
            if all(merged[kind] is current.maps[kind] for kind in PLACEMENT_KINDS):
                return current
            self._swap(PlacementSnapshot.of(merged, source="kv"))
        else:
            self._swap(PlacementSnapshot.of(maps, source="kv"))
        return self._snapshot

    async def wait_for(
        self, predicate: Callable[[PlacementSnapshot], bool], *, timeout: float
    ) -> PlacementSnapshot:
        """The first snapshot satisfying ``predicate`` (``TimeoutError`` after ``timeout`` s)."""
        async with asyncio.timeout(timeout):
            while True:
                changed = self._changed
                snapshot = self._snapshot
                if predicate(snapshot):
                    return snapshot
                await changed.wait()

    def note_written(self, kind: PlacementKind, tenants: dict[str, str], revision: int) -> None:
        """Apply a write this process just made (read-your-writes before the watch delivers it)."""
        self._apply_kv(kind, tenants, revision)

    # --- applying changes -----------------------------------------------------------------------

    def _swap(self, snapshot: PlacementSnapshot) -> None:
        # The only write of ``_snapshot``: one reference assignment of a fully built object.
        self._snapshot = snapshot
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _apply_kv(self, kind: PlacementKind, tenants: dict[str, str], revision: int) -> None:
        current = self._snapshot
        if current.source == "kv" and revision <= current.maps[kind].revision:
            return  # already applied (a refresh got there first) or older
        self._swap(current.with_map(VersionedMap.of(kind, tenants, revision), source="kv"))

    def _load_file_if_changed(self, *, force: bool = False) -> None:
        """Use the file when KV has never been read (KV's last snapshot wins over the file)."""
        if self.file is None or self._snapshot.source == "kv":
            return
        stamp = self.file.stamp()
        if stamp is None:
            if self._file_stamp is not None:
                log.warning("placement_file_missing", path=str(self.file.path))
            self._file_stamp = None
            return
        if stamp == self._file_stamp and not force:
            return
        try:
            maps = self.file.read()
        except PlacementFileError as exc:
            log.error("placement_file_invalid", path=str(self.file.path), error=str(exc))
            self._file_stamp = stamp  # do not re-log the same bad content every retry
            return
        self._file_stamp = stamp
        self._swap(PlacementSnapshot.of(maps, source="file"))
        log.info("placement_loaded_from_file", path=str(self.file.path), revisions=self._snapshot.revisions())

    # --- the watch loop -------------------------------------------------------------------------

    async def _run(self) -> None:
        assert self.store is not None
        delay = self.retry_s
        while True:
            try:
                kv = await self.store.kv()
                await self._watch(kv)
                delay = self.retry_s
            except asyncio.CancelledError:
                raise
            except _Resubscribe:
                log.info("placement_watch_resubscribing", bucket=self.store.bucket)
                delay = self.retry_s
                continue
            except Exception as exc:
                log.warning("placement_watch_failed", bucket=self.store.bucket, error=_short(exc))
                self._load_file_if_changed()
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.max_retry_s)

    async def _watch(self, kv: KeyValue) -> None:
        watcher = await kv.watchall()
        try:
            initial: dict[PlacementKind, VersionedMap] = {}
            initial_done = False
            while True:
                try:
                    entry = await watcher.updates(timeout=self.resync_s)  # type: ignore[no-untyped-call]
                except nats.errors.TimeoutError:
                    if not initial_done:
                        raise _Resubscribe() from None
                    await self._check_missed(kv)
                    continue
                if entry is None:  # end of the current values: the snapshot is complete
                    if not initial_done:
                        initial_done = True
                        self._swap(PlacementSnapshot.of(initial, source="kv"))
                        log.info("placement_watch_started", revisions=self._snapshot.revisions())
                    continue
                kind = kind_of_key(entry.key)
                if kind is None:
                    continue
                deleted = entry.operation in (KV_DEL, KV_PURGE)
                tenants = {} if deleted else decode_map(kind, entry.value)
                revision = int(entry.revision or 0)
                if not initial_done:
                    initial[kind] = VersionedMap.of(kind, tenants, revision)
                else:
                    self._apply_kv(kind, tenants, revision)
        finally:
            with contextlib.suppress(Exception):
                await watcher.stop()  # type: ignore[no-untyped-call]

    async def _check_missed(self, kv: KeyValue) -> None:
        """Idle for ``resync_s``: if KV is ahead of the snapshot, the watch missed something."""
        assert self.store is not None
        latest = await self.store.get_all()
        held = self._snapshot.revisions()
        behind = [map_name(kind) for kind in PLACEMENT_KINDS if latest[kind].revision > held[kind]]
        if behind:
            log.warning("placement_watch_behind", maps=behind)
            raise _Resubscribe()


def _short(exc: BaseException) -> str:
    text = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
