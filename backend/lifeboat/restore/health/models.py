"""Restore health API shapes: per-server health, alerts with their events and delivery
attempts, a group's alert routing, and the params and results of the health job kinds."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.core.text import ReasonText
from lifeboat.restore.health.rules import AlertKind, HealthStatus

DeliveryChannel = Literal["nats", "webhook"]
WebhookUrl = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^https?://[!-~]+$",
        max_length=2048,
        description="http(s) URL that receives each alert change as a JSON POST. A secret: it is "
        "stored but never shown again (only scheme, host and '/…'); it must pass the outbound URL "
        "policy (LIFEBOAT_OUTBOUND_ALLOW).",
    ),
]


class ServerHealthItem(msgspec.Struct, frozen=True, kw_only=True):
    """One server's restore health (outcomes of verifications, against its freshness target)."""

    server: str
    group: str
    status: HealthStatus
    last_success: datetime | None
    last_failure: datetime | None
    failure_streak: int
    overdue_since: datetime | None
    freshness_target_s: int
    active_alerts: list[AlertKind]
    evaluated_at: datetime


class RestoreHealth(msgspec.Struct, frozen=True, kw_only=True):
    """Every live server in scope of an enabled declaration: failing first, then overdue,
    never verified, healthy; by group and server within a status."""

    items: list[ServerHealthItem]


class AlertDelivery(msgspec.Struct, frozen=True, kw_only=True):
    """One delivery attempt of an alert change, or its cancellation (``outcome`` ``cancelled``:
    ``attempt`` is the number of attempts made before it, ``cancelled_by`` and ``reason`` say who
    stopped the delivery and why; an alert is never suppressed silently)."""

    channel: Literal["nats", "webhook"]
    attempt: int
    target: str
    outcome: Literal["delivered", "failed", "cancelled"]
    status_code: int | None
    error: str | None
    at: datetime
    cancelled_by: str | None = None
    reason: str | None = None


class AlertEvent(msgspec.Struct, frozen=True, kw_only=True):
    """An alert being raised or cleared, and its deliveries."""

    id: str
    change: Literal["raised", "cleared"]
    at: datetime
    #: The restore.alert_delivery jobs: NATS first, then the webhook.
    delivery_job_ids: list[str]
    payload: dict[str, Any]
    deliveries: list[AlertDelivery]


class Alert(msgspec.Struct, frozen=True, kw_only=True):
    """The state of one (server, kind) alert and its recent changes (newest first)."""

    id: str
    server: str
    group: str
    kind: AlertKind
    active: bool
    raised_at: datetime | None
    cleared_at: datetime | None
    changed_at: datetime
    events: list[AlertEvent]


class AlertPage(msgspec.Struct, frozen=True):
    """A page of alerts, most recently changed first."""

    items: list[Alert]
    next_cursor: str | None


class GroupAlerting(msgspec.Struct, frozen=True, kw_only=True):
    """Where a group's restore alerts go: always its NATS subject; optionally a webhook, shown as
    scheme + host + ``/…`` (the URL is a secret: it is never read back, only replaced)."""

    group: str
    subject: str
    webhook: str | None


class GroupAlertingPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Set (or with null, remove) the group's alert webhook."""

    webhook_url: WebhookUrl | None
    reason: ReasonText


class AlertDeliveryParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Deliver one alert change (a ``restore_alert_event``) on one channel: NATS or the group's
    webhook (one job per channel, so one channel being down never holds the other back)."""

    event_id: str
    channel: DeliveryChannel


class SweepResult(msgspec.Struct, frozen=True, kw_only=True):
    """What one freshness sweep found and changed."""

    servers: int
    overdue: int
    raised: int
    cleared: int


class FreshnessSweepParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The freshness sweep takes no parameters."""
