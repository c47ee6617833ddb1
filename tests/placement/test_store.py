"""The KV store: compare-and-set on the key's revision, conflicts that name both revisions, and
the read-only file fallback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lifeboat.core.errors import InvalidInput
from lifeboat.core.tenancy import TENANT_ID_PATTERN
from lifeboat.fleet.protocol import TENANT_ID_PATTERN as PROTOCOL_TENANT_ID_PATTERN
from lifeboat.placement.models import PlacementMap
from lifeboat.placement.store import (
    PLACEMENT_HISTORY,
    PlacementConflict,
    PlacementFile,
    PlacementFileError,
    PlacementStore,
    file_revision,
)


def test_tenant_id_rule_is_the_service_protocols() -> None:
    assert TENANT_ID_PATTERN == PROTOCOL_TENANT_ID_PATTERN


async def test_bucket_is_created_with_history(store: PlacementStore) -> None:
    kv = await store.kv()
    status = await kv.status()
    assert status.history >= 10
    assert PLACEMENT_HISTORY >= 10


async def test_missing_map_is_empty_at_revision_zero(store: PlacementStore) -> None:
    current = await store.get("aggregate")
    assert current.revision == 0
    assert dict(current.tenants) == {}


async def test_compare_and_set_writes_and_returns_the_new_revision(store: PlacementStore) -> None:
    first = await store.compare_and_set("aggregate", PlacementMap(tenants={"acme": "agg-1"}), 0)
    assert first > 0
    read = await store.get("aggregate")
    assert (dict(read.tenants), read.revision) == ({"acme": "agg-1"}, first)

    second = await store.compare_and_set(
        "aggregate", PlacementMap(tenants={"acme": "agg-2", "globex": "agg-1"}), first
    )
    assert second > first
    read = await store.get("aggregate")
    assert (dict(read.tenants), read.revision) == ({"acme": "agg-2", "globex": "agg-1"}, second)
    # Other maps are untouched.
    assert (await store.get("runner")).revision == 0


async def test_stale_revision_is_a_conflict_naming_both_revisions_and_writes_nothing(
    store: PlacementStore,
) -> None:
    first = await store.compare_and_set("projection", PlacementMap(tenants={"acme": "proj-1"}), 0)
    second = await store.compare_and_set("projection", PlacementMap(tenants={"acme": "proj-2"}), first)

    with pytest.raises(PlacementConflict) as caught:
        await store.compare_and_set("projection", PlacementMap(tenants={"acme": "proj-3"}), first)
    conflict = caught.value
    assert (conflict.expected, conflict.actual) == (first, second)
    assert conflict.status_code == 409
    assert f"revision {second}" in conflict.detail
    assert f"expected revision {first}" in conflict.detail

    read = await store.get("projection")
    assert (dict(read.tenants), read.revision) == ({"acme": "proj-2"}, second)


async def test_creating_a_map_that_exists_is_a_conflict(store: PlacementStore) -> None:
    revision = await store.compare_and_set("runner", PlacementMap(tenants={"acme": "run-1"}), 0)
    with pytest.raises(PlacementConflict) as caught:
        await store.compare_and_set("runner", PlacementMap(tenants={"acme": "run-9"}), 0)
    assert (caught.value.expected, caught.value.actual) == (0, revision)
    assert dict((await store.get("runner")).tenants) == {"acme": "run-1"}


async def test_two_writers_on_one_revision_exactly_one_wins(store: PlacementStore) -> None:
    import asyncio

    base = await store.compare_and_set("aggregate", PlacementMap(tenants={"acme": "agg-0"}), 0)
    results = await asyncio.gather(
        *(
            store.compare_and_set("aggregate", PlacementMap(tenants={"acme": f"agg-{i}"}), base)
            for i in range(1, 6)
        ),
        return_exceptions=True,
    )
    winners = [r for r in results if isinstance(r, int)]
    losers = [r for r in results if isinstance(r, PlacementConflict)]
    assert len(winners) == 1
    assert len(losers) == 4
    read = await store.get("aggregate")
    assert read.revision == winners[0]
    assert dict(read.tenants) == {"acme": f"agg-{results.index(winners[0]) + 1}"}


async def test_invalid_tenant_ids_are_refused_before_writing(store: PlacementStore) -> None:
    with pytest.raises(InvalidInput) as caught:
        await store.compare_and_set("aggregate", PlacementMap(tenants={"Bad Tenant": "agg-1", "ok": " "}), 0)
    fields = {e.field for e in caught.value.errors}
    assert fields == {"tenants.Bad Tenant", "tenants.ok"}
    assert (await store.get("aggregate")).revision == 0


# --- the file fallback --------------------------------------------------------------------------


def write_file(path: Path, document: object) -> PlacementFile:
    path.write_text(json.dumps(document))
    return PlacementFile(path)


def test_file_maps_have_content_derived_revisions(tmp_path: Path) -> None:
    placement = write_file(
        tmp_path / "placement.json",
        {
            "aggregate_placement": {"tenants": {"acme": "agg-1", "globex": "agg-2"}},
            "runner_placement": {"tenants": {"acme": "run-1"}},
        },
    )
    maps = placement.read()
    assert dict(maps["aggregate"].tenants) == {"acme": "agg-1", "globex": "agg-2"}
    assert maps["projection"].revision == 0
    assert dict(maps["projection"].tenants) == {}
    assert maps["aggregate"].revision == file_revision({"globex": "agg-2", "acme": "agg-1"}) > 0
    runner_revision = maps["runner"].revision

    # Same content in another order: same revision; a changed map: a new revision; others kept.
    write_file(
        tmp_path / "placement.json",
        {
            "runner_placement": {"tenants": {"acme": "run-1"}},
            "aggregate_placement": {"tenants": {"globex": "agg-2", "acme": "agg-3"}},
        },
    )
    again = placement.read()
    assert again["runner"].revision == runner_revision
    assert again["aggregate"].revision != maps["aggregate"].revision
    assert again["aggregate"].revision < 2**53  # exact in JavaScript


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"aggregate": {"tenants": {}}}, "unknown keys"),
        ({"aggregate_placement": {"tenants": {"ACME": "agg-1"}}}, "tenant id must match"),
        ({"aggregate_placement": {"tenants": ["acme"]}}, "aggregate_placement"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(tmp_path: Path, document: object, message: str) -> None:
    placement = write_file(tmp_path / "placement.json", document)
    with pytest.raises(PlacementFileError, match=message):
        placement.read()


def test_a_missing_file_is_an_error_not_an_empty_placement(tmp_path: Path) -> None:
    placement = PlacementFile(tmp_path / "absent.json")
    assert placement.stamp() is None
    with pytest.raises(PlacementFileError, match="cannot read"):
        placement.read()
