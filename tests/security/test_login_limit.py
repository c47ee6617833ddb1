"""Finding 8: the login limit could be raced, and locking out by username was a denial of service.

Against a real ``lifeboat serve`` with 5 failures allowed per (username, client address) and a
ceiling of 12 per username from all addresses:

- 20 concurrent wrong passwords get exactly 5 password checks (401); the other 15 are 429.
- An attacker at one address locks out only itself: the real user logs in from another address.
  Only a guess spread over many addresses reaches the per-username ceiling.
- ``X-Forwarded-For`` from a peer that is not a trusted proxy (none is configured here) does
  not change the client address a failure is counted under or the one the audit log records.

Distinct client addresses are real: Linux routes all of 127.0.0.0/8 to loopback, so a client
bound to 127.0.0.2 reaches the server on 127.0.0.1 as a different peer.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer

pytestmark = pytest.mark.integration

SERVER_ENV = {"LIFEBOAT_LOGIN_MAX_FAILURES": "5", "LIFEBOAT_LOGIN_MAX_FAILURES_PER_USER": "12"}
PASSWORD = "the-real-users-password"
LOGIN = "/api/v1/auth/login"


def from_address(server: LifeboatServer, address: str) -> httpx.Client:
    """An HTTP client whose connections come from ``address`` (a loopback alias)."""
    return httpx.Client(
        base_url=server.base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address)
    )


@pytest.fixture
def username(admin_api: httpx.Client) -> str:
    """A fresh user per test, so tests do not share failure counts."""
    name = f"user-{uuid.uuid4().hex[:10]}"
    created = admin_api.post(
        "/api/v1/users",
        json={"username": name, "password": PASSWORD, "role": "viewer", "reason": "login limit test"},
    )
    assert created.status_code == 201, created.text
    return name


def attempt(client: httpx.Client, username: str, password: str, **headers: str) -> httpx.Response:
    return client.post(LOGIN, json={"username": username, "password": password}, headers=headers)


def assert_throttled(response: httpx.Response) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert int(response.headers["retry-after"]) > 0
    assert not response.headers.get_list("set-cookie")


async def test_concurrent_wrong_passwords_are_checked_at_most_the_limit(
    live: LifeboatServer, username: str, admin_api: httpx.Client
) -> None:
    async with httpx.AsyncClient(base_url=live.base_url, timeout=60) as client:
        responses = await asyncio.gather(
            *(client.post(LOGIN, json={"username": username, "password": f"guess-{i}"}) for i in range(20))
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [401] * 5 + [429] * 15, statuses
    # The failures the server counted (and audited) are the 5 it checked.
    audit = admin_api.get(
        "/api/v1/audit", params={"action": "auth.login", "target": f"user:{username}", "limit": 500}
    )
    assert audit.status_code == 200, audit.text
    assert [row["outcome"] for row in audit.json()["items"]] == ["failure"] * 5
    # ... and even the right password waits for the window from this address.
    with httpx.Client(base_url=live.base_url, timeout=30) as same_client:
        assert_throttled(attempt(same_client, username, PASSWORD))


def test_an_attacker_at_one_address_cannot_lock_the_user_out_from_another(
    live: LifeboatServer, username: str
) -> None:
    with from_address(live, "127.0.0.2") as attacker, from_address(live, "127.0.0.1") as user:
        for i in range(5):
            assert attempt(attacker, username, f"guess-{i}").status_code == 401
        assert_throttled(attempt(attacker, username, "guess-again"))
        assert_throttled(attempt(attacker, username, PASSWORD))  # the right one too, from there

        logged_in = attempt(user, username, PASSWORD)
        assert logged_in.status_code == 200, logged_in.text
        assert logged_in.json()["user"]["name"] == username


def test_a_distributed_guess_reaches_the_per_username_ceiling(live: LifeboatServer, username: str) -> None:
    failures = 0
    for address in ("127.0.0.3", "127.0.0.4", "127.0.0.5"):
        with from_address(live, address) as attacker:
            while True:
                response = attempt(attacker, username, f"guess-{failures}")
                if response.status_code == 429:
                    break
                assert response.status_code == 401, response.text
                failures += 1
    assert failures == 12  # 5 + 5 + 2: the ceiling, not 3 x 5
    with from_address(live, "127.0.0.1") as user:
        assert_throttled(attempt(user, username, PASSWORD))


def test_spoofed_forwarded_for_from_an_untrusted_peer_is_ignored(
    live: LifeboatServer, username: str, admin_api: httpx.Client
) -> None:
    with from_address(live, "127.0.0.6") as attacker:
        for i in range(5):
            # A new "client address" on every attempt: not believed, the peer is no proxy.
            response = attempt(attacker, username, f"guess-{i}", **{"X-Forwarded-For": f"198.51.100.{i}"})
            assert response.status_code == 401, response.text
        assert_throttled(attempt(attacker, username, PASSWORD, **{"X-Forwarded-For": "198.51.100.99"}))

    audit = admin_api.get(
        "/api/v1/audit", params={"action": "auth.login", "target": f"user:{username}", "limit": 500}
    )
    assert audit.status_code == 200, audit.text
    rows: list[dict[str, Any]] = audit.json()["items"]
    assert len(rows) == 5
    assert {row["details"]["client"] for row in rows} == {"127.0.0.6"}
    assert {row["actor_id"] for row in rows} == {"anonymous:127.0.0.6"}
