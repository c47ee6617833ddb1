"""GET /api/v1/fleet/tenants/{tenant_id}: every registered service's live view of one tenant,
against the real simulator (no NATS: tenants spread round-robin per kind and site)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from lifeboat.fleet.sim import Simulator, demo_fleet
from lifeboat.settings import Settings
from tests.conftest import make_settings
from tests.fleet.conftest import FLEET_SECRET, simulated_fleet
from tests.fleet.test_snapshot import register_sim
from tests.services import TestServices

TENANTS = ["acme", "globex", "initech", "umbrella"]
PROBE_TIMEOUT_S = 1.0


def activity_url(tenant: str) -> str:
    return f"/api/v1/fleet/tenants/{tenant}"


@pytest.fixture
async def fleet() -> AsyncIterator[Simulator]:
    async with simulated_fleet(None, "unused", demo_fleet(), tenants=TENANTS) as sim:
        yield sim


@pytest.fixture
def settings(services: TestServices, database_url: str) -> Settings:
    return make_settings(
        services, database_url, fleet_secret=FLEET_SECRET, fleet_probe_timeout_s=PROBE_TIMEOUT_S
    )


def scoped(headers: dict[str, str], tenant: str) -> dict[str, str]:
    return {**headers, "x-tenant-id": tenant}


def by_service(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["service"]: entry for entry in body["services"]}


def serving(sim: Simulator, tenant: str) -> set[str]:
    """The services whose own state reports ``tenant`` (what the endpoint must call present)."""
    return {name for name, s in sim.services.items() if tenant in s.behaviour.state().tenants}


async def test_every_service_reports_the_tenant_it_serves(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    response = await client.get(activity_url("acme"), headers=scoped(viewer_headers, "acme"))
    assert response.status_code == 200, response.text
    assert FLEET_SECRET not in response.text
    body = response.json()
    assert body["tenant_id"] == "acme"
    assert body["secret_configured"] is True
    assert [e["service"] for e in body["services"]] == sorted(fleet.services)

    entries = by_service(body)
    present = {name for name, entry in entries.items() if entry["present"]}
    assert present == serving(fleet, "acme")
    # acme is placed on one service of each placed kind per site, at least.
    assert {entries[name]["kind"] for name in present} >= {"aggregate", "projection", "runner"}
    for name, entry in entries.items():
        spec = fleet.services[name].spec
        assert (entry["kind"], entry["site"]) == (spec.kind, spec.site)
        assert entry["reachable"] is True
        assert entry["error"] is None
        if entry["present"]:
            assert entry["acquiring"] is True
            assert entry["inflight"] >= 0
            assert entry["lag"] >= 0
        else:
            assert (entry["acquiring"], entry["inflight"], entry["lag"]) == (None, None, None)
    assert body["inflight_total"] == sum(e["inflight"] or 0 for e in body["services"])


async def test_a_drained_tenant_shows_as_not_acquiring(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    target = sorted(name for name in serving(fleet, "globex") if name.startswith("aggregate-"))[0]
    fleet.services[target].behaviour.drain("globex")

    entries = by_service(
        (await client.get(activity_url("globex"), headers=scoped(viewer_headers, "globex"))).json()
    )
    assert entries[target]["present"] is True
    assert entries[target]["acquiring"] is False
    others = [e for name, e in entries.items() if e["present"] and name != target]
    assert others
    assert all(e["acquiring"] is True for e in others)


async def test_an_unreachable_service_is_named_and_the_rest_still_answer(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    hung, refused = sorted(serving(fleet, "initech"))[:2]
    fleet.set_fault(hung, "unreachable", mode="hang")
    fleet.set_fault(refused, "unreachable", mode="refuse")

    response = await client.get(activity_url("initech"), headers=scoped(viewer_headers, "initech"))
    assert response.status_code == 200, response.text
    entries = by_service(response.json())
    assert entries[hung]["reachable"] is False
    assert entries[hung]["error"].startswith("state: timeout")
    assert entries[refused]["reachable"] is False
    assert entries[refused]["error"].startswith("state: unreachable")
    for entry in (entries[hung], entries[refused]):
        assert entry["present"] is False
        assert entry["inflight"] is None
    rest = [e for name, e in entries.items() if name not in (hung, refused)]
    assert all(e["reachable"] is True for e in rest)
    assert any(e["present"] for e in rest)

    fleet.clear_fault(hung)
    fleet.clear_fault(refused)
    healed = by_service(
        (await client.get(activity_url("initech"), headers=scoped(viewer_headers, "initech"))).json()
    )
    assert healed[hung]["reachable"] is True
    assert healed[refused]["present"] is True


async def test_the_route_is_tenant_scoped(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], fleet: Simulator
) -> None:
    await register_sim(fleet)
    missing = await client.get(activity_url("acme"), headers=viewer_headers)
    assert missing.status_code == 400
    assert missing.json()["type"].endswith("tenant-scope")

    other = await client.get(activity_url("acme"), headers=scoped(viewer_headers, "globex"))
    assert other.status_code == 422  # well-formed, contradicting the path
    assert other.json()["type"].endswith("tenant-scope")
    assert "does not match" in other.json()["detail"]

    anonymous = await client.get(activity_url("acme"), headers={"x-tenant-id": "acme"})
    assert anonymous.status_code == 401


async def test_an_empty_registry_answers_an_empty_list(
    client: httpx.AsyncClient, viewer_headers: dict[str, str]
) -> None:
    response = await client.get(activity_url("acme"), headers=scoped(viewer_headers, "acme"))
    assert response.status_code == 200, response.text
    assert response.json()["services"] == []
    assert response.json()["inflight_total"] == 0
