"""The fleet simulator speaks the service protocol (docs/protocols/service.md) and its faults bite."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import httpx
import msgspec
import pytest

from lifeboat.fleet.protocol import ReloadAck, ServiceState, TenantAck
from lifeboat.fleet.sim import FaultError, SimService, SimServiceSpec, Simulator, demo_fleet, metric_prefix
from lifeboat.fleet.sim.model import ServiceBehaviour
from tests.fleet.conftest import (
    FLEET_SECRET,
    admin_headers,
    put_placement,
    simulated_fleet,
    wait_until,
)

TENANTS = ["acme", "globex", "initech", "umbrella"]
PROBLEM = "application/problem+json"


@pytest.fixture
async def static_sim() -> AsyncIterator[Simulator]:
    """The demo fleet without NATS: TENANTS spread round-robin per kind and site."""
    async with simulated_fleet(None, "unused", tenants=TENANTS, seed=7) as running:
        yield running


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0) as client:
        yield client


async def get_state(http: httpx.AsyncClient, service: SimService) -> ServiceState:
    response = await http.get(f"{service.base_url}/admin/state", headers=admin_headers())
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=ServiceState, strict=True)


async def post_tenant(http: httpx.AsyncClient, service: SimService, tenant: str, action: str) -> TenantAck:
    response = await http.post(f"{service.base_url}/admin/tenants/{tenant}/{action}", headers=admin_headers())
    assert response.status_code == 200, response.text
    return msgspec.json.decode(response.content, type=TenantAck, strict=True)


def owner_of(sim: Simulator, tenant: str, kind: str = "aggregate", site: str = "primary") -> SimService:
    for service in sim.services.values():
        if service.spec.kind == kind and service.spec.site == site and tenant in service.behaviour.owned:
            return service
    raise AssertionError(f"no {kind} on {site} owns {tenant}")


async def drain_with_work(http: httpx.AsyncClient, service: SimService, tenant: str) -> TenantAck:
    """Drain ``tenant`` at a moment it has inflight work (resume and retry when it had none)."""
    for _ in range(200):
        state = await get_state(http, service)
        if state.tenants[tenant].inflight > 0:
            ack = await post_tenant(http, service, tenant, "drain")
            if ack.inflight > 0:
                return ack
            await post_tenant(http, service, tenant, "resume")
        await asyncio.sleep(0.02)
    raise AssertionError(f"{tenant} never had inflight work on {service.name}")


async def inflight(http: httpx.AsyncClient, service: SimService, tenant: str) -> int:
    state = await get_state(http, service)
    return state.tenants[tenant].inflight if tenant in state.tenants else 0


async def ticks(sim: Simulator, n: int = 10) -> None:
    """Let about ``n`` simulation steps pass (a slow machine only makes steps longer)."""
    await asyncio.sleep(sim.tick_s * n)


# --- protocol conformance --------------------------------------------------------------------


async def test_health_ready_and_metrics_need_no_auth(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    service = static_sim.services["aggregate-primary-1"]
    health = await http.get(f"{service.base_url}/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}
    ready = await http.get(f"{service.base_url}/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready"}
    metrics = await http.get(f"{service.base_url}/metrics")
    assert metrics.status_code == 200
    assert metrics.headers["content-type"].startswith("text/plain")
    prefix = metric_prefix(service.name)
    assert prefix == "aggregate_primary_1"
    build = re.search(rf"^{prefix}_build_info\{{(.*)\}} 1$", metrics.text, re.MULTILINE)
    assert build is not None, metrics.text
    labels = dict(re.findall(r'(\w+)="([^"]*)"', build.group(1)))
    assert labels["service"] == "aggregate-primary-1"
    assert labels["version"] == "1.0.0"
    assert labels["git_sha"] == "sim0000"
    assert (
        f'{prefix}_config_revision{{service="aggregate-primary-1",map="aggregate_placement"}} 0'
        in metrics.text
    )


async def test_state_reports_identity_revisions_and_owned_tenants(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    aggregates = [s for s in static_sim.services.values() if s.spec.kind == "aggregate"]
    primary = [s for s in aggregates if s.spec.site == "primary"]
    seen: set[str] = set()
    for service in primary:
        state = await get_state(http, service)
        assert (state.service, state.kind, state.site) == (service.name, "aggregate", "primary")
        assert state.config_revisions == {"aggregate_placement": 0}
        assert all(t.acquiring for t in state.tenants.values())
        assert all(t.inflight >= 0 and t.lag >= 0 for t in state.tenants.values())
        seen.update(state.tenants)
    assert seen == set(TENANTS)  # round-robin: every tenant once per kind and site
    gateway = await get_state(http, static_sim.services["gateway-dr-1"])
    assert set(gateway.tenants) == set(TENANTS)
    assert set(gateway.config_revisions) == {
        "aggregate_placement",
        "projection_placement",
        "runner_placement",
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/state"),
        ("POST", "/admin/reload"),
        ("POST", "/admin/tenants/acme/drain"),
        ("POST", "/admin/tenants/acme/resume"),
        ("GET", "/admin/no-such-route"),
    ],
)
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-secret", f"Basic {FLEET_SECRET}"])
async def test_admin_without_the_secret_is_401_problem(
    static_sim: Simulator, http: httpx.AsyncClient, method: str, path: str, authorization: str | None
) -> None:
    service = static_sim.services["aggregate-primary-1"]
    headers = {"Authorization": authorization} if authorization else {}
    response = await http.request(method, f"{service.base_url}{path}", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == 401
    assert {"type", "title", "status", "detail"} <= body.keys()
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("tenant", ["Acme", "-acme", "a" * 64, "ac_me", "%20"])
async def test_bad_tenant_id_is_400_problem(
    static_sim: Simulator, http: httpx.AsyncClient, tenant: str
) -> None:
    service = static_sim.services["aggregate-primary-1"]
    for action in ("drain", "resume"):
        response = await http.post(
            f"{service.base_url}/admin/tenants/{tenant}/{action}", headers=admin_headers()
        )
        assert response.status_code == 400, response.text
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["status"] == 400


async def test_unknown_route_is_404_and_wrong_method_405(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    service = static_sim.services["runner-dr-2"]
    for path, headers in (
        ("/nope", {}),
        ("/admin/nope", admin_headers()),
        ("/admin/tenants/acme", admin_headers()),
    ):
        response = await http.get(f"{service.base_url}{path}", headers=headers)
        assert response.status_code == 404, path
        assert response.headers["content-type"] == PROBLEM
    wrong = await http.get(f"{service.base_url}/admin/tenants/acme/drain", headers=admin_headers())
    assert wrong.status_code == 405
    assert wrong.headers["content-type"] == PROBLEM
    assert wrong.headers["allow"] == "POST"


async def test_drain_is_idempotent_and_inflight_reaches_zero_then_resume_acquires(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    service = owner_of(static_sim, "globex")
    ack = await drain_with_work(http, service, "globex")
    assert ack.acquiring is False
    assert (ack.service, ack.tenant) == (service.name, "globex")
    again = await post_tenant(http, service, "globex", "drain")
    assert again.acquiring is False
    assert again.inflight <= ack.inflight  # no new work after a drain

    async def drained() -> bool:
        state = await get_state(http, service)
        tenant = state.tenants["globex"]
        assert tenant.acquiring is False
        return tenant.inflight == 0

    await wait_until(drained, what="inflight to reach 0 after a drain")
    resumed = await post_tenant(http, service, "globex", "resume")
    assert resumed.acquiring is True
    assert (await post_tenant(http, service, "globex", "resume")).acquiring is True
    await wait_until(lambda: inflight(http, service, "globex"), what="work to arrive again after resume")


async def test_drain_of_a_tenant_not_placed_here_is_acknowledged(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    service = owner_of(static_sim, "acme")
    other = next(t for t in TENANTS if t not in service.behaviour.owned)
    ack = await post_tenant(http, service, other, "drain")
    assert ack == TenantAck(service=service.name, tenant=other, acquiring=False, inflight=0)
    state = await get_state(http, service)
    assert other not in state.tenants


async def test_reload_without_nats_reports_static_revisions(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    service = static_sim.services["projection-dr-1"]
    response = await http.post(f"{service.base_url}/admin/reload", headers=admin_headers())
    assert response.status_code == 200
    ack = msgspec.json.decode(response.content, type=ReloadAck, strict=True)
    assert ack == ReloadAck(service="projection-dr-1", config_revisions={"projection_placement": 0})


# --- placement from NATS KV ------------------------------------------------------------------


async def test_services_watch_placement_in_kv(
    nats_url: str, placement_bucket: str, http: httpx.AsyncClient
) -> None:
    first = await put_placement(nats_url, placement_bucket, "aggregate", {"acme": "aggregate-primary-1"})
    async with simulated_fleet(nats_url, placement_bucket) as sim:
        one, two = sim.services["aggregate-primary-1"], sim.services["aggregate-primary-2"]
        state = await get_state(http, one)
        assert state.config_revisions == {"aggregate_placement": first}
        assert set(state.tenants) == {"acme"}
        assert state.tenants["acme"].acquiring is True
        assert (await get_state(http, two)).tenants == {}
        gateway = await get_state(http, sim.services["gateway-dr-1"])
        assert gateway.config_revisions == {
            "aggregate_placement": first,
            "projection_placement": 0,
            "runner_placement": 0,
        }
        assert set(gateway.tenants) == {"acme"}

        second = await put_placement(
            nats_url,
            placement_bucket,
            "aggregate",
            {"acme": "aggregate-primary-2", "globex": "aggregate-dr-1"},
        )
        assert second > first

        async def applied() -> ServiceState | None:
            state = await get_state(http, two)
            return state if state.config_revisions["aggregate_placement"] == second else None

        moved = await wait_until(applied, what="the new revision to be applied from the watch")
        assert moved.tenants["acme"].acquiring is True
        old = await get_state(http, one)
        assert old.config_revisions == {"aggregate_placement": second}
        assert old.tenants.get("acme") is None or old.tenants["acme"].acquiring is False
        dr = await get_state(http, sim.services["aggregate-dr-1"])
        assert set(dr.tenants) == {"globex"}
        runner = await get_state(http, sim.services["runner-primary-1"])
        assert runner.config_revisions == {"runner_placement": 0}


async def test_reload_rereads_kv_now(nats_url: str, placement_bucket: str, http: httpx.AsyncClient) -> None:
    async with simulated_fleet(nats_url, placement_bucket) as sim:
        service = sim.services["runner-dr-1"]
        assert (await get_state(http, service)).config_revisions == {"runner_placement": 0}
        revision = await put_placement(nats_url, placement_bucket, "runner", {"acme": "runner-dr-1"})
        response = await http.post(f"{service.base_url}/admin/reload", headers=admin_headers())
        assert response.status_code == 200
        ack = msgspec.json.decode(response.content, type=ReloadAck, strict=True)
        assert ack == ReloadAck(service="runner-dr-1", config_revisions={"runner_placement": revision})
        state = await get_state(http, service)
        assert state.tenants["acme"].acquiring is True


async def test_bucket_is_created_when_missing(nats_url: str, placement_bucket: str) -> None:
    import nats

    async with simulated_fleet(nats_url, placement_bucket) as sim:
        assert sim.services["aggregate-primary-1"].behaviour.config_revisions == {"aggregate_placement": 0}
        nc = await nats.connect(nats_url)
        try:
            kv = await nc.jetstream().key_value(placement_bucket)
            assert (await kv.status()).bucket == placement_bucket
        finally:
            await nc.close()


# --- faults ----------------------------------------------------------------------------------


async def test_slow_drain_keeps_inflight_until_cleared(
    static_sim: Simulator, http: httpx.AsyncClient
) -> None:
    service = owner_of(static_sim, "initech")
    static_sim.set_fault(service.name, "slow_drain", per_s=0.0001)
    ack = await drain_with_work(http, service, "initech")
    await ticks(static_sim, 10)
    assert await inflight(http, service, "initech") == ack.inflight  # nothing finished yet
    static_sim.clear_fault(service.name, "slow_drain")
    await wait_until(
        lambda: _is_zero(inflight(http, service, "initech")), what="the drain to finish after clearing"
    )


async def _is_zero(value: Any) -> bool:
    return await value == 0


async def test_stuck_inflight_never_reaches_zero(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    service = owner_of(static_sim, "umbrella", kind="projection", site="dr")
    static_sim.set_fault(service.name, "stuck_inflight", inflight=2)
    await post_tenant(http, service, "umbrella", "drain")
    for _ in range(10):
        await ticks(static_sim, 2)
        assert await inflight(http, service, "umbrella") >= 2
    assert "stuck_inflight" in service.faults
    static_sim.clear_fault(service.name)
    assert service.faults == {}
    await wait_until(lambda: _is_zero(inflight(http, service, "umbrella")), what="the stuck work to finish")


async def test_unhealthy_fails_ready_but_not_health(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    service = static_sim.services["gateway-primary-1"]
    static_sim.set_fault(service.name, "unhealthy")
    ready = await http.get(f"{service.base_url}/ready")
    assert ready.status_code == 503
    assert ready.headers["content-type"] == PROBLEM
    assert ready.json()["status"] == 503
    assert (await http.get(f"{service.base_url}/health")).status_code == 200
    static_sim.clear_fault(service.name, "unhealthy")
    assert (await http.get(f"{service.base_url}/ready")).status_code == 200


async def test_unreachable_refuses_connections(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    service = static_sim.services["aggregate-dr-2"]
    assert (await http.get(f"{service.base_url}/health")).status_code == 200  # a kept-alive connection
    static_sim.set_fault(service.name, "unreachable")
    with pytest.raises(httpx.TransportError):  # the open connection was closed
        await http.get(f"{service.base_url}/health")
    async with httpx.AsyncClient(timeout=2.0) as fresh:
        with pytest.raises(httpx.ConnectError):
            await fresh.get(f"{service.base_url}/health")
    static_sim.clear_fault(service.name, "unreachable")
    async with httpx.AsyncClient(timeout=5.0) as fresh:
        assert (await fresh.get(f"{service.base_url}/health")).status_code == 200
        # the simulated work went on meanwhile
        assert (
            await fresh.get(f"{service.base_url}/admin/state", headers=admin_headers())
        ).status_code == 200


async def test_unreachable_hang_makes_probes_time_out(static_sim: Simulator) -> None:
    service = static_sim.services["runner-primary-2"]
    static_sim.set_fault(service.name, "unreachable", mode="hang")
    async with httpx.AsyncClient(timeout=0.3) as client:
        with pytest.raises(httpx.ReadTimeout):
            await client.get(f"{service.base_url}/health")
    static_sim.clear_fault(service.name)
    async with httpx.AsyncClient(timeout=5.0) as client:
        assert (await client.get(f"{service.base_url}/health")).status_code == 200


async def test_slow_reload_delays_reload_and_watched_changes(
    nats_url: str, placement_bucket: str, http: httpx.AsyncClient
) -> None:
    async with simulated_fleet(nats_url, placement_bucket) as sim:
        service = sim.services["projection-primary-1"]
        sim.set_fault(service.name, "slow_reload", seconds=60)
        revision = await put_placement(nats_url, placement_bucket, "projection", {"acme": service.name})
        async with httpx.AsyncClient(timeout=0.5) as impatient:
            with pytest.raises(httpx.ReadTimeout):
                await impatient.post(f"{service.base_url}/admin/reload", headers=admin_headers())
        # the watch delivered the change to the others; this one has not applied it
        other = sim.services["gateway-primary-1"]

        async def gateway_applied() -> bool:
            return (await get_state(http, other)).config_revisions["projection_placement"] == revision

        await wait_until(gateway_applied, what="the gateway to apply the watched change")
        await ticks(sim, 4)
        assert (await get_state(http, service)).config_revisions == {"projection_placement": 0}
        sim.clear_fault(service.name, "slow_reload")  # clearing applies what is pending at once
        state = await get_state(http, service)
        assert state.config_revisions == {"projection_placement": revision}
        assert "acme" in state.tenants


async def test_lagging_reports_lag(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    service = owner_of(static_sim, "acme")
    static_sim.set_fault(service.name, "lagging", seconds=45)

    async def lagging() -> bool:
        return (await get_state(http, service)).tenants["acme"].lag >= 45

    await wait_until(lagging, what="lag to show")


async def test_fault_api_rejects_unknown_services_faults_and_params(static_sim: Simulator) -> None:
    with pytest.raises(KeyError):
        static_sim.set_fault("nope", "unhealthy")
    with pytest.raises(FaultError):
        static_sim.set_fault("aggregate-primary-1", "on_fire")
    with pytest.raises(ValueError, match="slow_drain"):
        static_sim.set_fault("aggregate-primary-1", "slow_drain", per_s=-1)
    with pytest.raises(ValueError, match="unknown field"):
        static_sim.set_fault("aggregate-primary-1", "unhealthy", extra=1)
    with pytest.raises(FaultError):
        static_sim.clear_fault("aggregate-primary-1", "on_fire")
    static_sim.clear_fault("aggregate-primary-1", "unhealthy")  # clearing an absent fault is fine


async def test_control_port_sets_and_clears_faults(static_sim: Simulator, http: httpx.AsyncClient) -> None:
    control = static_sim.control_url
    assert (await http.get(f"{control}/health")).status_code == 200
    assert (await http.get(f"{control}/services")).status_code == 401
    listing = await http.get(f"{control}/services", headers=admin_headers())
    assert listing.status_code == 200
    assert [s["name"] for s in listing.json()] == [s.name for s in demo_fleet()]
    url = f"{control}/services/aggregate-primary-2/faults"
    put = await http.put(f"{url}/unhealthy", headers=admin_headers())
    assert put.status_code == 200
    assert put.json()["faults"] == {"unhealthy": {}}
    service = static_sim.services["aggregate-primary-2"]
    assert (await http.get(f"{service.base_url}/ready")).status_code == 503
    slow = await http.put(f"{url}/slow_drain", headers=admin_headers(), json={"per_s": 0.25})
    assert slow.json()["faults"] == {"unhealthy": {}, "slow_drain": {"per_s": 0.25}}
    cleared = await http.delete(f"{url}/unhealthy", headers=admin_headers())
    assert cleared.json()["faults"] == {"slow_drain": {"per_s": 0.25}}
    assert (await http.get(f"{service.base_url}/ready")).status_code == 200
    everything = await http.delete(url, headers=admin_headers())
    assert everything.json()["faults"] == {}
    bad = await http.put(f"{url}/on_fire", headers=admin_headers())
    assert bad.status_code == 400
    assert bad.headers["content-type"] == PROBLEM
    bad_params = await http.put(f"{url}/slow_reload", headers=admin_headers(), json={"seconds": "x"})
    assert bad_params.status_code == 400
    missing = await http.put(f"{control}/services/nope/faults/unhealthy", headers=admin_headers())
    assert missing.status_code == 404


# --- determinism, fleet shape, scale ---------------------------------------------------------


def _run(seed: int, steps: int = 60) -> ServiceState:
    behaviour = ServiceBehaviour(
        SimServiceSpec(name="aggregate-primary-1", kind="aggregate", site="primary"), seed=seed
    )
    behaviour.set_owned(TENANTS)
    for step in range(steps):
        if step == 30:
            behaviour.drain("acme")
        behaviour.tick(0.2)
    return behaviour.state()


def test_same_seed_same_story() -> None:
    assert _run(3) == _run(3)
    assert any(_run(3) != _run(seed) for seed in (4, 5, 6))


def test_demo_fleet_shape() -> None:
    fleet = demo_fleet()
    assert len(fleet) == 16
    assert fleet[0] == SimServiceSpec(name="gateway-primary-1", kind="gateway", site="primary")
    assert {s.name for s in fleet} >= {
        "aggregate-primary-3",
        "runner-dr-2",
        "projection-dr-2",
        "gateway-dr-1",
    }
    assert [s.name for s in demo_fleet({"runner": 1})] == ["runner-primary-1", "runner-dr-1"]


async def test_two_hundred_services_answer(http: httpx.AsyncClient) -> None:
    specs = demo_fleet({"gateway": 1, "aggregate": 50, "projection": 25, "runner": 24})
    assert len(specs) == 200
    async with simulated_fleet(
        None, "unused", specs, tenants=[f"t-{i}" for i in range(100)], tick_s=0.2
    ) as sim:
        limits = httpx.Limits(max_connections=50)
        async with httpx.AsyncClient(timeout=30.0, limits=limits) as client:
            responses = await asyncio.gather(
                *(client.get(f"{s.base_url}/ready") for s in sim.services.values())
            )
        assert [r.status_code for r in responses] == [200] * 200
        assert len({s.port for s in sim.services.values()}) == 200


# --- the command -----------------------------------------------------------------------------


def test_cli_sim_print_json_starts_and_stops_cleanly() -> None:
    env = {k: v for k, v in os.environ.items() if k != "LIFEBOAT_NATS_URL"}
    env["LIFEBOAT_FLEET_SECRET"] = FLEET_SECRET
    command = [sys.executable, "-m", "lifeboat.cli", "sim", "--services", "aggregate=2,gateway=1"]
    command += ["--print-json", "--tenants", "3"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            assert line, "lifeboat sim printed nothing"
            doc = json.loads(line)
            names = [s["name"] for s in doc["services"]]
            assert names == [
                "gateway-primary-1",
                "aggregate-primary-1",
                "aggregate-primary-2",
                "gateway-dr-1",
                "aggregate-dr-1",
                "aggregate-dr-2",
            ]
            first = doc["services"][1]
            with httpx.Client(timeout=5.0) as client:
                assert client.get(f"{first['base_url']}/health").status_code == 200
                state = client.get(f"{first['base_url']}/admin/state", headers=admin_headers()).json()
                assert state["service"] == "aggregate-primary-1"
                assert len(state["tenants"]) in (1, 2)  # 3 tenants round-robin over 2 aggregates
                assert client.get(f"{doc['control_url']}/health").status_code == 200
            proc.send_signal(signal.SIGTERM)
            _, stderr = proc.communicate(timeout=30)
            assert proc.returncode == 0, stderr
            assert "Traceback" not in stderr, stderr
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    with httpx.Client(timeout=2.0) as client, pytest.raises(httpx.ConnectError):
        client.get(f"{first['base_url']}/health")
