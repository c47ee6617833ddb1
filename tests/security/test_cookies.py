"""Session and CSRF cookies carry ``Secure`` unless the app is on loopback (or told otherwise).

``LIFEBOAT_COOKIE_SECURE`` unset is automatic: off when ``LIFEBOAT_HOST`` is loopback (a browser
on the same machine over plain http), on otherwise (tests/system/test_settings.py covers the host
rule, 0.0.0.0 included); ``true``/``false`` force it, and the compose stack sets ``true``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from tests.live_server import LifeboatServer, live_lifeboat
from tests.security.conftest import ARTIFACTS
from tests.services import TestServices

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
COOKIES = ("lifeboat_session", "lifeboat_csrf")


def login_cookie_attributes(server: LifeboatServer) -> dict[str, set[str]]:
    """{cookie name: lower-cased attribute names} of the Set-Cookie headers of a login."""
    with httpx.Client(base_url=server.base_url, timeout=15) as client:
        response = client.post(
            "/api/v1/auth/login", json={"username": server.admin_username, "password": server.admin_password}
        )
    assert response.status_code == 200, response.text
    found: dict[str, set[str]] = {}
    for header in response.headers.get_list("set-cookie"):
        first, *rest = [part.strip() for part in header.split(";")]
        found[first.partition("=")[0]] = {part.partition("=")[0].strip().lower() for part in rest}
    assert set(COOKIES) <= set(found), found
    return found


def test_on_loopback_the_cookies_are_not_secure(live: LifeboatServer) -> None:
    attributes = login_cookie_attributes(live)
    for name in COOKIES:
        assert "secure" not in attributes[name], (name, attributes[name])
        assert "samesite" in attributes[name]
    assert "httponly" in attributes["lifeboat_session"]


def test_cookie_secure_true_marks_both_cookies_secure(services: TestServices) -> None:
    with live_lifeboat(
        services,
        environment="sec",
        log_path=ARTIFACTS / "test_cookies_secure.log",
        extra_env={"LIFEBOAT_COOKIE_SECURE": "true"},
    ) as server:
        attributes = login_cookie_attributes(server)
    for name in COOKIES:
        assert "secure" in attributes[name], (name, attributes[name])


def test_the_compose_stack_defaults_to_secure_cookies() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    found = [
        value
        for block in compose.values()
        if isinstance(block, dict)
        for value in [block.get("LIFEBOAT_COOKIE_SECURE")]
        if value is not None
    ]
    assert found == ["${LIFEBOAT_COOKIE_SECURE:-true}"], found
