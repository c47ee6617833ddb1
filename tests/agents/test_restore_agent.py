"""The reference restore agent (``lifeboat agent restore --once``, a subprocess built only on the
generated client) against a live ``lifeboat serve`` with a real S3 repository and STS broker.

Set up through the API (an admin's token): a group whose repository is a prefix of a real
bucket (a ``config`` object and a pack inside it, an object of another group beside it), two
live servers (one with a reported backup, one without), a restore-consumer token and a
group-wide files/verify declaration for it. Then the agent runs once and everything is checked
through the API: capabilities registered, one succeeded run per item with a snapshot, active
evidence whose sha256 is that of the report the agent wrote, verification success, the run's
decision ``completed_with_evidence`` for a viewer who may read jobs. A second run opens no
second run and asks for no credentials; a new snapshot gets a run of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import signal
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.live_server import (
    ROOT,
    LifeboatServer,
    LiveServerError,
    lifeboat_command,
    live_lifeboat,
    sts_env,
)
from tests.services import TestServices

pytestmark = pytest.mark.integration

CONFIG_BYTES = b"restic repository config: " + b"x" * 200
AGENT_TIMEOUT_S = 120


@dataclass(frozen=True)
class Repository:
    bucket: str
    group: str
    prefix: str
    password: str
    password_file: Path


@dataclass
class World:
    server: LifeboatServer
    repository: Repository
    admin: dict[str, str]
    viewer: dict[str, str]
    backup_agent: dict[str, str]
    consumer_id: str
    consumer_secret: str
    declaration_id: str


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
def repository(services: TestServices, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repository]:
    """A bucket with the group's repository prefix (config + one pack) and another group's object."""
    s3 = _s3(services)
    group = f"grp-{secrets.token_hex(3)}"
    repo = Repository(
        bucket=f"lb-agent-{secrets.token_hex(4)}",
        group=group,
        prefix=f"repos/{group}",
        password="repo-pw-" + secrets.token_urlsafe(18),
        # The server reads file: password refs only inside its LIFEBOAT_SECRETS_DIR.
        password_file=Path(tmp_path_factory.mktemp("repo-secrets")) / "password",
    )
    repo.password_file.write_text(repo.password + "\n")
    s3.create_bucket(Bucket=repo.bucket)
    s3.put_object(Bucket=repo.bucket, Key=f"{repo.prefix}/config", Body=CONFIG_BYTES)
    s3.put_object(Bucket=repo.bucket, Key=f"{repo.prefix}/data/00/pack-1", Body=b"p" * 4096)
    s3.put_object(Bucket=repo.bucket, Key="repos/other-group/config", Body=b"not yours")
    try:
        yield repo
    finally:
        for item in s3.list_objects_v2(Bucket=repo.bucket).get("Contents", []):
            s3.delete_object(Bucket=repo.bucket, Key=item["Key"])
        with contextlib.suppress(ClientError):
            s3.delete_bucket(Bucket=repo.bucket)


@pytest.fixture(scope="module")
def agent_server(
    services: TestServices, repository: Repository, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LifeboatServer]:
    log_path = Path(tmp_path_factory.mktemp("agent")) / "server.log"
    try:
        with live_lifeboat(
            services,
            environment="agent",
            log_path=log_path,
            extra_env={**sts_env(services), "LIFEBOAT_SECRETS_DIR": str(repository.password_file.parent)},
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


def ok(response: httpx.Response, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), f"{response.status_code} {response.text}"
    return response.json() if response.content else None


def _token(client: httpx.Client, headers: dict[str, str], name: str, role: str) -> dict[str, Any]:
    body = {"name": name, "role": role, "reason": "restore agent test"}
    created: dict[str, Any] = ok(client.post("/api/v1/tokens", json=body, headers=headers), 201)
    return created


def _report_backup(client: httpx.Client, world: World, server: str, snapshot_id: str, finished: str) -> None:
    body = {
        "server": server,
        "backup_type": "files",
        "snapshot_id": snapshot_id,
        "status": "succeeded",
        "started_at": "2026-11-29T01:00:00Z",
        "finished_at": finished,
        "size_bytes": 4096,
    }
    ok(client.post("/api/v1/backups/runs", json=body, headers=world.backup_agent), 201)


@pytest.fixture(scope="module")
def world(agent_server: LifeboatServer, repository: Repository, services: TestServices) -> World:
    with httpx.Client(base_url=agent_server.base_url, timeout=30) as client:
        login = ok(
            client.post(
                "/api/v1/auth/login",
                json={"username": agent_server.admin_username, "password": agent_server.admin_password},
            ),
            200,
        )
        admin_token = _token(client, {"x-csrf-token": login["csrf_token"]}, "admin", "admin")
        admin = {"Authorization": f"Bearer {admin_token['secret']}"}
        viewer = {"Authorization": f"Bearer {_token(client, admin, 'viewer', 'viewer')['secret']}"}
        backup = {"Authorization": f"Bearer {_token(client, admin, 'backup', 'backup-agent')['secret']}"}
        consumer = _token(client, admin, "reference-agent", "restore-consumer")
        ok(
            client.post(
                "/api/v1/backups/groups",
                json={
                    "name": repository.group,
                    "bucket": repository.bucket,
                    "prefix": repository.prefix,
                    "region": services.s3_region,
                    "endpoint": services.s3_endpoint_url,
                    "password_ref": f"file:{repository.password_file}",
                    "reason": "catalog the group",
                },
                headers=admin,
            ),
            201,
        )
        for name in ("srv-a", "srv-b"):
            body = {"name": name, "group": repository.group, "live": True, "reason": "catalog the server"}
            ok(client.post("/api/v1/backups/servers", json=body, headers=admin), 201)
        declared = ok(
            client.post(
                "/api/v1/restore/replicas",
                json={
                    "consumer_id": f"token:{consumer['token']['id']}",
                    "group": repository.group,
                    "server": None,
                    "backup_type": "files",
                    "intent": "verify",
                    "reason": "keep a verified restore",
                },
                headers=admin,
            ),
            201,
        )
        made = World(
            server=agent_server,
            repository=repository,
            admin=admin,
            viewer=viewer,
            backup_agent=backup,
            consumer_id=f"token:{consumer['token']['id']}",
            consumer_secret=consumer["secret"],
            declaration_id=declared["id"],
        )
        _report_backup(client, made, "srv-a", "snap-a-1", "2026-11-29T01:05:00Z")
        return made


def run_agent(
    world: World, evidence_dir: Path, *, secret: str | None = None, returncode: int = 0
) -> tuple[dict[str, Any], str]:
    """``lifeboat agent restore --once``; returns its cycle report and everything it printed."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env["LIFEBOAT_AGENT_TOKEN"] = secret or world.consumer_secret
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
    assert done.returncode == returncode, printed
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report, printed


