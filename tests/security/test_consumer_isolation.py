"""Two consumers: each reads and writes only its own runs and evidence. Another consumer's run
is a 404 on every consumer endpoint (its existence and data never leak); lists never hold it."""

from __future__ import annotations

import hashlib

import httpx
import pytest

from tests.restore.conftest import Machine, ok
from tests.restore.runs.test_runs import RESTORE_RUNS, make_world, open_body, open_run, patch_run, upload

pytestmark = pytest.mark.integration


async def test_consumers_never_see_or_touch_each_others_runs(
    client: httpx.AsyncClient, admin_headers: dict[str, str], consumer: Machine, consumer_b: Machine
) -> None:
    world_a = await make_world(client, admin_headers, consumer, group="grp-a", server="srv-a")
    world_b = await make_world(client, admin_headers, consumer_b, group="grp-b", server="srv-b")
    run_a = await open_run(client, consumer, world_a)
    run_b = await open_run(client, consumer_b, world_b)
    a_id, b_id = run_a["run"]["id"], run_b["run"]["id"]
    await patch_run(client, consumer, a_id, status="running", message="secret-progress-of-a")
    evidence_a = await upload(client, consumer, a_id, b"evidence of consumer a")
    evidence_url = evidence_a["content_url"]
    b = consumer_b.headers
    verification = {
        "outcome": "success",
        "snapshot_id": "snap-1",
        "started_at": "2026-11-30T03:00:00Z",
        "finished_at": "2026-11-30T03:10:00Z",
    }

    responses = {
        "get run": await client.get(f"{RESTORE_RUNS}/{a_id}", headers=b),
        "patch run": await client.patch(f"{RESTORE_RUNS}/{a_id}", json={"status": "failed"}, headers=b),
        "patch counts": await client.patch(
            f"{RESTORE_RUNS}/{a_id}", json={"counts": {"items_total": 1}}, headers=b
        ),
        "upload evidence": await client.post(
            f"{RESTORE_RUNS}/{a_id}/evidence", content=b"forged", headers={**b, "Content-Type": "text/plain"}
        ),
        "list evidence": await client.get(f"{RESTORE_RUNS}/{a_id}/evidence", headers=b),
        "evidence content": await client.get(evidence_url, headers=b),
        "verification": await client.post(
            f"{RESTORE_RUNS}/{a_id}/verification", json=verification, headers=b
        ),
    }
    for name, response in responses.items():
        assert response.status_code == 404, f"{name}: {response.status_code} {response.text}"
        assert response.headers["content-type"].startswith("application/problem+json"), name
        assert "secret-progress-of-a" not in response.text, name
        assert "srv-a" not in response.text, name
        assert consumer.id not in response.text, name

    # Opening a run on A's worklist item with B's token: nothing of B's covers it.
    stolen = await client.post(
        RESTORE_RUNS, json=open_body(world_a), headers={**b, "Idempotency-Key": "steal-1"}
    )
    assert stolen.status_code == 403, stolen.text
    # B's declaration for A's server is not a worklist item either (422 would leak nothing, but
    # the server is not covered for B at all).
    mixed = await client.post(
        RESTORE_RUNS,
        json=open_body(world_a, declaration_id=world_b.declaration_id),
        headers={**b, "Idempotency-Key": "steal-2"},
    )
    assert mixed.status_code == 403

    # Lists: each consumer sees only its own; filters cannot widen that.
    listed_b = ok(await client.get(RESTORE_RUNS, headers=b), 200)
    assert [r["id"] for r in listed_b["items"]] == [b_id]
    filtered = ok(await client.get(RESTORE_RUNS, params={"server": "srv-a"}, headers=b), 200)
    assert filtered["items"] == []
    listed_a = ok(await client.get(RESTORE_RUNS, headers=consumer.headers), 200)
    assert [r["id"] for r in listed_a["items"]] == [a_id]
    everything = ok(await client.get(RESTORE_RUNS, headers=admin_headers), 200)
    assert {r["id"] for r in everything["items"]} == {a_id, b_id}

    # Nothing B tried changed A's run or evidence.
    after = ok(await client.get(f"{RESTORE_RUNS}/{a_id}", headers=consumer.headers), 200)
    assert after["run"]["status"] == "running"
    assert after["run"]["counts"] is None
    assert [e["sha256"] for e in after["evidence"]] == [hashlib.sha256(b"evidence of consumer a").hexdigest()]
    assert after["verification"] is None
    # And the same idempotency key used by both consumers names two different runs.
    shared_a = await open_run(client, consumer, world_a, key="shared-key")
    shared_b = await open_run(client, consumer_b, world_b, key="shared-key")
    assert shared_a["run"]["id"] != shared_b["run"]["id"]
    assert shared_b["run"]["server"] == "srv-b"


async def test_consumers_cannot_read_operator_views_of_restore_health(
    client: httpx.AsyncClient, consumer: Machine
) -> None:
    for path in ("/api/v1/restore/health", "/api/v1/restore/alerts", "/api/v1/restore/groups/grp-a/alerting"):
        response = await client.get(path, headers=consumer.headers)
        assert response.status_code == 403, f"{path}: {response.status_code}"
    patched = await client.patch(
        "/api/v1/restore/groups/grp-a/alerting",
        json={"webhook_url": "http://127.0.0.1:1/x", "reason": "consumer tries"},
        headers=consumer.headers,
    )
    assert patched.status_code == 403
