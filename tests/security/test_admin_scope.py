"""Finding 4: an environment-scoped admin grants itself every environment.

The attack: on a server of environment ``dev``, an ``admin@dev`` token created ``admin@*`` and
``admin@prod`` tokens and users, and revoked ``*`` tokens. The rule now: a principal may create,
revoke or change tokens, users and role bindings only in environments where it is admin, and
anything in ``*`` needs ``admin@*``. On top of that every identity route needs admin in the
server's own environment (the guard), so ``admin@prod`` can do nothing on a ``dev`` server.

The whole matrix runs against a real ``lifeboat serve``: callers admin@*, admin@dev,
admin@prod, operator@*, viewer@* x actions (create a token or a user in dev, prod and ``*``;
revoke a token of each environment; change a user's role or environment), and a refused action
leaves the lists exactly as they were.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer
from tests.security.conftest import bearer, mint_token

pytestmark = pytest.mark.integration

SERVER_ENVIRONMENT = "dev"

CALLERS: dict[str, tuple[str, str]] = {
    "admin@*": ("admin", "*"),
    "admin@dev": ("admin", "dev"),
    "admin@prod": ("admin", "prod"),
    "operator@*": ("operator", "*"),
    "viewer@*": ("viewer", "*"),
}
ENVIRONMENTS = ("dev", "prod", "*")


def allowed(caller: str, environment: str) -> bool:
    """The rule under test: admin@* everywhere; admin@dev only in dev; nobody else anything."""
    return caller == "admin@*" or (caller == "admin@dev" and environment == "dev")


@pytest.fixture(scope="module")
def callers(live: LifeboatServer) -> Iterator[dict[str, httpx.Client]]:
    clients = {
        name: httpx.Client(
            base_url=live.base_url,
            timeout=15,
            headers=bearer(mint_token(live, role, env, name=f"caller {name}")),
        )
        for name, (role, env) in CALLERS.items()
    }
    try:
        yield clients
    finally:
        for client in clients.values():
            client.close()


def assert_forbidden(response: httpx.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["type"] == "urn:lifeboat:error:forbidden"


def all_tokens(admin_api: httpx.Client) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        page = admin_api.get("/api/v1/tokens", params=params)
        assert page.status_code == 200, page.text
        items.extend(page.json()["items"])
        cursor = page.json()["next_cursor"]
        if not cursor:
            return items


def user(admin_api: httpx.Client, username: str) -> dict[str, Any] | None:
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 500, **({"cursor": cursor} if cursor else {})}
        page = admin_api.get("/api/v1/users", params=params)
        assert page.status_code == 200, page.text
        for item in page.json()["items"]:
            if item["username"] == username:
                found: dict[str, Any] = item
                return found
        cursor = page.json()["next_cursor"]
        if not cursor:
            return None


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("caller", CALLERS)
def test_create_admin_token(
    callers: dict[str, httpx.Client], admin_api: httpx.Client, caller: str, environment: str
) -> None:
    name = unique("minted")
    body = {"name": name, "role": "admin", "environment": environment, "reason": "escalation attempt"}
    response = callers[caller].post("/api/v1/tokens", json=body)
    listed = [t for t in all_tokens(admin_api) if t["name"] == name]
    if allowed(caller, environment):
        assert response.status_code == 201, response.text
        assert response.json()["token"]["environment"] == environment
        assert len(listed) == 1
    else:
        assert_forbidden(response)
        assert listed == []


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("caller", CALLERS)
def test_create_admin_user(
    callers: dict[str, httpx.Client], admin_api: httpx.Client, caller: str, environment: str
) -> None:
    username = unique("mallory")
    body = {
        "username": username,
        "password": "correct-horse-battery",
        "role": "admin",
        "environment": environment,
        "reason": "escalation attempt",
    }
    response = callers[caller].post("/api/v1/users", json=body)
    if allowed(caller, environment):
        assert response.status_code == 201, response.text
        assert response.json()["bindings"] == [{"role": "admin", "environment": environment}]
        assert user(admin_api, username) is not None
    else:
        assert_forbidden(response)
        assert user(admin_api, username) is None


@pytest.mark.parametrize("environment", ENVIRONMENTS)
@pytest.mark.parametrize("caller", CALLERS)
def test_revoke_token(
    live: LifeboatServer,
    callers: dict[str, httpx.Client],
    admin_api: httpx.Client,
    caller: str,
    environment: str,
) -> None:
    name = unique("victim")
    created = admin_api.post(
        "/api/v1/tokens",
        json={"name": name, "role": "viewer", "environment": environment, "reason": "revoke target"},
    )
    assert created.status_code == 201, created.text
    token_id, secret = created.json()["token"]["id"], created.json()["secret"]

    response = callers[caller].post(f"/api/v1/tokens/{token_id}/revoke", json={"reason": "revoke attempt"})
    [listed] = [t for t in all_tokens(admin_api) if t["id"] == token_id]
    if allowed(caller, environment):
        assert response.status_code == 200, response.text
        assert listed["revoked_at"] is not None
    else:
        assert_forbidden(response)
        assert listed["revoked_at"] is None
        if environment in ("dev", "*"):  # a viewer@prod token is not valid on this dev server anyway
            me = httpx.get(f"{live.base_url}/api/v1/auth/me", headers=bearer(secret), timeout=15)
            assert me.status_code == 200, me.text


# (the user's bindings before, the bindings asked for): each changes exactly one environment's
# bindings, named by the last element.
BINDING_CHANGES: dict[str, tuple[list[dict[str, str]], list[dict[str, str]], str]] = {
    "promote viewer@dev to admin@dev": (
        [{"role": "viewer", "environment": "dev"}],
        [{"role": "admin", "environment": "dev"}],
        "dev",
    ),
    "add admin@prod": (
        [{"role": "viewer", "environment": "dev"}],
        [{"role": "viewer", "environment": "dev"}, {"role": "admin", "environment": "prod"}],
        "prod",
    ),
    "widen viewer@dev to admin@*": (
        [{"role": "viewer", "environment": "dev"}],
        [{"role": "viewer", "environment": "dev"}, {"role": "admin", "environment": "*"}],
        "*",
    ),
    "drop operator@prod": (
        [{"role": "viewer", "environment": "dev"}, {"role": "operator", "environment": "prod"}],
        [{"role": "viewer", "environment": "dev"}],
        "prod",
    ),
    "drop admin@*": (
        [{"role": "viewer", "environment": "dev"}, {"role": "admin", "environment": "*"}],
        [{"role": "viewer", "environment": "dev"}],
        "*",
    ),
    "move viewer@prod to viewer@dev": (
        [{"role": "viewer", "environment": "prod"}],
        [{"role": "viewer", "environment": "dev"}],
        "prod",
    ),
}


def binding_set(bindings: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(b["role"], b["environment"]) for b in bindings}


@pytest.mark.parametrize("change", BINDING_CHANGES)
@pytest.mark.parametrize("caller", CALLERS)
def test_change_user_bindings(
    callers: dict[str, httpx.Client], admin_api: httpx.Client, caller: str, change: str
) -> None:
    before, after, touched = BINDING_CHANGES[change]
    username = unique("bob")
    first, *rest = before
    created = admin_api.post(
        "/api/v1/users",
        json={
            "username": username,
            "password": "correct-horse-battery",
            "reason": "binding change target",
            **first,
        },
    )
    assert created.status_code == 201, created.text
    if rest:
        setup = admin_api.put(
            f"/api/v1/users/{username}/bindings", json={"bindings": before, "reason": "test setup"}
        )
        assert setup.status_code == 200, setup.text

    response = callers[caller].put(
        f"/api/v1/users/{username}/bindings", json={"bindings": after, "reason": "binding change"}
    )
    found = user(admin_api, username)
    assert found is not None
    if allowed(caller, touched):
        assert response.status_code == 200, response.text
        assert binding_set(response.json()["bindings"]) == binding_set(after)
        assert binding_set(found["bindings"]) == binding_set(after)
    else:
        assert_forbidden(response)
        assert binding_set(found["bindings"]) == binding_set(before)


def test_unchanged_bindings_need_no_right_but_the_server_environment(
    callers: dict[str, httpx.Client], admin_api: httpx.Client
) -> None:
    """admin@dev may change a user's dev binding even when the user also holds admin@* (kept)."""
    username = unique("carol")
    created = admin_api.post(
        "/api/v1/users",
        json={"username": username, "password": "correct-horse-battery", "role": "admin", "reason": "x-env"},
    )
    assert created.status_code == 201, created.text
    keep = {"role": "admin", "environment": "*"}
    response = callers["admin@dev"].put(
        f"/api/v1/users/{username}/bindings",
        json={"bindings": [keep, {"role": "operator", "environment": "dev"}], "reason": "dev on-call"},
    )
    assert response.status_code == 200, response.text
    assert binding_set(response.json()["bindings"]) == {("admin", "*"), ("operator", "dev")}


def test_refusals_are_not_audited_as_changes(
    callers: dict[str, httpx.Client], admin_api: httpx.Client
) -> None:
    name = unique("sneaky")
    response = callers["admin@dev"].post(
        "/api/v1/tokens", json={"name": name, "role": "admin", "environment": "*", "reason": "escalation"}
    )
    assert_forbidden(response)
    audit = admin_api.get("/api/v1/audit", params={"action": "token.create", "limit": 500})
    assert audit.status_code == 200, audit.text
    assert all(row["details"].get("name") != name for row in audit.json()["items"])


def test_unknown_user_is_404(callers: dict[str, httpx.Client]) -> None:
    response = callers["admin@*"].put(
        "/api/v1/users/nobody-here/bindings",
        json={"bindings": [{"role": "viewer", "environment": "dev"}], "reason": "no such user"},
    )
    assert response.status_code == 404, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
