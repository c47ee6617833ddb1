"""Identifiers: time-ordered UUIDv7 strings for rows, random hex for request ids."""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
import uuid

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")


_lock = threading.Lock()
_last_ms = 0
_counter = 0


def new_id() -> uuid.UUID:
    """A UUIDv7: sortable by creation time, so cursors over ids follow insertion order.

    Within one millisecond the 12-bit ``rand_a`` field is a counter (RFC 9562 method 1), so ids
    made by one process are strictly increasing even when created in the same millisecond.
    """
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave headroom
        else:
            _counter += 1
            if _counter > 0xFFF:  # counter exhausted: borrow the next millisecond
                _last_ms += 1
                _counter = 0
        ms, counter = _last_ms, _counter
    rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= rand_b
    return uuid.UUID(int=value)


def new_request_id() -> str:
    """A fresh request or correlation id (32 hex characters)."""
    return secrets.token_hex(16)


def is_safe_external_id(value: str) -> bool:
    """Whether a client-supplied request/correlation id may be echoed and logged as is."""
    return bool(_SAFE_ID.match(value))
