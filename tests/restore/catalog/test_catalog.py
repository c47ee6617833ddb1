"""The backup catalog: groups and servers (admins change them with a reason, audited; viewers
read; bad input is a 4xx that changes nothing) and backup runs reported by backup agents
(idempotent on server + type + snapshot)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.restore.conftest import (
    GROUPS,
    RUNS,
    SERVERS,
    Machine,
    add_group,
    add_server,
    audit_rows,
    declare,
    ok,
    run_body,
)

pytestmark = pytest.mark.integration


def group_body(name: str = "grp-a", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "bucket": "lifeboat-backups",
        "prefix": "repos/grp-a",
        "password_ref": "env:LIFEBOAT_REPO_PASSWORD_GRP_A",
        "reason": "catalog the group",
    }
    body.update(overrides)
    return body


async def test_group_crud_is_audited_and_readable_by_viewers(
    client: httpx.AsyncClient, admin_headers: dict[str, str], viewer_headers: dict[str, str]
) -> None:
    created = ok(
        await client.post(GROUPS, json=group_body(endpoint="http://s3.local:8333/"), headers=admin_headers),
        201,
    )
    assert created["name"] == "grp-a"
    assert created["repository"] == {
        "bucket": "lifeboat-backups",
        "prefix": "repos/grp-a",
        "region": None,
        "endpoint": "http://s3.local:8333",
    }
    assert created["password_ref"] == "env:LIFEBOAT_REPO_PASSWORD_GRP_A"
    assert created["server_count"] == 0
    assert created["created_by"] == "admin-token"

    assert ok(await client.get(f"{GROUPS}/grp-a", headers=viewer_headers)) == created
    patched = ok(
        await client.patch(
            f"{GROUPS}/grp-a",
            json={"prefix": "repos/v2", "region": "eu-west-1", "reason": "moved the repository"},
            headers=admin_headers,
        )
    )
    assert patched["repository"]["prefix"] == "repos/v2"
    assert patched["repository"]["region"] == "eu-west-1"
    assert patched["repository"]["endpoint"] == "http://s3.local:8333"  # absent: left alone
    cleared = ok(
        await client.patch(
            f"{GROUPS}/grp-a", json={"endpoint": None, "reason": "use AWS"}, headers=admin_headers
        )
    )
    assert cleared["repository"]["endpoint"] is None
    # A patch that changes nothing is not audited.
    ok(
        await client.patch(
            f"{GROUPS}/grp-a", json={"region": "eu-west-1", "reason": "again"}, headers=admin_headers
        )
    )

    response = await client.delete(f"{GROUPS}/grp-a", params={"reason": "retired"}, headers=admin_headers)
    assert response.status_code == 204, response.text
    assert (await client.get(f"{GROUPS}/grp-a", headers=viewer_headers)).status_code == 404

    rows = await audit_rows(client, admin_headers, "restore.group.*")
    assert [(r["action"], r["reason"]) for r in sorted(rows, key=lambda r: r["seq"])] == [
        ("restore.group.create", "catalog the group"),
        ("restore.group.update", "moved the repository"),
        ("restore.group.update", "use AWS"),
        ("restore.group.delete", "retired"),
    ]
    assert all(r["target"] == "backup_group:grp-a" for r in rows)


async def test_creating_a_group_is_idempotent_on_its_name(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    first = ok(await client.post(GROUPS, json=group_body(), headers=admin_headers), 201)
    again = await client.post(GROUPS, json=group_body(reason="retry"), headers=admin_headers)
    assert again.status_code == 200, again.text
    assert again.json() == first
    different = await client.post(GROUPS, json=group_body(bucket="other-bucket"), headers=admin_headers)
    assert different.status_code == 409
    assert [e["field"] for e in different.json()["errors"]] == ["bucket"]
    assert len(await audit_rows(client, admin_headers, "restore.group.*")) == 1


@pytest.mark.parametrize(
    ("overrides", "field", "status"),
    [
        # Password references the server refuses to read (any other variable or file): 422.
        ({"password_ref": "hunter2-the-actual-password"}, "password_ref", 422),
        ({"password_ref": "env:"}, "password_ref", 422),
        ({"password_ref": "env:1BAD"}, "password_ref", 422),
        ({"password_ref": "env:REPO_PASSWORD"}, "password_ref", 422),
        ({"password_ref": "file:relative/path"}, "password_ref", 422),
        ({"password_ref": "file:/etc/../root/pw"}, "password_ref", 422),
        ({"password_ref": "file:/etc/lifeboat/pw"}, "password_ref", 422),  # no secrets dir here
        # A prefix restore credentials cannot be scoped to.
        ({"prefix": ""}, "prefix", 400),
        ({"prefix": "repos/*"}, "prefix", 400),
        ({"prefix": "/"}, "prefix", 422),
        ({"name": "Bad Name"}, "name", 400),
        ({"bucket": "UPPER"}, "bucket", 400),
        ({"endpoint": "ftp://s3.local"}, "endpoint", 400),
        ({"endpoint": "http://user:pw@s3.local"}, "endpoint", 400),
        ({"reason": ""}, "reason", 400),
        ({"unknown": 1}, "unknown", 400),
    ],
)
async def test_bad_groups_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    overrides: dict[str, Any],
    field: str,
    status: int,
) -> None:
    response = await client.post(GROUPS, json=group_body(**overrides), headers=admin_headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in response.text
    assert "hunter2" not in response.text  # a password pasted by mistake is never echoed
    assert ok(await client.get(GROUPS, headers=admin_headers))["items"] == []
    assert await audit_rows(client, admin_headers, "restore.*") == []


async def test_a_bad_patch_changes_nothing(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    created = await add_group(client, admin_headers, "grp-a")
    for body, status in (
        ({"password_ref": "plain-password", "reason": "oops"}, 422),
        ({"password_ref": "env:LIFEBOAT_DEV_ROOT_TOKEN", "reason": "oops"}, 422),
        ({"prefix": "repos/*", "reason": "oops"}, 400),
        ({"prefix": "//", "reason": "oops"}, 422),
        ({"bucket": "fine-bucket", "endpoint": "not a url", "reason": "oops"}, 400),
        ({"bucket": "fine-bucket"}, 400),
    ):
        response = await client.patch(f"{GROUPS}/grp-a", json=body, headers=admin_headers)
        assert response.status_code == status, response.text
    assert ok(await client.get(f"{GROUPS}/grp-a", headers=admin_headers)) == created
    missing = await client.patch(
        f"{GROUPS}/nope", json={"prefix": "x", "reason": "why"}, headers=admin_headers
    )
    assert missing.status_code == 404


async def test_viewers_cannot_change_the_catalog(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    backup_agent: Machine,
) -> None:
    await add_group(client, admin_headers, "grp-a")
    for headers in (viewer_headers, backup_agent.headers):
        assert (await client.post(GROUPS, json=group_body("grp-b"), headers=headers)).status_code == 403
        response = await client.patch(
            f"{GROUPS}/grp-a", json={"prefix": "x", "reason": "why"}, headers=headers
        )
        assert response.status_code == 403
        assert (
            await client.delete(f"{GROUPS}/grp-a", params={"reason": "why"}, headers=headers)
        ).status_code == 403
        body = {"name": "srv-1", "group": "grp-a", "reason": "why"}
        assert (await client.post(SERVERS, json=body, headers=headers)).status_code == 403
    assert [g["name"] for g in ok(await client.get(GROUPS, headers=viewer_headers))["items"]] == ["grp-a"]


async def test_groups_and_servers_page_with_a_cursor(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for name in ("grp-c", "grp-a", "grp-b"):
        await add_group(client, admin_headers, name)
    for name in ("srv-3", "srv-1", "srv-2"):
        await add_server(client, admin_headers, name, "grp-a")
    await add_server(client, admin_headers, "srv-4", "grp-b", live=False)

    first = ok(await client.get(GROUPS, params={"limit": 2}, headers=admin_headers))
    assert [g["name"] for g in first["items"]] == ["grp-a", "grp-b"]
    assert first["items"][0]["server_count"] == 3
    second = ok(
        await client.get(GROUPS, params={"limit": 2, "cursor": first["next_cursor"]}, headers=admin_headers)
    )
    assert [g["name"] for g in second["items"]] == ["grp-c"]
    assert second["next_cursor"] is None

    page = ok(await client.get(SERVERS, params={"limit": 3}, headers=admin_headers))
    assert [s["name"] for s in page["items"]] == ["srv-1", "srv-2", "srv-3"]
    rest = ok(await client.get(SERVERS, params={"cursor": page["next_cursor"]}, headers=admin_headers))
    assert [(s["name"], s["group"], s["live"]) for s in rest["items"]] == [("srv-4", "grp-b", False)]
    only_b = ok(await client.get(SERVERS, params={"group": "grp-b"}, headers=admin_headers))
    assert [s["name"] for s in only_b["items"]] == ["srv-4"]
    live = ok(await client.get(SERVERS, params={"live": "true"}, headers=admin_headers))
    assert [s["name"] for s in live["items"]] == ["srv-1", "srv-2", "srv-3"]
    assert (await client.get(GROUPS, params={"cursor": "%%%"}, headers=admin_headers)).status_code == 400
    assert (await client.get(GROUPS, params={"limit": 0}, headers=admin_headers)).status_code == 400


async def test_server_lifecycle_and_its_guards(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_group(client, admin_headers, "grp-b")
    created = await add_server(client, admin_headers, "srv-1", "grp-a")
    assert (created["name"], created["group"], created["live"]) == ("srv-1", "grp-a", True)

    same = await client.post(
        SERVERS, json={"name": "srv-1", "group": "grp-a", "reason": "retry"}, headers=admin_headers
    )
    assert same.status_code == 200
    other = await client.post(
        SERVERS, json={"name": "srv-1", "group": "grp-b", "reason": "why not"}, headers=admin_headers
    )
    assert other.status_code == 409
    unknown = await client.post(
        SERVERS, json={"name": "srv-2", "group": "nope", "reason": "why not"}, headers=admin_headers
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "group"

    # A group with servers cannot be deleted.
    blocked = await client.delete(f"{GROUPS}/grp-a", params={"reason": "retire"}, headers=admin_headers)
    assert blocked.status_code == 409
    assert ok(await client.get(f"{GROUPS}/grp-a", headers=admin_headers))["server_count"] == 1

    moved = ok(
        await client.patch(
            f"{SERVERS}/srv-1", json={"group": "grp-b", "reason": "re-homed"}, headers=admin_headers
        )
    )
    assert moved["group"] == "grp-b"
    bad_move = await client.patch(
        f"{SERVERS}/srv-1", json={"group": "nope", "reason": "why not"}, headers=admin_headers
    )
    assert bad_move.status_code == 422

    # A server named by a declaration can neither move nor go away.
    await declare(client, admin_headers, consumer, "grp-b", server="srv-1")
    stuck = await client.patch(
        f"{SERVERS}/srv-1", json={"group": "grp-a", "reason": "back"}, headers=admin_headers
    )
    assert stuck.status_code == 409
    kept = await client.delete(f"{SERVERS}/srv-1", params={"reason": "gone"}, headers=admin_headers)
    assert kept.status_code == 409
    assert ok(await client.get(f"{SERVERS}/srv-1", headers=admin_headers))["group"] == "grp-b"

    rows = await audit_rows(client, admin_headers, "restore.server.*")
    assert sorted(r["action"] for r in rows) == ["restore.server.create", "restore.server.update"]


async def test_deleting_a_server_removes_it(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    response = await client.delete(
        f"{SERVERS}/srv-1", params={"reason": "decommissioned"}, headers=admin_headers
    )
    assert response.status_code == 204
    assert (await client.get(f"{SERVERS}/srv-1", headers=admin_headers)).status_code == 404
    assert (
        await client.delete(f"{SERVERS}/srv-1", params={"reason": "again"}, headers=admin_headers)
    ).status_code == 404
    no_reason = await client.delete(f"{GROUPS}/grp-a", headers=admin_headers)
    assert no_reason.status_code == 400
    assert (
        await client.delete(f"{GROUPS}/grp-a", params={"reason": "empty"}, headers=admin_headers)
    ).status_code == 204


# --- backup runs -------------------------------------------------------------------------------


async def test_a_backup_run_report_is_idempotent_on_its_snapshot(
    client: httpx.AsyncClient, admin_headers: dict[str, str], backup_agent: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    report = run_body("srv-1", "k7f3a9", details={"tool": "kopia", "files": 12})

    first = await client.post(RUNS, json=report, headers=backup_agent.headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    run = first.json()
    assert (run["server"], run["group"], run["snapshot_id"], run["status"]) == (
        "srv-1",
        "grp-a",
        "k7f3a9",
        "succeeded",
    )
    assert run["details"] == {"tool": "kopia", "files": 12}
    assert run["reported_by"] == backup_agent.id

    # Same facts (an equal instant in another offset, keys in another order): a replay.
    replay_body = {
        **report,
        "started_at": "2026-11-29T02:00:00+01:00",
        "details": {"files": 12, "tool": "kopia"},
    }
    replay = await client.post(RUNS, json=replay_body, headers=backup_agent.headers)
    assert replay.status_code == 200, replay.text
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json() == run

    conflict = await client.post(RUNS, json={**report, "status": "failed"}, headers=backup_agent.headers)
    assert conflict.status_code == 409
    assert conflict.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in conflict.json()["errors"]] == ["status"]

    # The same snapshot id under another type is another run.
    other_type = await client.post(
        RUNS, json={**report, "backup_type": "files"}, headers=backup_agent.headers
    )
    assert other_type.status_code == 201

    listed = ok(await client.get(RUNS, params={"server": "srv-1"}, headers=admin_headers))["items"]
    assert [(r["backup_type"], r["status"]) for r in listed] == [
        ("files", "succeeded"),
        ("postgres", "succeeded"),
    ]
    assert len(await audit_rows(client, admin_headers, "restore.backup_run.*")) == 2


@pytest.mark.parametrize(
    ("overrides", "status"),
    [
        ({"server": "unknown-server"}, 422),
        ({"finished_at": "2026-11-29T00:59:59Z"}, 422),  # well-formed, finished before it started
        ({"started_at": "2026-11-29T01:00:00"}, 400),  # no offset: ambiguous
        ({"status": "partial"}, 400),
        ({"backup_type": "Postgres"}, 400),
        ({"snapshot_id": ""}, 400),
        ({"size_bytes": -1}, 400),
        ({"extra": True}, 400),
    ],
)
async def test_bad_backup_run_reports_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    backup_agent: Machine,
    overrides: dict[str, Any],
    status: int,
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    response = await client.post(
        RUNS, json={**run_body("srv-1", "snap-1"), **overrides}, headers=backup_agent.headers
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert ok(await client.get(RUNS, headers=admin_headers))["items"] == []


async def test_only_backup_agents_report_runs(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    for headers in (admin_headers, consumer.headers):
        response = await client.post(RUNS, json=run_body("srv-1", "snap-1"), headers=headers)
        assert response.status_code == 403, response.text
    assert (await client.post(RUNS, json=run_body("srv-1", "snap-1"))).status_code == 401


async def test_servers_carry_their_latest_backup_per_type(
    client: httpx.AsyncClient, admin_headers: dict[str, str], backup_agent: Machine
) -> None:
    await add_group(client, admin_headers, "grp-a")
    await add_server(client, admin_headers, "srv-1", "grp-a")
    await add_server(client, admin_headers, "srv-2", "grp-a")

    async def report(
        snapshot: str, day: int, status: str = "succeeded", backup_type: str = "postgres"
    ) -> None:
        body = run_body(
            "srv-1",
            snapshot,
            status=status,
            backup_type=backup_type,
            started_at=f"2026-11-{day:02d}T01:00:00Z",
            finished_at=f"2026-11-{day:02d}T02:00:00Z",
        )
        ok(await client.post(RUNS, json=body, headers=backup_agent.headers), 201)

    await report("pg-20", 20)
    await report("pg-22", 22)
    await report("pg-23-broken", 23, status="failed")
    await report("files-21", 21, backup_type="files")

    listed = ok(await client.get(SERVERS, headers=admin_headers))["items"]
    by_name = {s["name"]: s for s in listed}
    assert by_name["srv-2"]["latest_backups"] == []
    latest = {b["backup_type"]: b for b in by_name["srv-1"]["latest_backups"]}
    assert sorted(latest) == ["files", "postgres"]
    assert (latest["postgres"]["latest"]["snapshot_id"], latest["postgres"]["latest"]["status"]) == (
        "pg-23-broken",
        "failed",
    )
    assert latest["postgres"]["latest_succeeded"]["snapshot_id"] == "pg-22"
    assert latest["files"]["latest"]["snapshot_id"] == "files-21"
    assert latest["files"]["latest_succeeded"]["snapshot_id"] == "files-21"
    one = ok(await client.get(f"{SERVERS}/srv-1", headers=admin_headers))
    assert one["latest_backups"] == by_name["srv-1"]["latest_backups"]
