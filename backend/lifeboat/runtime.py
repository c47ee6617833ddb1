"""The composition root's wiring, built once: settings → pool → bus → store → registries.

``lifeboat serve`` (through ``create_app``), ``lifeboat worker`` and ``lifeboat dev`` build one
``Runtime`` from their settings and start it their way: the API opens everything at startup
(``start_api``), the worker opens the pool and connects NATS when a job first needs it
(``start_worker``). The user and token commands and the dev seeding only need the pool
(``open_database``).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import structlog

from lifeboat.audit.anchor import AuditAnchor
from lifeboat.audit.chain import configure_audit_key
from lifeboat.audit.models import Outcome
from lifeboat.audit.service import append_audit, start_audit_anchor, stop_audit_anchor
from lifeboat.bus.connection import Bus
from lifeboat.core.outbound import OutboundPolicy
from lifeboat.db.engine import Database
from lifeboat.fleet.prober import FleetProber
from lifeboat.jobs.definitions import KindRegistry
from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.metrics import JobMetrics
from lifeboat.jobs.worker import Worker
from lifeboat.ops.deps import OpsDeps
from lifeboat.ops.jobs import ops_kinds
from lifeboat.piccolo_app import TABLES
from lifeboat.placement.service import PlacementService, build_placement_service
from lifeboat.restore.health.jobs import RestoreDeps, restore_schedules
from lifeboat.restore.jobs import restore_kinds
from lifeboat.settings import Settings
from lifeboat.store.broker import CredentialBroker, credential_broker_from_settings
from lifeboat.store.objects import ObjectStore

log = structlog.get_logger(__name__)


async def audit_job_action(
    *,
    actor_id: str,
    actor_name: str,
    action: str,
    target: str,
    reason: str | None,
    details: dict[str, Any],
    outcome: str = "success",
) -> object:
    """The job engine's audit sink: the audit chain (joins the job's transaction)."""
    allowed: tuple[Outcome, ...] = ("success", "failure", "denied")
    return await append_audit(
        actor_id=actor_id,
        actor_name=actor_name,
        action=action,
        target=target,
        reason=reason,
        details=details,
        outcome=next((o for o in allowed if o == outcome), "failure"),
    )


def job_registry_for(
    settings: Settings,
    placement: PlacementService,
    connect: Callable[[], Awaitable[None]] | None = None,
) -> KindRegistry:
    """Every kind this process runs: the engine's own plus the ops kinds (drain, migrate, reload)
    and the restore kinds and schedules. ``connect`` connects the placement service's bus on
    first use (the worker's)."""
    registry = default_registry()
    for kind in ops_kinds(OpsDeps.from_settings(settings, placement, connect)):
        registry.register(kind)
    restore_deps = RestoreDeps.from_settings(settings)
    for kind in restore_kinds(restore_deps):
        registry.register(kind)
    for schedule in restore_schedules(restore_deps):
        registry.add_schedule(schedule)
    return registry


def object_store_for(settings: Settings) -> ObjectStore:
    """The object store ``settings`` name (one S3 client per process)."""
    return ObjectStore(
        bucket=settings.s3_bucket,
        region=settings.s3_region,
        endpoint_url=settings.s3_endpoint_url,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )


class BusConnector:
    """Connects the bus once, when first called (``Bus.start`` never raises: without NATS, what
    needs it says so); the ops kinds call it before they read or write placement (KV)."""

    def __init__(self, bus: Bus) -> None:
        self.bus = bus
        self._lock = asyncio.Lock()
        self._started = False

    async def __call__(self) -> None:
        async with self._lock:
            if not self._started:
                self._started = True
                await self.bus.start()


@dataclass(eq=False)
class Runtime:
    """One process's resources and registries (nothing is opened until a ``start_*``)."""

    settings: Settings
    db: Database
    bus: Bus
    connect_bus: BusConnector
    store: ObjectStore
    placement: PlacementService
    job_registry: KindRegistry
    credential_broker: CredentialBroker | None
    fleet_prober: FleetProber
    audit_anchor: AuditAnchor | None = None

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        pool_size: int | None = None,
        bus_name: str = "lifeboat",
        job_registry: KindRegistry | None = None,
    ) -> Runtime:
        """Everything ``settings`` configure; ``job_registry`` replaces the kinds (tests)."""
        bus = Bus(settings.nats_url, name=bus_name)
        connect_bus = BusConnector(bus)
        placement = build_placement_service(
            bus if settings.nats_url else None,
            bucket=settings.placement_bucket,
            file=settings.placement_file,
            resync_s=settings.placement_resync_s,
            audit=audit_job_action,
        )
        return cls(
            settings=settings,
            db=Database(settings.database_url, pool_size=pool_size or settings.database_pool_size),
            bus=bus,
            connect_bus=connect_bus,
            store=object_store_for(settings),
            placement=placement,
            job_registry=job_registry or job_registry_for(settings, placement, connect_bus),
            credential_broker=credential_broker_from_settings(settings),
            fleet_prober=FleetProber(
                secret=settings.fleet_secret,
                timeout_s=settings.fleet_probe_timeout_s,
                outbound=OutboundPolicy.parse(settings.outbound_allow),
            ),
        )

    async def start_api(self) -> None:
        """The API's startup: the pool, NATS, the placement watcher, the bucket, the audit anchor."""
        await self.db.start(TABLES)
        await self.connect_bus()
        await self.placement.watcher.start()  # never raises: empty/file snapshot until KV answers
        try:
            await self.store.ensure_bucket()
        except Exception as exc:
            # Readiness reports it; the API still serves what does not need the object store.
            log.warning("object_store_unavailable", error=str(exc).splitlines()[0][:200])
        # the audit chain's head goes to NATS KV and checkpoints to the store (background, never fatal)
        self.audit_anchor = start_audit_anchor(self.settings, bus=self.bus, store=self.store)

    async def start_worker(self) -> None:
        """The worker's startup: the pool and the audit anchor; the ops kinds read and write
        placement (KV), so NATS is connected when one first needs it."""
        await self.db.start(TABLES)
        self.audit_anchor = start_audit_anchor(
            self.settings, bus=self.bus, store=self.store, connect=self.connect_bus
        )

    async def stop(self) -> None:
        """Close what a ``start_*`` opened (idempotent)."""
        if self.audit_anchor is not None:
            await stop_audit_anchor(self.audit_anchor)
            self.audit_anchor = None
        await self.placement.watcher.stop()
        await self.bus.stop()
        await self.store.close()
        if self.credential_broker is not None:
            await self.credential_broker.close()
        await self.db.stop()

    def worker(self, *, concurrency: int, lease_s: float = 15.0, metrics: JobMetrics | None = None) -> Worker:
        """A job worker on this runtime's kinds and store (one S3 client per process)."""
        return Worker(
            database_url=self.settings.database_url,
            registry=self.job_registry,
            store=self.store,
            concurrency=concurrency,
            lease_s=lease_s,
            metrics=metrics,
            audit=audit_job_action,
        )


@contextlib.asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """A small pool with every table bound and the audit chain keyed, for one-off work (the user
    and token commands, the dev seeding: they append audit rows)."""
    db = Database(settings.database_url, pool_size=2)
    await db.start(TABLES)
    try:
        configure_audit_key(settings)
        yield db
    finally:
        await db.stop()
