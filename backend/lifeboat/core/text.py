"""Free text the API accepts (names, reasons, notes): no control or bidi characters.

A name or reason is shown to other people (lists, the audit log, alert messages, terminals),
so characters that move the cursor, rewrite a terminal (ESC sequences), hide text or reorder it
on screen (Unicode bidi overrides, "Trojan Source") are refused at the edge with a 400 naming
the field. Names are one line; reasons and notes may keep line feeds (``\\n``), nothing else.

The patterns are valid in Python's ``re`` (msgspec, Litestar) and in ECMA-262 (the published
OpenAPI). Every pattern ends in ``$(?!\\n)``: Python's ``$`` also matches before a trailing
newline, which would let ``"name\\n"`` through.
"""

from __future__ import annotations

import re
from typing import Annotated

import msgspec

#: C0 controls, DEL and C1 controls.
_CONTROLS = r"\x00-\x1f\x7f-\x9f"
#: The same without LF (U+000A), for multi-line text.
_CONTROLS_BUT_LF = r"\x00-\x09\x0b-\x1f\x7f-\x9f"
#: Unicode bidi controls (ALM, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI) and the
#: line/paragraph separators that break a line without being a control character.
_BIDI_AND_SEPARATORS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"

#: One line of text: no control characters, no bidi controls.
LINE_TEXT_PATTERN = rf"^[^{_CONTROLS}{_BIDI_AND_SEPARATORS}]*$(?!\n)"
#: Text that may span lines: line feeds allowed, no other control or bidi characters.
MULTILINE_TEXT_PATTERN = rf"^[^{_CONTROLS_BUT_LF}{_BIDI_AND_SEPARATORS}]*$"
_MULTILINE_CHAR = rf"[^{_CONTROLS_BUT_LF}{_BIDI_AND_SEPARATORS}]"
_MULTILINE_VISIBLE = rf"[^{_CONTROLS_BUT_LF}{_BIDI_AND_SEPARATORS}\s]"
#: A reason: multi-line text with at least 3 characters once stripped (what the services check),
#: i.e. two non-blank characters at least two apart.
REASON_TEXT_PATTERN = (
    rf"^{_MULTILINE_CHAR}*{_MULTILINE_VISIBLE}{_MULTILINE_CHAR}+{_MULTILINE_VISIBLE}{_MULTILINE_CHAR}*$"
)

#: A free-text filter (a query parameter compared with stored text): anything but NUL, which
#: PostgreSQL text cannot hold (so it could never match; refused as a 400 instead).
FILTER_TEXT_PATTERN = r"^[^\x00]*$"

_LINE_TEXT = re.compile(LINE_TEXT_PATTERN)
_MULTILINE_TEXT = re.compile(MULTILINE_TEXT_PATTERN)

ReasonText = Annotated[
    str,
    msgspec.Meta(
        min_length=3,
        max_length=1000,
        pattern=REASON_TEXT_PATTERN,
        description=(
            "Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; "
            "no other control or bidi characters."
        ),
    ),
]
NameText = Annotated[
    str,
    msgspec.Meta(
        min_length=1,
        max_length=100,
        pattern=LINE_TEXT_PATTERN,
        description="A name: one line, no control or bidi characters (max 100).",
    ),
]
DisplayNameText = Annotated[
    str,
    msgspec.Meta(
        max_length=128,
        pattern=LINE_TEXT_PATTERN,
        description="A display name: one line, no control or bidi characters (max 128).",
    ),
]


def is_line_text(value: str) -> bool:
    """Whether ``value`` is acceptable as a one-line name (no control or bidi characters)."""
    return _LINE_TEXT.search(value) is not None


def is_multiline_text(value: str) -> bool:
    """Whether ``value`` is acceptable as a reason or notes (line feeds only among controls)."""
    return _MULTILINE_TEXT.search(value) is not None
