"""Restore health per server and the raising and clearing of its alerts.

Health (``GET /api/v1/restore/health``) is computed by ``restore.health.rules.classify`` from the
verification outcomes of every live server in scope of an enabled declaration, against the
strictest freshness target of the declarations covering it.

Alerts: ``restore_alert`` holds one row per (server, kind); ``reconcile_alerts`` compares the
alerts that should be active for a server's health (``rules.active_alerts``, the rule behind
``rules.alert_changes``) with the rows, under their row locks, so a raise or a clear happens
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
from typing import Any

import asyncpg
import msgspec

from lifeboat.core.clock import utcnow
from lifeboat.core.ids import new_id
from lifeboat.db.access import transaction
from lifeboat.jobs.definitions import JobKind, plan_for
from lifeboat.jobs.external import insert_job, request_hash
from lifeboat.restore.health.models import (
    AlertDeliveryParams,
    DeliveryChannel,
    RestoreHealth,
    ServerHealthItem,
    SweepResult,
)
from lifeboat.restore.health.rules import (
    AlertKind,
    ServerHealth,
    VerificationOutcome,
    active_alerts,
    classify,
    effective_freshness_target,
)

ALERT_KINDS: tuple[AlertKind, ...] = ("restore_failing", "restore_overdue")
ALERTS_ACTOR_ID = "system:restore-alerts"
_STATUS_ORDER: dict[str, int] = {"failing": 0, "overdue": 1, "never_verified": 2, "healthy": 3}


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
