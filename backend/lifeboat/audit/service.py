"""Append to, query and verify the audit chain.

Each row's hash is sha256 over the previous row's hash and the canonical JSON of the row.
Appends serialise on a transaction-scoped advisory lock, so concurrent writers produce one
unbroken chain (no forks, no gaps); an append joins the caller's transaction when there is
one, so an action and its audit row commit or roll back together.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from lifeboat.audit.models import AuditEntry, AuditFilter, AuditPage, AuditVerification, Outcome
from lifeboat.audit.tables import AuditEvent
from lifeboat.core.clock import to_rfc3339, utcnow
from lifeboat.core.context import current_correlation_id, current_request_id
from lifeboat.core.errors import FieldError, InvalidInput
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, clamp_limit, decode_cursor, encode_cursor

GENESIS_HASH = "0" * 64
# pg_advisory_xact_lock key for the audit chain ("LBAUDIT" as an int).
AUDIT_LOCK_KEY = 0x4C42415544495400
_VERIFY_BATCH = 1000


def canonical_row(row: dict[str, Any]) -> str:
    """The canonical JSON a row's hash covers (sorted keys, compact, UTC RFC 3339 time)."""
    at = row["at"]
    payload = {
        "id": str(row["id"]),
        "seq": int(row["seq"]),
        "at": to_rfc3339(at) if isinstance(at, datetime) else str(at),
        "actor_id": row["actor_id"],
        "actor_name": row["actor_name"],
        "action": row["action"],
        "target": row["target"],
        "reason": row["reason"],
        "outcome": row["outcome"],
        "request_id": row["request_id"],
        "correlation_id": row["correlation_id"],
        "details": row["details"],
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def chain_hash(prev_hash: str, row: dict[str, Any]) -> str:
    """sha256(prev_hash || "\\n" || canonical JSON of the row)."""
    return hashlib.sha256((prev_hash + "\n" + canonical_row(row)).encode()).hexdigest()


def _load_details(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        loaded = json.loads(value)
        return loaded if isinstance(loaded, dict) else {"value": loaded}
    return dict(value or {})


def _to_entry(row: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        id=str(row["id"]),
        seq=int(row["seq"]),
        at=row["at"],
        actor_id=row["actor_id"],
        actor_name=row["actor_name"],
        action=row["action"],
        target=row["target"],
        reason=row["reason"],
        outcome=row["outcome"],
        request_id=row["request_id"],
        correlation_id=row["correlation_id"],
        details=_load_details(row["details"]),
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


async def append_audit(
    *,
    actor_id: str,
    actor_name: str,
    action: str,
    target: str,
    outcome: Outcome = "success",
    reason: str | None = None,
    details: dict[str, Any] | None = None,
    request_id: str | None = None,
    correlation_id: str | None = None,
) -> AuditEntry:
    """Append one row to the chain (inside the caller's transaction when there is one)."""
    clean_details = json.loads(json.dumps(details or {}, default=str))
    async with AuditEvent._meta.db.transaction():
        await AuditEvent.raw("select pg_advisory_xact_lock({})", AUDIT_LOCK_KEY)
        last = (
            await AuditEvent.select(AuditEvent.seq, AuditEvent.hash)
            .order_by(AuditEvent.seq, ascending=False)
            .first()
        )
        seq = int(last["seq"]) + 1 if last else 1
        prev_hash = last["hash"] if last else GENESIS_HASH
        row: dict[str, Any] = {
            "id": new_id(),
            "seq": seq,
            "at": utcnow(),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "target": target,
            "reason": reason,
            "outcome": outcome,
            "request_id": request_id if request_id is not None else current_request_id(),
            "correlation_id": correlation_id if correlation_id is not None else current_correlation_id(),
            "details": clean_details,
        }
        digest = chain_hash(prev_hash, row)
        await AuditEvent.insert(
            AuditEvent(
                id=row["id"],
                seq=seq,
                at=row["at"],
                actor_id=actor_id,
                actor_name=actor_name,
                action=action,
                target=target,
                reason=reason,
                outcome=outcome,
                request_id=row["request_id"],
                correlation_id=row["correlation_id"],
                details=json.dumps(clean_details),
                prev_hash=prev_hash,
                hash=digest,
            )
        )
    return _to_entry({**row, "prev_hash": prev_hash, "hash": digest})


async def list_audit(filters: AuditFilter, *, limit: int | None, cursor: str | None) -> AuditPage:
    """Rows matching ``filters``, newest first, one page at a time."""
    size = clamp_limit(limit)
    position = decode_cursor(cursor)
    query = AuditEvent.select().order_by(AuditEvent.seq, ascending=False).limit(size + 1)
    if filters.actor:
        query = query.where((AuditEvent.actor_id == filters.actor) | (AuditEvent.actor_name == filters.actor))
    if filters.action:
        if filters.action.endswith("*"):
            # Escape LIKE's wildcards ("_" too: "user.set_*" must not match "user.setXpassword").
            prefix = filters.action[:-1].replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
            query = query.where(AuditEvent.action.like(prefix + "%"))
        else:
            query = query.where(AuditEvent.action == filters.action)
    if filters.target:
        query = query.where(AuditEvent.target == filters.target)
    if filters.correlation_id:
        query = query.where(AuditEvent.correlation_id == filters.correlation_id)
    if filters.since:
        query = query.where(AuditEvent.at >= filters.since)
    if filters.until:
        query = query.where(AuditEvent.at < filters.until)
    if position is not None:
        if not position.key.isdigit():
            raise InvalidInput(
                "The cursor is not valid; use next_cursor from a previous page.",
                errors=[FieldError(field="cursor", message="malformed cursor")],
            )
        query = query.where(AuditEvent.seq < int(position.key))
    rows = await query
    items = [_to_entry(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        last = items[-1]
        next_cursor = encode_cursor(CursorPosition(key=str(last.seq), id=last.id))
    return AuditPage(items=items, next_cursor=next_cursor)


async def verify_audit_chain() -> AuditVerification:
    """Walk the whole chain in order and name the first row whose link or content is wrong."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    after = 0
    while True:
        rows = (
            await AuditEvent.select()
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(_VERIFY_BATCH)
        )
        if not rows:
            break
        for row in rows:
            row = {**row, "details": _load_details(row["details"])}
            problem = None
            if int(row["seq"]) != expected_seq:
                problem = f"sequence gap: expected seq {expected_seq}, found {row['seq']}"
            elif row["prev_hash"] != prev_hash:
                problem = "prev_hash does not match the previous row's hash"
            elif chain_hash(prev_hash, row) != row["hash"]:
                problem = "row content does not match its hash (the row was altered)"
            if problem is not None:
                return AuditVerification(
                    ok=False,
                    checked=checked,
                    first_bad_id=str(row["id"]),
                    first_bad_seq=int(row["seq"]),
                    detail=problem,
                )
            checked += 1
            prev_hash = row["hash"]
            expected_seq += 1
            after = int(row["seq"])
    return AuditVerification(
        ok=True, checked=checked, first_bad_id=None, first_bad_seq=None, detail=f"{checked} rows verified"
    )
