"""Restore alerts as operators read them (raise/clear events and delivery attempts), where a
group's alerts go (its NATS subject and optional webhook, a secret), and how a webhook URL is
shown."""

from __future__ import annotations

import json
import uuid

from lifeboat.audit.service import append_audit
from lifeboat.core.errors import FieldError, InvalidInput, NotFound
from lifeboat.core.outbound import OutboundPolicy, redact_url
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import transaction
from lifeboat.restore.health.models import (
    Alert,
    AlertDelivery,
    AlertEvent,
    AlertPage,
    GroupAlerting,
    GroupAlertingPatch,
)

ALERT_SUBJECT_PREFIX = "lifeboat.alerts.restore"


def alert_subject(group: str) -> str:
    """The NATS subject of a group's alerts ('.' in a group name becomes '_': one subject token)."""
    return f"{ALERT_SUBJECT_PREFIX}.{group.replace('.', '_')}"


def redacted_target(url: str) -> str:
    """A webhook URL as anyone may see it: scheme, host and port, the path as ``/…``, no
    credentials, query or fragment (the path or query often is the token)."""
    return redact_url(url)


async def list_alerts(
    *,
    active: bool | None = None,
    server: str | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> AlertPage:
    """Alerts that were ever raised, with their changes and delivery attempts."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    after: uuid.UUID | None = None
    if position is not None:
        try:
            after = uuid.UUID(position.id)
        except ValueError as exc:
            raise InvalidCursor() from exc
    async with transaction() as conn:
        rows = await conn.fetch(
            """
            select a.*, s.name as server_name, g.name as group_name
            from restore_alert a
            join restore_server s on s.id = a.server
            join restore_backup_group g on g.id = s.backup_group
            where a.raised_at is not null
              and ($1::bool is null or a.active = $1)
              and ($2::text is null or s.name = $2)
              and ($3::uuid is null or a.id < $3)
            order by a.id desc
            limit $4
            """,
            active,
            server,
            after,
            size + 1,
        )
        page = rows[:size]
        events = await conn.fetch(
            "select * from restore_alert_event where alert = any($1::uuid[]) order by at desc, id desc",
            [r["id"] for r in page],
        )
        deliveries = await conn.fetch(
            "select * from restore_alert_delivery where event = any($1::uuid[]) order by at, attempt, id",
            [e["id"] for e in events],
        )
    by_event: dict[uuid.UUID, list[AlertDelivery]] = {}
    for d in deliveries:
        by_event.setdefault(d["event"], []).append(
            AlertDelivery(
                channel=d["channel"],
                attempt=d["attempt"],
                # Redacted again on the way out: rows written before URLs were secrets kept paths.
                target=redacted_target(d["target"]) if d["channel"] == "webhook" else d["target"],
                outcome=d["outcome"],
                status_code=d["status_code"],
                error=d["error"],
                at=d["at"],
                cancelled_by=d["cancelled_by"],
                reason=d["cancel_reason"],
            )
        )
    by_alert: dict[uuid.UUID, list[AlertEvent]] = {}
    for e in events:
        by_alert.setdefault(e["alert"], []).append(
            AlertEvent(
                id=str(e["id"]),
                change=e["change"],
                at=e["at"],
                delivery_job_ids=[str(j) for j in (e["job_id"], e["webhook_job_id"]) if j is not None],
                payload=json.loads(e["payload"]) if isinstance(e["payload"], str) else e["payload"],
                deliveries=by_event.get(e["id"], []),
            )
        )
    items = [
        Alert(
            id=str(r["id"]),
            server=r["server_name"],
            group=r["group_name"],
            kind=r["kind"],
            active=r["active"],
            raised_at=r["raised_at"],
            cleared_at=r["cleared_at"],
            changed_at=r["changed_at"],
            events=by_alert.get(r["id"], []),
        )
        for r in page
    ]
    next_cursor = None
    if len(rows) > size and items:
        next_cursor = encode_cursor(CursorPosition(key=items[-1].id, id=items[-1].id))
    return AlertPage(items=items, next_cursor=next_cursor)


async def get_group_alerting(group: str) -> GroupAlerting:
    """Where a group's alerts go (404 for an unknown group)."""
    async with transaction() as conn:
        row = await conn.fetchrow("select name, webhook_url from restore_backup_group where name = $1", group)
    if row is None:
        raise NotFound(f"No backup group {group!r}.")
    return _alerting(row["name"], row["webhook_url"])


def _alerting(group: str, webhook_url: str | None) -> GroupAlerting:
    return GroupAlerting(
        group=group,
        subject=alert_subject(group),
        webhook=redacted_target(webhook_url) if webhook_url else None,
    )


async def set_group_alerting(
    group: str, patch: GroupAlertingPatch, *, actor_id: str, actor_name: str, outbound: OutboundPolicy
) -> GroupAlerting:
    """Set or remove the group's alert webhook (audited with the reason; the URL itself is not
    written to the audit log, only scheme + host, since it is a secret). The URL must pass the
    ``outbound`` policy now (literal addresses, metadata names, what the name resolves to if it
    resolves: 422 otherwise) and is checked again on every delivery."""
    if len(patch.reason.strip()) < 3:
        raise InvalidInput(
            "A reason is required (at least 3 characters).",
            errors=[FieldError(field="reason", message="at least 3 non-blank characters")],
        )
    if patch.webhook_url is not None:
        await outbound.check_url(patch.webhook_url, url_field="webhook_url")
    async with transaction() as conn:
        row = await conn.fetchrow(
            "select name, webhook_url from restore_backup_group where name = $1 for update", group
        )
        if row is None:
            raise NotFound(f"No backup group {group!r}.")
        if row["webhook_url"] != patch.webhook_url:
            await conn.execute(
                "update restore_backup_group set webhook_url = $2, updated_at = now() where name = $1",
                group,
                patch.webhook_url,
            )
            await append_audit(
                actor_id=actor_id,
                actor_name=actor_name,
                action="restore.group.alerting",
                target=f"backup_group:{group}",
                reason=patch.reason.strip(),
                details={
                    "webhook": redacted_target(patch.webhook_url) if patch.webhook_url else None,
                },
            )
    return _alerting(group, patch.webhook_url)
