"""Restore health per server, restore-health alerts and their delivery.

Health (``GET /api/v1/restore/health``) is computed by ``restore.health.classify`` from the
verification outcomes of every live server in scope of an enabled declaration, against the
strictest freshness target of the declarations covering it.

Alerts: ``restore_alert`` holds one row per (server, kind); ``reconcile_alerts`` compares the
alerts that should be active for a server's health (``health.active_alerts``, the rule behind
``health.alert_changes``) with the rows, under their row locks, so a raise or a clear happens
once however many requests and sweeps race. Each change appends a ``restore_alert_event`` (the
outbox) and creates a ``restore.alert_delivery`` job in the same transaction: the engine
publishes it on NATS (``lifeboat.alerts.restore.<group>``) and POSTs it to the group's optional
webhook, with retries and exponential backoff, logging every attempt in
``restore_alert_delivery``. A NATS or webhook outage therefore never fails the request that
changed the health, and a delivery survives the death of any process.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

import asyncpg
import msgspec

from lifeboat.audit.service import append_audit
from lifeboat.core.clock import utcnow
from lifeboat.core.errors import FieldError, InvalidInput, NotFound
from lifeboat.core.ids import new_id
from lifeboat.core.outbound import OutboundPolicy, redact_url
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.core.text import ReasonText
from lifeboat.jobs.definitions import JobKind, plan_for
from lifeboat.jobs.service import insert_job, request_hash, transaction
from lifeboat.restore.health.rules import (
    AlertKind,
    HealthStatus,
    ServerHealth,
    VerificationOutcome,
    active_alerts,
    classify,
    effective_freshness_target,
)

ALERT_KINDS: tuple[AlertKind, ...] = ("restore_failing", "restore_overdue")
ALERT_SUBJECT_PREFIX = "lifeboat.alerts.restore"
ALERTS_ACTOR_ID = "system:restore-alerts"
_STATUS_ORDER: dict[str, int] = {"failing": 0, "overdue": 1, "never_verified": 2, "healthy": 3}

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


def alert_subject(group: str) -> str:
    """The NATS subject of a group's alerts ('.' in a group name becomes '_': one subject token)."""
    return f"{ALERT_SUBJECT_PREFIX}.{group.replace('.', '_')}"


def redacted_target(url: str) -> str:
    """A webhook URL as anyone may see it: scheme, host and port, the path as ``/…``, no
    credentials, query or fragment (the path or query often is the token)."""
    return redact_url(url)


# --- API shapes -----------------------------------------------------------------------------


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


# --- health ---------------------------------------------------------------------------------

_SCOPE_SQL = """
select s.id, s.name, g.name as group_name, array_agg(d.freshness_target_s) as targets
from restore_server s
join restore_backup_group g on g.id = s.backup_group
join restore_replica d
  on d.enabled and (d.server = s.id or (d.server is null and d.backup_group = s.backup_group))
where s.live and ($1::uuid is null or s.id = $1)
group by s.id, s.name, g.name
"""


class _Scoped(msgspec.Struct, frozen=True):
    server_id: uuid.UUID
    server: str
    group: str
    target: timedelta


async def _scoped_servers(conn: asyncpg.Connection, server_id: uuid.UUID | None = None) -> list[_Scoped]:
    rows = await conn.fetch(_SCOPE_SQL, server_id)
    return [
        _Scoped(
            server_id=r["id"],
            server=r["name"],
            group=r["group_name"],
            target=effective_freshness_target(timedelta(seconds=int(t)) for t in r["targets"]),
        )
        for r in rows
    ]


async def _outcomes(
    conn: asyncpg.Connection, server_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[VerificationOutcome]]:
    rows = await conn.fetch(
        """
        select server, outcome, recorded_at, run from restore_verification
        where server = any($1::uuid[])
        """,
        server_ids,
    )
    by_server: dict[uuid.UUID, list[VerificationOutcome]] = {}
    for r in rows:
        # The server's own clock, never the agent-reported times: a skewed or lying agent
        # cannot reorder outcomes (hide a failure) or keep a success fresh.
        by_server.setdefault(r["server"], []).append(
            VerificationOutcome(verified_at=r["recorded_at"], result=r["outcome"], run_id=str(r["run"]))
        )
    return by_server


