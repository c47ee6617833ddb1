"""Cursor pagination: opaque, url-safe cursors over a (sort key, id) position."""

from __future__ import annotations

import base64
import binascii

import msgspec

from lifeboat.core.errors import FieldError, InvalidInput

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


class CursorPosition(msgspec.Struct, frozen=True, array_like=True):
    """Where the previous page ended: the last row's sort key and id."""

    key: str
    id: str


def encode_cursor(position: CursorPosition) -> str:
    """Encode a position as an opaque cursor string."""
    return base64.urlsafe_b64encode(msgspec.json.encode(position)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> CursorPosition | None:
    """Decode a cursor from a query parameter; a malformed one is a 400 naming ``cursor``."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return msgspec.json.decode(base64.urlsafe_b64decode(padded.encode()), type=CursorPosition)
    except (binascii.Error, ValueError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise InvalidInput(
            "The cursor is not valid; use next_cursor from a previous page.",
            errors=[FieldError(field="cursor", message="malformed cursor")],
        ) from exc


def clamp_limit(limit: int | None) -> int:
    """A page size within 1..MAX_LIMIT (400 outside it)."""
    if limit is None:
        return DEFAULT_LIMIT
    if limit < 1 or limit > MAX_LIMIT:
        raise InvalidInput(
            f"limit must be between 1 and {MAX_LIMIT}.",
            errors=[FieldError(field="limit", message=f"must be between 1 and {MAX_LIMIT}")],
        )
    return limit
