"""tenant.drain, tenant.migrate and fleet.reload against real PostgreSQL, real NATS KV and a
simulated fleet (in this process), run by an in-process worker."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from litestar import Litestar

from lifeboat.fleet.sim import Simulator
from lifeboat.jobs.definitions import StepContext
from lifeboat.jobs.service import plan_job
from lifeboat.jobs.worker import Worker
from lifeboat.ops.deps import OpsRefused
from lifeboat.ops.models import TenantMigrateJobCreate, TenantMigrateParams
from tests.fleet.conftest import put_placement
from tests.jobs.conftest import TERMINAL, new_key, wait_for, wait_for_status
from tests.ops.conftest import AGGREGATE_MAP, SOURCE, TARGET, TENANT, body, create, created, kv_history

AGGREGATES = ["aggregate-dr-1", "aggregate-dr-2", "aggregate-primary-1", "aggregate-primary-2"]


def tenant_state(sim: Simulator, service: str) -> Any:
    return sim.services[service].behaviour.state().tenants.get(TENANT)


async def step_running(client: httpx.AsyncClient, headers: dict[str, str], job_id: str, name: str) -> bool:
    detail = (await client.get(f"/api/v1/jobs/{job_id}", headers=headers)).json()
    return any(s["name"] == name and s["status"] == "running" for s in detail["steps"])


async def events(client: httpx.AsyncClient, headers: dict[str, str], job_id: str) -> list[dict[str, Any]]:
    response = await client.get(f"/api/v1/jobs/{job_id}/events", headers=headers)
    assert response.status_code == 200
    import json

    return [json.loads(line[5:]) for line in response.text.splitlines() if line.startswith("data:")]


# --- tenant.drain ------------------------------------------------------------------------------


async def test_drain_converges(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator, ops_worker: Worker
) -> None:
    job_id = await created(client, operator, "tenant.drain", tenant=TENANT, kinds=["aggregate"], timeout_s=30)
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=600)
    assert done["job"]["status"] == "succeeded", done
    assert done["plan"]["steps"][0]["touches"] == [f"service:{name}" for name in AGGREGATES]
    for name in AGGREGATES:
        state = tenant_state(fleet, name)
        assert state is None or (not state.acquiring and state.inflight == 0), (name, state)
    # other kinds were not asked
    assert tenant_state(fleet, "projection-primary-1").acquiring is True


async def test_drain_timeout_fails_naming_the_busy_services(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator, ops_worker: Worker
) -> None:
    fleet.set_fault(SOURCE, "stuck_inflight", inflight=2)
    job_id = await created(client, operator, "tenant.drain", tenant=TENANT, kinds=["aggregate"], timeout_s=1)
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=600)
    assert done["job"]["status"] == "failed"
    error = done["job"]["error"]
    assert f"{SOURCE} (inflight 2)" in error, error
    assert "aggregate-primary-2" not in error
    assert "did not reach 0 within 1s" in error
    assert tenant_state(fleet, SOURCE).acquiring is False  # stays drained, as the message says


async def test_cancel_mid_drain_resumes_acquiring(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator, ops_worker: Worker
) -> None:
    fleet.set_fault(SOURCE, "stuck_inflight", inflight=1)
    job_id = await created(client, operator, "tenant.drain", tenant=TENANT, timeout_s=600)
    await wait_for(
        lambda: step_running(client, operator, job_id, "wait-inflight-zero"),
        attempts=600,
        what="waiting step",
    )
    assert tenant_state(fleet, SOURCE).acquiring is False
    response = await client.post(
        f"/api/v1/jobs/{job_id}/cancel", json={"reason": "changed my mind"}, headers=operator
    )
    assert response.status_code == 200, response.text
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=600)
    assert done["job"]["status"] == "cancelled"
    for name in (SOURCE, "projection-primary-1", "runner-primary-1"):
        assert tenant_state(fleet, name).acquiring is True, name
    receipt = (await client.get(f"/api/v1/jobs/{job_id}/receipt", headers=operator)).json()
    assert receipt["effects_compensated"] == ["stop-acquiring"]
    lines = [e["data"].get("line", "") for e in await events(client, operator, job_id)]
    assert any(line.startswith("compensation: resuming acquiring acme") for line in lines), lines


# --- tenant.migrate ----------------------------------------------------------------------------


async def test_migrate_end_to_end(
    client: httpx.AsyncClient,
    operator: dict[str, str],
    fleet: Simulator,
    ops_worker: Worker,
    nats_url: str,
    placement_bucket: str,
) -> None:
    before = await kv_history(nats_url, placement_bucket, "aggregate")
    planned = before[-1][0]
    job_id = await created(client, operator, "tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET)
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=1200)
    assert done["job"]["status"] == "succeeded", done["job"]["error"]
    assert done["plan"]["observed"]["revision"] == planned
    history = await kv_history(nats_url, placement_bucket, "aggregate")
    written = [(rev, tenants) for rev, tenants in history if rev > planned]
    assert len(written) == 1  # placement changed once
    new_revision, tenants = written[0]
    assert tenants == {**AGGREGATE_MAP, TENANT: TARGET}
    for name in [*AGGREGATES, "gateway-primary-1", "gateway-dr-1"]:
        revisions = fleet.services[name].behaviour.state().config_revisions
        assert revisions["aggregate_placement"] == new_revision, name
    assert tenant_state(fleet, TARGET).acquiring is True
    source = tenant_state(fleet, SOURCE)
    assert source is None or source.acquiring is False
    cas = next(s for s in done["steps"] if s["name"] == "compare-and-set")
    assert cas["effect"] == "done"


async def test_gates_refuse_an_unhealthy_target_and_a_lagging_tenant(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator
) -> None:
    fleet.set_fault(TARGET, "unhealthy")
    response = await create(
        client, operator, "tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET
    )
    assert response.status_code == 412, response.text
    problem = response.json()
    assert problem["type"] == "urn:lifeboat:error:precondition-failed"
    assert [g["type"] for g in problem["gates"]] == ["urn:lifeboat:error:gate:target-healthy"]
    assert problem["gates"][0]["detail"] == f"{TARGET} is not ready"
    fleet.clear_fault(TARGET)

    fleet.set_fault(SOURCE, "lagging", seconds=30)
    response = await create(
        client, operator, "tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET
    )
    assert response.status_code == 412, response.text
    gates = response.json()["gates"]
    assert [g["name"] for g in gates] == ["lag-under-threshold"]
    assert gates[0]["type"] == "urn:lifeboat:error:gate:lag-under-threshold"
    assert f"over 5s on: {SOURCE} (" in gates[0]["detail"]
    # the dry run shows every gate, the failing one included
    plan = await client.post(
        "/api/v1/jobs/plan",
        json=body("tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET),
        headers=operator,
    )
    assert plan.status_code == 200
    assert {g["name"]: g["ok"] for g in plan.json()["gates"]}["lag-under-threshold"] is False


async def test_concurrent_placement_change_fails_the_cas_step_cleanly(
    client: httpx.AsyncClient,
    operator: dict[str, str],
    fleet: Simulator,
    ops_worker: Worker,
    nats_url: str,
    placement_bucket: str,
) -> None:
    fleet.set_fault(SOURCE, "stuck_inflight", inflight=1)  # hold the job in wait-drained
    job_id = await created(client, operator, "tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET)
    await wait_for(lambda: step_running(client, operator, job_id, "wait-drained"), attempts=600, what="wait")
    theirs = {**AGGREGATE_MAP, "umbrella": "aggregate-dr-2"}
    their_revision = await put_placement(nats_url, placement_bucket, "aggregate", theirs)
    fleet.clear_fault(SOURCE, "stuck_inflight")
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=1200)
    assert done["job"]["status"] == "failed"
    error = done["job"]["error"]
    assert "placement conflict" in error, error
    assert f"revision {their_revision}" in error, error
    history = await kv_history(nats_url, placement_bucket, "aggregate")
    assert history[-1] == (their_revision, theirs)  # nothing written after the other writer
    assert tenant_state(fleet, SOURCE).acquiring is True  # resumed on the source
    statuses = {s["name"]: s["status"] for s in done["steps"]}
    assert statuses["compare-and-set"] == "failed"
    assert statuses["reload"] == "skipped"


async def test_cas_step_rerun_recognises_its_own_write_but_not_someone_elses(
    app: Litestar, operator: dict[str, str], fleet: Simulator, nats_url: str, placement_bucket: str
) -> None:
    params = TenantMigrateParams(tenant=TENANT, kind="aggregate", target=TARGET)
    plan = await plan_job(TenantMigrateJobCreate(reason="rerun", params=params), app.state.job_registry)
    assert plan.ok
    assert plan.observed is not None
    kind = app.state.job_registry.get("tenant.migrate")
    cas = next(s for s in kind.steps(params) if s.name == "compare-and-set")
    lines: list[str] = []

    async def log(line: str, **_: Any) -> None:
        lines.append(line)

    def context(attempt: int) -> StepContext:
        return StepContext(
            job_id="00000000-0000-7000-8000-000000000001",
            position=3,
            step_name=cas.name,
            attempt=attempt,
            lease_epoch=attempt,
            worker="test",
            params=params,
            cancel_requested=asyncio.Event(),
            log=log,
            observed=plan.observed,
        )

    first = await cas.run(context(1))
    again = await cas.run(context(2))  # as after a SIGKILL between the write and its record
    assert first is not None
    assert again is not None
    assert first.output["already_applied"] is False
    assert again.output["already_applied"] is True
    assert first.output["revision"] == again.output["revision"]
    assert first.fenced_effect
    assert again.fenced_effect
    history = await kv_history(nats_url, placement_bucket, "aggregate")
    assert [rev for rev, _ in history if rev > plan.observed["revision"]] == [first.output["revision"]]
    # someone else changes the map (keeping the move): a re-run must not take it for its own
    await put_placement(
        nats_url, placement_bucket, "aggregate", {**AGGREGATE_MAP, TENANT: TARGET, "x1": SOURCE}
    )
    with pytest.raises(OpsRefused, match="placement conflict"):
        await cas.run(context(3))


async def test_same_inputs_give_byte_identical_plans(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator
) -> None:
    requests = [
        body("tenant.migrate", tenant=TENANT, kind="aggregate", target=TARGET),
        body("tenant.drain", tenant=TENANT),
        body("fleet.reload", kind="aggregate"),
    ]
    for request in requests:
        first = await client.post("/api/v1/jobs/plan", json=request, headers=operator)
        await asyncio.sleep(0.3)  # the fleet's inflight and lag move meanwhile
        second = await client.post("/api/v1/jobs/plan", json=request, headers=operator)
        assert first.status_code == second.status_code == 200, first.text
        assert first.content == second.content, request["kind"]
        assert first.json()["ok"] is True, first.json()["gates"]
    # the migrate plan pins the revision it will compare-and-set on
    migrate = (await client.post("/api/v1/jobs/plan", json=requests[0], headers=operator)).json()
    assert migrate["steps"][2]["touches"] == [
        f"aggregate_placement@{migrate['observed']['revision']}".join(["placement:", ""])
    ]


async def test_same_key_returns_the_same_job(
    client: httpx.AsyncClient, operator: dict[str, str], fleet: Simulator
) -> None:
    key = new_key()
    first = await create(
        client, operator, "tenant.migrate", key=key, tenant=TENANT, kind="aggregate", target=TARGET
    )
    assert first.status_code == 201, first.text
    fleet.set_fault(TARGET, "unhealthy")  # the world changed: a replay still returns the job
    again = await create(
        client, operator, "tenant.migrate", key=key, tenant=TENANT, kind="aggregate", target=TARGET
    )
    assert again.status_code == 200, again.text
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["job"]["id"] == first.json()["job"]["id"]
    other = await create(
        client, operator, "tenant.migrate", key=key, tenant=TENANT, kind="aggregate", target=SOURCE
    )
    assert other.status_code == 422
    # the scope is held: another migrate of the tenant is 409 naming the job
    busy = await create(client, operator, "tenant.drain", tenant=TENANT)
    assert busy.status_code == 409
    assert busy.json()["holder"] == first.json()["job"]["id"]


# --- fleet.reload ------------------------------------------------------------------------------


async def test_fleet_reload_converges(
    client: httpx.AsyncClient,
    operator: dict[str, str],
    fleet: Simulator,
    ops_worker: Worker,
    nats_url: str,
    placement_bucket: str,
) -> None:
    fleet.set_fault("runner-dr-1", "slow_reload", seconds=0.5)
    revision = await put_placement(nats_url, placement_bucket, "runner", {TENANT: "runner-dr-1"})
    job_id = await created(client, operator, "fleet.reload", timeout_s=30)
    done = await wait_for_status(client, operator, job_id, TERMINAL, attempts=1200)
    assert done["job"]["status"] == "succeeded", done["job"]["error"]
    for name in ("runner-dr-1", "runner-primary-1", "gateway-primary-1"):
        assert fleet.services[name].behaviour.state().config_revisions["runner_placement"] == revision


async def test_viewer_cannot_create_ops_jobs(client: httpx.AsyncClient, fleet: Simulator) -> None:
    from tests.conftest import bearer_token

    viewer = {"Authorization": f"Bearer {await bearer_token('viewer')}"}
    response = await create(client, viewer, "fleet.reload")
    assert response.status_code == 403


def test_param_patterns_match_the_fleet_and_tenancy_patterns() -> None:
    from lifeboat.core.tenancy import TENANT_ID_PATTERN as CORE_TENANT
    from lifeboat.fleet.models import SERVICE_NAME_PATTERN as FLEET_NAME
    from lifeboat.fleet.protocol import TENANT_ID_PATTERN as FLEET_TENANT
    from lifeboat.ops.models import SERVICE_NAME_PATTERN

    assert SERVICE_NAME_PATTERN == FLEET_NAME
    assert CORE_TENANT == FLEET_TENANT
