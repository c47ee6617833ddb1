"""Reading and writing the placement maps: NATS JetStream KV (the source of truth) and a file.

``PlacementStore`` talks to the KV bucket: it makes sure the bucket exists (history kept for
audit and rollback), reads a map with its revision (the KV revision of its key; 0 when the key
does not exist) and writes with compare-and-set on that revision, so two writers can never both
win: the loser gets ``PlacementConflict`` naming the revision it expected and the one it found.

``PlacementFile`` is the development fallback (``LIFEBOAT_PLACEMENT_FILE``): a read-only JSON
file ``{"aggregate_placement": {"tenants": {...}}, ...}`` whose per-map revision is derived from
the map's content hash (see ``file_revision``). KV wins whenever it is reachable; the file is
used only when NATS is not configured or not reachable.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import msgspec
import structlog
from nats.aio.client import Client
from nats.js.errors import BucketNotFoundError, KeyNotFoundError, KeyWrongLastSequenceError
from nats.js.kv import KeyValue

from lifeboat.bus.connection import Bus
from lifeboat.core.errors import Conflict, FieldError, InvalidInput
from lifeboat.core.tenancy import TENANT_ID_PATTERN, is_valid_tenant_id
from lifeboat.placement.models import (
    PLACEMENT_BUCKET,
    PLACEMENT_KINDS,
    PlacementKind,
    PlacementMap,
    map_name,
)

log = structlog.get_logger(__name__)

#: Values kept per key: the last revisions of every map stay readable for audit and rollback.
PLACEMENT_HISTORY = 16
_FILE_REVISION_BYTES = 6  # 48 bits: stays exact in JavaScript numbers


class PlacementConflict(Conflict):
    """A compare-and-set lost: the map's revision is not the one the writer read."""

    code = "placement-conflict"
    title = "Placement map changed since it was read"

    def __init__(self, kind: PlacementKind, *, expected: int, actual: int | None) -> None:
        found = "unknown" if actual is None else str(actual)
        super().__init__(
            f"{map_name(kind)} is at revision {found}, not the expected revision {expected}; "
            "read the map again and retry."
        )
        self.kind = kind
        self.expected = expected
        self.actual = actual


class PlacementFileError(ValueError):
    """The placement file cannot be read or does not have the documented shape."""


@dataclass(frozen=True, slots=True)
class VersionedMap:
    """One map as read: tenant -> service (read-only view) and its revision (0 = absent)."""

    kind: PlacementKind
    tenants: MappingProxyType[str, str]
    revision: int

    @classmethod
    def of(cls, kind: PlacementKind, tenants: dict[str, str], revision: int) -> VersionedMap:
        """Freeze a copy of ``tenants``."""
        return cls(kind=kind, tenants=MappingProxyType(dict(tenants)), revision=revision)

    @classmethod
    def empty(cls, kind: PlacementKind) -> VersionedMap:
        """A map that does not exist (revision 0)."""
        return cls.of(kind, {}, 0)


def validate_map(kind: PlacementKind, placement: PlacementMap) -> None:
    """400 naming every bad entry: tenant ids follow TENANT_ID_PATTERN, service names are set."""
    errors = []
    for tenant, service in placement.tenants.items():
        if not is_valid_tenant_id(tenant):
            errors.append(
                FieldError(field=f"tenants.{tenant}", message=f"tenant id must match {TENANT_ID_PATTERN}")
            )
        if not service.strip():
            errors.append(FieldError(field=f"tenants.{tenant}", message="service name must not be empty"))
    if errors:
        raise InvalidInput(
            f"{map_name(kind)} is invalid: " + "; ".join(f"{e.field}: {e.message}" for e in errors),
            errors=errors,
        )


def encode_map(placement: PlacementMap) -> bytes:
    """The stored bytes: canonical JSON (sorted tenants), so equal maps are equal bytes."""
    return msgspec.json.encode(PlacementMap(tenants=dict(sorted(placement.tenants.items()))))


def decode_map(kind: PlacementKind, raw: bytes | None) -> dict[str, str]:
    """Tenants of a stored value; a value that is not a PlacementMap is logged and read as empty."""
    if not raw:
        return {}
    try:
        return dict(msgspec.json.decode(raw, type=PlacementMap).tenants)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        log.error("placement_value_invalid", map=map_name(kind), error=str(exc))
        return {}


def kind_of_key(key: str) -> PlacementKind | None:
    """The kind whose map is stored under ``key`` (None for keys that are not placement maps)."""
    return next((kind for kind in PLACEMENT_KINDS if map_name(kind) == key), None)


