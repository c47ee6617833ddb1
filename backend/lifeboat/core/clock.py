"""The one place that reads the wall clock: UTC always."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """The current time, timezone-aware UTC."""
    return datetime.now(UTC)


def to_rfc3339(value: datetime) -> str:
    """RFC 3339 with a ``Z`` suffix, microsecond precision (what the API and audit hash use)."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
