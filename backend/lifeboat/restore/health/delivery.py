"""Alert delivery, run by the ``restore.alert_delivery`` job's steps: what to deliver for an
alert event, and the delivery log (every attempt, and a cancellation with who and why)."""

from __future__ import annotations

import json
import uuid
from typing import Literal

import msgspec

from lifeboat.core.errors import NotFound
from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.restore.health.alerts import alert_subject, redacted_target
from lifeboat.restore.health.models import (
    DeliveryChannel,
)


class DeliveryTarget(msgspec.Struct, frozen=True, kw_only=True):
    """An alert event to deliver: its payload, subject and the group's current webhook."""

    event_id: uuid.UUID
    subject: str
    webhook_url: str | None
    body: bytes


async def delivery_target(event_id: str) -> DeliveryTarget:
    """The event to deliver (404 when it is gone)."""
    try:
        parsed = uuid.UUID(event_id)
    except ValueError as exc:
        raise NotFound(f"No alert event {event_id}.") from exc
    async with transaction() as conn:
        row = await conn.fetchrow(
            """
            select e.id, e.group_name, e.payload, g.webhook_url
            from restore_alert_event e
            left join restore_backup_group g on g.name = e.group_name
            where e.id = $1
            """,
            parsed,
        )
    if row is None:
        raise NotFound(f"No alert event {event_id}.")
    payload = json.loads(row["payload"]) if isinstance(row["payload"], str) else row["payload"]
    return DeliveryTarget(
        event_id=row["id"],
        subject=alert_subject(row["group_name"]),
        webhook_url=row["webhook_url"],
        body=json.dumps(payload, sort_keys=True).encode(),
    )


async def record_delivery(
    event_id: uuid.UUID,
    *,
    channel: Literal["nats", "webhook"],
    attempt: int,
    target: str,
    outcome: Literal["delivered", "failed"],
    status_code: int | None = None,
    error: str | None = None,
) -> None:
    """Append one attempt to the delivery log."""
    async with transaction() as conn:
        await conn.execute(
            """
            insert into restore_alert_delivery (id, event, channel, attempt, target, outcome, status_code, error, at)
            values ($1, $2, $3, $4, $5, $6, $7, $8, now())
            """,
            new_id(),
            event_id,
            channel,
            attempt,
            target,
            outcome,
            status_code,
            error[:1000] if error else None,
        )


async def record_delivery_cancelled(
    event_id: str, *, channel: DeliveryChannel, attempts: int, cancelled_by: str, reason: str
) -> None:
    """Append the cancellation of a delivery to its alert's delivery log (who and why), in the
    cancel's transaction (the ``restore.alert_delivery`` kind's ``on_cancel``)."""
    target = await delivery_target(event_id)
    if channel == "nats":
        shown = target.subject
    else:
        shown = redacted_target(target.webhook_url) if target.webhook_url else "(no webhook)"
    async with transaction() as conn:
        await conn.execute(
            """
            insert into restore_alert_delivery (id, event, channel, attempt, target, outcome, at,
              cancelled_by, cancel_reason)
            values ($1, $2, $3, $4, $5, 'cancelled', now(), $6, $7)
            """,
            new_id(),
            target.event_id,
            channel,
            attempts,
            shown,
            cancelled_by,
            reason,
        )
