"""Security headers on every response of the app: API bodies, problem responses, 404s from
routing, the SPA's index.html and assets, and the OpenAPI pages.

An ASGI middleware around the whole Litestar handler (like the request-id middleware), so no
response can miss them. A handler may send its own, stricter ``Content-Security-Policy`` (the
evidence content route sends ``sandbox``); every other header is always the one set here.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

Scope = Any  # an ASGI scope (Litestar's TypedDicts and plain dicts alike)

#: The SPA: its own scripts and styles only (Mantine sets inline styles), no plugins, no framing,
#: no <base> rewriting, forms only to this origin.
SPA_CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
#: API responses are data, never a document: nothing may load or run in them.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
#: Litestar's Swagger UI (/schema/swagger) loads its bundle from jsDelivr and starts it with an
#: inline script that embeds the (static, code-generated) schema.
SWAGGER_CDN = "https://cdn.jsdelivr.net"
SCHEMA_CSP = "; ".join(
    [
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {SWAGGER_CDN}",
        f"style-src 'self' 'unsafe-inline' {SWAGGER_CDN}",
        f"img-src 'self' data: {SWAGGER_CDN}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)
#: For responses that carry content a consumer wrote (evidence): a unique opaque origin, no
#: script, nothing loaded, even if a browser were made to render it.
SANDBOX_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

#: Sent on every response, replacing whatever a handler set.
ALWAYS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)
_ALWAYS_NAMES = frozenset(name for name, _ in ALWAYS)
_CSP = b"content-security-policy"


def content_security_policy(path: str) -> str:
    """The policy for a response to ``path`` when its handler did not send one."""
    if path == "/api" or path.startswith("/api/"):
        return API_CSP
    if path == "/schema" or path.startswith("/schema/"):
        return SCHEMA_CSP
    return SPA_CSP


class SecurityHeadersMiddleware:
    """Adds nosniff, a Content-Security-Policy, Referrer-Policy and framing denial to every
    HTTP response (an ASGI app wrapping the whole handler, routing errors included)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = content_security_policy(str(scope.get("path", ""))).encode()

        async def send_secured(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v) for k, v in message.get("headers") or [] if bytes(k).lower() not in _ALWAYS_NAMES
                ]
                headers.extend(ALWAYS)
                if not any(bytes(k).lower() == _CSP for k, _ in headers):
                    headers.append((_CSP, csp))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_secured)