async def _health_of(
    conn: asyncpg.Connection, now: datetime, server_id: uuid.UUID | None = None
) -> list[tuple[_Scoped, ServerHealth]]:
    scoped = await _scoped_servers(conn, server_id)
    outcomes = await _outcomes(conn, [s.server_id for s in scoped])
    return [(s, classify(outcomes.get(s.server_id, []), now=now, freshness_target=s.target)) for s in scoped]


async def restore_health(*, status: str | None = None, group: str | None = None) -> RestoreHealth:
    """Per-server restore health, failing and overdue first."""
    now = utcnow()
    async with transaction() as conn:
        evaluated = await _health_of(conn, now)
        active = await conn.fetch("select server, kind from restore_alert where active")
    alerts: dict[uuid.UUID, list[AlertKind]] = {}
    for r in active:
        alerts.setdefault(r["server"], []).append(r["kind"])
    items = [
        ServerHealthItem(
            server=s.server,
            group=s.group,
            status=h.status,
            last_success=h.last_success,
            last_failure=h.last_failure,
            failure_streak=h.failure_streak,
            overdue_since=h.overdue_since,
            freshness_target_s=int(s.target.total_seconds()),
            active_alerts=sorted(alerts.get(s.server_id, [])),
            evaluated_at=h.evaluated_at,
        )
        for s, h in evaluated
        if (status is None or h.status == status) and (group is None or s.group == group)
    ]
    items.sort(key=lambda i: (_STATUS_ORDER[i.status], i.group, i.server))
    return RestoreHealth(items=items)


# --- alerts ---------------------------------------------------------------------------------


DeliveryChannel = Literal["nats", "webhook"]


class AlertDeliveryParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Deliver one alert change (a ``restore_alert_event``) on one channel: NATS or the group's
    webhook (one job per channel, so one channel being down never holds the other back)."""

    event_id: str
    channel: DeliveryChannel


def _payload(
    event_id: uuid.UUID,
    change: str,
    kind: AlertKind,
    scoped: _Scoped,
    health: ServerHealth,
    environment: str,
) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return value.isoformat() if value is not None else None

    return {
        "event_id": str(event_id),
        "alert": kind,
        "change": change,
        "server": scoped.server,
        "group": scoped.group,
        "environment": environment,
        "status": health.status,
        "last_success": iso(health.last_success),
        "last_failure": iso(health.last_failure),
        "failure_streak": health.failure_streak,
        "overdue_since": iso(health.overdue_since),
        "freshness_target_s": int(scoped.target.total_seconds()),
        "at": iso(health.evaluated_at),
    }


async def _reconcile_one(
    conn: asyncpg.Connection,
    scoped: _Scoped,
    health: ServerHealth,
    *,
    delivery_kind: JobKind,
    environment: str,
) -> tuple[list[AlertKind], list[AlertKind]]:
    """Raise and clear this server's alerts to match its health, once (row locks)."""
    await conn.executemany(
        """
        insert into restore_alert (id, server, kind, active, changed_at)
        values ($1, $2, $3, false, now())
        on conflict (server, kind) do nothing
        """,
        [(new_id(), scoped.server_id, kind) for kind in ALERT_KINDS],
    )
    rows = await conn.fetch(
        "select id, kind, active from restore_alert where server = $1 order by kind for update",
        scoped.server_id,
    )
    wanted = active_alerts(health)
    raised: list[AlertKind] = []
    cleared: list[AlertKind] = []
    for row in rows:
        kind: AlertKind = row["kind"]
        if (kind in wanted) == row["active"]:
            continue
        change = "raised" if kind in wanted else "cleared"
        (raised if change == "raised" else cleared).append(kind)
        await conn.execute(
            """
            update restore_alert set active = $2::bool, changed_at = now(),
              raised_at = case when $2::bool then now() else raised_at end,
              cleared_at = case when $2::bool then null else now() end,
              details = $3::jsonb
            where id = $1
            """,
            row["id"],
            change == "raised",
            json.dumps({"status": health.status, "failure_streak": health.failure_streak}),
        )
        event_id = new_id()
        jobs: dict[DeliveryChannel, uuid.UUID] = {"nats": new_id(), "webhook": new_id()}
        await conn.execute(
            """
            insert into restore_alert_event (id, alert, change, server_name, group_name, kind, at, payload,
              job_id, webhook_job_id)
            values ($1, $2, $3, $4, $5, $6, now(), $7::jsonb, $8, $9)
            """,
            event_id,
            row["id"],
            change,
            scoped.server,
            scoped.group,
            kind,
            json.dumps(_payload(event_id, change, kind, scoped, health, environment)),
            jobs["nats"],
            jobs["webhook"],
        )
        for channel, job_id in jobs.items():
            params = AlertDeliveryParams(event_id=str(event_id), channel=channel)
            await insert_job(
                conn,
                job_id=job_id,
                kind=delivery_kind,
                status="pending",
                params=params,
                digest=request_hash(delivery_kind.name, params, False),
                plan=plan_for(delivery_kind, params),
                reason=f"deliver {kind} {change} for server {scoped.server} ({channel})",
                dry_run=False,
                scope=None,
                created_by=ALERTS_ACTOR_ID,
                created_by_name="restore alerts",
            )
    return raised, cleared


