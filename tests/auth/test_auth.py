"""Local login: session + CSRF cookies, CSRF on unsafe requests, throttling, logout, audit."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import asyncpg
import httpx
import pytest

from lifeboat.app import create_app
from lifeboat.auth.models import UserCreate
from lifeboat.auth.service import create_user, system_principal
from tests.conftest import ADMIN_PASSWORD, login, make_settings, running_app

if TYPE_CHECKING:
    from tests.services import TestServices

LOGIN = "/api/v1/auth/login"
LOGOUT = "/api/v1/auth/logout"
ME = "/api/v1/auth/me"
TOKENS = "/api/v1/tokens"
NEW_TOKEN = {"name": "from-browser", "role": "viewer", "reason": "created in the admin app"}


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}"
    assert body["status"] == status
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def set_cookie(response: httpx.Response, name: str) -> str:
    """The raw Set-Cookie header for ``name`` (exactly one must be present)."""
    found = [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]
    assert len(found) == 1, response.headers.get_list("set-cookie")
    return found[0]


def cookie_attributes(header: str) -> tuple[str, dict[str, str]]:
    """(value, {lower-cased attribute: value}) of one raw Set-Cookie header."""
    first, *rest = [part.strip() for part in header.split(";")]
    value = first.partition("=")[2]
    attributes = {}
    for part in rest:
        key, _, val = part.partition("=")
        attributes[key.strip().lower()] = val.strip()
    return value, attributes


async def audit_rows(
    client: httpx.AsyncClient, headers: dict[str, str], **params: str
) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/audit", params=params, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_login_returns_principal_and_sets_session_and_csrf_cookies(
    client: httpx.AsyncClient, admin_user: str, database_url: str
) -> None:
    response = await client.post(LOGIN, json={"username": admin_user, "password": ADMIN_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["name"] == "admin"
    assert body["user"]["kind"] == "user"
    assert body["user"]["is_admin"] is True
    assert body["user"]["bindings"] == [{"role": "admin", "environment": "*"}]
    assert body["csrf_token"]

    session_value, session_attrs = cookie_attributes(set_cookie(response, "lifeboat_session"))
    assert session_value
    assert "httponly" in session_attrs
    assert session_attrs.get("samesite", "").lower() == "strict"
    assert session_attrs.get("path") == "/"

    csrf_value, csrf_attrs = cookie_attributes(set_cookie(response, "lifeboat_csrf"))
    assert csrf_value == body["csrf_token"]
    assert "httponly" not in csrf_attrs  # the SPA must read it to send x-csrf-token
    assert csrf_attrs.get("samesite", "").lower() == "strict"
    assert csrf_value != session_value

    # The session token itself is never stored, only its sha256.
    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch("select * from auth_session")
    finally:
        await conn.close()
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(session_value.encode()).hexdigest()
    assert all(session_value not in str(v) for v in rows[0].values())


async def test_wrong_password_is_401_and_audited_as_failed_login(
    client: httpx.AsyncClient, admin_user: str, admin_headers: dict[str, str]
) -> None:
    response = await client.post(LOGIN, json={"username": admin_user, "password": "not-the-password"})
    body = assert_problem(response, 401, "unauthenticated")
    assert body["detail"] == "Wrong username or password."
    assert not response.headers.get_list("set-cookie")
    assert "lifeboat_session" not in client.cookies

    rows = await audit_rows(client, admin_headers, action="auth.login")
    assert len(rows) == 1
    assert rows[0]["outcome"] == "failure"
    assert rows[0]["target"] == "user:admin"
    assert "not-the-password" not in str(rows[0])


async def test_unknown_user_gets_the_same_answer_as_a_wrong_password(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    wrong_password = await client.post(LOGIN, json={"username": admin_user, "password": "nope-nope-nope"})
    unknown_user = await client.post(LOGIN, json={"username": "nobody", "password": "nope-nope-nope"})
    first = assert_problem(wrong_password, 401, "unauthenticated")
    second = assert_problem(unknown_user, 401, "unauthenticated")
    for key in ("type", "title", "status", "detail"):
        assert first[key] == second[key]
    assert "nobody" not in second["detail"]


async def test_me_with_the_session_names_the_admin(client: httpx.AsyncClient, admin_user: str) -> None:
    await login(client)
    response = await client.get(ME)
    assert response.status_code == 200, response.text
    me = response.json()
    assert me["name"] == "admin"
    assert me["kind"] == "user"
    assert me["id"].startswith("user:")
    assert me["session_id"]


async def test_unsafe_request_with_a_session_needs_the_csrf_header(
    client: httpx.AsyncClient, admin_user: str, admin_headers: dict[str, str]
) -> None:
    csrf = await login(client)

    missing = await client.post(TOKENS, json=NEW_TOKEN)
    assert "CSRF" in assert_problem(missing, 403, "forbidden")["detail"]

    wrong = await client.post(TOKENS, json=NEW_TOKEN, headers={"x-csrf-token": "0" * len(csrf)})
    assert_problem(wrong, 403, "forbidden")

    right = await client.post(TOKENS, json=NEW_TOKEN, headers={"x-csrf-token": csrf})
    assert right.status_code == 201, right.text
    assert right.json()["token"]["created_by"] == "admin"

    # The refused attempts created nothing.
    listed = await client.get(TOKENS, headers=admin_headers)
    names = [t["name"] for t in listed.json()["items"]]
    assert names.count("from-browser") == 1


async def test_bearer_token_requests_need_no_csrf(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(TOKENS, json=NEW_TOKEN, headers=admin_headers)
    assert response.status_code == 201, response.text
    assert response.json()["secret"].startswith("lb_")


async def test_login_is_throttled_after_max_failures(services: TestServices, database_url: str) -> None:
    app = create_app(make_settings(services, database_url, login_max_failures=3))
    async with running_app(app) as client:
        await create_user(
            UserCreate(username="admin", password=ADMIN_PASSWORD, role="admin", reason="test fixture"),
            actor=system_principal("test"),
        )
        for _ in range(3):
            failed = await client.post(LOGIN, json={"username": "admin", "password": "guess-guess-guess"})
            assert_problem(failed, 401, "unauthenticated")

        # Even the right password is refused while the window lasts.
        throttled = await client.post(LOGIN, json={"username": "admin", "password": ADMIN_PASSWORD})
        assert_problem(throttled, 429, "rate-limited")
        retry_after = throttled.headers["retry-after"]
        assert retry_after.isdigit(), retry_after
        assert 0 < int(retry_after) <= app.state.settings.login_window_s + 1
        assert not throttled.headers.get_list("set-cookie")
        assert "lifeboat_session" not in client.cookies


async def test_logout_ends_the_session_and_clears_cookies(
    client: httpx.AsyncClient, admin_user: str, admin_headers: dict[str, str]
) -> None:
    csrf = await login(client)
    old_session = client.cookies["lifeboat_session"]

    # Logout is an unsafe request: without the CSRF header the session stays.
    assert_problem(await client.post(LOGOUT), 403, "forbidden")
    assert (await client.get(ME)).status_code == 200

    response = await client.post(LOGOUT, headers={"x-csrf-token": csrf})
    assert response.status_code == 204, response.text
    for name in ("lifeboat_session", "lifeboat_csrf"):
        value, attrs = cookie_attributes(set_cookie(response, name))
        assert value in ("", '""')
        assert attrs.get("max-age") == "0" or "expires" in attrs
    assert "lifeboat_session" not in client.cookies
    assert "lifeboat_csrf" not in client.cookies

    # The old cookie, replayed by hand, no longer authenticates.
    replayed = await client.get(ME, headers={"cookie": f"lifeboat_session={old_session}"})
    assert_problem(replayed, 401, "unauthenticated")

    rows = await audit_rows(client, admin_headers, action="auth.*")
    actions = sorted((r["action"], r["outcome"], r["actor_name"]) for r in rows)
    assert actions == [("auth.login", "success", "admin"), ("auth.logout", "success", "admin")]


async def test_disabled_user_cannot_log_in_and_loses_open_sessions(
    client: httpx.AsyncClient, admin_user: str, database_url: str
) -> None:
    await login(client)

    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute("update auth_user set disabled = true where username = $1", admin_user)
    finally:
        await conn.close()

    assert_problem(await client.get(ME), 401, "unauthenticated")
    client.cookies.clear()
    response = await client.post(LOGIN, json={"username": admin_user, "password": ADMIN_PASSWORD})
    body = assert_problem(response, 401, "unauthenticated")
    assert body["detail"] == "Wrong username or password."
    assert not response.headers.get_list("set-cookie")


@pytest.mark.parametrize(
    "payload",
    [{}, {"username": "admin"}, {"username": "", "password": "x"}, {"username": "admin", "password": ""}],
    ids=["empty", "no-password", "empty-username", "empty-password"],
)
async def test_incomplete_login_is_400(client: httpx.AsyncClient, payload: dict[str, str]) -> None:
    assert_problem(await client.post(LOGIN, json=payload), 400, "validation")


async def test_throttle_counts_per_username_and_client_with_a_per_username_ceiling(
    services: TestServices, database_url: str
) -> None:
    app = create_app(
        make_settings(services, database_url, login_max_failures=2, login_max_failures_per_user=3)
    )
    async with running_app(app) as client:
        await create_user(
            UserCreate(username="admin", password=ADMIN_PASSWORD, role="admin", reason="test fixture"),
            actor=system_principal("test"),
        )
        # Two failures for another username from this client do not touch admin's count.
        for _ in range(2):
            assert_problem(
                await client.post(LOGIN, json={"username": "ghost", "password": "guess-guess"}),
                401,
                "unauthenticated",
            )
        assert_problem(
            await client.post(LOGIN, json={"username": "ghost", "password": "guess-guess"}),
            429,
            "rate-limited",
        )
        assert (
            await client.post(LOGIN, json={"username": "admin", "password": ADMIN_PASSWORD})
        ).status_code == 200

    # The per-username ceiling counts failures from every address (rows left by other clients).
    conn = await asyncpg.connect(database_url)
    try:
        await conn.executemany(
            "insert into auth_login_attempt (id, username, client, at, succeeded)"
            " values (gen_random_uuid(), 'admin', $1, now(), false)",
            [("198.51.100.1",), ("198.51.100.2",), ("198.51.100.3",)],
        )
    finally:
        await conn.close()
    async with running_app(app) as client:
        throttled = await client.post(LOGIN, json={"username": "admin", "password": ADMIN_PASSWORD})
        assert_problem(throttled, 429, "rate-limited")


async def test_changing_a_users_bindings_is_audited_with_what_changed(
    client: httpx.AsyncClient, admin_user: str, admin_headers: dict[str, str]
) -> None:
    url = f"/api/v1/users/{admin_user}/bindings"
    bindings = [{"role": "admin", "environment": "*"}, {"role": "operator", "environment": "test"}]
    response = await client.put(url, json={"bindings": bindings, "reason": "on-call"}, headers=admin_headers)
    assert response.status_code == 200, response.text
    assert sorted(b["environment"] for b in response.json()["bindings"]) == ["*", "test"]
    # The same set again changes nothing and is not audited again.
    again = await client.put(url, json={"bindings": bindings, "reason": "on-call"}, headers=admin_headers)
    assert again.status_code == 200, again.text

    rows = await audit_rows(client, admin_headers, action="user.set_bindings")
    assert len(rows) == 1
    assert rows[0]["target"] == f"user:{admin_user}"
    assert rows[0]["reason"] == "on-call"
    assert rows[0]["details"] == {"added": [{"role": "operator", "environment": "test"}], "removed": []}


@pytest.mark.parametrize(
    "body",
    [
        {"bindings": [], "reason": "nothing"},
        {"bindings": [{"role": "root", "environment": "*"}], "reason": "bad role"},
        {"bindings": [{"role": "viewer", "environment": "Prod!"}], "reason": "bad environment"},
        {"bindings": [{"role": "viewer", "environment": "*"}]},
    ],
    ids=["empty", "bad-role", "bad-environment", "no-reason"],
)
async def test_bad_bindings_change_is_400(
    client: httpx.AsyncClient, admin_user: str, admin_headers: dict[str, str], body: dict[str, Any]
) -> None:
    response = await client.put(f"/api/v1/users/{admin_user}/bindings", json=body, headers=admin_headers)
    assert_problem(response, 400, "validation")
