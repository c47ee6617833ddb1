"""The service protocol's wire shapes: what a managed service answers and what Lifeboat sends.

A managed service (a fleet member; ``lifeboat sim`` serves faithful ones) exposes:

- ``GET /health`` -> 200 ``{"status": "ok"}`` (liveness; no auth)
- ``GET /ready`` -> 200 ``{"status": "ready"}`` or 503 problem+json (no auth)
- ``GET /metrics`` -> Prometheus text with ``<service>_build_info{service,version,git_sha} 1``
  (no auth)
- ``GET /admin/state`` -> ``ServiceState``
- ``POST /admin/tenants/{tenant}/drain`` -> ``TenantAck`` (stop acquiring; idempotent)
- ``POST /admin/tenants/{tenant}/resume`` -> ``TenantAck`` (acquire again; idempotent)
- ``POST /admin/reload`` -> ``ReloadAck`` (re-read the placement maps from KV now)

``/admin/*`` requires ``Authorization: Bearer <fleet secret>``: 401 problem+json without or with
a wrong one. Every error is ``application/problem+json`` (``type``, ``title``, ``status``,
``detail``). The full contract, with examples, is docs/protocols/service.md.
"""

from __future__ import annotations

from typing import Literal

import msgspec

ServiceKind = Literal["gateway", "aggregate", "projection", "runner"]
Site = Literal["primary", "dr"]
SERVICE_KINDS: tuple[ServiceKind, ...] = ("gateway", "aggregate", "projection", "runner")
SITES: tuple[Site, ...] = ("primary", "dr")

#: Tenant ids (path segment, ``x-tenant-id`` header, placement keys): lowercase, digits, dashes.
TENANT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"


class TenantState(msgspec.Struct, frozen=True, kw_only=True):
    """One tenant as one service sees it."""

    acquiring: bool  # the service takes new work for the tenant
    inflight: int  # units of work started and not finished
    lag: float  # seconds the service is behind for this tenant (0 when caught up)


class ServiceState(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /admin/state``: identity, effective config revisions and per-tenant work."""

    service: str  # the service's name (unique in the fleet)
    kind: ServiceKind
    site: Site
    version: str
    git_sha: str
    # map name (e.g. "aggregate_placement") -> the KV revision the service has applied
    config_revisions: dict[str, int]
    # tenants the service is placed on, plus any it still has inflight work for
    tenants: dict[str, TenantState]


class TenantAck(msgspec.Struct, frozen=True, kw_only=True):
    """Answer to drain/resume: the tenant's state right after the change."""

    service: str
    tenant: str
    acquiring: bool
    inflight: int


class ReloadAck(msgspec.Struct, frozen=True, kw_only=True):
    """Answer to reload: the revisions applied after re-reading the maps."""

    service: str
    config_revisions: dict[str, int]
