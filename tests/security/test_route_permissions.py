"""Deny by default: every route declares a permission, and the public ones are exactly the known set."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import httpx
from litestar import Litestar, get
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from lifeboat.app import OPENAPI_PATH, create_app
from lifeboat.auth.permissions import PERMISSION_OPT, PUBLIC, Permission
from lifeboat.settings import Settings

# Changing this set is a security decision: update it on purpose, never to make the test pass.
EXPECTED_PUBLIC = {
    "GET /health",
    "GET /ready",
    "GET /metrics",
    "POST /api/v1/auth/login",
    "GET /",
    "GET /{path:path}",
}
_PATH_PARAM = re.compile(r"\{[^}]+\}")


def is_schema_path(path: str) -> bool:
    return path == OPENAPI_PATH or path.startswith(OPENAPI_PATH + "/")


def is_automatic_options(handler: HTTPRouteHandler) -> bool:
    """Litestar's own OPTIONS handler, added to every route that declares none."""
    return handler.http_methods == {"OPTIONS"} and handler.fn.__qualname__.startswith(
        "HTTPRoute.create_options_handler."
    )


def handlers(app: Litestar) -> Iterator[tuple[str, str, HTTPRouteHandler]]:
    """(method, path, handler) for every declared HTTP handler of the app."""
    for route in app.routes:
        assert isinstance(route, HTTPRoute), f"unexpected non-HTTP route {route.path}"
        for handler in route.route_handlers:
            if is_automatic_options(handler):
                continue
            for method in sorted(handler.http_methods):
                yield method, route.path, handler


def test_every_handler_declares_a_permission(settings: Settings) -> None:
    app = create_app(settings)
    undeclared = [
        f"{method} {path} ({handler.handler_name})"
        for method, path, handler in handlers(app)
        if not isinstance(handler.opt.get(PERMISSION_OPT), Permission)
    ]
    assert undeclared == [], "routes without opt['permission']: " + ", ".join(undeclared)


def test_public_routes_are_exactly_the_expected_set(settings: Settings) -> None:
    app = create_app(settings)
    public = {
        f"{method} {path}"
        for method, path, handler in handlers(app)
        if handler.opt.get(PERMISSION_OPT) == PUBLIC
    }
    schema = {entry for entry in public if is_schema_path(entry.split(" ", 1)[1])}
    assert f"GET {OPENAPI_PATH}" in schema
    assert public - schema == EXPECTED_PUBLIC
    # Every schema route is a read.
    assert all(entry.startswith("GET ") for entry in schema), schema


def concrete(path: str) -> str:
    return _PATH_PARAM.sub(lambda _: str(uuid.uuid4()), path)


async def test_every_protected_route_is_401_without_credentials(
    client: httpx.AsyncClient, app: Litestar
) -> None:
    checked: list[str] = []
    wrong: list[str] = []
    for method, path, handler in handlers(app):
        if handler.opt.get(PERMISSION_OPT) == PUBLIC:
            continue
        url = concrete(path)
        if method in ("GET", "HEAD", "DELETE"):
            response = await client.request(method, url)
        else:
            response = await client.request(method, url, json={})
        checked.append(f"{method} {path}")
        problem = response.headers.get("content-type", "").startswith("application/problem+json")
        if response.status_code != 401 or not problem:
            wrong.append(f"{method} {path} -> {response.status_code} {response.text[:120]}")
            continue
        body = response.json()
        if body.get("type") != "urn:lifeboat:error:unauthenticated":
            wrong.append(f"{method} {path} -> {body}")
    assert wrong == []
    assert len(checked) >= 10
    assert {
        "GET /api/v1/auth/me",
        "POST /api/v1/tokens",
        "POST /api/v1/tokens/{token_id:uuid}/revoke",
    } <= set(checked)


async def test_route_without_a_permission_is_denied_even_to_an_admin(
    client: httpx.AsyncClient, app: Litestar, admin_headers: dict[str, str]
) -> None:
    @get("/api/v1/test/forgotten", include_in_schema=False)
    async def forgotten() -> dict[str, str]:
        return {"secret": "should never be served"}

    app.register(forgotten)
    response = await client.get("/api/v1/test/forgotten", headers=admin_headers)
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:lifeboat:error:forbidden"
    assert "should never be served" not in response.text
