"""The fleet registry: register (idempotent on the name), update, delete, list — validated,
authorised (admin changes, viewer reads) and audited with a reason."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from lifeboat.core.outbound import LOOPBACK_ALLOW
from lifeboat.fleet.models import FleetServiceSpec
from lifeboat.fleet.registry import register_services
from lifeboat.settings import Settings
from tests.conftest import make_settings
from tests.fleet.conftest import LOOPBACK
from tests.services import TestServices

SERVICES = "/api/v1/fleet/services"


def body(name: str = "agg-1.primary", **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": name,
        "kind": "aggregate",
        "site": "primary",
        "environment": "prod",
        "base_url": "http://10.0.0.5:9000",
        "reason": "bring the aggregate online",
    }
    values.update(overrides)
    return values


async def audit_rows(client: httpx.AsyncClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    response = await client.get("/api/v1/audit", params={"action": "fleet.*"}, headers=headers)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()["items"]
    return rows


class Who:
    id = "system:test"
    name = "fleet seeder"


#: The fleet network of these tests: an operator allows it (private ranges are refused otherwise).
FLEET_NETWORK = "10.0.0.0/8"


@pytest.fixture
def settings(services: TestServices, database_url: str) -> Settings:
    return make_settings(services, database_url, outbound_allow=f"{LOOPBACK_ALLOW},{FLEET_NETWORK}")


@pytest.mark.parametrize(
    "base_url",
    [
        "http://169.254.169.254",  # metadata, even though nothing allows it
        "http://2852039166",  # the same, in decimal
        "http://0xa9.0xfe.0xa9.0xfe",  # in hex
        "http://[::ffff:169.254.169.254]",  # IPv4-mapped IPv6
        "http://[fd00:ec2::254]",  # AWS IPv6 metadata
        "http://metadata.google.internal",
        "http://172.16.0.9:9000",  # private, not on the allowlist
        "http://192.168.1.1",
        "http://100.64.0.1",  # carrier-grade NAT
        "http://0.0.0.0:9000",
    ],
)
async def test_a_base_url_the_outbound_policy_refuses_is_422_and_nothing_is_stored(
    client: httpx.AsyncClient, admin_headers: dict[str, str], base_url: str
) -> None:
    response = await client.post(SERVICES, json=body(base_url=base_url), headers=admin_headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["type"] == "urn:lifeboat:error:outbound-refused"
    assert [e["field"] for e in problem["errors"]] == ["base_url"]
    assert "outbound URL policy" in problem["detail"]
    assert (await client.get(f"{SERVICES}/agg-1.primary", headers=admin_headers)).status_code == 404
    # PUT is checked the same way.
    assert (await client.post(SERVICES, json=body(), headers=admin_headers)).status_code == 201
    moved = {k: v for k, v in body(base_url=base_url).items() if k != "name"}
    updated = await client.put(f"{SERVICES}/agg-1.primary", json=moved, headers=admin_headers)
    assert updated.status_code == 422, updated.text
    assert (await client.get(f"{SERVICES}/agg-1.primary", headers=admin_headers)).json()["base_url"] == (
        "http://10.0.0.5:9000"
    )


async def test_register_then_read_back(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    response = await client.post(SERVICES, json=body(base_url="http://10.0.0.5:9000/"), headers=admin_headers)
    assert response.status_code == 201, response.text
    created = response.json()
    assert created["name"] == "agg-1.primary"
    assert created["base_url"] == "http://10.0.0.5:9000"  # normalised: no trailing slash
    assert created["created_by"] == "admin-token"
    assert created["created_at"]
    assert created["updated_at"]

    one = await client.get(f"{SERVICES}/agg-1.primary", headers=admin_headers)
    assert one.status_code == 200
    assert one.json() == created

    rows = await audit_rows(client, admin_headers)
    assert len(rows) == 1
    assert rows[0]["action"] == "fleet.service.register"
    assert rows[0]["target"] == "fleet_service:agg-1.primary"
    assert rows[0]["reason"] == "bring the aggregate online"
    assert rows[0]["details"]["base_url"] == "http://10.0.0.5:9000"


async def test_registering_the_same_definition_again_is_a_no_op(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    first = await client.post(SERVICES, json=body(), headers=admin_headers)
    again = await client.post(SERVICES, json=body(reason="retry after a timeout"), headers=admin_headers)
    assert first.status_code == 201
    assert again.status_code == 200, again.text
    assert again.json() == first.json()
    assert len(await audit_rows(client, admin_headers)) == 1


async def test_a_different_definition_under_a_registered_name_is_a_conflict(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    assert (await client.post(SERVICES, json=body(), headers=admin_headers)).status_code == 201
    response = await client.post(SERVICES, json=body(site="dr"), headers=admin_headers)
    assert response.status_code == 409
    problem = response.json()
    assert response.headers["content-type"].startswith("application/problem+json")
    assert problem["type"] == "urn:lifeboat:error:conflict"
    assert [e["field"] for e in problem["errors"]] == ["site"]
    still = await client.get(f"{SERVICES}/agg-1.primary", headers=admin_headers)
    assert still.json()["site"] == "primary"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": "Agg_1"}, "name"),
        ({"name": "-agg"}, "name"),
        ({"name": "a" * 64}, "name"),
        ({"kind": "database"}, "kind"),
        ({"site": "tertiary"}, "site"),
        ({"environment": "Prod!"}, "environment"),
        ({"base_url": "ftp://10.0.0.5/"}, "base_url"),
        ({"base_url": "http://user:pw@10.0.0.5:9000"}, "base_url"),
        ({"base_url": "http://10.0.0.5:9000/?x=1"}, "base_url"),
        ({"base_url": "http:///nohost"}, "base_url"),
        ({"base_url": "http://10.0.0.5:99999"}, "base_url"),
        ({"reason": ""}, "reason"),
        ({"reason": "    "}, "reason"),
        ({"extra": 1}, "extra"),
    ],
)
async def test_invalid_registrations_are_400_naming_the_field(
    client: httpx.AsyncClient, admin_headers: dict[str, str], overrides: dict[str, Any], field: str
) -> None:
    response = await client.post(SERVICES, json=body(**overrides), headers=admin_headers)
    assert response.status_code == 400, response.text
    problem = response.json()
    assert problem["type"] == "urn:lifeboat:error:validation"
    assert field in problem["detail"] or any(field in e["field"] for e in problem.get("errors", []))
    assert (await client.get(SERVICES, headers=admin_headers)).json()["items"] == []
    assert await audit_rows(client, admin_headers) == []


async def test_a_missing_reason_is_400(client: httpx.AsyncClient, admin_headers: dict[str, str]) -> None:
    payload = body()
    del payload["reason"]
    response = await client.post(SERVICES, json=payload, headers=admin_headers)
    assert response.status_code == 400
    assert "reason" in response.json()["detail"]


async def test_viewers_read_and_only_admins_change(
    client: httpx.AsyncClient, admin_headers: dict[str, str], viewer_headers: dict[str, str]
) -> None:
    assert (await client.post(SERVICES, json=body(), headers=admin_headers)).status_code == 201
    listed = await client.get(SERVICES, headers=viewer_headers)
    assert listed.status_code == 200
    assert [s["name"] for s in listed.json()["items"]] == ["agg-1.primary"]
    assert (await client.get(f"{SERVICES}/agg-1.primary", headers=viewer_headers)).status_code == 200

    denied = [
        await client.post(SERVICES, json=body(name="gw-1"), headers=viewer_headers),
        await client.put(f"{SERVICES}/agg-1.primary", json=body(), headers=viewer_headers),
        await client.delete(
            f"{SERVICES}/agg-1.primary", params={"reason": "viewer try"}, headers=viewer_headers
        ),
    ]
    assert [r.status_code for r in denied] == [403, 403, 403]
    assert all(r.json()["type"] == "urn:lifeboat:error:forbidden" for r in denied)
    anonymous = await client.get(SERVICES)
    assert anonymous.status_code == 401
    assert (await client.get("/api/v1/fleet")).status_code == 401
    assert len(await audit_rows(client, admin_headers)) == 1  # only the admin's registration


async def test_update_replaces_the_definition_and_audits_before_and_after(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    assert (await client.post(SERVICES, json=body(), headers=admin_headers)).status_code == 201
    update = {k: v for k, v in body(base_url="https://agg-1.internal:9443", reason="moved host").items()}
    del update["name"]
    response = await client.put(f"{SERVICES}/agg-1.primary", json=update, headers=admin_headers)
    assert response.status_code == 200, response.text
    assert response.json()["base_url"] == "https://agg-1.internal:9443"
    assert response.json()["updated_at"] >= response.json()["created_at"]

    # The same definition again changes nothing and writes no audit row.
    same = await client.put(f"{SERVICES}/agg-1.primary", json=update, headers=admin_headers)
    assert same.status_code == 200
    rows = await audit_rows(client, admin_headers)
    assert [r["action"] for r in rows] == ["fleet.service.update", "fleet.service.register"]
    assert rows[0]["reason"] == "moved host"
    assert rows[0]["details"]["before"]["base_url"] == "http://10.0.0.5:9000"
    assert rows[0]["details"]["after"]["base_url"] == "https://agg-1.internal:9443"

    missing = await client.put(f"{SERVICES}/nope", json=update, headers=admin_headers)
    assert missing.status_code == 404
    assert missing.json()["type"] == "urn:lifeboat:error:not-found"
    name_in_body = await client.put(f"{SERVICES}/agg-1.primary", json=body(), headers=admin_headers)
    assert name_in_body.status_code == 400  # the name is the path's, not the body's


async def test_delete_needs_a_reason_and_is_audited(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    assert (await client.post(SERVICES, json=body(), headers=admin_headers)).status_code == 201
    no_reason = await client.delete(f"{SERVICES}/agg-1.primary", headers=admin_headers)
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["detail"]
    short = await client.delete(f"{SERVICES}/agg-1.primary", params={"reason": "x"}, headers=admin_headers)
    assert short.status_code == 400

    gone = await client.delete(
        f"{SERVICES}/agg-1.primary", params={"reason": "decommissioned"}, headers=admin_headers
    )
    assert gone.status_code == 204
    assert (await client.get(f"{SERVICES}/agg-1.primary", headers=admin_headers)).status_code == 404
    again = await client.delete(
        f"{SERVICES}/agg-1.primary", params={"reason": "again"}, headers=admin_headers
    )
    assert again.status_code == 404
    rows = await audit_rows(client, admin_headers)
    assert [r["action"] for r in rows] == ["fleet.service.delete", "fleet.service.register"]
    assert rows[0]["reason"] == "decommissioned"
    assert rows[0]["details"]["kind"] == "aggregate"


async def test_list_filters_and_pages_by_name(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    specs = [
        ("gw-1", "gateway", "primary"),
        ("gw-2", "gateway", "dr"),
        ("agg-1", "aggregate", "primary"),
        ("agg-2", "aggregate", "dr"),
        ("proj-1", "projection", "primary"),
    ]
    for name, kind, site in specs:
        response = await client.post(
            SERVICES, json=body(name=name, kind=kind, site=site), headers=admin_headers
        )
        assert response.status_code == 201, response.text

    gateways = (await client.get(SERVICES, params={"kind": "gateway"}, headers=admin_headers)).json()
    assert [s["name"] for s in gateways["items"]] == ["gw-1", "gw-2"]
    dr = (await client.get(SERVICES, params={"site": "dr"}, headers=admin_headers)).json()
    assert [s["name"] for s in dr["items"]] == ["agg-2", "gw-2"]
    both = (
        await client.get(SERVICES, params={"site": "dr", "kind": "aggregate"}, headers=admin_headers)
    ).json()
    assert [s["name"] for s in both["items"]] == ["agg-2"]
    bad = await client.get(SERVICES, params={"kind": "database"}, headers=admin_headers)
    assert bad.status_code == 400

    names: list[str] = []
    cursor: str | None = None
    for _ in range(5):
        params: dict[str, Any] = {"limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (await client.get(SERVICES, params=params, headers=admin_headers)).json()
        names += [s["name"] for s in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert names == sorted(name for name, _, _ in specs)
    assert (await client.get(SERVICES, params={"cursor": "!!"}, headers=admin_headers)).status_code == 400


async def test_register_services_is_idempotent_and_updates_what_changed(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    specs = [
        FleetServiceSpec(
            name=f"sim-{kind}",
            kind=kind,
            site="primary",
            environment="dev",
            base_url=f"http://127.0.0.1:{port}",
        )
        for port, kind in enumerate(("gateway", "aggregate", "projection", "runner"), start=9101)
    ]
    first = await register_services(specs, actor=Who(), reason="seed the simulated fleet", outbound=LOOPBACK)
    again = await register_services(specs, actor=Who(), reason="seed the simulated fleet", outbound=LOOPBACK)
    assert [s.name for s in first] == [s.name for s in specs]
    assert first == again
    rows = await audit_rows(client, admin_headers)
    assert len(rows) == 4
    assert {r["actor_name"] for r in rows} == {"fleet seeder"}

    moved = [*specs[:3], FleetServiceSpec(**{**_fields(specs[3]), "base_url": "http://127.0.0.1:9999"})]
    result = await register_services(moved, actor=Who(), reason="the simulator moved", outbound=LOOPBACK)
    assert result[3].base_url == "http://127.0.0.1:9999"
    rows = await audit_rows(client, admin_headers)
    assert [r["action"] for r in rows[:1]] == ["fleet.service.update"]
    assert len(rows) == 5


def _fields(spec: FleetServiceSpec) -> dict[str, Any]:
    return {
        "name": spec.name,
        "kind": spec.kind,
        "site": spec.site,
        "environment": spec.environment,
        "base_url": spec.base_url,
    }