def runs_of(client: httpx.Client, world: World) -> list[dict[str, Any]]:
    page = ok(
        client.get("/api/v1/restore/runs", params={"group": world.repository.group}, headers=world.admin)
    )
    items: list[dict[str, Any]] = page["items"]
    return items


def credential_issues(client: httpx.Client, world: World) -> int:
    page = ok(
        client.get("/api/v1/audit", params={"action": "restore.credentials.issued"}, headers=world.admin), 200
    )
    return len(page["items"])


def test_the_reference_agent_restores_reports_and_does_not_repeat_itself(
    world: World, tmp_path: Path
) -> None:
    evidence_dir = tmp_path / "evidence"
    with httpx.Client(base_url=world.server.base_url, timeout=30) as client:
        report, printed = run_agent(world, evidence_dir)

        # Logs and output carry no secret: not the token, not the repository password.
        assert world.consumer_secret not in printed
        assert world.repository.password not in printed

        # One item per live server: srv-a restored, srv-b has no snapshot yet (nothing opened).
        results = {(item["server"], item["result"]) for item in report["items"]}
        assert results == {("srv-a", "succeeded"), ("srv-b", "no-snapshot")}, report

        # Capabilities registered with the agent's version.
        consumers = ok(client.get("/api/v1/restore/consumers", headers=world.admin), 200)["items"]
        me = next(c for c in consumers if c["id"] == world.consumer_id)
        assert me["registered"] is True
        assert me["agent_version"].startswith("lifeboat-reference-restore-agent/")
        assert [(c["intent"], c["backup_types"]) for c in me["capabilities"]] == [("verify", ["files"])]

        runs = runs_of(client, world)
        assert [(r["server"], r["snapshot_id"], r["status"]) for r in runs] == [
            ("srv-a", "snap-a-1", "succeeded")
        ]
        run = runs[0]
        assert run["consumer_id"] == world.consumer_id
        assert run["declaration_id"] == world.declaration_id
        # it listed the two objects under the prefix and read one (never the other group's)
        assert run["counts"]["items_total"] == 2
        assert run["counts"]["items_restored"] == 1

        # Evidence: active, its sha256 is that of the report the agent kept, content served back.
        written = (evidence_dir / f"{run['id']}.json").read_bytes()
        detail = ok(client.get(f"/api/v1/restore/runs/{run['id']}", headers=world.viewer), 200)
        assert [(e["state"], e["sha256"]) for e in detail["evidence"]] == [
            ("active", hashlib.sha256(written).hexdigest())
        ]
        assert detail["evidence"][0]["content_type"] == "application/json"
        content = client.get(detail["evidence"][0]["content_url"], headers=world.viewer)
        assert content.status_code == 200
        assert content.content == written
        evidence = json.loads(written)
        assert evidence["outcome"] == "success"
        assert evidence["checks"]["list_prefix"]["objects"] == 2
        assert evidence["checks"]["read_object"]["key"] == f"{world.repository.prefix}/config"
        assert evidence["checks"]["read_object"]["sha256"] == hashlib.sha256(CONFIG_BYTES).hexdigest()
        assert evidence["checks"]["outside_prefix_refused"] == {"ok": True, "error_code": "AccessDenied"}
        assert world.repository.password not in written.decode()

        # Verification success; the decision for a viewer who may read jobs is the proven one.
        assert detail["verification"]["outcome"] == "success"
        assert detail["verification"]["snapshot_id"] == "snap-a-1"
        assert detail["decision"]["state"] == "completed_with_evidence", detail["decision"]
        job = ok(client.get(f"/api/v1/jobs/{detail['job_id']}", headers=world.viewer), 200)
        assert job["job"]["status"] == "succeeded"
        assert {step["name"]: step["status"] for step in job["steps"]} == {
            "restore": "succeeded",
            "evidence": "succeeded",
            "verify": "succeeded",
        }
        issued = credential_issues(client, world)
        assert issued == 1

        # A second run (a fresh process, no ETag): the same snapshot is not restored again.
        again, _ = run_agent(world, evidence_dir)
        assert {(i["server"], i["result"]) for i in again["items"]} == {
            ("srv-a", "already-done"),
            ("srv-b", "no-snapshot"),
        }
        assert [r["id"] for r in runs_of(client, world)] == [run["id"]]
        assert credential_issues(client, world) == issued

        # A new snapshot of srv-b gets a run of its own; srv-a's stays the one run.
        _report_backup(client, world, "srv-b", "snap-b-1", "2026-11-29T02:05:00Z")
        third, _ = run_agent(world, evidence_dir)
        assert {(i["server"], i["result"]) for i in third["items"]} == {
            ("srv-a", "already-done"),
            ("srv-b", "succeeded"),
        }
        after = runs_of(client, world)
        assert sorted((r["server"], r["snapshot_id"], r["status"]) for r in after) == [
            ("srv-a", "snap-a-1", "succeeded"),
            ("srv-b", "snap-b-1", "succeeded"),
        ]


