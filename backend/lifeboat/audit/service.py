"""Append to, query and verify the audit chain.

Each row's hash is HMAC-SHA256, under the chain's key (``LIFEBOAT_AUDIT_KEY``, outside the
database), over the previous row's hash and the canonical JSON of the row (see ``chain.py``;
rows from before the key epoch keep their plain sha256 and are reported as legacy). Appends
serialise on a transaction-scoped advisory lock, so concurrent writers produce one unbroken
chain (no forks, no gaps); an append joins the caller's transaction when there is one, so an
action and its audit row commit or roll back together. The committed head is anchored outside
PostgreSQL (``anchor.py``) and ``verify`` checks the table against those anchors.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from lifeboat.audit.anchor import AnchorUnavailable, AuditAnchor, SignedHead, current_anchor, install_anchor
from lifeboat.audit.chain import (
    GENESIS_HASH,
    AuditKey,
    canonical_row,
    chain_hash,
    configure_audit_key,
    current_audit_key,
    keyed_chain_hash,
    row_hash,
)
from lifeboat.audit.models import (
    AnchorSource,
    AnchorState,
    AuditAnchorCheck,
    AuditEntry,
    AuditFilter,
    AuditPage,
    AuditVerification,
    Outcome,
    VerifyStatus,
)
from lifeboat.audit.tables import AuditEvent
from lifeboat.bus.connection import Bus
from lifeboat.core.clock import utcnow
from lifeboat.core.context import current_correlation_id, current_request_id
from lifeboat.core.ids import new_id
from lifeboat.core.pagination import CursorPosition, InvalidCursor, clamp_limit, decode_cursor, encode_cursor
from lifeboat.db.access import connection, transaction
from lifeboat.settings import Settings
from lifeboat.store.objects import ObjectStore

__all__ = ["GENESIS_HASH", "append_audit", "canonical_row", "chain_hash", "keyed_chain_hash", "list_audit"]

log = structlog.get_logger(__name__)

# pg_advisory_xact_lock key for the audit chain ("LBAUDIT" as an int).
AUDIT_LOCK_KEY = 0x4C42415544495400
_VERIFY_BATCH = 1000


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
    key = current_audit_key()
    async with transaction() as conn:
        await conn.execute("select pg_advisory_xact_lock($1)", AUDIT_LOCK_KEY)
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
        digest = keyed_chain_hash(key, prev_hash, row)
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
    anchor = current_anchor()
    if anchor is not None:
        anchor.nudge()  # anchors the committed head soon (this row once its transaction commits)
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
            raise InvalidCursor()
        query = query.where(AuditEvent.seq < int(position.key))
    rows = await query
    items = [_to_entry(r) for r in rows[:size]]
    next_cursor = None
    if len(rows) > size and items:
        last = items[-1]
        next_cursor = encode_cursor(CursorPosition(key=str(last.seq), id=last.id))
    return AuditPage(items=items, next_cursor=next_cursor)


# --- the key epoch, the committed head, verification ------------------------------------------


async def keyed_from_seq() -> int:
    """The first seq keyed with the chain's key (the migration that keyed the chain recorded it;
    rows before it are legacy, hashed without a key)."""
    async with connection() as conn:
        keyed_from = await conn.fetchval("select lifeboat_audit_keyed_from_seq()")
    return int(keyed_from)


async def committed_head() -> tuple[int, str, int] | None:
    """``(seq, hash, keyed_from_seq)`` of the newest committed row when its hash verifies.

    What the anchors publish: read from the database (so a rolled-back append is never
    anchored) and checked (so a forged row is never vouched for).
    """
    last = await AuditEvent.select().order_by(AuditEvent.seq, ascending=False).first()
    if last is None:
        return None
    keyed_from = await keyed_from_seq()
    row = {**last, "details": _load_details(last["details"])}
    if row_hash(current_audit_key(), row["prev_hash"], row, keyed_from_seq=keyed_from) != row["hash"]:
        log.error("audit_head_not_anchored", seq=int(row["seq"]), detail="the newest row fails its hash")
        return None
    return int(row["seq"]), str(row["hash"]), keyed_from


def audit_anchor_for(
    *,
    bus: Bus | None,
    store: ObjectStore | None,
    namespace: str,
    checkpoint_rows: int,
    checkpoint_interval_s: float,
    connect: Callable[[], Awaitable[None]] | None = None,
) -> AuditAnchor:
    """An anchor for this process's chain (key and head source from this module)."""
    return AuditAnchor(
        key=current_audit_key(),
        head=committed_head,
        bus=bus,
        store=store,
        namespace=namespace,
        checkpoint_rows=checkpoint_rows,
        checkpoint_interval_s=checkpoint_interval_s,
        connect=connect,
    )


