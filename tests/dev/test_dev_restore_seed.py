"""`lifeboat dev`'s demo restore world, seeded through the restore service: what an operator and
the demo agent see, and that a restart (a second seed) changes nothing but a moved S3 endpoint."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import msgspec
import pytest

from lifeboat.app import create_app
from lifeboat.dev.seed_restore import DEMO_RESTORE_AGENT, DEV_SECRETS_DIR, seed_demo_restore
from tests.conftest import bearer_token, make_settings, running_app
from tests.services import TestServices

pytestmark = pytest.mark.integration


async def _get(client: httpx.AsyncClient, path: str, token: str, **params: Any) -> Any:
    response = await client.get(path, params=params, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return response.json()


async def test_demo_restore_world_is_seeded_once(
    services: TestServices, database_url: str, tmp_path: Path
) -> None:
    settings = make_settings(services, database_url, dev_dir=str(tmp_path))
    # An older `lifeboat dev` kept the repository password in the dev dir itself.
    legacy_file = tmp_path / "restore-repo-password"
    legacy_file.write_text("password-of-an-older-dev-dir")
    async with running_app(create_app(settings)) as client:
        await seed_demo_restore(settings)
        admin = await bearer_token("admin")
        # Groups stored by an older `lifeboat dev` point at the old place.
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute("update restore_backup_group set password_ref = $1", f"file:{legacy_file}")
        finally:
            await conn.close()
        await seed_demo_restore(settings)  # a restart

        # The password lives in the dev secrets dir (LIFEBOAT_SECRETS_DIR of `lifeboat dev`),
        # moved there unchanged (the demo repositories were made with it).
        password_file = tmp_path / DEV_SECRETS_DIR / "restore-repo-password"
        assert not legacy_file.exists()
        assert password_file.read_text() == "password-of-an-older-dev-dir"
        assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
        assert stat.S_IMODE(password_file.parent.stat().st_mode) == 0o700
        groups = (await _get(client, "/api/v1/backups/groups", admin))["items"]
        assert [g["name"] for g in groups] == ["eu-postgres", "us-files"]
        for group in groups:
            assert group["password_ref"] == f"file:{password_file}"
            assert group["repository"]["bucket"] == settings.s3_bucket
            assert group["repository"]["endpoint"] == settings.s3_endpoint_url
            assert group["server_count"] == 4
        password = password_file.read_text()
        assert password not in msgspec.json.encode(groups).decode()

        servers = (await _get(client, "/api/v1/backups/servers", admin))["items"]
        assert len(servers) == 8
        assert [s["name"] for s in servers if not s["live"]] == ["pg-eu-old"]
        runs = (await _get(client, "/api/v1/backups/runs", admin, limit=500))["items"]
        assert len(runs) == 12  # two per backed-up server, not doubled by the restart
        assert {r["server"] for r in runs}.isdisjoint({"pg-eu-3", "files-us-4"})

        consumers = (await _get(client, "/api/v1/restore/consumers", admin))["items"]
        assert [(c["name"], c["registered"]) for c in consumers] == [(DEMO_RESTORE_AGENT, True)]
        assert consumers[0]["capabilities"] == [
            {"intent": "analytics", "backup_types": ["postgres"]},
            {"intent": "verify", "backup_types": ["postgres"]},
        ]
        assert (consumers[0]["declarations"], consumers[0]["gaps"]) == (3, 1)
        replicas = (await _get(client, "/api/v1/restore/replicas", admin))["items"]
        scopes = sorted((r["server"] or "*", r["intent"], r["gap"] is not None) for r in replicas)
        assert scopes == [
            ("*", "verify", False),
            ("pg-eu-1", "analytics", False),
            ("pg-eu-2", "disaster-recovery", True),
        ]

        # The demo agent's token is kept in the dev dir (0600) and sees its worklist: the gap is
        # not on it, the not-live server neither, and a server without backups has no snapshot.
        token_file = tmp_path / "restore-agent-token"
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        work = (await _get(client, "/api/v1/restore/worklist", token_file.read_text().strip()))["items"]
        items = {(i["server"], i["intent"]): i for i in work}
        assert sorted(items) == [
            ("pg-eu-1", "analytics"),
            ("pg-eu-1", "verify"),
            ("pg-eu-2", "verify"),
            ("pg-eu-3", "verify"),
        ]
        assert items[("pg-eu-3", "verify")]["snapshot"] is None
        assert items[("pg-eu-1", "verify")]["snapshot"]["id"].startswith("pg-eu-1-")

        # The embedded S3 server came back on another port: the groups follow it.
        moved = make_settings(
            services, database_url, dev_dir=str(tmp_path), s3_endpoint_url="http://127.0.0.1:1"
        )
        await seed_demo_restore(moved)
        groups = (await _get(client, "/api/v1/backups/groups", admin))["items"]
        assert {g["repository"]["endpoint"] for g in groups} == {"http://127.0.0.1:1"}
        assert password_file.read_text() == password
