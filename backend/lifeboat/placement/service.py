"""Placement logic: read views from the watcher's snapshot, compare-and-set writes, demo seeding.

``PlacementService`` takes its dependencies explicitly (the KV store, the watcher, an optional
audit sink) and is built once per process by ``build_placement_service``. Reads never touch
NATS: they serve the watcher's current snapshot. Writes go to KV with compare-and-set on the
revision the writer read (``tenant.migrate`` uses ``compare_and_set``); the file fallback is
read-only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import structlog

from lifeboat.bus.connection import Bus, BusUnavailable
from lifeboat.core.errors import FieldError, InvalidInput, NotFound, Unavailable
from lifeboat.core.pagination import CursorPosition, clamp_limit, decode_cursor, encode_cursor
from lifeboat.placement.models import (
    PLACEMENT_BUCKET,
    PLACEMENT_KINDS,
    PlacementKind,
    PlacementMap,
    PlacementMapView,
    PlacementView,
    TenantDetail,
    TenantKindPlacement,
    TenantPage,
    TenantPlacement,
    map_name,
)
from lifeboat.placement.store import PlacementConflict, PlacementFile, PlacementStore, validate_map
from lifeboat.placement.watcher import PlacementSnapshot, PlacementWatcher

log = structlog.get_logger(__name__)

SEED_ACTOR_ID = "system:placement-seed"


class PlacementActor(Protocol):
    """Who changes placement, as the audit log names them (a principal or a job's actor)."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


class PlacementAuditSink(Protocol):
    """Append one audit row (the app wires the audit chain)."""

    async def __call__(
        self,
        *,
        actor_id: str,
        actor_name: str,
        action: str,
        target: str,
        reason: str | None,
        details: dict[str, Any],
        outcome: str = "success",
    ) -> object: ...


class _SystemActor:
    id = SEED_ACTOR_ID
    name = "placement seed"


def placement_diff(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, Any]:
    """What a write changes: tenants added, removed and moved (with from/to services)."""
    added = {t: after[t] for t in sorted(set(after) - set(before))}
    removed = {t: before[t] for t in sorted(set(before) - set(after))}
    moved = {
        t: {"from": before[t], "to": after[t]}
        for t in sorted(set(before) & set(after))
        if before[t] != after[t]
    }
    return {"added": added, "removed": removed, "moved": moved}


def _matches(query: str, tenant_id: str, placement: Mapping[PlacementKind, str | None]) -> bool:
    if query in tenant_id.lower():
        return True
    return any(service is not None and query in service.lower() for service in placement.values())


class PlacementService:
    """Placement reads (from the snapshot) and writes (compare-and-set in KV)."""

    def __init__(
        self,
        store: PlacementStore | None,
        watcher: PlacementWatcher,
        *,
        audit: PlacementAuditSink | None = None,
    ) -> None:
        self.store = store
        self.watcher = watcher
        self.audit = audit

    @property
    def snapshot(self) -> PlacementSnapshot:
        """The current immutable snapshot (all three maps, revisions, source)."""
        return self.watcher.snapshot

    # --- reads ----------------------------------------------------------------------------------

    def placement_view(self) -> PlacementView:
        """The three maps with their revisions and source."""
        snapshot = self.snapshot
        return PlacementView(
            source=snapshot.source,
            updated_at=snapshot.updated_at,
            maps=[
                PlacementMapView(
                    kind=kind,
                    key=map_name(kind),
                    revision=snapshot.map(kind).revision,
                    tenants=dict(sorted(snapshot.map(kind).tenants.items())),
                )
                for kind in PLACEMENT_KINDS
            ],
        )

    def list_tenants(self, *, q: str | None, limit: int | None, cursor: str | None) -> TenantPage:
        """Tenants found in any map, ordered by id, filtered by ``q`` (substring of the tenant id
        or of a service it is placed on, case-insensitive), one page after ``cursor``."""
        size = clamp_limit(limit)
        position = decode_cursor(cursor)
        snapshot = self.snapshot
        query = (q or "").strip().lower()
        items: list[TenantPlacement] = []
        more = False
        for tenant_id in snapshot.tenant_ids():
            if position is not None and tenant_id <= position.key:
                continue
            placement = snapshot.placement_of(tenant_id)
            if query and not _matches(query, tenant_id, placement):
                continue
            if len(items) == size:
                more = True
                break
            items.append(
                TenantPlacement(
                    tenant_id=tenant_id,
                    aggregate=placement["aggregate"],
                    projection=placement["projection"],
                    runner=placement["runner"],
                )
            )
        next_cursor = (
            encode_cursor(CursorPosition(key=items[-1].tenant_id, id=items[-1].tenant_id))
            if more and items
            else None
        )
        return TenantPage(items=items, next_cursor=next_cursor, source=snapshot.source)

    def get_tenant(self, tenant_id: str) -> TenantDetail:
        """One tenant's placement per kind (404 when no map knows it)."""
        snapshot = self.snapshot
        placement = snapshot.placement_of(tenant_id)
        if all(service is None for service in placement.values()):
            raise NotFound(f"Tenant {tenant_id!r} is not in any placement map (source: {snapshot.source}).")
        return TenantDetail(
            tenant_id=tenant_id,
            source=snapshot.source,
            placements=[
                TenantKindPlacement(
                    kind=kind,
                    key=map_name(kind),
                    service=placement[kind],
                    revision=snapshot.map(kind).revision,
                )
                for kind in PLACEMENT_KINDS
            ],
        )

    # --- writes ---------------------------------------------------------------------------------

    def _writable_store(self) -> PlacementStore:
        if self.store is None:
            raise Unavailable("Placement is read from the placement file (read-only); writes need NATS KV.")
        return self.store

    async def compare_and_set(
        self,
        kind: PlacementKind,
        new_map: PlacementMap,
        expected_revision: int,
        *,
        actor: PlacementActor,
        reason: str,
    ) -> int:
        """Replace ``kind``'s map with ``new_map`` if it is still at ``expected_revision``.

        ``expected_revision`` is the revision read before deciding the change (0: the map must
        not exist yet). Returns the new revision. A stale revision raises ``PlacementConflict``
        (409, naming expected and actual revisions) and writes nothing. The write is audited
        (``placement.update``: who, why, tenants added/removed/moved) and applied to this
        process's snapshot at once.
        """
        if not reason or not reason.strip():
            raise InvalidInput(
                "A reason is required for every placement change.",
                errors=[FieldError(field="reason", message="required")],
            )
        validate_map(kind, new_map)
        store = self._writable_store()
        try:
            before = await store.get(kind)
            if before.revision != expected_revision:
                raise PlacementConflict(kind, expected=expected_revision, actual=before.revision)
            revision = await store.compare_and_set(kind, new_map, expected_revision)
        except BusUnavailable as exc:
            raise Unavailable(f"NATS is not reachable; {map_name(kind)} was not changed.") from exc
        except PlacementConflict as exc:
            log.info(
                "placement_conflict",
                map=map_name(kind),
                expected=exc.expected,
                actual=exc.actual,
                actor=actor.id,
            )
            await self._audit(
                actor,
                kind,
                reason,
                {"expected_revision": expected_revision, "actual_revision": exc.actual},
                outcome="failure",
            )
            raise
        tenants = dict(new_map.tenants)
        self.watcher.note_written(kind, tenants, revision)
        details = {
            "expected_revision": expected_revision,
            "revision": revision,
            **placement_diff(before.tenants, tenants),
        }
        log.info("placement_updated", map=map_name(kind), revision=revision, actor=actor.id, reason=reason)
        await self._audit(actor, kind, reason, details, outcome="success")
        return revision

    async def _audit(
        self,
        actor: PlacementActor,
        kind: PlacementKind,
        reason: str,
        details: dict[str, Any],
        *,
        outcome: str,
    ) -> None:
        if self.audit is None:
            return
        try:
            await self.audit(
                actor_id=actor.id,
                actor_name=actor.name,
                action="placement.update",
                target=map_name(kind),
                reason=reason,
                details=details,
                outcome=outcome,
            )
        except Exception as exc:
            # The KV write already happened (or was refused); failing the caller now would make
            # it retry a change that is done. Say so loudly instead.
            log.error("placement_audit_failed", map=map_name(kind), outcome=outcome, error=type(exc).__name__)

    async def seed_demo_placement(
        self, tenants: Sequence[str], services_by_kind: Mapping[PlacementKind, Sequence[str]]
    ) -> dict[PlacementKind, int]:
        """Create each kind's map when it does not exist: tenants (sorted) spread round-robin
        over that kind's services (in the given order). Idempotent: a map that exists (or that
        another process creates first) is left alone. Returns the revisions it created."""
        created: dict[PlacementKind, int] = {}
        ordered = sorted(set(tenants))
        for kind in PLACEMENT_KINDS:
            services = list(services_by_kind.get(kind, ()))
            if not services or not ordered:
                continue
            try:
                exists = (await self._writable_store().get(kind)).revision != 0
            except BusUnavailable as exc:
                raise Unavailable("NATS is not reachable; demo placement was not seeded.") from exc
            if exists:
                continue
            wanted = PlacementMap(tenants={t: services[i % len(services)] for i, t in enumerate(ordered)})
            try:
                created[kind] = await self.compare_and_set(
                    kind, wanted, 0, actor=_SystemActor(), reason="seed demo placement"
                )
            except PlacementConflict:
                continue  # the map exists: seeding never overwrites
        if created:
            log.info("placement_seeded", revisions={map_name(k): v for k, v in created.items()})
        return created


def build_placement_service(
    bus: Bus | None,
    *,
    bucket: str = PLACEMENT_BUCKET,
    file: str | Path | None = None,
    resync_s: float = 5.0,
    audit: PlacementAuditSink | None = None,
) -> PlacementService:
    """The process's placement service: KV through ``bus`` (None: file only) plus the file."""
    store = PlacementStore(bus, bucket=bucket) if bus is not None else None
    placement_file = PlacementFile(file) if file else None
    watcher = PlacementWatcher(store, placement_file, resync_s=resync_s)
    return PlacementService(store, watcher, audit=audit)