def _worklist_answers(log_path: Path, principal_id: str) -> list[int]:
    """The statuses of the server's worklist answers to ``principal_id`` (from its JSON log)."""
    statuses = []
    for line in log_path.read_text(errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            event = json.loads(line)
            if (
                isinstance(event, dict)
                and event.get("event") == "http_request"
                and event.get("route") == "/api/v1/restore/worklist"
                and event.get("principal_id") == principal_id
            ):
                statuses.append(int(event["status"]))
    return statuses


def test_the_looping_agent_polls_with_etag_and_stops_on_sigterm(world: World, tmp_path: Path) -> None:
    """``--interval``: after the first cycle the worklist answers 304 and nothing is opened again;
    SIGTERM ends the loop cleanly."""
    before = len(_worklist_answers(world.server.log_path, world.consumer_id))
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env["LIFEBOAT_AGENT_TOKEN"] = world.consumer_secret
    command = [*lifeboat_command(), "agent", "restore", "--url", world.server.base_url, "--interval", "1"]
    command += ["--intents", "verify", "--backup-types", "files", "--evidence-dir", str(tmp_path)]
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        answers: list[int] = []
        while time.monotonic() < deadline and answers.count(304) < 2:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            time.sleep(0.3)
            answers = _worklist_answers(world.server.log_path, world.consumer_id)[before:]
        assert answers.count(304) >= 2, answers
        assert answers[0] in (200, 304)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output.decode(errors="replace")
    assert world.consumer_secret.encode() not in output
    with httpx.Client(base_url=world.server.base_url, timeout=30) as client:
        runs = runs_of(client, world)
    snapshots = [(r["server"], r["snapshot_id"]) for r in runs]
    assert len(snapshots) == len(set(snapshots)), snapshots


def test_a_repository_the_credentials_cannot_read_is_a_failed_verification(
    world: World, services: TestServices, tmp_path: Path
) -> None:
    """A group whose bucket does not exist: the probe fails, the agent still reports everything
    (evidence first, then the run failed, then a failure verification) and exits 1."""
    group = f"grp-{secrets.token_hex(3)}"
    with httpx.Client(base_url=world.server.base_url, timeout=30) as client:
        consumer = _token(client, world.admin, "broken-repo-agent", "restore-consumer")
        body = {
            "name": group,
            "bucket": f"lb-missing-{secrets.token_hex(4)}",
            "prefix": f"repos/{group}",
            "region": services.s3_region,
            "endpoint": services.s3_endpoint_url,
            "password_ref": f"file:{world.repository.password_file}",
            "reason": "catalog the group",
        }
        ok(client.post("/api/v1/backups/groups", json=body, headers=world.admin), 201)
        server = {"name": "srv-broken", "group": group, "live": True, "reason": "catalog the server"}
        ok(client.post("/api/v1/backups/servers", json=server, headers=world.admin), 201)
        declaration = {
            "consumer_id": f"token:{consumer['token']['id']}",
            "group": group,
            "server": None,
            "backup_type": "files",
            "intent": "verify",
            "reason": "keep a verified restore",
        }
        ok(client.post("/api/v1/restore/replicas", json=declaration, headers=world.admin), 201)
        _report_backup(client, world, "srv-broken", "snap-broken-1", "2026-11-29T03:05:00Z")

        report, _ = run_agent(world, tmp_path, secret=consumer["secret"], returncode=1)
        assert [(i["server"], i["result"]) for i in report["items"]] == [("srv-broken", "failed")]

        page = ok(client.get("/api/v1/restore/runs", params={"group": group}, headers=world.admin), 200)
        assert [(r["server"], r["status"]) for r in page["items"]] == [("srv-broken", "failed")]
        run_id = page["items"][0]["id"]
        detail = ok(client.get(f"/api/v1/restore/runs/{run_id}", headers=world.viewer), 200)
        assert detail["verification"]["outcome"] == "failure"
        assert detail["decision"]["state"] == "failed"
        assert [e["state"] for e in detail["evidence"]] == ["active"]
        evidence = json.loads((tmp_path / f"{run_id}.json").read_bytes())
        assert evidence["outcome"] == "failure"
        assert "list_prefix" in evidence["failed_checks"]
        assert evidence["checks"]["list_prefix"]["ok"] is False


# --- lifeboat dev: demo runs in the decision states an agent cycle does not produce ---------------


async def test_dev_demo_runs_cover_the_other_decision_states_once(
    services: TestServices, database_url: str, tmp_path: Path
) -> None:
    from lifeboat.app import create_app
    from lifeboat.dev.seed_restore import _seed_demo_repositories, seed_demo_restore, seed_demo_restore_runs
    from tests.conftest import bearer_token, make_settings, running_app

    settings = make_settings(services, database_url, dev_dir=str(tmp_path))
    app = create_app(settings)
    async with running_app(app) as client:
        await seed_demo_restore(settings)
        await _seed_demo_repositories(settings, app.state.store)
        assert await seed_demo_restore_runs(app, settings) == 4
        assert await seed_demo_restore_runs(app, settings) == 0  # a restart opens nothing new
        assert await app.state.store.get_bytes("restore/eu-postgres/config") is not None

        admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
        runs = (await client.get("/api/v1/restore/runs", headers=admin)).json()["items"]
        states = {}
        for run in runs:
            detail = (await client.get(f"/api/v1/restore/runs/{run['id']}", headers=admin)).json()
            states[(run["server"], run["intent"], run["status"])] = (
                detail["decision"]["state"],
                [e["state"] for e in detail["evidence"]],
                detail["verification"]["outcome"] if detail["verification"] else None,
            )
        assert states == {
            ("pg-eu-2", "verify", "succeeded"): ("failed", ["active"], "failure"),
            ("pg-eu-1", "analytics", "running"): ("in_progress", [], None),
            ("pg-eu-1", "verify", "succeeded"): ("completed_proof_incomplete", [], "success"),
            ("pg-eu-2", "verify", "cancelled"): ("blocked_or_cancelled", [], None),
        }
