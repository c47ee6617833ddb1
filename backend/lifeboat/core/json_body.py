"""The one check every JSON request body passes before its handler decodes it.

msgspec (the handlers' decoder) keeps the last of two equal keys, so ``{"reason": "a",
"reason": "b"}`` means different things to Lifeboat and to a proxy, a WAF or an audit reader
that keeps the first: such a body is refused with a 400 naming the key. The scan is one pass
of the standard library's C scanner over a body already capped at ``LIFEBOAT_MAX_BODY_BYTES``
(Litestar caches the bytes, so the handler does not read them again).

Bytes that are not UTF-8 and nesting deeper than the decoder's recursion limit raise here
exactly as they would in the handler's decoder; ``core.errors`` maps both to 400 in one place.
"""

from __future__ import annotations

import json
from typing import Any

from litestar import Request

from lifeboat.core.errors import FieldError, InvalidInput

__all__ = ["DuplicateJsonKey", "refuse_duplicate_keys", "refuse_malformed_json_body"]


class DuplicateJsonKey(InvalidInput):
    """A JSON object in the body names the same key twice."""

    def __init__(self, key: str) -> None:
        shown = key if len(key) <= 100 else key[:100] + "…"
        super().__init__(
            f"The JSON body has the key {shown!r} more than once in one object; send each key once.",
            errors=[FieldError(field=shown, message="duplicate key")],
        )


def _no_duplicates(pairs: list[tuple[str, Any]]) -> None:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            raise DuplicateJsonKey(key)
        seen.add(key)
    # Nothing is built: the handler decodes the body itself.


def refuse_duplicate_keys(body: bytes) -> None:
    """Raise ``DuplicateJsonKey`` when an object in ``body`` repeats a key.

    ``UnicodeDecodeError`` (not UTF-8) and ``RecursionError`` (nested too deeply) propagate to
    the problem handler. A body that is not JSON at all passes: the handler's decoder reports it
    with its own message, as before."""
    text = body.decode("utf-8")
    try:
        json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError:
        return


async def refuse_malformed_json_body(request: Request[Any, Any, Any]) -> None:
    """Read the (cached, size-capped) body of a JSON request and check it; see the module doc."""
    body = await request.body()
    if body:
        refuse_duplicate_keys(body)
