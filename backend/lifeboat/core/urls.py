"""The shape of an http(s) URL the API accepts for a service or an object store endpoint.

Published in the contract (so a client, and a contract fuzzer, knows what is well-formed) and
enforced by msgspec on input (a URL of another shape is a 400 naming the field): http or https,
a host name, an IPv4 address or a bracketed IPv6 address, an optional port 1..65535 and an
optional path of printable ASCII; no user info, query, fragment or whitespace. Whether Lifeboat
may call the address is a different question, answered by ``core.outbound`` (422).

Valid in Python's ``re`` and in ECMA-262; it ends in ``$(?!\\n)`` (Python's ``$`` also matches
before a final newline).
"""

from __future__ import annotations

_IPV4_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
_IPV4 = rf"(?:{_IPV4_OCTET}\.){{3}}{_IPV4_OCTET}"
_H = r"[0-9A-Fa-f]{1,4}"
#: The RFC 4291 text forms (full, compressed, IPv4 embedded), no zone id.
_IPV6 = (
    "(?:"
    + "|".join(
        [
            rf"(?:{_H}:){{7}}{_H}",
            rf"(?:{_H}:){{1,7}}:",
            rf"(?:{_H}:){{1,6}}:{_H}",
            rf"(?:{_H}:){{1,5}}(?::{_H}){{1,2}}",
            rf"(?:{_H}:){{1,4}}(?::{_H}){{1,3}}",
            rf"(?:{_H}:){{1,3}}(?::{_H}){{1,4}}",
            rf"(?:{_H}:){{1,2}}(?::{_H}){{1,5}}",
            rf"{_H}:(?::{_H}){{1,6}}",
            rf":(?:(?::{_H}){{1,7}}|:)",
            rf"::(?:[Ff]{{4}}(?::0{{1,4}})?:)?{_IPV4}",
            rf"(?:{_H}:){{1,4}}:{_IPV4}",
            rf"(?:{_H}:){{6}}{_IPV4}",
        ]
    )
    + ")"
)
_HOST = rf"(?:[A-Za-z0-9_](?:[A-Za-z0-9._-]*[A-Za-z0-9_])?|\[{_IPV6}\])"
_PORT = r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
#: Printable ASCII but ``#`` and ``?`` (no fragment, no query).
_PATH = r"/[!\x22$->@-~]*"

#: An http(s) URL without user info, query or fragment (see the module doc).
HTTP_URL_PATTERN = rf"^https?://{_HOST}(?::{_PORT})?(?:{_PATH})?$(?!\n)"
