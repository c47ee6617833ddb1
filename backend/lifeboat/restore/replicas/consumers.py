"""Restore consumers: principals holding the restore-consumer role (asked of the auth domain's
service, never its tables), the capabilities they register, and why a declaration cannot be
dispatched to its consumer (its capability gap)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lifeboat.auth.models import Principal, Role
from lifeboat.auth.service import principals_with_role
from lifeboat.core.clock import utcnow
from lifeboat.core.ids import new_id
from lifeboat.db.access import fetch_rows, transaction
from lifeboat.restore.changes import audit_change
from lifeboat.restore.replicas.models import (
    Capability,
    CapabilityGap,
    CapabilityRegistration,
    Consumer,
    ConsumerList,
)

CONSUMER_ROLE: Role = "restore-consumer"


async def capabilities_by_consumer(consumer_ids: list[str]) -> dict[str, set[tuple[str, str]]]:
    if not consumer_ids:
        return {}
    rows = await fetch_rows(
        "select consumer, intent, backup_type from restore_consumer_capability where consumer = any($1)",
        consumer_ids,
    )
    out: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(r["consumer"], set()).add((r["intent"], r["backup_type"]))
    return out


async def registered_consumers(consumer_ids: list[str]) -> dict[str, dict[str, Any]]:
    if not consumer_ids:
        return {}
    rows = await fetch_rows("select * from restore_consumer where consumer_id = any($1)", consumer_ids)
    return {r["consumer_id"]: r for r in rows}


def _as_capabilities(pairs: set[tuple[str, str]]) -> list[Capability]:
    by_intent: dict[str, list[str]] = {}
    for intent, backup_type in sorted(pairs):
        by_intent.setdefault(intent, []).append(backup_type)
    return [Capability(intent=intent, backup_types=types) for intent, types in by_intent.items()]


def capability_gap(
    *,
    holds_role: bool,
    registered: bool,
    capabilities: set[tuple[str, str]],
    intent: str,
    backup_type: str,
) -> CapabilityGap | None:
    """Why a declaration cannot be dispatched to its consumer, or None when it can."""
    if not holds_role:
        return CapabilityGap(reason="the consumer no longer holds the restore-consumer role")
    if not registered:
        return CapabilityGap(reason="the consumer has not registered its capabilities")
    if (intent, backup_type) in capabilities:
        return None
    if any(i == intent for i, _ in capabilities):
        return CapabilityGap(
            reason=f"the consumer supports intent {intent!r} but not backup type {backup_type!r}"
        )
    return CapabilityGap(reason=f"the consumer does not support intent {intent!r}")


# A consumer polling its worklist is "seen" at most this often: last_seen_at is precise to this
# interval, and a poll costs no write (and no commit) in between.
SEEN_PRECISION = timedelta(seconds=30)


async def touch_consumer(consumer_id: str) -> None:
    await fetch_rows(
        """
        insert into restore_consumer (consumer_id, last_seen_at) values ($1, $2)
        on conflict (consumer_id) do update set last_seen_at = excluded.last_seen_at
        where restore_consumer.last_seen_at is null
           or restore_consumer.last_seen_at < excluded.last_seen_at - $3::interval
        """,
        consumer_id,
        utcnow(),
        SEEN_PRECISION,
    )


async def register_capabilities(
    principal: Principal, registration: CapabilityRegistration, *, environment: str | None = None
) -> Consumer:
    """Replace what the calling consumer supports with ``registration`` (a smaller set prunes the
    rest; entries of one intent are merged) and mark it seen. A change is audited.
    (``environment`` is accepted for callers that pass it; the route guard checked the role.)"""
    wanted = {(c.intent, t) for c in registration.capabilities for t in c.backup_types}
    now = utcnow()
    async with transaction():
        previous_rows = await fetch_rows(
            "select * from restore_consumer where consumer_id = $1 for update", principal.id
        )
        await fetch_rows(
            """
            insert into restore_consumer (consumer_id, agent_version, capabilities_updated_at, last_seen_at)
            values ($1, $2, $3, $4)
            on conflict (consumer_id) do update set agent_version = excluded.agent_version,
              capabilities_updated_at = excluded.capabilities_updated_at,
              last_seen_at = excluded.last_seen_at
            """,
            principal.id,
            registration.agent_version,
            now,
            now,
        )
        have = (await capabilities_by_consumer([principal.id])).get(principal.id, set())
        removed, added = have - wanted, wanted - have
        for intent, backup_type in sorted(removed):
            await fetch_rows(
                "delete from restore_consumer_capability where consumer = $1 and intent = $2 "
                "and backup_type = $3",
                principal.id,
                intent,
                backup_type,
            )
        for intent, backup_type in sorted(added):
            await fetch_rows(
                """
                insert into restore_consumer_capability (id, consumer, intent, backup_type)
                values ($1, $2, $3, $4) on conflict do nothing
                """,
                new_id(),
                principal.id,
                intent,
                backup_type,
            )
        previous_version = previous_rows[0]["agent_version"] if previous_rows else None
        if removed or added or not previous_rows or previous_version != registration.agent_version:
            await audit_change(
                principal,
                "restore.consumer.register",
                f"consumer:{principal.id}",
                None,
                {
                    "agent_version": registration.agent_version,
                    "added": [f"{i}/{t}" for i, t in sorted(added)],
                    "removed": [f"{i}/{t}" for i, t in sorted(removed)],
                },
            )
    consumers = await _consumers([principal])
    return consumers[0]


async def _consumers(principals: list[Principal]) -> list[Consumer]:
    ids = [p.id for p in principals]
    registered = await registered_consumers(ids)
    capabilities = await capabilities_by_consumer(ids)
    declarations = await fetch_rows(
        "select consumer_id, intent, backup_type from restore_replica where consumer_id = any($1)", ids
    )
    out: list[Consumer] = []
    for p in principals:
        caps = capabilities.get(p.id, set())
        mine = [d for d in declarations if d["consumer_id"] == p.id]
        row = registered.get(p.id)
        gaps = sum(
            1
            for d in mine
            if capability_gap(
                holds_role=True,
                registered=row is not None and row["capabilities_updated_at"] is not None,
                capabilities=caps,
                intent=d["intent"],
                backup_type=d["backup_type"],
            )
            is not None
        )
        out.append(
            Consumer(
                id=p.id,
                name=p.name,
                kind=p.kind,
                registered=row is not None and row["capabilities_updated_at"] is not None,
                agent_version=row["agent_version"] if row else None,
                capabilities=_as_capabilities(caps),
                capabilities_updated_at=row["capabilities_updated_at"] if row else None,
                last_seen_at=row["last_seen_at"] if row else None,
                declarations=len(mine),
                gaps=gaps,
            )
        )
    return out


async def list_consumers(*, environment: str) -> ConsumerList:
    """Every principal holding the restore-consumer role (also those that never registered), by
    name, with what they registered and how many of their declarations have a gap."""
    principals = await principals_with_role(CONSUMER_ROLE, environment)
    return ConsumerList(items=await _consumers(principals))
