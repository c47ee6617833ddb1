"""Security suite fixtures (``make test-security``): a real ``lifeboat serve`` per module, driven
over HTTP the way an attacker would, plus the fixtures of the moved proofs (restore machines).

A module may set ``SERVER_ENV`` (extra ``LIFEBOAT_*`` variables) for its server; ``live`` starts
one server per module with them and the STS broker when the S3 server offers one.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.live_server import LifeboatServer, LiveServerError, live_lifeboat, sts_env
from tests.restore.conftest import backup_agent, consumer, consumer_b
from tests.services import TestServices

__all__ = ["backup_agent", "consumer", "consumer_b"]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="module")
def live(services: TestServices, request: pytest.FixtureRequest) -> Iterator[LifeboatServer]:
    """A real ``lifeboat serve`` for this module (fresh database, an admin user)."""
    extra = dict(getattr(request.module, "SERVER_ENV", {}))
    if getattr(request.module, "NEEDS_STS", False):
        extra = {**sts_env(services), **extra}
    name = request.module.__name__.rsplit(".", 1)[-1]
    try:
        with live_lifeboat(
            services,
            environment=getattr(request.module, "SERVER_ENVIRONMENT", "sec"),
            log_path=ARTIFACTS / f"{name}.log",
            extra_env=extra,
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def login(server: LifeboatServer, username: str | None = None, password: str | None = None) -> httpx.Client:
    """An httpx client with a browser-like session (cookie + CSRF header) on ``server``."""
    client = httpx.Client(base_url=server.base_url, timeout=15)
    response = client.post(
        "/api/v1/auth/login",
        json={"username": username or server.admin_username, "password": password or server.admin_password},
    )
    assert response.status_code == 200, response.text
    client.headers["x-csrf-token"] = response.json()["csrf_token"]
    return client


def mint_token(server: LifeboatServer, role: str, environment: str = "*", name: str | None = None) -> str:
    """A new API token secret with ``role`` in ``environment``, minted by the admin user."""
    with contextlib.closing(login(server)) as admin:  # already open: `with client` would refuse
        created = admin.post(
            "/api/v1/tokens",
            json={
                "name": name or f"{role}-{environment}".replace("*", "all"),
                "role": role,
                "environment": environment,
                "reason": "security test",
            },
        )
        assert created.status_code == 201, created.text
        secret: str = created.json()["secret"]
        return secret


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture(scope="module")
def admin_api(live: LifeboatServer) -> Iterator[httpx.Client]:
    """An httpx client on the live server with an admin@* bearer token."""
    with httpx.Client(
        base_url=live.base_url, timeout=15, headers=bearer(mint_token(live, "admin"))
    ) as client:
        yield client
