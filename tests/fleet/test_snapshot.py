"""The health snapshot and the service-protocol client, against the real simulator.

The simulator runs without NATS here (tenants spread round-robin), so these tests need only
loopback ports; the snapshot API tests also use the per-test database.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from lifeboat.fleet.client import ServiceCallError, ServiceClient, parse_build_info
from lifeboat.fleet.models import FleetService, FleetServiceSpec
from lifeboat.fleet.prober import FleetProber
from lifeboat.fleet.registry import register_services
from lifeboat.fleet.sim import SimServiceSpec, Simulator, demo_fleet
from lifeboat.settings import Settings
from tests.conftest import make_settings
from tests.fleet.conftest import FLEET_SECRET, LOOPBACK, simulated_fleet
from tests.services import TestServices

TENANTS = ["acme", "globex", "initech", "umbrella"]
# Generous for a loaded CI machine, short enough that a hung service costs little.
PROBE_TIMEOUT_S = 1.0
SNAPSHOT = "/api/v1/fleet"


class Seeder:
    id = "system:test"
    name = "fleet test"


def registry_entries(sim: Simulator, environment: str = "test") -> list[FleetService]:
    now = datetime.now(UTC)
    return [
        FleetService(
            name=s.spec.name,
            kind=s.spec.kind,
            site=s.spec.site,
            environment=environment,
            base_url=s.base_url,
            created_at=now,
            updated_at=now,
            created_by="test",
        )
        for s in sim.services.values()
    ]


async def register_sim(sim: Simulator) -> None:
    specs = [
        FleetServiceSpec(
            name=s.spec.name, kind=s.spec.kind, site=s.spec.site, environment="test", base_url=s.base_url
        )
        for s in sim.services.values()
    ]
    await register_services(specs, actor=Seeder(), reason="register the simulated fleet", outbound=LOOPBACK)


@pytest.fixture
async def fleet() -> AsyncIterator[Simulator]:
    async with simulated_fleet(None, "unused", demo_fleet(), tenants=TENANTS) as sim:
        yield sim


@pytest.fixture
def settings(services: TestServices, database_url: str) -> Settings:
    return make_settings(
        services, database_url, fleet_secret=FLEET_SECRET, fleet_probe_timeout_s=PROBE_TIMEOUT_S
    )


def by_name(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["name"]: s for s in snapshot["services"]}


# --- the snapshot API ----------------------------------------------------------------------------


async def test_a_healthy_fleet_snapshot(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    response = await client.get(SNAPSHOT, headers=viewer_headers)
    assert response.status_code == 200, response.text
    assert FLEET_SECRET not in response.text
    snapshot = response.json()
    assert snapshot["secret_configured"] is True
    assert snapshot["probe_timeout_s"] == PROBE_TIMEOUT_S
    names = [s["name"] for s in snapshot["services"]]
    assert names == sorted(fleet.services)

    total = len(fleet.services)
    summary = snapshot["summary"]
    assert summary["total"] == total
    assert summary["by_health"] == {"ok": total, "failing": 0, "unreachable": 0, "unknown": 0}
    assert summary["by_site"] == {
        site: sum(1 for s in fleet.services.values() if s.spec.site == site) for site in ("primary", "dr")
    }
    assert sum(summary["by_kind"].values()) == total
    assert set(summary["by_kind"]) == {
        "gateway",
        "aggregate",
        "projection",
        "runner",
    }

    placed: set[str] = set()
    for name, entry in by_name(snapshot).items():
        spec = fleet.services[name].spec
        assert entry["health"] == "ok", entry
        assert entry["ready"] is True
        assert entry["last_error"] is None
        assert (entry["kind"], entry["site"], entry["environment"]) == (spec.kind, spec.site, "test")
        assert entry["base_url"] == fleet.services[name].base_url
        assert (entry["version"], entry["git_sha"]) == (spec.version, spec.git_sha)
        assert isinstance(entry["config_revisions"], dict)
        assert entry["tenant_count"] >= 0
        assert entry["inflight_total"] >= 0
        assert entry["probe_latency_ms"] >= 0
        assert [p["ok"] for p in entry["history"]] == [True]
        if entry["tenant_count"]:
            placed.add(name)
    assert placed, "the simulator spreads the tenants over the services"

    # A second snapshot adds a history point per service.
    again = by_name((await client.get(SNAPSHOT, headers=viewer_headers)).json())
    assert all(len(entry["history"]) == 2 for entry in again.values())


async def test_an_unreachable_service_is_cut_by_the_timeout_and_the_rest_is_reported(
    client: httpx.AsyncClient, admin_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    hung, refused = sorted(fleet.services)[:2]
    fleet.set_fault(hung, "unreachable", mode="hang")  # accepts, never answers
    fleet.set_fault(refused, "unreachable", mode="refuse")  # port closed

    started = time.monotonic()
    response = await client.get(SNAPSHOT, headers=admin_headers)
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    services = by_name(response.json())

    cut = services[hung]
    assert cut["health"] == "unreachable"
    assert cut["ready"] is None
    assert cut["version"] is None
    assert cut["tenant_count"] is None
    assert cut["last_error"].startswith("health: timeout")
    # The hung probe ended because of the per-call timeout, not because the service answered.
    assert cut["probe_latency_ms"] >= PROBE_TIMEOUT_S * 1000 * 0.9
    assert [p["ok"] for p in cut["history"]] == [False]

    closed = services[refused]
    assert closed["health"] == "unreachable"
    assert closed["last_error"].startswith("health: unreachable")

    others = [s for name, s in services.items() if name not in (hung, refused)]
    assert others
    assert all(s["health"] == "ok" for s in others)
    assert response.json()["summary"]["by_health"] == {
        "ok": len(others),
        "failing": 0,
        "unreachable": 2,
        "unknown": 0,
    }
    # The feature under test is the bound itself: one hung service costs about one timeout.
    assert elapsed < PROBE_TIMEOUT_S * 3

    fleet.clear_fault(hung)
    fleet.clear_fault(refused)
    healed = by_name((await client.get(SNAPSHOT, headers=admin_headers)).json())
    assert healed[hung]["health"] == "ok"
    assert healed[refused]["health"] == "ok"
    assert [p["ok"] for p in healed[hung]["history"]] == [False, True]


async def test_an_unhealthy_service_is_not_ready(
    client: httpx.AsyncClient, admin_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    sick = sorted(fleet.services)[-1]
    fleet.set_fault(sick, "unhealthy")
    services = by_name((await client.get(SNAPSHOT, headers=admin_headers)).json())
    assert services[sick]["ready"] is False
    assert services[sick]["health"] == "ok"  # alive and speaking the protocol; just not ready
    assert all(s["ready"] is True for name, s in services.items() if name != sick)


async def test_a_registry_change_shows_in_the_next_snapshot(
    client: httpx.AsyncClient, admin_headers: dict[str, str], fleet: Simulator
) -> None:
    empty = (await client.get(SNAPSHOT, headers=admin_headers)).json()
    assert empty["services"] == []
    assert empty["summary"]["total"] == 0
    await register_sim(fleet)
    gone = sorted(fleet.services)[0]
    deleted = await client.delete(
        f"/api/v1/fleet/services/{gone}", params={"reason": "retired"}, headers=admin_headers
    )
    assert deleted.status_code == 204
    names = set(by_name((await client.get(SNAPSHOT, headers=admin_headers)).json()))
    assert names == set(fleet.services) - {gone}


# --- the prober without the API ------------------------------------------------------------------


async def test_a_wrong_secret_makes_the_service_failing_without_leaking_either_secret(
    fleet: Simulator,
) -> None:
    wrong = "wrong-secret-value-1234"
    snapshot = await FleetProber(secret=wrong, timeout_s=PROBE_TIMEOUT_S, outbound=LOOPBACK).probe(
        registry_entries(fleet)
    )
    assert {s.health for s in snapshot.services} == {"failing"}
    for entry in snapshot.services:
        assert entry.last_error is not None
        assert entry.last_error.startswith("state: bad-response (HTTP 401")
        assert wrong not in entry.last_error
        assert FLEET_SECRET not in entry.last_error
        assert entry.ready is True
        assert entry.version is not None
        assert entry.tenant_count is None


async def test_without_a_secret_the_state_is_not_read(fleet: Simulator) -> None:
    snapshot = await FleetProber(secret=None, timeout_s=PROBE_TIMEOUT_S, outbound=LOOPBACK).probe(
        registry_entries(fleet)
    )
    assert snapshot.secret_configured is False
    assert {s.health for s in snapshot.services} == {"ok"}
    assert all(s.config_revisions is None and s.tenant_count is None for s in snapshot.services)
    assert all(s.version == "1.0.0" for s in snapshot.services)


async def test_concurrent_snapshot_requests_share_one_probe_round(fleet: Simulator) -> None:
    prober = FleetProber(secret=FLEET_SECRET, timeout_s=PROBE_TIMEOUT_S, outbound=LOOPBACK)
    loads = 0

    async def load() -> list[FleetService]:
        nonlocal loads
        loads += 1
        return registry_entries(fleet)

    first, second = await asyncio.gather(prober.snapshot(load), prober.snapshot(load))
    assert loads == 1
    assert first is second
    third = await prober.snapshot(load)
    assert loads == 2
    assert all(len(s.history) == 2 for s in third.services)


async def test_more_services_than_probe_slots_all_finish(fleet: Simulator) -> None:
    prober = FleetProber(secret=FLEET_SECRET, timeout_s=PROBE_TIMEOUT_S, concurrency=2, outbound=LOOPBACK)
    snapshot = await prober.probe(registry_entries(fleet))
    assert snapshot.summary.by_health["ok"] == len(fleet.services)


async def test_a_service_not_probed_by_the_deadline_is_unknown_not_unreachable(fleet: Simulator) -> None:
    # One probe slot and two hung services: the first holds the slot until its per-call timeout
    # (it is unreachable); the second is cut by the snapshot deadline before its own timeout, and
    # the healthy service queued behind them is never probed: both are unknown, not unreachable.
    entries = sorted(registry_entries(fleet), key=lambda s: s.name)[:3]
    first, second, queued = entries
    for hung in (first, second):
        fleet.set_fault(hung.name, "unreachable", mode="hang")
    try:
        prober = FleetProber(secret=FLEET_SECRET, timeout_s=PROBE_TIMEOUT_S, concurrency=1, outbound=LOOPBACK)
        snapshot = await prober.probe(entries)
    finally:
        for hung in (first, second):
            fleet.clear_fault(hung.name)
    health = {s.name: s.health for s in snapshot.services}
    assert health == {first.name: "unreachable", second.name: "unknown", queued.name: "unknown"}
    queued_result = next(s for s in snapshot.services if s.name == queued.name)
    assert "did not get to this service in time" in (queued_result.last_error or "")
    assert snapshot.summary.by_health == {"ok": 0, "failing": 0, "unreachable": 1, "unknown": 2}


# --- the client ----------------------------------------------------------------------------------


async def test_client_speaks_the_protocol(fleet: Simulator) -> None:
    service = next(s for s in fleet.services.values() if s.spec.kind == "aggregate")
    async with ServiceClient(
        service.name, service.base_url, secret=FLEET_SECRET, timeout_s=PROBE_TIMEOUT_S, outbound=LOOPBACK
    ) as client:
        assert await client.health() == "ok"
        assert await client.ready() is True
        info = await client.metrics()
        assert (info.service, info.version, info.git_sha) == (
            service.name,
            service.spec.version,
            service.spec.git_sha,
        )
        state = await client.state()
        assert (state.service, state.kind, state.site) == (service.name, "aggregate", service.spec.site)
        tenant = next(iter(state.tenants), "acme")

        drained = await client.drain(tenant)
        assert (drained.service, drained.tenant, drained.acquiring) == (service.name, tenant, False)
        assert (await client.drain(tenant)).acquiring is False  # idempotent
        assert (await client.state()).tenants[tenant].acquiring is False
        resumed = await client.resume(tenant)
        assert resumed.acquiring is True
        assert (await client.state()).tenants[tenant].acquiring is True

        reloaded = await client.reload()
        assert reloaded.service == service.name
        assert isinstance(reloaded.config_revisions, dict)

        with pytest.raises(ServiceCallError) as bad_tenant:
            await client.drain("Not A Tenant")
        assert (bad_tenant.value.kind, bad_tenant.value.status_code) == ("http", 400)


async def test_client_errors_are_typed_and_never_carry_the_secret(fleet: Simulator) -> None:
    names = sorted(fleet.services)
    service = fleet.services[names[0]]
    wrong = "do-not-print-this-secret"
    async with ServiceClient(
        service.name, service.base_url, secret=wrong, timeout_s=PROBE_TIMEOUT_S, outbound=LOOPBACK
    ) as client:
        assert wrong not in repr(client)
        with pytest.raises(ServiceCallError) as unauthorised:
            await client.state()
        error = unauthorised.value
        assert (error.service, error.operation, error.kind, error.status_code) == (
            service.name,
            "state",
            "http",
            401,
        )
        assert wrong not in str(error)
        assert wrong not in error.detail
        assert wrong not in repr(error)

    async with ServiceClient(service.name, service.base_url, secret=None, outbound=LOOPBACK) as anonymous:
        with pytest.raises(ServiceCallError) as no_secret:
            await anonymous.reload()
        assert no_secret.value.kind == "refused"

    hung, refused = fleet.services[names[1]], fleet.services[names[2]]
    fleet.set_fault(hung.name, "unreachable", mode="hang")
    fleet.set_fault(refused.name, "unreachable", mode="refuse")
    async with ServiceClient(
        hung.name, hung.base_url, secret=FLEET_SECRET, timeout_s=0.3, outbound=LOOPBACK
    ) as client:
        with pytest.raises(ServiceCallError) as timed_out:
            await client.drain("acme")
        assert (timed_out.value.kind, timed_out.value.operation) == ("timeout", "drain")
        assert FLEET_SECRET not in str(timed_out.value)
    async with ServiceClient(
        refused.name, refused.base_url, secret=FLEET_SECRET, timeout_s=0.3, outbound=LOOPBACK
    ) as client:
        with pytest.raises(ServiceCallError) as closed:
            await client.health()
        assert closed.value.kind == "refused"


async def test_client_reports_protocol_errors() -> None:
    # A service that answers 200 with bodies off the protocol (a stand-in transport, not the sim).
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/admin/state":
            return httpx.Response(200, json={"service": "x", "kind": "database"})
        if request.url.path == "/metrics":
            return httpx.Response(200, text="requests_total 3\n")
        return httpx.Response(200, text="not json")

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
        client = ServiceClient("odd", "http://odd.invalid", secret=FLEET_SECRET, http=http)
        for call in (client.state, client.metrics, client.health, client.reload):
            with pytest.raises(ServiceCallError) as wrong:
                await call()
            assert wrong.value.kind == "protocol", wrong.value
            assert FLEET_SECRET not in str(wrong.value)


def test_build_info_is_read_from_prometheus_text() -> None:
    text = (
        "# TYPE agg_build_info gauge\n"
        'agg_build_info{service="agg-1",version="2.1.0",git_sha="abc1234"} 1\n'
        'other_build_info{service="other",version="9",git_sha="x"} 1\n'
        "# TYPE requests_total counter\nrequests_total 3\n"
    )
    info = parse_build_info(text, "agg-1")
    assert info is not None
    assert (info.version, info.git_sha) == ("2.1.0", "abc1234")
    assert parse_build_info("requests_total 3\n") is None


def test_sim_specs_are_what_the_registry_accepts() -> None:
    # The demo fleet's names must pass the registry's name pattern (the dev server seeds them).
    import re

    from lifeboat.fleet.models import SERVICE_NAME_PATTERN

    specs: list[SimServiceSpec] = demo_fleet()
    assert all(re.match(SERVICE_NAME_PATTERN, spec.name) for spec in specs)
