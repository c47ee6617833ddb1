"""Control and bidi characters are refused in names and reasons, everywhere.

A name or reason is shown to other people: in lists, the audit log, alerts and terminals. The
attack: a token named ``"ci\\x1b[2J…"`` clears an operator's terminal when the audit log is
tailed; a reason with U+202E (right-to-left override) reads differently on screen from what
was stored ("Trojan Source"); a ``"\\x00"`` in a job reason reached the database. Against a real
``lifeboat serve`` each is a 400 problem+json naming the field, and nothing is created. A
reason may keep line feeds (multi-line reasons are legitimate); names may not.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer

pytestmark = pytest.mark.integration

BAD_CHARACTERS = {
    "ESC": "\x1b[2J",
    "NUL": "\x00",
    "CR": "\r",
    "TAB": "\t",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "RLO U+202E": "\u202e",
    "LRE U+202A": "\u202a",
    "RLI U+2067": "\u2067",
    "PDI U+2069": "\u2069",
    "RLM U+200F": "\u200f",
    "ALM U+061C": "\u061c",
}


def assert_refused(response: httpx.Response, field: str) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["type"] == "urn:lifeboat:error:validation", body
    assert any(field in error["field"] for error in body["errors"]), body


def tokens_named(admin_api: httpx.Client, fragment: str) -> list[dict[str, Any]]:
    listed = admin_api.get("/api/v1/tokens", params={"limit": 500})
    assert listed.status_code == 200, listed.text
    return [t for t in listed.json()["items"] if fragment in t["name"]]


@pytest.mark.parametrize("bad", BAD_CHARACTERS.values(), ids=BAD_CHARACTERS.keys())
def test_token_reason_refuses_the_character(admin_api: httpx.Client, bad: str) -> None:
    name = f"tok-{uuid.uuid4().hex[:8]}"
    response = admin_api.post(
        "/api/v1/tokens", json={"name": name, "role": "viewer", "reason": f"rotate {bad}gnp.exe"}
    )
    assert_refused(response, "reason")
    assert tokens_named(admin_api, name) == []


@pytest.mark.parametrize("bad", [*BAD_CHARACTERS.values(), "\n"], ids=[*BAD_CHARACTERS.keys(), "LF"])
def test_token_name_refuses_the_character(admin_api: httpx.Client, bad: str) -> None:
    marker = uuid.uuid4().hex[:8]
    response = admin_api.post(
        "/api/v1/tokens", json={"name": f"ci-{marker}{bad}", "role": "viewer", "reason": "new ci token"}
    )
    assert_refused(response, "name")
    assert tokens_named(admin_api, marker) == []


def test_a_reason_may_span_lines(admin_api: httpx.Client) -> None:
    name = f"tok-{uuid.uuid4().hex[:8]}"
    response = admin_api.post(
        "/api/v1/tokens",
        json={"name": name, "role": "viewer", "reason": "incident 42:\nrotate the ci token\n"},
    )
    assert response.status_code == 201, response.text
    assert [t["name"] for t in tokens_named(admin_api, name)] == [name]


def test_plain_unicode_is_fine(admin_api: httpx.Client) -> None:
    name = f"déploiement-日本-{uuid.uuid4().hex[:6]}"
    response = admin_api.post(
        "/api/v1/tokens", json={"name": name, "role": "viewer", "reason": "für die Pipeline — ok"}
    )
    assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("username", "mallory\n"),  # a trailing newline once slipped past the '$' of the pattern
        ("username", "mal\x1blory"),
        ("display_name", "Mallory\x1b]0;pwned\x07"),
        ("display_name", "Admin\u202e"),
        ("reason", "onboarding \u2066hidden\u2069"),
    ],
)
def test_user_fields_refuse_control_characters(admin_api: httpx.Client, field: str, value: str) -> None:
    username = f"mallory-{uuid.uuid4().hex[:8]}"
    body = {
        "username": username,
        "password": "correct-horse-battery",
        "role": "viewer",
        "reason": "onboarding",
        field: value,
    }
    response = admin_api.post("/api/v1/users", json=body)
    assert_refused(response, field)
    listed = admin_api.get("/api/v1/users", params={"limit": 500})
    assert listed.status_code == 200, listed.text
    assert all(not u["username"].startswith("mallory") for u in listed.json()["items"])


def test_user_binding_change_reason_refuses_bidi(admin_api: httpx.Client, live: LifeboatServer) -> None:
    response = admin_api.put(
        f"/api/v1/users/{live.admin_username}/bindings",
        json={"bindings": [{"role": "viewer", "environment": "*"}], "reason": "demote \u202eadmin"},
    )
    assert_refused(response, "reason")
    me = admin_api.get("/api/v1/users", params={"limit": 500})
    [admin] = [u for u in me.json()["items"] if u["username"] == live.admin_username]
    assert admin["bindings"] == [{"role": "admin", "environment": "*"}]


@pytest.mark.parametrize("bad", ["\x00", "\x1b[1A", "\u202e"], ids=["NUL", "ESC", "RLO"])
def test_job_reason_refuses_the_character(admin_api: httpx.Client, bad: str) -> None:
    key = f"ctl-{uuid.uuid4().hex}"
    response = admin_api.post(
        "/api/v1/jobs",
        json={"kind": "system.probe", "reason": f"probe {bad} now"},
        headers={"Idempotency-Key": key},
    )
    assert_refused(response, "reason")
    jobs = admin_api.get("/api/v1/jobs", params={"limit": 500})
    assert jobs.status_code == 200, jobs.text
    assert all(bad not in job["reason"] for job in jobs.json()["items"])


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "grp\x1b"), ("name", "grp\n"), ("reason", "new group \u202e")],
)
def test_backup_group_refuses_control_characters(admin_api: httpx.Client, field: str, value: str) -> None:
    body = {
        "name": "grp-ctl",
        "bucket": "backups-ctl",
        "prefix": "grp-ctl",
        "password_ref": "env:LIFEBOAT_REPO_PASSWORD_CTL",
        "reason": "new group",
        field: value,
    }
    response = admin_api.post("/api/v1/backups/groups", json=body)
    assert_refused(response, field)
    assert admin_api.get("/api/v1/backups/groups/grp-ctl").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "svc-ctl\n"), ("environment", "prod\n"), ("reason", "register \u2067svc\u2069")],
)
def test_fleet_service_refuses_control_characters(admin_api: httpx.Client, field: str, value: str) -> None:
    body = {
        "name": "svc-ctl",
        "kind": "gateway",
        "site": "primary",
        "environment": "prod",
        "base_url": "http://203.0.113.10:9000",
        "reason": "register service",
        field: value,
    }
    response = admin_api.post("/api/v1/fleet/services", json=body)
    assert_refused(response, field)
    assert admin_api.get("/api/v1/fleet/services/svc-ctl").status_code == 404


def test_reason_in_a_query_parameter_refuses_bidi(admin_api: httpx.Client) -> None:
    response = admin_api.delete("/api/v1/backups/groups/grp-none", params={"reason": "cleanup \u202e"})
    assert_refused(response, "reason")
