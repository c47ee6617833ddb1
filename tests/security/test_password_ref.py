"""Finding 2: a group's ``password_ref`` could read any file or environment variable of the
server, and a restore consumer received it as the repository password.

Against a live ``lifeboat serve`` with LIFEBOAT_SECRETS_DIR: an admin points a group at the
process's environment, at files outside the secrets directory (``..``, ``./`` tricks, symlinks
out) and at the server's own secrets; every attempt is a 422 problem+json naming
``password_ref`` and the group is unchanged. A file inside the directory and a
``LIFEBOAT_REPO_PASSWORD_*`` variable work, and the consumer receives them. A row stored before
the rules (written straight into the database) is refused again when credentials are issued.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from lifeboat.settings import SettingsError, load_settings
from tests.live_server import LifeboatServer, run_async
from tests.security.restore_live import (
    GROUPS,
    Machines,
    ask_credentials,
    catalog_server,
    declare,
    group_body,
    machines,
    ok,
    refused,
)
from tests.services import TestServices

pytestmark = pytest.mark.integration

NEEDS_STS = True
# The live server's secrets directory and its repository password variable (made at import: the
# module's server starts with them).
_ROOT = Path(tempfile.mkdtemp(prefix="lifeboat-sec-pwref-"))
SECRETS = _ROOT / "secrets"
ENV_PASSWORD = "env-repo-pw-" + secrets.token_urlsafe(12)
DEV_ROOT_TOKEN = "lbdev_" + secrets.token_urlsafe(24)
SERVER_ENV = {
    "LIFEBOAT_SECRETS_DIR": str(SECRETS),
    "LIFEBOAT_REPO_PASSWORD_X": ENV_PASSWORD,
    "LIFEBOAT_DEV_ROOT_TOKEN": DEV_ROOT_TOKEN,
}
FILE_PASSWORD = "file-repo-pw-" + secrets.token_urlsafe(12)
OUTSIDE_SECRET = "outside-secret-" + secrets.token_urlsafe(12)


@pytest.fixture(scope="module")
def secret_files() -> Iterator[Path]:
    """The secrets directory: one password file, a symlink out of it and a symlinked directory out
    of it; beside it a file that must never be read."""
    SECRETS.mkdir(mode=0o700, exist_ok=True)
    (SECRETS / "eu.pass").write_text(FILE_PASSWORD + "\n")
    (_ROOT / "x").write_text(OUTSIDE_SECRET)
    (SECRETS / "link-out").symlink_to(_ROOT / "x")
    (SECRETS / "dir-out").symlink_to(_ROOT)
    (SECRETS / "link-in").symlink_to(SECRETS / "eu.pass")
    try:
        yield SECRETS
    finally:
        shutil.rmtree(_ROOT, ignore_errors=True)


def attack_refs(services: TestServices) -> list[str]:
    return [
        "file:/proc/self/environ",
        "file:../../etc/passwd",
        "file:/etc/passwd",
        f"file:{SECRETS}/link-out",
        f"file:{SECRETS}/dir-out/x",
        f"file:{SECRETS}/./../x",
        f"file:{SECRETS}/../x",
        f"file:{SECRETS}//eu.pass",
        f"file:{SECRETS}",
        "env:LIFEBOAT_DEV_ROOT_TOKEN",
        "env:LIFEBOAT_S3_SECRET_ACCESS_KEY",
        "env:LIFEBOAT_SESSION_SECRET",
        "env:PATH",
        "env:LIFEBOAT_REPO_PASSWORD_",
        "vault:secret/x",
    ]


def _never_leaks(response: httpx.Response, services: TestServices) -> None:
    for secret in (services.s3_secret_access_key, DEV_ROOT_TOKEN, OUTSIDE_SECRET, ENV_PASSWORD):
        assert secret not in response.text


def test_refused_password_refs_are_422_and_change_nothing(
    live: LifeboatServer, admin_api: httpx.Client, secret_files: Path, services: TestServices
) -> None:
    ok(admin_api.post(GROUPS, json=group_body("pw-kept", password_ref=f"file:{secret_files}/eu.pass")), 201)
    before = ok(admin_api.get(f"{GROUPS}/pw-kept"), 200)

    for index, ref in enumerate(attack_refs(services)):
        created = admin_api.post(GROUPS, json=group_body(f"pw-evil-{index}", password_ref=ref))
        problem = refused(created, 422, "password_ref")
        assert problem["type"] == "urn:lifeboat:error:password-ref-refused", (ref, problem)
        _never_leaks(created, services)
        assert admin_api.get(f"{GROUPS}/pw-evil-{index}").status_code == 404, ref

        patched = admin_api.patch(f"{GROUPS}/pw-kept", json={"password_ref": ref, "reason": "attack"})
        refused(patched, 422, "password_ref")
        _never_leaks(patched, services)
        assert ok(admin_api.get(f"{GROUPS}/pw-kept"), 200) == before, ref

    audit = ok(admin_api.get("/api/v1/audit", params={"action": "restore.group.update"}), 200)
    assert audit["items"] == []


def _world(admin: httpx.Client, who: Machines, group: str, ref: str) -> str:
    """A group with ``ref``, a server in it and ``who`` declared for the group; the server."""
    server = f"{group}-srv"
    ok(admin.post(GROUPS, json=group_body(group, password_ref=ref)), 201)
    catalog_server(admin, group, server)
    declare(admin, who, group)
    return server


def test_a_file_inside_the_secrets_dir_and_a_repo_password_variable_reach_the_consumer(
    live: LifeboatServer, admin_api: httpx.Client, secret_files: Path, services: TestServices
) -> None:
    for group, ref, password in (
        ("pw-file", f"file:{secret_files}/eu.pass", FILE_PASSWORD),
        ("pw-link", f"file:{secret_files}/link-in", FILE_PASSWORD),  # a symlink inside is fine
        ("pw-env", "env:LIFEBOAT_REPO_PASSWORD_X", ENV_PASSWORD),
    ):
        with machines(live, group) as who:
            server = _world(admin_api, who, group, ref)
            issued = ok(ask_credentials(who, server), 200)
        assert issued["repository_password"] == password, group


def _store_ref_directly(live: LifeboatServer, group: str, ref: str) -> None:
    """What a row written before the rules looks like: straight into the database."""

    async def update() -> None:
        conn = await asyncpg.connect(live.database_url)
        try:
            await conn.execute(
                "update restore_backup_group set password_ref = $1 where name = $2", ref, group
            )
        finally:
            await conn.close()

    run_async(update)


def test_a_stored_ref_outside_the_rules_is_refused_when_credentials_are_issued(
    live: LifeboatServer, admin_api: httpx.Client, secret_files: Path, services: TestServices
) -> None:
    with machines(live, "pw-legacy") as who:
        _refused_when_issued(live, admin_api, who, secret_files, services)


def _refused_when_issued(
    live: LifeboatServer, admin_api: httpx.Client, who: Machines, secret_files: Path, services: TestServices
) -> None:
    server = _world(admin_api, who, "pw-legacy", f"file:{secret_files}/eu.pass")
    assert ok(ask_credentials(who, server), 200)["repository_password"] == FILE_PASSWORD

    for ref in (
        "file:/proc/self/environ",
        f"file:{secret_files}/link-out",
        f"file:{secret_files}/../x",
        "env:LIFEBOAT_S3_SECRET_ACCESS_KEY",
        "env:LIFEBOAT_DEV_ROOT_TOKEN",
    ):
        _store_ref_directly(live, "pw-legacy", ref)
        response = ask_credentials(who, server)
        problem = refused(response, 502)
        assert problem["type"] == "urn:lifeboat:error:repository-password-unavailable", (ref, problem)
        assert "repository_password" not in response.text
        _never_leaks(response, services)

    # A file swapped for a symlink out after the group was written is refused too.
    _store_ref_directly(live, "pw-legacy", f"file:{secret_files}/swapped")
    os.symlink(_ROOT / "x", secret_files / "swapped")
    response = ask_credentials(who, server)
    refused(response, 502)
    _never_leaks(response, services)


def test_a_secrets_dir_of_slash_confines_nothing_and_is_refused() -> None:
    with pytest.raises(SettingsError, match="LIFEBOAT_SECRETS_DIR"):
        load_settings(env={"LIFEBOAT_SECRETS_DIR": "/"})
    with pytest.raises(SettingsError, match="LIFEBOAT_SECRETS_DIR"):
        load_settings(env={"LIFEBOAT_SECRETS_DIR": "/etc/.."})
    assert load_settings(env={"LIFEBOAT_SECRETS_DIR": ""}).secrets_dir is None
