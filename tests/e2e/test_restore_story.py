"""Issue 5's story end to end: an operator declares a replica in the browser, the reference
restore agent (``lifeboat agent restore --once``, a subprocess built only on the generated client)
does the work, and the run's decision-first page says "Completed with evidence available".

The order is the one an operator follows when a new restore agent is deployed:

1. Set up through the API (an admin's script and a backup agent): a group whose repository is a
   prefix of a real bucket (a ``config`` object and a pack in it, another group's object beside
   it) and whose ``password_ref`` is a 0600 ``file:`` the server reads, one live server, a backup
   reported by a backup-agent token, and a restore-consumer token handed to the agent.
2. The agent is started with that token. Its first cycle registers its capabilities
   (verify x files) and finds an empty worklist: nothing is declared for it yet.
3. In the browser the admin now sees the consumer as registered, declares a group-wide
   files/verify replica for it through the declare dialog with a reason, and the dialog and the
   row show no gap (the consumer supports what was declared).
4. The agent's next cycle gets the item, opens a run, gets short-lived STS credentials, proves
   them against the repository and reports counts, evidence and the verification; it exits 0.
5. In the browser: Restore -> Runs -> the run. The first screen (no scrolling) says "Completed
   with evidence available" and the evidence row shows the sha256 of the report the agent kept.

The shared e2e server has no STS broker, so this module runs a dedicated ``lifeboat serve``
configured like the agent integration test (tests/agents/test_restore_agent.py), and opens
its browser contexts on that server.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from playwright.sync_api import BrowserContext, Page, expect

from tests.live_server import (
    ROOT,
    LifeboatServer,
    LiveServerError,
    lifeboat_command,
    live_lifeboat,
    sts_env,
)
from tests.services import TestServices

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, ARTIFACTS, SPA_DIR, login_as_admin, screenshot
from .pages import RestorePage, RestoreRunsPage, Shell, path_pattern

pytestmark = pytest.mark.e2e

SERVER = "story-pg-1"
SNAPSHOT = "snap-story-1"
CONFIG_BYTES = b"restic repository config: " + b"s" * 160
AGENT_TIMEOUT_S = 120
DECLARE_REASON = "e2e story: CHG-505 keep a verified restore of the group"


@dataclass(frozen=True)
class Repository:
    bucket: str
    group: str
    prefix: str
    password: str
    password_file: Path


@dataclass(frozen=True)
class StoryWorld:
    server: LifeboatServer
    repository: Repository
    admin: dict[str, str]  # bearer headers of an admin API token (the operator's script)
    consumer_id: str
    consumer_name: str
    consumer_secret: str


def _ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code}: {response.text}"
    return response.json() if response.content else None


def _s3(services: TestServices) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=services.s3_endpoint_url,
        region_name=services.s3_region,
        aws_access_key_id=services.s3_access_key_id,
        aws_secret_access_key=services.s3_secret_access_key,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


@pytest.fixture(scope="module")
def story_repository(
    services: TestServices, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Repository]:
    """A bucket holding the group's repository prefix (config + one pack) and another group's object."""
    s3 = _s3(services)
    group = f"e2e-story-{secrets.token_hex(3)}"
    password_file = Path(tmp_path_factory.mktemp("story-repo")) / "password"
    repo = Repository(
        bucket=f"lb-story-{secrets.token_hex(4)}",
        group=group,
        prefix=f"repos/{group}",
        password="story-pw-" + secrets.token_urlsafe(18),
        password_file=password_file,
    )
    password_file.write_text(repo.password + "\n")
    password_file.chmod(0o600)
    s3.create_bucket(Bucket=repo.bucket)
    s3.put_object(Bucket=repo.bucket, Key=f"{repo.prefix}/config", Body=CONFIG_BYTES)
    s3.put_object(Bucket=repo.bucket, Key=f"{repo.prefix}/data/00/pack-1", Body=b"p" * 2048)
    s3.put_object(Bucket=repo.bucket, Key="repos/someone-else/config", Body=b"not this group's")
    try:
        yield repo
    finally:
        for item in s3.list_objects_v2(Bucket=repo.bucket).get("Contents", []):
            s3.delete_object(Bucket=repo.bucket, Key=item["Key"])
        with contextlib.suppress(ClientError):
            s3.delete_bucket(Bucket=repo.bucket)


@pytest.fixture(scope="module")
def story_server(
    e2e_prerequisites: None, services: TestServices, story_repository: Repository
) -> Iterator[LifeboatServer]:
    """A ``lifeboat serve`` with the SPA and the STS credential broker, on a database of its own."""
    try:
        with live_lifeboat(
            services,
            environment="e2e-story",
            log_path=ARTIFACTS / "story-server.log",
            spa_dir=SPA_DIR,
            admin_username=ADMIN_USERNAME,
            admin_password=ADMIN_PASSWORD,
            # file: password refs are read only inside the server's secrets directory.
            extra_env={
                **sts_env(services),
                "LIFEBOAT_SECRETS_DIR": str(story_repository.password_file.parent),
            },
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def story_world(
    story_server: LifeboatServer, story_repository: Repository, services: TestServices
) -> StoryWorld:
    """The catalog, a reported backup and the agent's restore-consumer token; nothing declared."""
    suffix = secrets.token_hex(3)
    with httpx.Client(base_url=story_server.base_url, timeout=30.0) as client:
        login = _ok(
            client.post(
                "/api/v1/auth/login",
                json={"username": story_server.admin_username, "password": story_server.admin_password},
            ),
            200,
        )
        session = {"x-csrf-token": login["csrf_token"]}

        def token(headers: dict[str, str], name: str, role: str) -> dict[str, Any]:
            body = {"name": name, "role": role, "environment": "*", "reason": f"e2e story: {role} token"}
            created: dict[str, Any] = _ok(client.post("/api/v1/tokens", json=body, headers=headers), 201)
            return created

        admin = {"Authorization": f"Bearer {token(session, f'story-admin-{suffix}', 'admin')['secret']}"}
        backup = {
            "Authorization": f"Bearer {token(admin, f'story-backup-{suffix}', 'backup-agent')['secret']}"
        }
        consumer_name = f"story-restore-agent-{suffix}"
        consumer = token(admin, consumer_name, "restore-consumer")

        reason = "e2e story: catalog"
        _ok(
            client.post(
                "/api/v1/backups/groups",
                json={
                    "name": story_repository.group,
                    "bucket": story_repository.bucket,
                    "prefix": story_repository.prefix,
                    "region": services.s3_region,
                    "endpoint": services.s3_endpoint_url,
                    "password_ref": f"file:{story_repository.password_file}",
                    "reason": reason,
                },
                headers=admin,
            ),
            201,
        )
        _ok(
            client.post(
                "/api/v1/backups/servers",
                json={"name": SERVER, "group": story_repository.group, "live": True, "reason": reason},
                headers=admin,
            ),
            201,
        )
        _ok(
            client.post(
                "/api/v1/backups/runs",
                json={
                    "server": SERVER,
                    "backup_type": "files",
                    "snapshot_id": SNAPSHOT,
                    "status": "succeeded",
                    "started_at": "2026-11-29T01:00:00Z",
                    "finished_at": "2026-11-29T01:05:00Z",
                    "size_bytes": 2048,
                },
                headers=backup,
            ),
            201,
        )
    return StoryWorld(
        server=story_server,
        repository=story_repository,
        admin=admin,
        consumer_id=f"token:{consumer['token']['id']}",
        consumer_name=consumer_name,
        consumer_secret=consumer["secret"],
    )