def start_audit_anchor(
    settings: Settings,
    *,
    bus: Bus | None,
    store: ObjectStore | None,
    connect: Callable[[], Awaitable[None]] | None = None,
) -> AuditAnchor:
    """Key this process's chain with ``settings``' key, install its anchor and start anchoring
    (the namespace of the anchors is the installation's bucket)."""
    configure_audit_key(settings)
    anchor = audit_anchor_for(
        bus=bus,
        store=store,
        namespace=settings.s3_bucket,
        checkpoint_rows=settings.audit_checkpoint_rows,
        checkpoint_interval_s=settings.audit_checkpoint_interval_s,
        connect=connect,
    )
    install_anchor(anchor)
    anchor.start()
    return anchor


async def stop_audit_anchor(anchor: AuditAnchor) -> None:
    """Anchor once more and stop; uninstall it when it is still the process's anchor."""
    await anchor.stop()
    if current_anchor() is anchor:
        install_anchor(None)


class _Walk:
    """What walking the rows found."""

    def __init__(self) -> None:
        self.checked = 0
        self.legacy = 0
        self.head_seq: int | None = None
        self.first_bad_id: str | None = None
        self.first_bad_seq: int | None = None
        self.problem: str | None = None


async def _walk_chain(key: AuditKey, keyed_from: int) -> _Walk:
    walk = _Walk()
    prev_hash = GENESIS_HASH
    expected_seq = 1
    after = 0
    while True:
        rows = (
            await AuditEvent.select()
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(_VERIFY_BATCH)
        )
        if not rows:
            return walk
        for raw in rows:
            row = {**raw, "details": _load_details(raw["details"])}
            seq = int(row["seq"])
            walk.head_seq = seq
            after = seq
            if walk.problem is not None:
                continue  # keep reading for the head; the first problem is the one reported
            if seq != expected_seq:
                walk.problem = f"sequence gap: expected seq {expected_seq}, found {seq}"
            elif row["prev_hash"] != prev_hash:
                walk.problem = "prev_hash does not match the previous row's hash"
            elif row_hash(key, prev_hash, row, keyed_from_seq=keyed_from) != row["hash"]:
                walk.problem = (
                    "row content does not match its keyed hash (the row was altered or re-hashed without the key)"
                    if seq >= keyed_from
                    else "row content does not match its (legacy, unkeyed) hash (the row was altered)"
                )
            if walk.problem is not None:
                walk.first_bad_id, walk.first_bad_seq = str(row["id"]), seq
                continue
            walk.checked += 1
            walk.legacy += seq < keyed_from
            prev_hash = row["hash"]
            expected_seq += 1