class PlacementStore:
    """The placement maps in one NATS KV bucket (``bucket`` defaults to ``PLACEMENT_BUCKET``)."""

    def __init__(self, bus: Bus, *, bucket: str = PLACEMENT_BUCKET, history: int = PLACEMENT_HISTORY) -> None:
        self.bus = bus
        self.bucket = bucket
        self.history = history
        self._kv: tuple[Client, KeyValue] | None = None

    async def kv(self) -> KeyValue:
        """The bucket, created when missing (raises ``BusUnavailable`` when NATS is down)."""
        client = self.bus.client
        if self._kv is not None and self._kv[0] is client:
            return self._kv[1]
        js = client.jetstream()
        try:
            kv = await js.key_value(self.bucket)
        except BucketNotFoundError:
            # Creating with the same config is idempotent on the server, so racing creators agree.
            kv = await js.create_key_value(
                bucket=self.bucket,
                history=self.history,
                description="Lifeboat placement maps: <kind>_placement -> {tenants: {tenant: service}}",
            )
            log.info("placement_bucket_created", bucket=self.bucket, history=self.history)
        self._kv = (client, kv)
        return kv

    async def get(self, kind: PlacementKind) -> VersionedMap:
        """A map and its revision; a missing (or deleted) key is an empty map at revision 0."""
        kv = await self.kv()
        try:
            entry = await kv.get(map_name(kind))
        except KeyNotFoundError:
            return VersionedMap.empty(kind)
        return VersionedMap.of(kind, decode_map(kind, entry.value), int(entry.revision or 0))

    async def get_all(self) -> dict[PlacementKind, VersionedMap]:
        """All three maps (each read on its own: revisions are per key)."""
        return {kind: await self.get(kind) for kind in PLACEMENT_KINDS}

    async def compare_and_set(
        self, kind: PlacementKind, placement: PlacementMap, expected_revision: int
    ) -> int:
        """Write ``placement`` only when the key is still at ``expected_revision`` (0: must not exist).

        Returns the new revision. On a wrong revision nothing is written and ``PlacementConflict``
        names both revisions. The write is one KV publish: it lands whole or not at all.
        """
        validate_map(kind, placement)
        if expected_revision < 0:
            raise InvalidInput(
                "expected_revision must be 0 (map must not exist) or the revision read.",
                errors=[FieldError(field="expected_revision", message="must be >= 0")],
            )
        kv = await self.kv()
        try:
            revision = await kv.update(map_name(kind), encode_map(placement), last=expected_revision)
        except KeyWrongLastSequenceError as exc:
            actual: int | None
            try:
                actual = (await self.get(kind)).revision
            except Exception:  # the conflict is the news; the current revision is a courtesy
                actual = None
            raise PlacementConflict(kind, expected=expected_revision, actual=actual) from exc
        return int(revision)


def file_revision(tenants: dict[str, str]) -> int:
    """A file map's revision: the first 48 bits of the SHA-256 of its canonical JSON (never 0).

    Content-derived (not mtime-derived) so that every process reading the same file reports the
    same revision, and touching the file without changing a map does not change it. It tells
    "same content" from "different content"; unlike KV revisions it does not grow.
    """
    if not tenants:
        return 0
    digest = hashlib.sha256(encode_map(PlacementMap(tenants=tenants))).digest()
    return int.from_bytes(digest[:_FILE_REVISION_BYTES], "big") or 1


class PlacementFile:
    """The read-only development fallback: one JSON file holding the three maps."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def stamp(self) -> tuple[int, int] | None:
        """(mtime ns, size) to notice a change cheaply; None when the file does not exist."""
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def read(self) -> dict[PlacementKind, VersionedMap]:
        """The three maps from the file (a missing key is an empty map at revision 0)."""
        try:
            raw = self.path.read_bytes()
        except OSError as exc:
            raise PlacementFileError(f"cannot read placement file {self.path}: {exc.strerror}") from exc
        try:
            document: dict[str, Any] = msgspec.json.decode(raw, type=dict[str, Any])
        except (msgspec.DecodeError, msgspec.ValidationError) as exc:
            raise PlacementFileError(f"placement file {self.path} is not a JSON object: {exc}") from exc
        allowed = {map_name(kind) for kind in PLACEMENT_KINDS}
        unknown = sorted(set(document) - allowed)
        if unknown:
            raise PlacementFileError(
                f"placement file {self.path} has unknown keys {unknown}; allowed: {sorted(allowed)}"
            )
        maps: dict[PlacementKind, VersionedMap] = {}
        for kind in PLACEMENT_KINDS:
            value = document.get(map_name(kind))
            if value is None:
                maps[kind] = VersionedMap.empty(kind)
                continue
            try:
                placement = msgspec.convert(value, PlacementMap)
                validate_map(kind, placement)
            except (msgspec.ValidationError, InvalidInput) as exc:
                raise PlacementFileError(f"{map_name(kind)} in {self.path} is invalid: {exc}") from exc
            tenants = dict(placement.tenants)
            maps[kind] = VersionedMap.of(kind, tenants, file_revision(tenants))
        return maps
