"""API tokens: shown once, stored hashed, revocable, expiring, last-used, role and environment bound."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import uuid
from typing import Any

import asyncpg
import httpx
import pytest

from tests.conftest import bearer_token

TOKENS = "/api/v1/tokens"
ME = "/api/v1/auth/me"
AUDIT = "/api/v1/audit"


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}"
    assert body["status"] == status
    assert body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    return body


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


async def create_token(
    client: httpx.AsyncClient, headers: dict[str, str], name: str = "ci", **extra: Any
) -> dict[str, Any]:
    payload = {"name": name, "role": "viewer", "reason": "for the ci pipeline", **extra}
    response = await client.post(TOKENS, json=payload, headers=headers)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def fetch(database_url: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(database_url)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


async def test_created_token_secret_is_shown_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = await create_token(client, admin_headers)
    secret = created["secret"]
    token = created["token"]
    assert secret.startswith("lb_")
    assert len(secret) > 40
    assert token["name"] == "ci"
    assert token["role"] == "viewer"
    assert token["environment"] == "*"
    assert token["prefix"] == secret[:10]
    assert token["created_by"] == "admin-token"
    assert token["revoked_at"] is None
    assert token["expires_at"] is None
    assert token["last_used_at"] is None

    listed = await client.get(TOKENS, headers=admin_headers)
    assert listed.status_code == 200, listed.text
    assert token["id"] in [t["id"] for t in listed.json()["items"]]
    assert secret not in listed.text
    assert hashlib.sha256(secret.encode()).hexdigest() not in listed.text
    for item in listed.json()["items"]:
        assert "secret" not in item
        assert "token_hash" not in item

    audit = await client.get(AUDIT, params={"action": "token.create"}, headers=admin_headers)
    rows = [r for r in audit.json()["items"] if r["target"] == f"token:{token['id']}"]
    assert len(rows) == 1
    assert rows[0]["reason"] == "for the ci pipeline"
    assert secret not in audit.text


async def test_new_secret_authenticates_and_records_last_use(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database_url: str
) -> None:
    created = await create_token(client, admin_headers)
    token_id = created["token"]["id"]

    me = await client.get(ME, headers=bearer(created["secret"]))
    assert me.status_code == 200, me.text
    assert me.json()["name"] == "ci"
    assert me.json()["kind"] == "token"
    assert me.json()["id"] == f"token:{token_id}"
    assert me.json()["bindings"] == [{"role": "viewer", "environment": "*"}]

    listed = await client.get(TOKENS, headers=admin_headers)
    [item] = [t for t in listed.json()["items"] if t["id"] == token_id]
    assert item["last_used_at"] is not None
    [row] = await fetch(
        database_url, "select last_used_at from auth_api_token where id = $1", uuid.UUID(token_id)
    )
    assert row["last_used_at"] is not None


async def test_revoked_token_stops_working_and_revoke_is_idempotent(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = await create_token(client, admin_headers)
    token_id = created["token"]["id"]
    assert (await client.get(ME, headers=bearer(created["secret"]))).status_code == 200

    url = f"{TOKENS}/{token_id}/revoke"
    first = await client.post(url, json={"reason": "leaked in a build log"}, headers=admin_headers)
    assert first.status_code == 200, first.text
    assert first.json()["revoked_at"] is not None

    assert_problem(await client.get(ME, headers=bearer(created["secret"])), 401, "unauthenticated")

    second = await client.post(url, json={"reason": "revoking again"}, headers=admin_headers)
    assert second.status_code == 200, second.text
    assert second.json()["revoked_at"] == first.json()["revoked_at"]

    audit = await client.get(AUDIT, params={"action": "token.revoke"}, headers=admin_headers)
    rows = audit.json()["items"]
    assert len(rows) == 1
    assert rows[0]["target"] == f"token:{token_id}"
    assert rows[0]["reason"] == "leaked in a build log"
    assert rows[0]["actor_name"] == "admin-token"


async def test_concurrent_revokes_are_audited_once(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    created = await create_token(client, admin_headers)
    url = f"{TOKENS}/{created['token']['id']}/revoke"
    responses = await asyncio.gather(
        *(client.post(url, json={"reason": f"incident {i}"}, headers=admin_headers) for i in range(4))
    )
    assert [r.status_code for r in responses] == [200] * 4
    assert len({r.json()["revoked_at"] for r in responses}) == 1

    audit = await client.get(AUDIT, params={"action": "token.revoke"}, headers=admin_headers)
    assert len(audit.json()["items"]) == 1


async def test_revoking_an_unknown_token_is_404(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        f"{TOKENS}/{uuid.uuid4()}/revoke", json={"reason": "no such token"}, headers=admin_headers
    )
    assert_problem(response, 404, "not-found")


async def test_expired_token_is_401(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database_url: str
) -> None:
    created = await create_token(client, admin_headers, expires_in_days=1)
    assert created["token"]["expires_at"] is not None
    assert (await client.get(ME, headers=bearer(created["secret"]))).status_code == 200

    await fetch(
        database_url,
        "update auth_api_token set expires_at = now() - interval '1 minute' where id = $1",
        uuid.UUID(created["token"]["id"]),
    )
    assert_problem(await client.get(ME, headers=bearer(created["secret"])), 401, "unauthenticated")


async def test_viewer_token_cannot_manage_tokens_but_reads_audit(
    client: httpx.AsyncClient, viewer_headers: dict[str, str]
) -> None:
    create = await client.post(
        TOKENS, json={"name": "escalate", "role": "admin", "reason": "let me in"}, headers=viewer_headers
    )
    assert "tokens:manage" in assert_problem(create, 403, "forbidden")["detail"]
    assert_problem(await client.get(TOKENS, headers=viewer_headers), 403, "forbidden")
    assert (await client.get(AUDIT, headers=viewer_headers)).status_code == 200


@pytest.mark.parametrize(("environment", "status"), [("prod", 403), ("test", 200), ("*", 200)])
async def test_token_environment_binding(client: httpx.AsyncClient, environment: str, status: int) -> None:
    # The app under test runs in environment "test".
    headers = bearer(await bearer_token("viewer", environment))
    me = await client.get(ME, headers=headers)
    assert me.status_code == 200, me.text
    assert me.json()["bindings"] == [{"role": "viewer", "environment": environment}]
    response = await client.get(AUDIT, headers=headers)
    if status == 200:
        assert response.status_code == 200, response.text
    else:
        assert "'test'" in assert_problem(response, status, "forbidden")["detail"]


async def test_admin_token_bound_to_another_environment_is_not_admin_here(client: httpx.AsyncClient) -> None:
    headers = bearer(await bearer_token("admin", "prod"))
    assert (await client.get(ME, headers=headers)).json()["is_admin"] is False
    assert_problem(await client.get(TOKENS, headers=headers), 403, "forbidden")


@pytest.mark.parametrize(
    "authorization",
    ["Basic x", "Bearer ", "Bearer", "Token lb_abc", "Bearer lb_not-a-real-token", "Bearer a.b.c"],
)
async def test_malformed_or_unknown_authorization_is_401(
    client: httpx.AsyncClient, authorization: str
) -> None:
    response = await client.get(AUDIT, headers={"Authorization": authorization})
    assert_problem(response, 401, "unauthenticated")


async def test_token_list_pagination_newest_first(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for i in range(5):
        await create_token(client, admin_headers, name=f"t{i}")
    # Plus the fixture's own admin token, created first: six tokens, three pages of two.
    seen: list[str] = []
    pages = 0
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        response = await client.get(TOKENS, params=params, headers=admin_headers)
        assert response.status_code == 200, response.text
        page = response.json()
        pages += 1
        assert len(page["items"]) == 2
        seen.extend(t["name"] for t in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
        assert pages < 10
    assert pages == 3
    assert seen == ["t4", "t3", "t2", "t1", "t0", "admin-token"]


@pytest.mark.parametrize(
    ("cursor", "status", "code"),
    [
        ("not a cursor!", 400, "validation"),  # not base64url: the contract's pattern refuses it
        ("e30", 422, "invalid-cursor"),  # base64 of "{}": well-formed, not a cursor we issued
        (base64.urlsafe_b64encode(b'["x","not-a-uuid"]').decode().rstrip("="), 422, "invalid-cursor"),
    ],
    ids=["garbage", "wrong-shape", "non-uuid-position"],
)
async def test_bad_cursor_is_refused_naming_cursor(
    client: httpx.AsyncClient, admin_headers: dict[str, str], cursor: str, status: int, code: str
) -> None:
    response = await client.get(TOKENS, params={"cursor": cursor}, headers=admin_headers)
    body = assert_problem(response, status, code)
    assert [e["field"] for e in body["errors"]] == ["cursor"]


@pytest.mark.parametrize("days", [0, -1, 3651])
async def test_out_of_range_lifetime_is_400(
    client: httpx.AsyncClient, admin_headers: dict[str, str], days: int
) -> None:
    response = await client.post(
        TOKENS,
        json={"name": "short", "role": "viewer", "reason": "testing", "expires_in_days": days},
        headers=admin_headers,
    )
    body = assert_problem(response, 400, "validation")
    assert "expires_in_days" in body["detail"]
    listed = await client.get(TOKENS, headers=admin_headers)
    assert "short" not in [t["name"] for t in listed.json()["items"]]


async def test_database_keeps_only_a_sha256_of_the_secret(
    client: httpx.AsyncClient, admin_headers: dict[str, str], database_url: str
) -> None:
    created = await create_token(client, admin_headers)
    secret = created["secret"]
    rows = await fetch(database_url, "select * from auth_api_token")
    assert len(rows) == 2  # the fixture's admin token and this one
    for row in rows:
        for column, value in row.items():
            assert secret not in str(value), column
    [row] = [r for r in rows if str(r["id"]) == created["token"]["id"]]
    assert row["token_hash"] == hashlib.sha256(secret.encode()).hexdigest()


@pytest.mark.parametrize(("environment", "status"), [("test", 201), ("prod", 403), ("*", 403)])
async def test_an_environment_admin_grants_only_its_environment(
    client: httpx.AsyncClient, admin_headers: dict[str, str], environment: str, status: int
) -> None:
    # The app under test runs in environment "test"; admin@test administers only "test".
    headers = bearer(await bearer_token("admin", "test", name="env-admin"))
    body = {"name": "minted", "role": "admin", "environment": environment, "reason": "escalation attempt"}
    response = await client.post(TOKENS, json=body, headers=headers)
    if status == 201:
        assert response.status_code == 201, response.text
    else:
        detail = assert_problem(response, 403, "forbidden")["detail"]
        assert repr(environment) in detail
    listed = await client.get(TOKENS, headers=admin_headers)
    assert [t["environment"] for t in listed.json()["items"] if t["name"] == "minted"] == (
        [environment] if status == 201 else []
    )


@pytest.mark.parametrize(("environment", "status"), [("test", 200), ("prod", 403), ("*", 403)])
async def test_an_environment_admin_revokes_only_its_environments_tokens(
    client: httpx.AsyncClient, admin_headers: dict[str, str], environment: str, status: int
) -> None:
    target = await create_token(client, admin_headers, environment=environment)
    headers = bearer(await bearer_token("admin", "test", name="env-admin"))
    url = f"{TOKENS}/{target['token']['id']}/revoke"
    response = await client.post(url, json={"reason": "revoke attempt"}, headers=headers)
    if status == 200:
        assert response.status_code == 200, response.text
        assert response.json()["revoked_at"] is not None
    else:
        assert_problem(response, 403, "forbidden")
        listed = await client.get(TOKENS, headers=admin_headers)
        [row] = [t for t in listed.json()["items"] if t["id"] == target["token"]["id"]]
        assert row["revoked_at"] is None
