"""The keyset-page cursors of the catalog and replica services (their statements go through
``db.access.fetch_rows`` with ``$1`` placeholders: docs/decisions/0011-database-access.md)."""

from __future__ import annotations

import uuid

from lifeboat.core.pagination import CursorPosition, InvalidCursor, encode_cursor


def page_cursor(key: str, row_id: str) -> str:
    """The cursor of the page after the row with this sort key and id."""
    return encode_cursor(CursorPosition(key=key, id=row_id))


def uuid_cursor(position: CursorPosition | None) -> uuid.UUID | None:
    """The row id a cursor points after (400 invalid-cursor when it is not a UUID)."""
    if position is None:
        return None
    try:
        return uuid.UUID(position.id)
    except ValueError as exc:
        raise InvalidCursor() from exc
