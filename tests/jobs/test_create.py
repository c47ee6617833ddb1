"""Creating jobs: idempotency keys, lock scopes, plans, dry runs, permissions, listing, audit."""

from __future__ import annotations

import asyncio
from typing import Any

import asyncpg
import httpx

from tests.conftest import bearer_token
from tests.core.test_errors import assert_problem
from tests.jobs.conftest import create_probe, new_key, probe_body


async def _count(database_url: str, sql: str, *args: Any) -> int:
    conn = await asyncpg.connect(database_url)
    try:
        return int(await conn.fetchval(sql, *args))
    finally:
        await conn.close()


async def test_create_without_idempotency_key_is_400(
    client: httpx.AsyncClient, admin_headers, database_url
) -> None:
    response = await client.post("/api/v1/jobs", json=probe_body(), headers=admin_headers)
    body = assert_problem(response, 400, "validation")
    assert "idempotency-key" in body["detail"].lower()
    assert await _count(database_url, "select count(*) from job") == 0


async def test_create_without_reason_is_400(client: httpx.AsyncClient, admin_headers) -> None:
    body = probe_body()
    del body["reason"]
    response = await client.post(
        "/api/v1/jobs", json=body, headers={**admin_headers, "Idempotency-Key": new_key()}
    )
    assert "reason" in assert_problem(response, 400, "validation")["detail"]


async def test_replay_with_same_key_and_params_returns_the_original_job(
    client: httpx.AsyncClient, admin_headers
) -> None:
    headers = {**admin_headers, "Idempotency-Key": new_key()}
    first = await client.post("/api/v1/jobs", json=probe_body(steps=2), headers=headers)
    assert first.status_code == 201, first.text
    assert "idempotent-replayed" not in first.headers
    again = await client.post("/api/v1/jobs", json=probe_body(steps=2, reason="said twice"), headers=headers)
    assert again.status_code == 200, again.text
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["job"]["id"] == first.json()["job"]["id"]


async def test_same_key_with_different_params_is_422(client: httpx.AsyncClient, admin_headers) -> None:
    headers = {**admin_headers, "Idempotency-Key": new_key()}
    assert (await client.post("/api/v1/jobs", json=probe_body(steps=2), headers=headers)).status_code == 201
    response = await client.post("/api/v1/jobs", json=probe_body(steps=3), headers=headers)
    assert_problem(response, 422, "unprocessable")


async def test_same_key_from_another_principal_is_a_new_job(client: httpx.AsyncClient, admin_headers) -> None:
    key = new_key()
    other = {"Authorization": f"Bearer {await bearer_token('admin', name='second-admin')}"}
    first = await create_probe(client, admin_headers, key=key)
    second = await create_probe(client, other, key=key)
    assert first["job"]["id"] != second["job"]["id"]


async def test_fifty_concurrent_identical_requests_create_exactly_one_job(
    client: httpx.AsyncClient, admin_headers, database_url
) -> None:
    headers = {**admin_headers, "Idempotency-Key": new_key()}
    responses = await asyncio.gather(
        *(client.post("/api/v1/jobs", json=probe_body(steps=1), headers=headers) for _ in range(50))
    )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1, statuses
    assert statuses.count(200) == 49, statuses
    assert len({r.json()["job"]["id"] for r in responses}) == 1
    assert await _count(database_url, "select count(*) from job") == 1


async def test_second_active_job_on_a_scope_is_409_naming_the_holder(
    client: httpx.AsyncClient, admin_headers
) -> None:
    holder = await create_probe(client, admin_headers, scope="tenant:acme")
    response = await client.post(
        "/api/v1/jobs",
        json=probe_body(scope="tenant:acme", steps=5),
        headers={**admin_headers, "Idempotency-Key": new_key()},
    )
    body = assert_problem(response, 409, "scope-locked")
    assert body["holder"] == holder["job"]["id"]
    assert holder["job"]["id"] in body["detail"]
    # another scope is free
    await create_probe(client, admin_headers, scope="tenant:other")