def run_agent_once(world: StoryWorld, evidence_dir: Path) -> dict[str, Any]:
    """``lifeboat agent restore --once`` with the consumer's token (in the environment, never on
    the command line); asserts it exited 0 and printed no secret; returns its cycle report."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env["LIFEBOAT_AGENT_TOKEN"] = world.consumer_secret
    done = subprocess.run(
        [
            *lifeboat_command(),
            "agent",
            "restore",
            "--once",
            "--url",
            world.server.base_url,
            "--intents",
            "verify",
            "--backup-types",
            "files",
            "--evidence-dir",
            str(evidence_dir),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=AGENT_TIMEOUT_S,
        check=False,
    )
    printed = done.stdout + done.stderr
    assert done.returncode == 0, printed
    assert world.consumer_secret not in printed
    assert world.repository.password not in printed
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.fixture
def story_page(new_context: Callable[..., BrowserContext], story_server: LifeboatServer) -> Page:
    """A page on the story's server, signed in as the admin (the shared fixtures' failure
    screenshots and page-error check apply to it)."""
    page = new_context(base_url=story_server.base_url).new_page()
    login_as_admin(page)
    return page


def test_declare_in_the_ui_then_the_reference_agent_completes_a_run_with_evidence(
    story_page: Page, story_world: StoryWorld, tmp_path: Path
) -> None:
    page = story_page
    world = story_world
    evidence_dir = tmp_path / "evidence"

    # 2. The agent is deployed: it registers what it can do; nothing is declared for it yet.
    first = run_agent_once(world, evidence_dir)
    assert first["items"] == [], first

    # 3. The operator declares a group-wide files/verify replica for it in the browser.
    Shell(page).go("restore")
    expect(page).to_have_url(path_pattern("/restore/replicas"))
    restore = RestorePage(page)
    restore.wait_until_shown()
    submit = restore.open_declare()
    consumer_option = restore.testid("declare-consumer").locator(f'option[value="{world.consumer_id}"]')
    expect(consumer_option).to_have_text(world.consumer_name)  # registered: no "(has not registered…)"
    submit = restore.fill_declare(
        consumer_id=world.consumer_id,
        group=world.repository.group,
        server=None,
        backup_type="files",
        intent="verify",
        notes="issue 5: the reference agent proves the repository is readable",
        reason=DECLARE_REASON,
    )
    expect(restore.intent_option("verify")).to_have_text("Verify")
    expect(restore.testid("declare-gap-warning")).to_have_count(0)
    expect(submit).to_be_enabled()
    submit.click()
    expect(submit).to_be_hidden()

    row = restore.replica_for(server=None, intent="verify").filter(
        has=page.get_by_test_id("replica-group").filter(has_text=world.repository.group)
    )
    expect(row).to_have_count(1)
    expect(row).to_have_attribute("data-gap", "false")
    expect(row).to_have_attribute("data-enabled", "true")
    expect(row.get_by_test_id("replica-consumer")).to_have_text(world.consumer_name)
    replica_id = row.get_attribute("data-replica-id")
    assert replica_id

    with httpx.Client(base_url=world.server.base_url, timeout=30.0, headers=world.admin) as api:
        stored = _ok(api.get(f"/api/v1/restore/replicas/{replica_id}"), 200)
        assert (stored["consumer_id"], stored["server"], stored["backup_type"], stored["gap"]) == (
            world.consumer_id,
            None,
            "files",
            None,
        )
        audited = _ok(api.get("/api/v1/audit", params={"action": "restore.replica.declare"}), 200)
        assert [(a["target"], a["reason"], a["outcome"]) for a in audited["items"]] == [
            (f"replica:{replica_id}", DECLARE_REASON, "success")
        ]

    # 4. The agent's next cycle does the work and reports it.
    second = run_agent_once(world, evidence_dir)
    assert [(i["server"], i["snapshot_id"], i["result"]) for i in second["items"]] == [
        (SERVER, SNAPSHOT, "succeeded")
    ], second
    run_id = second["items"][0]["run_id"]
    kept = (evidence_dir / f"{run_id}.json").read_bytes()
    sha256 = hashlib.sha256(kept).hexdigest()
    assert second["items"][0]["evidence_sha256"] == sha256
    assert json.loads(kept)["outcome"] == "success"

    # 5. Restore -> Runs -> the run: the decision is on the first screen, with the evidence hash.
    Shell(page).go("restore")
    restore.wait_until_shown()
    restore.tab("runs").click()
    expect(page).to_have_url(path_pattern("/restore/runs"))
    runs = RestoreRunsPage(page)
    runs.testid("runs-filter-group").select_option(world.repository.group)
    expect(page.get_by_test_id("run-row")).to_have_count(1)
    run_row = runs.run_row(run_id)
    expect(run_row).to_have_attribute("data-status", "succeeded")
    expect(run_row).to_have_attribute("data-server", SERVER)
    expect(run_row.get_by_test_id("run-decision-chip")).to_have_text("Completed with evidence available")
    run_row.get_by_test_id("run-link").click()
    runs.wait_for_run(run_id)
    expect(page).to_have_url(path_pattern(f"/restore/runs/{run_id}"))

    expect(runs.decision).to_have_attribute("data-state", "completed_with_evidence")
    expect(runs.decision_label).to_have_text("Completed with evidence available")
    expect(runs.decision_label).to_be_in_viewport()
    runs.expect_on_first_screen(runs.decision_label)
    runs.expect_on_first_screen(runs.testid("decision-reason"))
    expect(runs.testid("decision-evidence")).to_have_attribute("data-state", "available")
    expect(runs.decision).not_to_contain_text(re.compile("recovery verified", re.IGNORECASE))

    evidence = page.get_by_test_id("evidence-row")
    expect(evidence).to_have_count(1)
    expect(evidence).to_have_attribute("data-state", "active")
    shown_hash = evidence.get_by_test_id("evidence-sha256").locator("code")
    expect(shown_hash).to_be_visible()
    expect(shown_hash).to_have_attribute("title", sha256)
    expect(shown_hash).to_have_text(sha256[:16] + "…")
    expect(runs.testid("run-verification")).to_have_attribute("data-outcome", "success")
    screenshot(page, "restore-story-run.png")

    # The evidence the page saves (fetch + Blob, never a link) is the report the agent kept,
    # byte for byte.
    evidence_id = evidence.get_attribute("data-evidence-id")
    assert evidence_id
    assert runs.download_evidence(evidence_id) == kept
