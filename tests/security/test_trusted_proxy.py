"""``X-Forwarded-For`` is believed only from ``LIFEBOAT_TRUSTED_PROXIES``.

A real ``lifeboat serve`` that trusts 127.0.0.1 as its reverse proxy: requests through it are
counted (login limit) and audited under the address the proxy forwarded; a peer that is not a
trusted proxy (127.0.0.2) is counted under its own address whatever header it sends.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer

pytestmark = pytest.mark.integration

SERVER_ENV = {
    "LIFEBOAT_TRUSTED_PROXIES": "127.0.0.1",
    "LIFEBOAT_LOGIN_MAX_FAILURES": "3",
    "LIFEBOAT_LOGIN_MAX_FAILURES_PER_USER": "20",
}
PASSWORD = "the-real-users-password"
LOGIN = "/api/v1/auth/login"


def from_address(server: LifeboatServer, address: str) -> httpx.Client:
    return httpx.Client(
        base_url=server.base_url, timeout=30, transport=httpx.HTTPTransport(local_address=address)
    )


def new_user(admin_api: httpx.Client) -> str:
    name = f"user-{uuid.uuid4().hex[:10]}"
    created = admin_api.post(
        "/api/v1/users",
        json={"username": name, "password": PASSWORD, "role": "viewer", "reason": "trusted proxy test"},
    )
    assert created.status_code == 201, created.text
    return name


def attempt(client: httpx.Client, username: str, password: str, forwarded_for: str) -> httpx.Response:
    return client.post(
        LOGIN, json={"username": username, "password": password}, headers={"X-Forwarded-For": forwarded_for}
    )


def login_audit(admin_api: httpx.Client, username: str) -> list[dict[str, Any]]:
    audit = admin_api.get(
        "/api/v1/audit", params={"action": "auth.login", "target": f"user:{username}", "limit": 500}
    )
    assert audit.status_code == 200, audit.text
    rows: list[dict[str, Any]] = audit.json()["items"]
    return rows


def test_behind_the_trusted_proxy_the_forwarded_client_is_counted(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    username = new_user(admin_api)
    with from_address(live, "127.0.0.1") as proxy:
        for i in range(3):
            assert attempt(proxy, username, f"guess-{i}", "198.51.100.7").status_code == 401
        assert attempt(proxy, username, PASSWORD, "198.51.100.7").status_code == 429
        # Another client behind the same proxy is not locked out by the first one.
        other = attempt(proxy, username, PASSWORD, "198.51.100.8")
        assert other.status_code == 200, other.text

    rows = login_audit(admin_api, username)
    failures = [r for r in rows if r["outcome"] == "failure"]
    assert {r["details"]["client"] for r in failures} == {"198.51.100.7"}
    assert [r["details"]["client"] for r in rows if r["outcome"] == "success"] == ["198.51.100.8"]


def test_a_client_spoofing_a_hop_before_the_proxy_is_counted_as_itself(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    username = new_user(admin_api)
    with from_address(live, "127.0.0.1") as proxy:
        for i in range(3):
            # The client wrote a new fake hop each time; the proxy appended what it saw.
            response = attempt(proxy, username, f"guess-{i}", f"203.0.113.{i}, 198.51.100.20")
            assert response.status_code == 401, response.text
        assert attempt(proxy, username, PASSWORD, "203.0.113.99, 198.51.100.20").status_code == 429
    failures = login_audit(admin_api, username)
    assert {r["details"]["client"] for r in failures} == {"198.51.100.20"}


def test_an_untrusted_peer_cannot_choose_its_address(live: LifeboatServer, admin_api: httpx.Client) -> None:
    username = new_user(admin_api)
    with from_address(live, "127.0.0.2") as attacker:
        for i in range(3):
            assert attempt(attacker, username, f"guess-{i}", f"198.51.100.{30 + i}").status_code == 401
        assert attempt(attacker, username, PASSWORD, "198.51.100.99").status_code == 429
    failures = login_audit(admin_api, username)
    assert {r["details"]["client"] for r in failures} == {"127.0.0.2"}