async def test_scope_is_released_when_the_holder_is_cancelled(
    client: httpx.AsyncClient, admin_headers
) -> None:
    holder = await create_probe(client, admin_headers, scope="config:routing")
    cancel = await client.post(
        f"/api/v1/jobs/{holder['job']['id']}/cancel", json={"reason": "make room"}, headers=admin_headers
    )
    assert cancel.status_code == 200, cancel.text
    assert cancel.json()["job"]["status"] == "cancelled"
    await create_probe(client, admin_headers, scope="config:routing")


async def test_plan_is_deterministic_and_creates_nothing(
    client: httpx.AsyncClient, admin_headers, database_url
) -> None:
    body = probe_body(steps=3, scope="tenant:acme", fail_at_step=2, fail_times=1)
    first = await client.post("/api/v1/jobs/plan", json=body, headers=admin_headers)
    second = await client.post("/api/v1/jobs/plan", json=body, headers=admin_headers)
    assert first.status_code == 200, first.text
    assert first.content == second.content
    plan = first.json()
    assert [s["name"] for s in plan["steps"]] == ["probe-1", "probe-2", "probe-3"]
    assert plan["steps"][0]["touches"] == ["job_effect:step-1"]
    assert plan["lock_scope"] == "tenant:acme"
    assert plan["ok"] is True
    assert await _count(database_url, "select count(*) from job") == 0


async def test_failing_gate_shows_in_plan_and_blocks_creation(
    client: httpx.AsyncClient, admin_headers
) -> None:
    body = probe_body(steps=2, fail_at_step=5)
    plan = (await client.post("/api/v1/jobs/plan", json=body, headers=admin_headers)).json()
    assert plan["ok"] is False
    assert [g["ok"] for g in plan["gates"]] == [False]
    response = await client.post(
        "/api/v1/jobs", json=body, headers={**admin_headers, "Idempotency-Key": new_key()}
    )
    assert_problem(response, 412, "precondition-failed")


async def test_dry_run_records_plan_and_receipt_but_no_effects(
    client: httpx.AsyncClient, admin_headers, database_url, app
) -> None:
    response = await client.post(
        "/api/v1/jobs",
        json=probe_body(steps=2, scope="tenant:acme", dry_run=True),
        headers={**admin_headers, "Idempotency-Key": new_key()},
    )
    assert response.status_code == 201, response.text
    detail = response.json()
    assert detail["job"]["status"] == "succeeded"
    assert detail["job"]["dry_run"] is True
    assert [s["status"] for s in detail["steps"]] == ["skipped", "skipped"]
    assert await _count(database_url, "select count(*) from job_effect") == 0
    stored = await app.state.store.get_bytes(f"receipts/{detail['job']['id']}.json")
    assert stored is not None
    # a dry run holds no scope
    await create_probe(client, admin_headers, scope="tenant:acme")


async def test_probe_is_admin_only_and_viewers_cannot_run_jobs(
    client: httpx.AsyncClient, admin_headers
) -> None:
    operator = {"Authorization": f"Bearer {await bearer_token('operator')}"}
    viewer = {"Authorization": f"Bearer {await bearer_token('viewer')}"}
    headers = {"Idempotency-Key": new_key()}
    assert_problem(
        await client.post("/api/v1/jobs", json=probe_body(), headers={**operator, **headers}),
        403,
        "forbidden",
    )
    assert_problem(
        await client.post("/api/v1/jobs", json=probe_body(), headers={**viewer, **headers}), 403, "forbidden"
    )
    assert (await client.get("/api/v1/jobs", headers=viewer)).status_code == 200


async def test_unknown_param_is_400(client: httpx.AsyncClient, admin_headers) -> None:
    body = probe_body(stepz=3)
    response = await client.post(
        "/api/v1/jobs", json=body, headers={**admin_headers, "Idempotency-Key": new_key()}
    )
    assert "stepz" in assert_problem(response, 400, "validation")["detail"]


