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


class AuditVerification(msgspec.Struct, frozen=True, kw_only=True):
    """Result of walking the chain from the first row: ok, or the first row that breaks it."""

    ok: bool
    checked: int
    first_bad_id: str | None
    first_bad_seq: int | None
    detail: str


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Query filters; ``action`` ending in ``*`` matches a prefix (``token.*``)."""

    actor: str | None = None
    action: str | None = None
    target: str | None = None
    correlation_id: str | None = None
    since: datetime | None = None
    until: datetime | None = None
