"""Audit API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

import msgspec

Outcome = Literal["success", "failure", "denied"]


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One audit row: who did what to which target, why, and how it ended."""

    id: str
    seq: int
    at: datetime
    actor_id: str
    actor_name: str
    action: str
    target: str
    reason: str | None
    outcome: Outcome
    request_id: str | None
    correlation_id: str | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(msgspec.Struct, frozen=True, kw_only=True):
    """A page of audit rows, newest first; ``next_cursor`` is null on the last page."""

    items: list[AuditEntry]
    next_cursor: str | None


VerifyStatus = Literal[
    "ok", "rewritten", "truncated", "anchor_invalid", "anchor_missing", "anchor_unavailable"
]
AnchorSource = Literal["nats-kv", "object-store"]
AnchorState = Literal["matched", "none", "missing", "truncated", "mismatch", "invalid", "unavailable"]


class AuditAnchorCheck(msgspec.Struct, frozen=True, kw_only=True):
    """One anchor of the chain outside PostgreSQL and what the table says about it.

    ``state``: ``matched`` (the anchored row is there, unchanged); ``none`` (nothing anchored,
    the log is empty); ``missing`` (rows exist but nothing is anchored); ``truncated`` (the
    anchored row is gone); ``mismatch`` (the anchored row is different); ``invalid`` (the
    anchor's signature does not verify with this key); ``unavailable`` (could not be read).
    """

    source: AnchorSource
    state: AnchorState
    seq: int | None
    hash: str | None
    written_at: datetime | None
    detail: str


class AuditVerification(msgspec.Struct, frozen=True, kw_only=True):
    """Result of verifying the chain: every row's keyed hash and link, then the anchors.

    ``status`` is ``ok`` only when every row verifies and every anchor was read and matches:
    ``rewritten`` (a row's hash or link is wrong: ``first_bad_seq``), ``truncated`` (rows an
    anchor vouches for are gone: ``anchored_seq``), or an anchor that is invalid, missing or
    could not be read (never ok by default).
    """

    ok: bool
    checked: int
    first_bad_id: str | None
    first_bad_seq: int | None
    detail: str
    status: VerifyStatus
    head_seq: int | None
    anchored_seq: int | None
    keyed_from_seq: int
    legacy_rows: int
    key_id: str
    anchors: list[AuditAnchorCheck]


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Query filters; ``action`` ending in ``*`` matches a prefix (``token.*``)."""

    actor: str | None = None
    action: str | None = None
    target: str | None = None
    correlation_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