async def test_list_filters_and_cursor_pagination(client: httpx.AsyncClient, admin_headers) -> None:
    ids = [(await create_probe(client, admin_headers, steps=1))["job"]["id"] for _ in range(5)]
    scoped = await create_probe(client, admin_headers, scope="tenant:acme")
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 2, "kind": "system.probe"} | ({"cursor": cursor} if cursor else {})
        page = (await client.get("/api/v1/jobs", params=params, headers=admin_headers)).json()
        seen.extend(j["id"] for j in page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [scoped["job"]["id"], *reversed(ids)]
    only_scope = (
        await client.get("/api/v1/jobs", params={"scope": "tenant:acme"}, headers=admin_headers)
    ).json()
    assert [j["id"] for j in only_scope["items"]] == [scoped["job"]["id"]]
    none = (await client.get("/api/v1/jobs", params={"status": "failed"}, headers=admin_headers)).json()
    assert none["items"] == []


async def test_jobs_are_found_by_the_correlation_id_of_their_request(
    client: httpx.AsyncClient, admin_headers
) -> None:
    flow = "corr-search-0001"
    response = await client.post(
        "/api/v1/jobs",
        json=probe_body(steps=1),
        headers={**admin_headers, "Idempotency-Key": new_key(), "x-correlation-id": flow},
    )
    assert response.status_code == 201, response.text
    assert response.json()["job"]["correlation_id"] == flow
    await create_probe(client, admin_headers, steps=1)  # another flow
    found = (await client.get("/api/v1/jobs", params={"correlation_id": flow}, headers=admin_headers)).json()
    assert [j["id"] for j in found["items"]] == [response.json()["job"]["id"]]
    missing = await client.get("/api/v1/jobs", params={"correlation_id": "x" * 200}, headers=admin_headers)
    assert missing.status_code == 400


async def test_job_mutations_are_audited(client: httpx.AsyncClient, admin_headers) -> None:
    job = await create_probe(client, admin_headers, scope="tenant:acme")
    job_id = job["job"]["id"]
    await client.post(
        "/api/v1/jobs",
        json=probe_body(scope="tenant:acme"),
        headers={**admin_headers, "Idempotency-Key": new_key()},
    )
    await client.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": "audit me"}, headers=admin_headers)
    entries = (await client.get("/api/v1/audit", params={"action": "job.*"}, headers=admin_headers)).json()[
        "items"
    ]
    actions = [(e["action"], e["outcome"], e["target"]) for e in reversed(entries)]
    assert actions == [
        ("job.create", "success", f"job:{job_id}"),
        ("job.create", "failure", "scope:tenant:acme"),
        ("job.cancel", "success", f"job:{job_id}"),
    ]
    assert (await client.get("/api/v1/audit/verify", headers=admin_headers)).json()["ok"] is True


async def test_cancel_needs_the_kinds_own_role_and_a_refusal_is_audited(
    client: httpx.AsyncClient, admin_headers, settings, database_url
) -> None:
    from lifeboat.app import create_app
    from lifeboat.jobs.definitions import KindRegistry
    from tests.conftest import running_app

    operator = {"Authorization": f"Bearer {await bearer_token('operator')}"}
    job_id = (await create_probe(client, admin_headers, require_approval=True))["job"]["id"]
    refused = await client.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": "hide it"}, headers=operator)
    detail = assert_problem(refused, 403, "forbidden")["detail"]
    assert "'system.probe'" in detail
    assert "admin" in detail
    job = (await client.get(f"/api/v1/jobs/{job_id}", headers=admin_headers)).json()["job"]
    assert job["status"] == "awaiting_approval"
    assert job["cancel_requested_by"] is None
    entries = (
        await client.get("/api/v1/audit", params={"action": "job.cancel"}, headers=admin_headers)
    ).json()["items"]
    assert [(e["outcome"], e["reason"], e["details"]["required_role"]) for e in entries] == [
        ("denied", "hide it", "admin")
    ]

    # A process that does not know the job's kind asks for admin (deny by default).
    other = create_app(settings, job_registry=KindRegistry())
    async with running_app(other) as unaware:
        unknown = await unaware.post(
            f"/api/v1/jobs/{job_id}/cancel", json={"reason": "x-kind"}, headers=operator
        )
        assert "needs the admin role" in assert_problem(unknown, 403, "forbidden")["detail"]
        done = await unaware.post(
            f"/api/v1/jobs/{job_id}/cancel", json={"reason": "retired"}, headers=admin_headers
        )
        assert done.status_code == 200, done.text
        assert done.json()["job"]["status"] == "cancelled"
