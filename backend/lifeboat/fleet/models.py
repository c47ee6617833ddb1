"""Fleet API shapes: the service registry and the normalised health snapshot."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from lifeboat.core.text import ReasonText
from lifeboat.core.urls import HTTP_URL_PATTERN
from lifeboat.fleet.protocol import ServiceKind, Site

#: Service names: lowercase, digits, dots and dashes (``agg-1.primary``), at most 63 characters.
SERVICE_NAME_PATTERN = r"^[a-z0-9][a-z0-9.-]{0,62}$(?!\n)"

ServiceName = Annotated[
    str,
    msgspec.Meta(
        pattern=SERVICE_NAME_PATTERN,
        description="Unique service name: lowercase letters, digits, '.' and '-' (max 63).",
    ),
]
EnvironmentName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z0-9][a-z0-9_-]{0,62}$(?!\n)",
        description="The environment the service belongs to (e.g. prod, staging).",
    ),
]
BaseUrl = Annotated[
    str,
    msgspec.Meta(
        min_length=8,
        max_length=2048,
        pattern=HTTP_URL_PATTERN,
        description="Where the service protocol is served: an http(s) URL without credentials, "
        "query or fragment (e.g. https://agg-1.example.com:9000). Loopback and private addresses "
        "need LIFEBOAT_OUTBOUND_ALLOW; link-local/metadata addresses are always refused (422).",
    ),
]
# "unknown": Lifeboat did not finish probing the service before the snapshot's deadline (it was
# waiting for a probe slot or for CPU) -- a statement about this snapshot, not about the service.
Health = Literal["ok", "failing", "unreachable", "unknown"]
HEALTH_VALUES: tuple[Health, ...] = ("ok", "failing", "unreachable", "unknown")


class FleetServiceSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A service's definition in the registry (what ``register_services`` is given)."""

    name: ServiceName
    kind: ServiceKind
    site: Site
    environment: EnvironmentName
    base_url: BaseUrl


class FleetServiceCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Register a service. Registering the same definition again is a no-op (200); a different
    definition under an existing name is a 409 (use PUT to change it)."""

    name: ServiceName
    kind: ServiceKind
    site: Site
    environment: EnvironmentName
    base_url: BaseUrl
    reason: ReasonText

    def spec(self) -> FleetServiceSpec:
        """The definition, without the reason."""
        return FleetServiceSpec(
            name=self.name,
            kind=self.kind,
            site=self.site,
            environment=self.environment,
            base_url=self.base_url,
        )


class FleetServiceUpdate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Replace a registered service's definition (the name is in the path)."""

    kind: ServiceKind
    site: Site
    environment: EnvironmentName
    base_url: BaseUrl
    reason: ReasonText


class FleetService(msgspec.Struct, frozen=True, kw_only=True):
    """A registered service."""

    name: str
    kind: ServiceKind
    site: Site
    environment: str
    base_url: str
    created_at: datetime
    updated_at: datetime
    created_by: str


class FleetServicePage(msgspec.Struct, frozen=True):
    """A page of registered services, by name."""

    items: list[FleetService]
    next_cursor: str | None


class ProbePoint(msgspec.Struct, frozen=True, kw_only=True):
    """One past probe of a service (for sparklines)."""

    at: datetime
    ok: bool
    latency_ms: float


class ServiceHealth(msgspec.Struct, frozen=True, kw_only=True):
    """One service in the snapshot: its registry entry plus what the last probe found.

    ``health``: ``ok`` (every probe call answered as the protocol says), ``failing`` (the service
    answered but not as it should: ``/health`` not ok, ``/admin/state`` or ``/metrics`` refused
    or malformed), ``unreachable`` (``/health`` could not be reached, timed out, or the outbound
    URL policy refused the address). ``ready`` is ``null`` when unknown (unreachable). Fields
    read from the service are ``null`` when the call that provides them failed. ``last_error``
    is classified, in Lifeboat's words (``<call>: unreachable|timeout|bad-response|
    refused-by-policy (…)``), never the service's answer.
    """

    name: str
    kind: ServiceKind
    site: Site
    environment: str
    base_url: str
    health: Health
    ready: bool | None
    version: str | None
    git_sha: str | None
    config_revisions: dict[str, int] | None
    tenant_count: int | None
    inflight_total: int | None
    probe_latency_ms: float
    last_error: str | None
    checked_at: datetime
    history: list[ProbePoint]


class FleetSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Counts over the snapshot."""

    total: int
    by_site: dict[str, int]
    by_kind: dict[str, int]
    by_health: dict[str, int]


class FleetSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """Every registered service, probed concurrently, in one normalised shape (sorted by name)."""

    taken_at: datetime
    probe_timeout_s: float
    # False when LIFEBOAT_FLEET_SECRET is unset: /admin/state is not called, state fields are null.
    secret_configured: bool
    summary: FleetSummary
    services: list[ServiceHealth]


class TenantServiceActivity(msgspec.Struct, frozen=True, kw_only=True):
    """One service's live view of one tenant (from its ``/admin/state``).

    ``present`` is true when the service reports the tenant (placed on it, or still finishing
    work for it); ``acquiring``/``inflight``/``lag`` are null when it does not, or when the call
    failed (``reachable`` false for a timeout or refused connection, ``error`` says what failed).
    """

    service: str
    kind: ServiceKind
    site: Site
    reachable: bool
    present: bool
    acquiring: bool | None
    inflight: int | None
    lag: float | None
    error: str | None


class TenantActivity(msgspec.Struct, frozen=True, kw_only=True):
    """``GET /api/v1/fleet/tenants/{tenant_id}``: every registered service's live view of a tenant."""

    tenant_id: str
    taken_at: datetime
    probe_timeout_s: float
    # False when LIFEBOAT_FLEET_SECRET is unset: /admin/state cannot be called.
    secret_configured: bool
    inflight_total: int  # over the services that answered
    services: list[TenantServiceActivity]  # sorted by service name
