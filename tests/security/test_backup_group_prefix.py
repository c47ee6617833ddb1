"""Item 11: a backup group's prefix may not be empty or contain ``*``. A ``*`` (or empty) prefix
made the restore consumer's STS session policy cover the whole bucket: other groups'
repositories.

Against a live ``lifeboat serve``: such prefixes are refused at create and patch (nothing
stored), and a group stored with one before the rule (written straight into the database) gets
no credentials at all: the session-policy builder refuses to widen the scope.
"""

from __future__ import annotations

import secrets

import asyncpg
import httpx
import pytest

from tests.live_server import LifeboatServer, run_async
from tests.security.restore_live import (
    GROUPS,
    ask_credentials,
    catalog_server,
    declare,
    group_body,
    machines,
    ok,
    refused,
)

pytestmark = pytest.mark.integration

NEEDS_STS = True
REPO_PASSWORD = "prefix-test-pw-" + secrets.token_urlsafe(8)
SERVER_ENV = {"LIFEBOAT_REPO_PASSWORD_PREFIX": REPO_PASSWORD}

# (prefix, status): the wire type refuses what it can say (400), the service the rest (422).
BAD_PREFIXES = [
    ("", 400),
    ("*", 400),
    ("repos/*", 400),
    ("repos/grp-?", 400),
    ("repos/${aws:username}", 400),
    ("/", 422),
    ("///", 422),
]


def test_empty_and_wildcard_prefixes_are_refused_at_create_and_patch(
    live: LifeboatServer, admin_api: httpx.Client
) -> None:
    missing = {k: v for k, v in group_body("prefix-missing").items() if k != "prefix"}
    refused(admin_api.post(GROUPS, json=missing), 400)
    for index, (prefix, status) in enumerate(BAD_PREFIXES):
        name = f"prefix-bad-{index}"
        refused(admin_api.post(GROUPS, json=group_body(name, prefix=prefix)), status)
        assert admin_api.get(f"{GROUPS}/{name}").status_code == 404, prefix

    ok(admin_api.post(GROUPS, json=group_body("prefix-kept", prefix="repos/kept")), 201)
    before = ok(admin_api.get(f"{GROUPS}/prefix-kept"), 200)
    for prefix, status in BAD_PREFIXES:
        refused(admin_api.patch(f"{GROUPS}/prefix-kept", json={"prefix": prefix, "reason": "widen"}), status)
    assert ok(admin_api.get(f"{GROUPS}/prefix-kept"), 200) == before
    assert ok(admin_api.get("/api/v1/audit", params={"action": "restore.group.update"}), 200)["items"] == []


def _store_prefix_directly(live: LifeboatServer, group: str, prefix: str) -> None:
    async def update() -> None:
        conn = await asyncpg.connect(live.database_url)
        try:
            await conn.execute("update restore_backup_group set prefix = $1 where name = $2", prefix, group)
        finally:
            await conn.close()

    run_async(update)


def test_a_stored_wildcard_prefix_gets_no_credentials(live: LifeboatServer, admin_api: httpx.Client) -> None:
    group, server = "prefix-legacy", "prefix-legacy-srv"
    ok(
        admin_api.post(
            GROUPS,
            json=group_body(group, prefix="repos/legacy", password_ref="env:LIFEBOAT_REPO_PASSWORD_PREFIX"),
        ),
        201,
    )
    catalog_server(admin_api, group, server)
    with machines(live, "prefix") as who:
        declare(admin_api, who, group)
        issued = ok(ask_credentials(who, server), 200)
        assert issued["repository"]["prefix"] == "repos/legacy"

        for prefix in ("*", "", "/", "repos/*"):
            _store_prefix_directly(live, group, prefix)
            response = ask_credentials(who, server)
            problem = refused(response, 502)
            assert problem["type"] == "urn:lifeboat:error:credential-broker-unavailable", (prefix, problem)
            assert "secret_access_key" not in response.text
            assert REPO_PASSWORD not in response.text


def test_groups_cannot_share_or_nest_a_repository(admin_api: httpx.Client) -> None:
    """A second group on the same bucket whose prefix is, contains or lies inside an existing
    group's would let a consumer of one read the other's repository: 409, nothing stored."""
    base = {
        "bucket": "shared-bucket",
        "region": "us-east-1",
        "password_ref": "env:LIFEBOAT_REPO_PASSWORD_SHARED",
        "reason": "overlap check",
    }
    first = admin_api.post("/api/v1/backups/groups", json={**base, "name": "owner", "prefix": "repos/team"})
    assert first.status_code == 201, first.text
    for name, prefix in [
        ("same", "repos/team"),
        ("same-slash", "/repos/team/"),
        ("inner", "repos/team/db"),
        ("outer", "repos"),
    ]:
        response = admin_api.post("/api/v1/backups/groups", json={**base, "name": name, "prefix": prefix})
        assert response.status_code == 409, (prefix, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "owner" in response.json()["detail"]
        assert admin_api.get(f"/api/v1/backups/groups/{name}").status_code == 404
    # A sibling prefix (a string prefix, but not a path prefix) and another bucket are fine.
    sibling = admin_api.post(
        "/api/v1/backups/groups", json={**base, "name": "sibling", "prefix": "repos/teammate"}
    )
    assert sibling.status_code == 201, sibling.text
    other = admin_api.post(
        "/api/v1/backups/groups",
        json={**base, "name": "elsewhere", "bucket": "other-bucket", "prefix": "repos/team"},
    )
    assert other.status_code == 201, other.text
    # Moving a group onto another's repository by PATCH is refused the same way.
    moved = admin_api.patch(
        "/api/v1/backups/groups/sibling", json={"prefix": "repos/team/x", "reason": "overlap check"}
    )
    assert moved.status_code == 409, moved.text
    assert admin_api.get("/api/v1/backups/groups/sibling").json()["repository"]["prefix"] == "repos/teammate"
    # Replaying the owner's own definition stays idempotent (it does not overlap itself).
    again = admin_api.post("/api/v1/backups/groups", json={**base, "name": "owner", "prefix": "repos/team"})
    assert again.status_code == 200, again.text
