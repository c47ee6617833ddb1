"""Authentication middleware and the one authorization guard.

The middleware turns credentials (bearer API token, bearer OIDC JWT, or session cookie +
CSRF header on unsafe methods) into a ``Principal`` on ``scope["user"]``; presented but invalid
credentials are a 401 straight away. The guard then checks the route's declared permission:
no declaration means deny, so a forgotten permission fails closed.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from lifeboat.auth.models import Principal
from lifeboat.auth.oidc import OidcVerifier, looks_like_jwt
from lifeboat.auth.permissions import PERMISSION_OPT, PUBLIC, Permission, allows
from lifeboat.auth.service import csrf_token_for, session_principal, token_principal
from lifeboat.core.authz import perm
from lifeboat.core.errors import Forbidden, Unauthenticated
from lifeboat.core.logging import bind_principal

SESSION_COOKIE = "lifeboat_session"
CSRF_COOKIE = "lifeboat_csrf"
CSRF_HEADER = "x-csrf-token"
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class AuthConfig:
    """What the middleware needs: environment, session secret and the optional OIDC verifier."""

    def __init__(self, *, environment: str, session_secret: str, oidc: OidcVerifier | None) -> None:
        self.environment = environment
        self.session_secret = session_secret
        self.oidc = oidc


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _cookie(scope: Scope, name: str) -> str | None:
    raw = _header(scope, b"cookie")
    if not raw:
        return None
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class AuthenticationMiddleware(ASGIMiddleware):
    """Sets ``scope["user"]`` to the authenticated principal or None."""

    scopes = (ScopeType.HTTP,)
    exclude_opt_key = "skip_auth"

    def __init__(self, config: AuthConfig) -> None:
        self.config = config

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        principal = await self._authenticate(scope)
        scope["user"] = principal
        scope["auth"] = principal.kind if principal else None
        bind_principal(principal.id if principal else None)
        await next_app(scope, receive, send)

    async def _authenticate(self, scope: Scope) -> Principal | None:
        env = self.config.environment
        authorization = _header(scope, b"authorization")
        if authorization:
            scheme, _, credentials = authorization.partition(" ")
            credentials = credentials.strip()
            if scheme.lower() != "bearer" or not credentials:
                raise Unauthenticated("Use 'Authorization: Bearer <token>'.")
            principal: Principal | None
            if self.config.oidc is not None and looks_like_jwt(credentials):
                principal = await self.config.oidc.principal(credentials, env)
            else:
                principal = await token_principal(credentials, env)
            if principal is None:
                raise Unauthenticated("The bearer token is invalid, expired or revoked.")
            return principal
        session_token = _cookie(scope, SESSION_COOKIE)
        if not session_token:
            return None
        principal = await session_principal(session_token, env)
        if principal is None:
            return None
        if scope.get("method", "GET") not in _SAFE_METHODS:
            expected = csrf_token_for(session_token, self.config.session_secret)
            presented = _header(scope, CSRF_HEADER.encode()) or ""
            if not hmac.compare_digest(expected, presented):
                raise Forbidden(
                    "Missing or wrong CSRF token: send the lifeboat_csrf cookie value as x-csrf-token."
                )
        return principal


def route_permission(handler: BaseRouteHandler) -> Permission | None:
    """The permission a route declared, or None when it declared none."""
    value = handler.opt.get(PERMISSION_OPT)
    return value if isinstance(value, Permission) else None


def authorize(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """The app-wide guard: deny by default, 401 without a principal, 403 without the permission."""
    permission = route_permission(handler)
    if permission is None:
        raise Forbidden("This route declares no permission and is denied by default.")
    if permission == PUBLIC:
        return
    principal = connection.scope.get("user")
    if not isinstance(principal, Principal):
        raise Unauthenticated("Log in, or send 'Authorization: Bearer <token>'.")
    environment = connection.app.state.settings.environment
    if not allows(permission, principal, environment):
        raise Forbidden(
            f"Your roles do not include the permission {permission.name!r} in environment {environment!r}."
        )


__all__ = ["CSRF_COOKIE", "SESSION_COOKIE", "AuthConfig", "AuthenticationMiddleware", "authorize", "perm"]
