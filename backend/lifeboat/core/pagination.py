"""Cursor pagination: opaque, url-safe cursors over a (sort key, id) position.

The contract publishes what a cursor looks like (``CURSOR_PATTERN``, unpadded base64url), so a
value of another shape is a 400 like any other malformed parameter. A cursor of the right shape
that this server did not issue is well-formed but cannot be followed: 422 ``invalid-cursor``.
"""

from __future__ import annotations

import base64
import binascii
from typing import Annotated

import msgspec
from litestar.params import QueryParameter

from lifeboat.core.errors import FieldError, InvalidInput, Unprocessable

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: An encoded cursor: unpadded base64url (``(?!\n)``: Python's ``$`` also matches before a final newline).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]+$(?!\n)"
CURSOR_MAX_LENGTH = 1024

#: The ``cursor`` query parameter of every list route.
CursorQuery = Annotated[
    str | None,
    QueryParameter(
        required=False,
        pattern=CURSOR_PATTERN,
        max_length=CURSOR_MAX_LENGTH,
        description="next_cursor of the previous page.",
    ),
]


class InvalidCursor(Unprocessable):
    """A well-formed cursor this server did not issue (or for another list)."""

    code = "invalid-cursor"
    title = "Invalid cursor"

    def __init__(self) -> None:
        super().__init__(
            "The cursor is not valid; use next_cursor from a previous page.",
            errors=[FieldError(field="cursor", message="not a cursor this server issued")],
        )


class CursorPosition(msgspec.Struct, frozen=True, array_like=True):
    """Where the previous page ended: the last row's sort key and id."""

    key: str
    id: str


def encode_cursor(position: CursorPosition) -> str:
    """Encode a position as an opaque cursor string."""
    return base64.urlsafe_b64encode(msgspec.json.encode(position)).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> CursorPosition | None:
    """Decode a cursor from a query parameter; one that does not decode is a 422 naming ``cursor``."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        return msgspec.json.decode(base64.urlsafe_b64decode(padded.encode()), type=CursorPosition)
    except (binascii.Error, ValueError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise InvalidCursor() from exc


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
