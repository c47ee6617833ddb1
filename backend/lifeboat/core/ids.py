"""Identifiers: time-ordered UUIDv7 strings for rows, random hex for request ids."""

from __future__ import annotations

import os
import re
import secrets
import time
import uuid

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


def new_id() -> uuid.UUID:
    """A UUIDv7: sortable by creation time, so cursors over ids follow insertion order."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 64) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return uuid.UUID(int=value)


def new_request_id() -> str:
    """A fresh request or correlation id (32 hex characters)."""
    return secrets.token_hex(16)


def is_safe_external_id(value: str) -> bool:
    """Whether a client-supplied request/correlation id may be echoed and logged as is."""
    return bool(_SAFE_ID.match(value))
