"""How the catalog and replica services reach PostgreSQL: Piccolo ``raw()`` queries (``{}``
placeholders) in Piccolo transactions, and their keyset-page cursors."""

from __future__ import annotations

import uuid
from typing import Any

from lifeboat.core.pagination import CursorPosition, InvalidCursor, encode_cursor
from lifeboat.restore.catalog.tables import BackupGroup as GroupTable


async def raw(sql: str, *args: Any) -> list[dict[str, Any]]:
    """The rows of one query, as dicts (joins the current transaction)."""
    rows: list[dict[str, Any]] = await GroupTable.raw(sql, *args)
    return rows


def transaction() -> Any:
    """A Piccolo transaction (nested calls join the outer one)."""
    return GroupTable._meta.db.transaction()


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
