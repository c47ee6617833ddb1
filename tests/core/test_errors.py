"""Every error is problem+json with a stable type and the request id; nothing internal leaks."""

from __future__ import annotations

import httpx
from litestar import Litestar, get

from lifeboat.auth.guards import perm
from lifeboat.auth.permissions import PUBLIC


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}"
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


async def test_unknown_api_route_is_404_problem(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/api/v1/does-not-exist"), 404, "not-found")


async def test_wrong_method_is_405_problem_with_allow(client: httpx.AsyncClient, admin_headers) -> None:
    response = await client.delete("/api/v1/audit/verify", headers=admin_headers)
    assert_problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers["allow"]


async def test_validation_error_names_the_field(client: httpx.AsyncClient, admin_headers) -> None:
    response = await client.post(
        "/api/v1/tokens", json={"name": "x", "role": "superuser", "reason": "because"}, headers=admin_headers
    )
    body = assert_problem(response, 400, "validation")
    assert (
        any("role" in e["field"] or "role" in e["message"] for e in body["errors"])
        or "role" in body["detail"]
    )


async def test_unknown_field_is_rejected(client: httpx.AsyncClient, admin_headers) -> None:
    response = await client.post(
        "/api/v1/tokens",
        json={"name": "x", "role": "viewer", "reason": "because", "rol": "admin"},
        headers=admin_headers,
    )
    body = assert_problem(response, 400, "validation")
    assert "rol" in body["detail"]


async def test_missing_reason_is_400(client: httpx.AsyncClient, admin_headers) -> None:
    response = await client.post(
        "/api/v1/tokens", json={"name": "x", "role": "viewer"}, headers=admin_headers
    )
    body = assert_problem(response, 400, "validation")
    assert "reason" in body["detail"]


async def test_body_over_cap_is_413(services, database_url) -> None:
    from lifeboat.app import create_app
    from tests.conftest import make_settings, running_app

    app = create_app(make_settings(services, database_url, max_body_bytes=256))
    async with running_app(app) as client:
        response = await client.post(
            "/api/v1/auth/login",
            content=b'{"username":"' + b"a" * 2000 + b'"}',
            headers={"content-type": "application/json"},
        )
        assert_problem(response, 413, "payload-too-large")


async def test_non_json_body_is_415(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login",
        content=b"username=a&password=b",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 415, "unsupported-media-type")


async def test_malformed_json_is_400(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, "validation")


async def test_invalid_utf8_and_deep_nesting_are_400_not_500(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    headers = {**admin_headers, "content-type": "application/json"}
    not_utf8 = await client.post("/api/v1/tokens", content=b'{"name": "\xff\xfe"}', headers=headers)
    assert "UTF-8" in assert_problem(not_utf8, 400, "validation")["detail"]
    for deep in (b"[" * 100_000, b'{"a":' * 100_000):
        response = await client.post("/api/v1/tokens", content=deep, headers=headers)
        assert "nested too deeply" in assert_problem(response, 400, "validation")["detail"]
    # The same inputs on a public route (no principal yet) and a route with a path parameter.
    anonymous = await client.post(
        "/api/v1/auth/login", content=b"[" * 100_000, headers={"content-type": "application/json"}
    )
    assert_problem(anonymous, 400, "validation")
    cancel = await client.post(
        "/api/v1/jobs/01a23aef-0000-7000-8000-000000000000/cancel", content=b"\xc3\x28", headers=headers
    )
    assert_problem(cancel, 400, "validation")


async def test_duplicate_json_keys_are_refused_naming_the_key(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    headers = {**admin_headers, "content-type": "application/json"}
    # A viewer token asked for "viewer" first and "admin" last: msgspec alone would keep "admin".
    response = await client.post(
        "/api/v1/tokens",
        content=b'{"name": "t", "role": "viewer", "reason": "because", "role": "admin"}',
        headers=headers,
    )
    body = assert_problem(response, 400, "validation")
    assert "'role'" in body["detail"]
    assert body["errors"] == [{"field": "role", "message": "duplicate key"}]
    nested = await client.post(
        "/api/v1/jobs/plan",
        content=b'{"kind": "system.probe", "params": {"steps": 1, "steps": 2}, "reason": "x"}',
        headers=headers,
    )
    assert "'steps'" in assert_problem(nested, 400, "validation")["detail"]
    tokens = await client.get("/api/v1/tokens", headers=admin_headers)
    assert all(t["name"] != "t" for t in tokens.json()["items"])
    # The same request without the repeated key is fine.
    fine = await client.post(
        "/api/v1/jobs/plan",
        content=b'{"kind": "system.probe", "params": {"steps": 1}, "reason": "plan it"}',
        headers=headers,
    )
    assert fine.status_code == 200, fine.text


async def test_unexpected_exception_is_opaque_500(client: httpx.AsyncClient, app: Litestar) -> None:
    @get("/api/v1/test/explode", opt=perm(PUBLIC), include_in_schema=False)
    async def explode() -> None:
        raise RuntimeError("database password is hunter2 at /srv/secret.py line 12")

    app.register(explode)
    response = await client.get("/api/v1/test/explode")
    body = assert_problem(response, 500, "internal")
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    assert "request id" in body["detail"]


async def test_request_and_correlation_ids_are_echoed(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"x-request-id": "req-123", "x-correlation-id": "flow-9"})
    assert response.headers["x-request-id"] == "req-123"
    assert response.headers["x-correlation-id"] == "flow-9"
    generated = await client.get("/health")
    assert len(generated.headers["x-request-id"]) == 32
    assert generated.headers["x-correlation-id"] == generated.headers["x-request-id"]
    unsafe = await client.get("/health", headers={"x-request-id": "bad id\twith spaces"})
    assert unsafe.headers["x-request-id"] != "bad id\twith spaces"


async def test_errors_carry_ids_too(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/v1/audit", headers={"x-request-id": "trace-me-1"})
    body = assert_problem(response, 401, "unauthenticated")
    assert body["request_id"] == "trace-me-1"
