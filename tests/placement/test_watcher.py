"""The watcher: atomic snapshot swaps under rapid updates, start without NATS (file or empty),
and recovery after the NATS server goes away and comes back."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from pathlib import Path

from lifeboat.bus.connection import Bus
from lifeboat.embedded.nats import EmbeddedNats
from lifeboat.placement.models import PlacementMap
from lifeboat.placement.store import PlacementFile, PlacementStore
from lifeboat.placement.watcher import PlacementSnapshot, PlacementWatcher

TENANTS = [f"tenant-{i:02d}" for i in range(40)]
UPDATES = 1000
WAIT_S = 60.0  # bounded waits, generous: the machine is shared with other test runs


def generation_map(generation: int) -> PlacementMap:
    """Every tenant points at the same generation marker, so a torn map is visible."""
    return PlacementMap(tenants={tenant: f"agg-gen-{generation}" for tenant in TENANTS})


def generation_of(snapshot: PlacementSnapshot) -> int:
    values = set(snapshot.map("aggregate").tenants.values())
    assert len(values) <= 1, f"a reader saw a partly applied map: {sorted(values)[:5]}"
    return int(values.pop().rsplit("-", 1)[1]) if values else -1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_readers_never_see_a_partly_applied_map_during_rapid_updates(store: PlacementStore) -> None:
    watcher = PlacementWatcher(store, resync_s=2.0)
    await watcher.start()
    try:
        assert watcher.snapshot.source == "kv"
        stop = threading.Event()
        failures: list[str] = []
        observed: list[int] = []

        def check(previous: tuple[int, int]) -> tuple[int, int]:
            snapshot = watcher.snapshot  # one reference read, then only this object is inspected
            generation = generation_of(snapshot)
            revision = snapshot.map("aggregate").revision
            if revision < previous[1] or generation < previous[0]:
                failures.append(f"went back from {previous} to {(generation, revision)}")
            return generation, revision

        def thread_reader() -> None:
            last = (-1, 0)
            try:
                while not stop.is_set():
                    last = check(last)
            except AssertionError as exc:
                failures.append(str(exc))

        async def task_reader() -> None:
            last = (-1, 0)
            try:
                while not stop.is_set():
                    last = check(last)
                    observed.append(last[0])
                    await asyncio.sleep(0)
            except AssertionError as exc:
                failures.append(str(exc))

        threads = [threading.Thread(target=thread_reader, daemon=True) for _ in range(2)]
        for thread in threads:
            thread.start()
        readers = [asyncio.create_task(task_reader()) for _ in range(3)]

        revision = 0
        for generation in range(UPDATES):
            revision = await store.compare_and_set("aggregate", generation_map(generation), revision)

        final = await watcher.wait_for(lambda s: s.map("aggregate").revision == revision, timeout=WAIT_S)
        stop.set()
        await asyncio.gather(*readers)
        for thread in threads:
            thread.join(timeout=WAIT_S)

        assert failures == []
        assert generation_of(final) == UPDATES - 1
        assert final.source == "kv"
        assert len(set(observed)) > 1, "the readers should have seen the maps change"
    finally:
        await watcher.stop()


async def test_snapshot_is_immutable(store: PlacementStore) -> None:
    await store.compare_and_set("runner", PlacementMap(tenants={"acme": "run-1"}), 0)
    watcher = PlacementWatcher(store)
    await watcher.start()
    try:
        snapshot = watcher.snapshot
        tenants = snapshot.map("runner").tenants
        try:
            tenants["acme"] = "run-2"  # type: ignore[index]
        except TypeError:
            pass
        else:  # pragma: no cover - the assertion explains
            raise AssertionError("a snapshot's map could be changed in place")
        assert dict(watcher.snapshot.map("runner").tenants) == {"acme": "run-1"}
    finally:
        await watcher.stop()


async def test_start_loads_existing_maps_and_follows_deletes(store: PlacementStore) -> None:
    revision = await store.compare_and_set("projection", PlacementMap(tenants={"acme": "proj-1"}), 0)
    watcher = PlacementWatcher(store, resync_s=1.0)
    await watcher.start()
    try:
        assert watcher.snapshot.map("projection").revision == revision
        assert dict(watcher.snapshot.map("projection").tenants) == {"acme": "proj-1"}
        kv = await store.kv()
        await kv.delete("projection_placement")
        emptied = await watcher.wait_for(lambda s: not s.map("projection").tenants, timeout=WAIT_S)
        assert emptied.map("projection").revision > revision
    finally:
        await watcher.stop()


async def test_starts_without_nats_from_the_file(tmp_path: Path) -> None:
    path = tmp_path / "placement.json"
    path.write_text(json.dumps({"aggregate_placement": {"tenants": {"acme": "agg-file"}}}))
    down = Bus(f"nats://127.0.0.1:{free_port()}", name="placement-down")
    await down.start(connect_timeout=0.5)
    watcher = PlacementWatcher(PlacementStore(down, bucket="lb_unused"), PlacementFile(path), retry_s=0.2)
    try:
        await watcher.start()
        snapshot = watcher.snapshot
        assert snapshot.source == "file"
        assert dict(snapshot.map("aggregate").tenants) == {"acme": "agg-file"}
        assert snapshot.map("aggregate").revision > 0

        # The file is re-read when it changes while NATS stays down.
        path.write_text(json.dumps({"aggregate_placement": {"tenants": {"acme": "agg-file-2"}}}))
        changed = await watcher.wait_for(
            lambda s: s.map("aggregate").tenants.get("acme") == "agg-file-2", timeout=WAIT_S
        )
        assert changed.source == "file"
    finally:
        await watcher.stop()
        await down.stop()


async def test_starts_empty_without_nats_and_without_a_file() -> None:
    down = Bus(f"nats://127.0.0.1:{free_port()}", name="placement-down")
    await down.start(connect_timeout=0.5)
    watcher = PlacementWatcher(PlacementStore(down, bucket="lb_unused"), retry_s=0.2)
    try:
        await watcher.start()
        snapshot = watcher.snapshot
        assert snapshot.source == "none"
        assert snapshot.tenant_ids() == []
        assert snapshot.revisions() == {"aggregate": 0, "projection": 0, "runner": 0}
    finally:
        await watcher.stop()
        await down.stop()


async def test_kv_wins_over_the_file_when_reachable(tmp_path: Path, store: PlacementStore) -> None:
    path = tmp_path / "placement.json"
    path.write_text(json.dumps({"aggregate_placement": {"tenants": {"acme": "agg-file"}}}))
    revision = await store.compare_and_set("aggregate", PlacementMap(tenants={"acme": "agg-kv"}), 0)
    watcher = PlacementWatcher(store, PlacementFile(path))
    await watcher.start()
    try:
        assert watcher.snapshot.source == "kv"
        assert dict(watcher.snapshot.map("aggregate").tenants) == {"acme": "agg-kv"}
        assert watcher.snapshot.map("aggregate").revision == revision
    finally:
        await watcher.stop()


async def test_follows_changes_after_the_nats_server_restarts(tmp_path: Path) -> None:
    """A private NATS server (the shared one must not be restarted): stop it, start it again on
    the same port and store; the watcher re-subscribes and applies later writes."""
    server = EmbeddedNats(tmp_path / "nats", port=free_port())
    info = await asyncio.to_thread(server.start)
    bus = Bus(info.nats_url, name="placement-restart")
    await bus.start()
    store = PlacementStore(bus, bucket="placement_restart")
    watcher = PlacementWatcher(store, resync_s=0.5, retry_s=0.2, max_retry_s=1.0)
    try:
        first = await store.compare_and_set("aggregate", PlacementMap(tenants={"acme": "agg-1"}), 0)
        await watcher.start()
        assert watcher.snapshot.map("aggregate").revision == first

        await asyncio.to_thread(server.stop)
        await asyncio.to_thread(server.start)

        async def write_when_reconnected() -> int:
            while True:
                try:
                    return await store.compare_and_set(
                        "aggregate", PlacementMap(tenants={"acme": "agg-2"}), first
                    )
                except Exception:
                    await asyncio.sleep(0.2)

        second = await asyncio.wait_for(write_when_reconnected(), timeout=WAIT_S)
        snapshot = await watcher.wait_for(lambda s: s.map("aggregate").revision == second, timeout=WAIT_S)
        assert dict(snapshot.map("aggregate").tenants) == {"acme": "agg-2"}
        # Still following (a live update, not only a resync).
        third = await store.compare_and_set("aggregate", PlacementMap(tenants={"acme": "agg-3"}), second)
        await watcher.wait_for(lambda s: s.map("aggregate").revision == third, timeout=WAIT_S)
    finally:
        await watcher.stop()
        await bus.stop()
        await asyncio.to_thread(server.stop)