async def _lock_server(conn: asyncpg.Connection, server_id: uuid.UUID) -> None:
    """Serialise health evaluations of one server until the transaction ends, so an evaluation
    sees every verification committed before it (read committed) and none is decided twice."""
    await conn.execute(
        "select pg_advisory_xact_lock(hashtextextended('restore-alerts:' || $1::text, 0))", str(server_id)
    )


async def reconcile_server_alerts(
    conn: asyncpg.Connection, server_id: uuid.UUID, *, delivery_kind: JobKind, environment: str
) -> tuple[list[AlertKind], list[AlertKind]]:
    """Re-evaluate one server's health and raise/clear its alerts (in the caller's transaction).
    A server out of every declaration's scope is left alone."""
    await _lock_server(conn, server_id)
    evaluated = await _health_of(conn, utcnow(), server_id)
    raised: list[AlertKind] = []
    cleared: list[AlertKind] = []
    for scoped, health in evaluated:
        r, c = await _reconcile_one(
            conn, scoped, health, delivery_kind=delivery_kind, environment=environment
        )
        raised += r
        cleared += c
    return raised, cleared


class SweepResult(msgspec.Struct, frozen=True, kw_only=True):
    """What one freshness sweep found and changed."""

    servers: int
    overdue: int
    raised: int
    cleared: int


async def sweep_alerts(*, delivery_kind: JobKind, environment: str) -> SweepResult:
    """Classify every server in scope and raise/clear its alerts (the freshness sweep). One short
    transaction per server, so a sweep never holds many locks."""
    async with transaction() as conn:
        evaluated = await _health_of(conn, utcnow())
    raised = cleared = overdue = 0
    for scoped, _ in evaluated:
        async with transaction() as conn:
            # re-evaluated under the server's lock: a verification may have landed meanwhile
            await _lock_server(conn, scoped.server_id)
            for fresh_scope, health in await _health_of(conn, utcnow(), scoped.server_id):
                overdue += health.status == "overdue"
                r, c = await _reconcile_one(
                    conn, fresh_scope, health, delivery_kind=delivery_kind, environment=environment
                )
                raised += len(r)
                cleared += len(c)
    return SweepResult(servers=len(evaluated), overdue=overdue, raised=raised, cleared=cleared)


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


# --- delivery (run by the restore.alert_delivery job's steps) -------------------------------


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


# --- group alerting -------------------------------------------------------------------------


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