async def _check_anchor(
    source: AnchorSource,
    kind: str,
    key: AuditKey,
    keyed_from: int,
    head_seq: int | None,
    read: Callable[[], Awaitable[SignedHead | None]],
) -> AuditAnchorCheck:
    def check(state: AnchorState, detail: str, value: SignedHead | None = None) -> AuditAnchorCheck:
        return AuditAnchorCheck(
            source=source,
            state=state,
            seq=value.seq if value is not None else None,
            hash=value.hash if value is not None else None,
            written_at=value.written_at if value is not None else None,
            detail=detail,
        )

    try:
        value: SignedHead | None = await read()
    except AnchorUnavailable as exc:
        return check("unavailable", f"could not read the anchor: {exc}")
    if value is None:
        if head_seq is None:
            return check("none", "nothing anchored yet; the log is empty")
        return check("missing", f"no anchor found, but the log has rows up to seq {head_seq}")
    if not value.signature_ok(key, kind):
        return check(
            "invalid",
            f"the anchor's signature does not verify with this key (anchor key {value.key_id or '?'}, "
            f"this key {key.key_id}): forged, or written with another key",
        )
    row = await AuditEvent.select(AuditEvent.hash).where(AuditEvent.seq == value.seq).first()
    if row is None:
        return check(
            "truncated",
            f"anchored seq {value.seq} is missing from the table (its last row is {head_seq or 'none'})",
            value,
        )
    if value.keyed_from_seq != keyed_from:
        return check(
            "mismatch",
            f"the key epoch moved: the anchor was written when rows from seq {value.keyed_from_seq} were "
            f"keyed, the database now says {keyed_from}",
            value,
        )
    if row["hash"] != value.hash:
        return check(
            "mismatch", f"the row at anchored seq {value.seq} is not the row that was anchored", value
        )
    return check("matched", f"seq {value.seq} is present and unchanged", value)


# Worst first: an anchor that does not verify, none at all, one that could not be read.
_ANCHOR_PROBLEMS: tuple[tuple[AnchorState, VerifyStatus], ...] = (
    ("invalid", "anchor_invalid"),
    ("missing", "anchor_missing"),
    ("unavailable", "anchor_unavailable"),
)


def _status(walk: _Walk, anchors: list[AuditAnchorCheck]) -> tuple[VerifyStatus, str]:
    states = {a.state for a in anchors}
    if walk.problem is not None:
        return "rewritten", walk.problem
    lost = [a for a in anchors if a.state in ("truncated", "mismatch")]
    if lost:
        return "truncated", "; ".join(f"{a.source}: {a.detail}" for a in lost)
    for state, status in _ANCHOR_PROBLEMS:
        if state in states:
            return status, "; ".join(f"{a.source}: {a.detail}" for a in anchors if a.state == state)
    return "ok", f"{walk.checked} rows verified"


async def verify_audit_chain() -> AuditVerification:
    """Walk the whole chain in order (naming the first row whose link or keyed hash is wrong),
    then check it against the anchors in NATS KV and the object store."""
    key = current_audit_key()
    anchor = current_anchor()
    if anchor is not None:
        await anchor.sync()  # anchors only a committed head that verifies, only forward
    keyed_from = await keyed_from_seq()
    walk = await _walk_chain(key, keyed_from)
    anchors: list[AuditAnchorCheck] = []
    if anchor is not None:
        anchors.append(
            await _check_anchor("nats-kv", "head", key, keyed_from, walk.head_seq, anchor.read_head)
        )
        anchors.append(
            await _check_anchor(
                "object-store", "checkpoint", key, keyed_from, walk.head_seq, anchor.read_checkpoint
            )
        )
    else:
        sources: tuple[AnchorSource, ...] = ("nats-kv", "object-store")
        for source in sources:
            anchors.append(
                AuditAnchorCheck(
                    source=source,
                    state="unavailable",
                    seq=None,
                    hash=None,
                    written_at=None,
                    detail="this process has no anchor configured",
                )
            )
    status, detail = _status(walk, anchors)
    signed = [a.seq for a in anchors if a.seq is not None and a.state != "invalid"]
    return AuditVerification(
        ok=status == "ok",
        checked=walk.checked,
        first_bad_id=walk.first_bad_id,
        first_bad_seq=walk.first_bad_seq,
        detail=detail,
        status=status,
        head_seq=walk.head_seq,
        anchored_seq=max(signed) if signed else None,
        keyed_from_seq=keyed_from,
        legacy_rows=walk.legacy,
        key_id=key.key_id,
        anchors=anchors,
    )
