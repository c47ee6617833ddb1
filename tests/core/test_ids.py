"""Row ids are UUIDv7 and strictly increasing within a process (cursors rely on it)."""

from __future__ import annotations

import uuid

from lifeboat.core.ids import is_safe_external_id, new_id


def test_ids_are_version_7_and_strictly_increasing_even_within_a_millisecond() -> None:
    ids = [new_id() for _ in range(20_000)]
    assert all(i.version == 7 and i.variant == uuid.RFC_4122 for i in ids)
    assert ids == sorted(ids)
    assert len(set(ids)) == len(ids)


def test_external_ids_are_checked_before_echoing() -> None:
    assert is_safe_external_id("req-1:abc.DEF_2")
    assert not is_safe_external_id("")
    assert not is_safe_external_id("has space")
    assert not is_safe_external_id("x" * 129)
    assert not is_safe_external_id("line\nbreak")
