"""Restore runs: open for a worklist item (idempotent, external job with a timeline), report
status and counts, upload evidence (sha256, object store, cap 413, supersede), verification
closes the loop, and the run detail puts the decision block first."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar

from tests.conftest import make_settings
from tests.restore.conftest import (
    RUNS,
    Machine,
    add_group,
    add_server,
    declare,
    make_machine,
    ok,
    register,
    run_body,
)
from tests.services import TestServices

pytestmark = pytest.mark.integration

RESTORE_RUNS = "/api/v1/restore/runs"


@dataclass(frozen=True)
class World:
    """A group with a server, a declaration for the consumer and its registered capability."""

    group: str
    server: str
    declaration_id: str


async def make_world(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    consumer: Machine,
    *,
    group: str = "grp-a",
    server: str = "srv-1",
    new_group: bool = True,
) -> World:
    if new_group:
        await add_group(client, admin_headers, group)
    await add_server(client, admin_headers, server, group)
    # A run restores (and a verification proves) only a reported backup: report snap-1.
    agent = await make_machine("backup-agent", f"backup-agent-{server}")
    ok(await client.post(RUNS, json=run_body(server, "snap-1"), headers=agent.headers), 201)
    replica = await declare(client, admin_headers, consumer, group, server=server)
    await register(client, consumer, {"verify": ["postgres"]})
    return World(group=group, server=server, declaration_id=replica["id"])


def open_body(world: World, snapshot_id: str = "snap-1", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "declaration_id": world.declaration_id,
        "server": world.server,
        "backup_type": "postgres",
        "intent": "verify",
        "snapshot_id": snapshot_id,
    }
    body.update(overrides)
    return body


async def open_run(
    client: httpx.AsyncClient, consumer: Machine, world: World, *, key: str | None = None, **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        RESTORE_RUNS,
        json=open_body(world, **overrides),
        headers={**consumer.headers, "Idempotency-Key": key or f"k-{secrets.token_hex(6)}"},
    )
    body: dict[str, Any] = ok(response, 201)
    return body


async def patch_run(
    client: httpx.AsyncClient, consumer: Machine, run_id: str, expected: int = 200, **body: Any
) -> dict[str, Any]:
    response = await client.patch(f"{RESTORE_RUNS}/{run_id}", json=body, headers=consumer.headers)
    result: dict[str, Any] = ok(response, expected)
    return result


async def upload(
    client: httpx.AsyncClient, consumer: Machine, run_id: str, data: bytes, expected: int = 201
) -> dict[str, Any]:
    response = await client.post(
        f"{RESTORE_RUNS}/{run_id}/evidence",
        content=data,
        headers={**consumer.headers, "Content-Type": "application/json"},
    )
    result: dict[str, Any] = ok(response, expected)
    return result


async def verify(
    client: httpx.AsyncClient,
    consumer: Machine,
    run_id: str,
    outcome: str = "success",
    expected: int = 201,
    finished_at: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    # Times the server believes: from the run's opening (the same for a replay of the report).
    run = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=consumer.headers), 200)["run"]
    opened_at = datetime.fromisoformat(run["created_at"])
    body = {
        "outcome": outcome,
        "snapshot_id": "snap-1",
        "started_at": opened_at.isoformat(),
        "finished_at": finished_at or (opened_at + timedelta(seconds=1)).isoformat(),
        "details": {"tables_checked": 12},
        **extra,
    }
    response = await client.post(f"{RESTORE_RUNS}/{run_id}/verification", json=body, headers=consumer.headers)
    result: dict[str, Any] = ok(response, expected)
    return result


async def job_of(client: httpx.AsyncClient, admin_headers: dict[str, str], job_id: str) -> dict[str, Any]:
    body: dict[str, Any] = ok(await client.get(f"/api/v1/jobs/{job_id}", headers=admin_headers), 200)
    return body


async def job_events(client: httpx.AsyncClient, admin_headers: dict[str, str], job_id: str) -> list[str]:
    response = await client.get(f"/api/v1/jobs/{job_id}/events", headers=admin_headers)
    assert response.status_code == 200, response.text
    return [line.removeprefix("event: ") for line in response.text.splitlines() if line.startswith("event: ")]


async def test_opening_a_run_creates_an_external_job_and_replays_by_key(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    key = "open-run-1"

    first = await open_run(client, consumer, world, key=key)
    again = await client.post(
        RESTORE_RUNS, json=open_body(world), headers={**consumer.headers, "Idempotency-Key": key}
    )
    other = await client.post(
        RESTORE_RUNS,
        json=open_body(world, snapshot_id="snap-2"),
        headers={**consumer.headers, "Idempotency-Key": key},
    )

    assert list(first) == ["decision", "run", "job_id", "evidence", "verification"]
    assert first["run"]["status"] == "queued"
    assert first["run"]["consumer_id"] == consumer.id
    assert first["decision"]["state"] == "in_progress"
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["run"]["id"] == first["run"]["id"]
    assert other.status_code == 422
    job = await job_of(client, admin_headers, first["job_id"])
    assert job["job"]["kind"] == "restore.run"
    assert job["job"]["status"] == "running"
    assert [s["name"] for s in job["steps"]] == ["restore", "evidence", "verify"]
    assert all(s["status"] == "pending" for s in job["steps"])
    runs = ok(await client.get(RESTORE_RUNS, headers=admin_headers), 200)
    assert [r["id"] for r in runs["items"]] == [first["run"]["id"]]


async def test_a_run_must_match_a_worklist_item(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    await add_server(client, admin_headers, "srv-other", world.group)

    uncovered = await client.post(
        RESTORE_RUNS,
        json=open_body(world, server="srv-other"),
        headers={**consumer.headers, "Idempotency-Key": "k1"},
    )
    wrong_intent = await client.post(
        RESTORE_RUNS,
        json=open_body(world, intent="analytics"),
        headers={**consumer.headers, "Idempotency-Key": "k2"},
    )
    wrong_declaration = await client.post(
        RESTORE_RUNS,
        json=open_body(world, declaration_id="0190a000-0000-7000-8000-000000000000"),
        headers={**consumer.headers, "Idempotency-Key": "k3"},
    )
    no_key = await client.post(RESTORE_RUNS, json=open_body(world), headers=consumer.headers)
    typo = await client.post(
        RESTORE_RUNS,
        json={**open_body(world), "snapshot": "x"},
        headers={**consumer.headers, "Idempotency-Key": "k4"},
    )
    as_admin = await client.post(
        RESTORE_RUNS, json=open_body(world), headers={**admin_headers, "Idempotency-Key": "k5"}
    )

    assert uncovered.status_code == 403, uncovered.text
    assert uncovered.headers["content-type"].startswith("application/problem+json")
    assert wrong_intent.status_code == 403
    assert wrong_declaration.status_code == 422, wrong_declaration.text
    assert no_key.status_code == 400
    assert typo.status_code == 400
    assert as_admin.status_code == 403  # an admin is not a consumer
    runs = ok(await client.get(RESTORE_RUNS, headers=admin_headers), 200)
    assert runs["items"] == []


async def test_full_lifecycle_timeline_evidence_and_decision(
    app: Litestar,
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    world = await make_world(client, admin_headers, consumer)
    opened = await open_run(client, consumer, world)
    run_id, job_id = opened["run"]["id"], opened["job_id"]

    running = await patch_run(client, consumer, run_id, status="running", message="restoring snap-1")
    assert running["run"]["status"] == "running"
    counts = {"items_total": 10, "items_restored": 10, "bytes_restored": 4096, "duration_seconds": 12.5}
    done = await patch_run(client, consumer, run_id, status="succeeded", counts=counts)
    assert done["run"]["counts"]["items_total"] == 10
    assert done["run"]["counts"]["items_failed"] is None  # not reported: unknown, never 0
    # Reported finished but its job (verification pending) is still running: in progress for a
    # viewer of jobs; the consumer, who cannot read jobs, sees no execution proof.
    operator_view = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=viewer_headers), 200)
    assert operator_view["decision"]["state"] == "in_progress"
    assert operator_view["decision"]["primary_next_action"]["target_id"] == job_id
    assert done["decision"]["state"] == "completed_proof_incomplete"
    again = await patch_run(client, consumer, run_id, status="succeeded", counts=counts)
    assert again["run"]["updated_at"] == done["run"]["updated_at"]  # idempotent: no change
    back = await client.patch(
        f"{RESTORE_RUNS}/{run_id}", json={"status": "running"}, headers=consumer.headers
    )
    assert back.status_code == 409

    content = b'{"rows": 12345, "checksum": "abc"}'
    evidence = await upload(client, consumer, run_id, content)
    assert evidence["sha256"] == hashlib.sha256(content).hexdigest()
    assert evidence["state"] == "active"
    assert evidence["size_bytes"] == len(content)
    served = await client.get(evidence["content_url"], headers=viewer_headers)
    assert served.status_code == 200
    assert served.content == content
    assert served.headers["x-content-sha256"] == evidence["sha256"]
    stored = await app.state.store.get_bytes(f"evidence/{run_id}/{evidence['sha256']}")
    assert stored == content

    closed = await verify(client, consumer, run_id)
    assert closed["verification"]["outcome"] == "success"
    replay = await verify(client, consumer, run_id, expected=200)
    assert replay["verification"] == closed["verification"]
    different = await client.post(
        f"{RESTORE_RUNS}/{run_id}/verification",
        json={
            "outcome": "failure",
            "snapshot_id": "snap-1",
            "started_at": "2026-11-30T03:00:00Z",
            "finished_at": "2026-11-30T03:10:00Z",
        },
        headers=consumer.headers,
    )
    assert different.status_code == 409

    # The operator's view: decision first and complete with evidence (the viewer may read jobs).
    detail = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=viewer_headers), 200)
    assert list(detail) == ["decision", "run", "job_id", "evidence", "verification"]
    decision = detail["decision"]
    assert decision["state"] == "completed_with_evidence"
    assert decision["primary_next_action"] == {
        "id": "open_evidence",
        "label": "Open evidence",
        "target_id": evidence["id"],
    }
    assert decision["operation_proof"]["state"] == "available"
    assert decision["operation_proof"]["operation_id"] == job_id
    assert decision["result_summary"]["items_total"] == 10
    assert decision["result_summary"]["items_failed"] is None
    assert decision["result_summary"]["metadata_only"] is True
    assert "Recovery verified" not in decision["allowed_claims"]
    # The consumer cannot read jobs: for it the operation proof does not count.
    own = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=consumer.headers), 200)
    assert own["decision"]["state"] == "completed_proof_incomplete"
    assert own["decision"]["operation_proof"]["operation_id"] is None
    # Lists carry each run's decision for the caller, the same as the run's own page.
    for headers, block in ((viewer_headers, decision), (consumer.headers, own["decision"])):
        listed = ok(await client.get(RESTORE_RUNS, headers=headers), 200)["items"]
        item = next(i for i in listed if i["id"] == run_id)
        assert item["decision"] == {k: block[k] for k in ("state", "label", "reason")}

    job = await job_of(client, admin_headers, job_id)
    assert job["job"]["status"] == "succeeded"
    assert [(s["name"], s["status"]) for s in job["steps"]] == [
        ("restore", "succeeded"),
        ("evidence", "succeeded"),
        ("verify", "succeeded"),
    ]
    assert all(a["worker"] == "external" for s in job["steps"] for a in s["attempts"])
    events = await job_events(client, admin_headers, job_id)
    assert events[0] == "job.created"
    assert events[-1] == "job.succeeded"
    assert events.count("step.started") == 3
    assert events.count("step.succeeded") == 3
    assert "step.log" in events
    receipt = await client.get(f"/api/v1/jobs/{job_id}/receipt", headers=admin_headers)
    assert receipt.status_code == 200
    assert receipt.json()["effects_done"] == ["restore", "evidence", "verify"]
    # After the loop is closed the run takes no more evidence.
    late = await client.post(
        f"{RESTORE_RUNS}/{run_id}/evidence",
        content=b"late",
        headers={**consumer.headers, "Content-Type": "text/plain"},
    )
    assert late.status_code == 409


async def test_new_evidence_supersedes_the_active_one_and_same_bytes_replay(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    run_id = (await open_run(client, consumer, world))["run"]["id"]
    await patch_run(client, consumer, run_id, status="running")

    first = await upload(client, consumer, run_id, b"first report")
    replay = await upload(client, consumer, run_id, b"first report", expected=200)
    multipart = await client.post(
        f"{RESTORE_RUNS}/{run_id}/evidence",
        files={"file": ("report.txt", b"second report", "text/plain")},
        headers=consumer.headers,
    )
    second: dict[str, Any] = ok(multipart, 201)

    assert replay["id"] == first["id"]
    assert second["content_type"] == "text/plain"
    assert second["sha256"] == hashlib.sha256(b"second report").hexdigest()
    listed = ok(await client.get(f"{RESTORE_RUNS}/{run_id}/evidence", headers=admin_headers), 200)
    states = {e["id"]: e["state"] for e in listed}
    assert states == {first["id"]: "superseded", second["id"]: "active"}
    old = await client.get(first["content_url"], headers=admin_headers)
    assert old.status_code == 200
    assert old.content == b"first report"
    empty = await client.post(
        f"{RESTORE_RUNS}/{run_id}/evidence",
        content=b"",
        headers={**consumer.headers, "Content-Type": "text/plain"},
    )
    assert empty.status_code == 422  # well-formed, but nothing to keep


async def test_evidence_over_the_cap_is_413(services: TestServices, database_url: str) -> None:
    from lifeboat.app import create_app
    from tests.conftest import bearer_token, running_app

    app: Litestar = create_app(make_settings(services, database_url, restore_evidence_max_bytes=1024))
    async with running_app(app) as small:
        admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
        consumer = await make_machine("restore-consumer", "consumer-cap")
        world = await make_world(small, admin, consumer)
        run_id = (await open_run(small, consumer, world))["run"]["id"]

        too_big = await small.post(
            f"{RESTORE_RUNS}/{run_id}/evidence",
            content=b"x" * 1025,
            headers={**consumer.headers, "Content-Type": "application/octet-stream"},
        )
        multipart_big = await small.post(
            f"{RESTORE_RUNS}/{run_id}/evidence",
            files={"file": ("big.bin", b"y" * 1025, "application/octet-stream")},
            headers=consumer.headers,
        )
        at_cap = await small.post(
            f"{RESTORE_RUNS}/{run_id}/evidence",
            content=b"z" * 1024,
            headers={**consumer.headers, "Content-Type": "application/octet-stream"},
        )

        assert too_big.status_code == 413, too_big.text
        assert too_big.headers["content-type"].startswith("application/problem+json")
        assert too_big.json()["type"].endswith("payload-too-large")
        assert multipart_big.status_code == 413
        assert at_cap.status_code == 201, at_cap.text
        listed = ok(await small.get(f"{RESTORE_RUNS}/{run_id}/evidence", headers=admin), 200)
        assert [e["size_bytes"] for e in listed] == [1024]


async def test_a_failed_restore_fails_its_job_and_decision(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    opened = await open_run(client, consumer, world)
    run_id, job_id = opened["run"]["id"], opened["job_id"]

    failed = await patch_run(client, consumer, run_id, status="failed", message="snapshot unreadable")

    assert failed["run"]["status"] == "failed"
    assert failed["run"]["finished_at"] is not None
    detail = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=admin_headers), 200)
    assert detail["decision"]["state"] == "failed"
    assert detail["decision"]["allowed_claims"] == ["Execution failed"]
    job = await job_of(client, admin_headers, job_id)
    assert job["job"]["status"] == "failed"
    assert "snapshot unreadable" in job["job"]["error"]
    assert [(s["name"], s["status"]) for s in job["steps"]] == [
        ("restore", "failed"),
        ("evidence", "skipped"),
        ("verify", "skipped"),
    ]
    nul_details = await client.post(
        f"{RESTORE_RUNS}/{run_id}/verification",
        json={
            "outcome": "failure",
            "snapshot_id": "snap-1",
            "started_at": "2026-11-30T03:00:00Z",
            "finished_at": "2026-11-30T03:10:00Z",
            "details": {"log": "bad\u0000byte"},
        },
        headers=consumer.headers,
    )
    assert nul_details.status_code == 400
    # A verification may still be reported for a failed run (it feeds restore health).
    await verify(client, consumer, run_id, outcome="failure")


async def test_a_cancelled_run_and_bad_input(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    opened = await open_run(client, consumer, world)
    run_id = opened["run"]["id"]

    early = await client.post(
        f"{RESTORE_RUNS}/{run_id}/verification",
        json={
            "outcome": "success",
            "snapshot_id": "snap-1",
            "started_at": "2026-11-30T03:00:00Z",
            "finished_at": "2026-11-30T03:10:00Z",
        },
        headers=consumer.headers,
    )
    backwards = await client.post(
        f"{RESTORE_RUNS}/{run_id}/verification",
        json={
            "outcome": "success",
            "snapshot_id": "snap-1",
            "started_at": "2026-11-30T03:10:00Z",
            "finished_at": "2026-11-30T03:00:00Z",
        },
        headers=consumer.headers,
    )
    bad_status = await client.patch(
        f"{RESTORE_RUNS}/{run_id}", json={"status": "done"}, headers=consumer.headers
    )
    negative = await client.patch(
        f"{RESTORE_RUNS}/{run_id}", json={"counts": {"items_total": -1}}, headers=consumer.headers
    )
    nul_message = await client.patch(
        f"{RESTORE_RUNS}/{run_id}", json={"message": "a\u0000b"}, headers=consumer.headers
    )
    not_a_run = await client.get(f"{RESTORE_RUNS}/not-a-uuid", headers=admin_headers)
    cancelled = await patch_run(client, consumer, run_id, status="cancelled")

    assert early.status_code == 409
    assert backwards.status_code == 422  # well-formed, finished before it started
    assert bad_status.status_code == 400
    assert negative.status_code == 400
    assert nul_message.status_code == 400
    assert not_a_run.status_code == 404
    assert cancelled["decision"]["state"] == "blocked_or_cancelled"
    job = await job_of(client, admin_headers, opened["job_id"])
    assert job["job"]["status"] == "cancelled"
    assert {s["status"] for s in job["steps"]} == {"cancelled"}


async def test_workers_never_claim_an_external_kind(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, app: Litestar
) -> None:
    from lifeboat.jobs.worker import Worker

    registry = app.state.job_registry
    assert "restore.run" in registry.names()
    assert "restore.run" not in registry.claimable_names()
    assert "restore.freshness_sweep" in registry.claimable_names()
    # The create union does not know the kind: it is created by the runs API only.
    refused = await client.post(
        "/api/v1/jobs",
        json={"kind": "restore.run", "params": {}, "reason": "should not work"},
        headers={**admin_headers, "Idempotency-Key": "ext-1"},
    )
    assert refused.status_code == 400

    world = await make_world(client, admin_headers, consumer)
    opened = await open_run(client, consumer, world)
    worker = Worker(
        database_url=app.state.settings.database_url,
        registry=registry,
        store=app.state.store,
        scheduler=False,
    )
    assert await worker.claim_jobs(10) == []
    job = await job_of(client, admin_headers, opened["job_id"])
    assert job["job"]["status"] == "running"
    assert job["job"]["lease_epoch"] == 0


async def test_post_jobs_refuses_a_kind_registered_as_external_with_422(
    services: TestServices, database_url: str
) -> None:
    from lifeboat.app import create_app
    from lifeboat.jobs.definitions import registry_of
    from lifeboat.jobs.probe import SYSTEM_PROBE
    from tests.conftest import bearer_token, running_app

    # The probe kind registered as external: its create struct exists, so the engine's guard
    # (not the union) must refuse it.
    external_probe = dataclasses.replace(SYSTEM_PROBE, external=True)
    app = create_app(make_settings(services, database_url), job_registry=registry_of([external_probe]))
    async with running_app(app) as own:
        admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
        response = await own.post(
            "/api/v1/jobs",
            json={"kind": "system.probe", "params": {}, "reason": "external kinds are refused"},
            headers={**admin, "Idempotency-Key": "ext-2"},
        )
        assert response.status_code == 422, response.text
        assert "external" in response.json()["detail"]
        listed = ok(await own.get("/api/v1/jobs", headers=admin), 200)
        assert listed["items"] == []


async def test_an_operator_cancel_of_the_job_stops_the_run_at_its_next_report(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine
) -> None:
    world = await make_world(client, admin_headers, consumer)
    opened = await open_run(client, consumer, world)
    run_id, job_id = opened["run"]["id"], opened["job_id"]
    await patch_run(client, consumer, run_id, status="running")

    cancel = await client.post(
        f"/api/v1/jobs/{job_id}/cancel", json={"reason": "wrong snapshot"}, headers=admin_headers
    )
    assert cancel.status_code == 200, cancel.text
    assert cancel.json()["job"]["status"] == "cancelling"
    report = await client.patch(
        f"{RESTORE_RUNS}/{run_id}", json={"status": "succeeded"}, headers=consumer.headers
    )

    assert report.status_code == 409
    assert "cancelled by an operator" in report.json()["detail"]
    detail = ok(await client.get(f"{RESTORE_RUNS}/{run_id}", headers=admin_headers), 200)
    assert detail["run"]["status"] == "cancelled"
    assert detail["decision"]["state"] == "blocked_or_cancelled"
    job = await job_of(client, admin_headers, job_id)
    assert job["job"]["status"] == "cancelled"
