"""Placement and tenant routes: maps with revisions and source, list/search/pagination, detail,
tenant scope (x-tenant-id), permissions; compare-and-set through the service is audited."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest
from litestar import Litestar

from lifeboat.app import create_app
from lifeboat.placement.models import PlacementMap
from lifeboat.placement.service import PlacementService
from lifeboat.placement.store import PlacementConflict
from lifeboat.settings import Settings
from tests.conftest import bearer_token, make_settings, running_app
from tests.services import TestServices

TENANTS = ["acme", "globex", "initech", "umbrella", "hooli", "stark-industries", "wayne-ent"]
SERVICES = {
    "aggregate": ["aggregate-1", "aggregate-2"],
    "projection": ["projection-1"],
    "runner": ["runner-1", "runner-2", "runner-3"],
}


class Actor:
    id = "test-actor"
    name = "test actor"


def placement(app: Litestar) -> PlacementService:
    service: PlacementService = app.state.placement
    return service


@pytest.fixture
async def seeded(client: httpx.AsyncClient, app: Litestar) -> dict[str, int]:
    created = await placement(app).seed_demo_placement(TENANTS, SERVICES)
    assert set(created) == {"aggregate", "projection", "runner"}
    return dict(created)


def problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["type"] == f"urn:lifeboat:error:{code}", body
    assert body["request_id"]
    return body


async def test_placement_shows_the_three_maps_with_revisions_and_source(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    response = await client.get("/api/v1/placement", headers=viewer_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["source"] == "kv"
    assert body["updated_at"].endswith("Z") or "+00:00" in body["updated_at"]
    assert [m["kind"] for m in body["maps"]] == ["aggregate", "projection", "runner"]
    by_kind = {m["kind"]: m for m in body["maps"]}
    assert by_kind["aggregate"]["key"] == "aggregate_placement"
    assert {k: m["revision"] for k, m in by_kind.items()} == seeded
    # Sorted tenants, round-robin over the kind's services.
    assert list(by_kind["aggregate"]["tenants"]) == sorted(TENANTS)
    assert by_kind["aggregate"]["tenants"]["acme"] == "aggregate-1"
    assert by_kind["aggregate"]["tenants"]["globex"] == "aggregate-2"
    assert set(by_kind["projection"]["tenants"].values()) == {"projection-1"}


async def test_seeding_is_idempotent(app: Litestar, seeded: dict[str, int]) -> None:
    assert await placement(app).seed_demo_placement(["other"], SERVICES) == {}
    assert placement(app).snapshot.revisions() == seeded
    assert "other" not in placement(app).snapshot.tenant_ids()


async def test_tenants_are_listed_in_id_order_with_their_placement(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    response = await client.get("/api/v1/tenants", headers=viewer_headers)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["next_cursor"] is None
    assert body["source"] == "kv"
    assert [t["tenant_id"] for t in body["items"]] == sorted(TENANTS)
    acme = body["items"][0]
    assert acme == {
        "tenant_id": "acme",
        "aggregate": "aggregate-1",
        "projection": "projection-1",
        "runner": "runner-1",
    }


async def test_tenants_in_only_some_maps_show_null_for_the_others(
    client: httpx.AsyncClient, app: Litestar, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    runner = placement(app).snapshot.map("runner")
    await placement(app).compare_and_set(
        "runner",
        PlacementMap(tenants={**runner.tenants, "zeta-only-runner": "runner-9"}),
        runner.revision,
        actor=Actor(),
        reason="test",
    )
    response = await client.get("/api/v1/tenants", params={"q": "zeta"}, headers=viewer_headers)
    assert response.json()["items"] == [
        {"tenant_id": "zeta-only-runner", "aggregate": None, "projection": None, "runner": "runner-9"}
    ]


async def test_search_matches_tenant_ids_and_service_names(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    by_id = await client.get("/api/v1/tenants", params={"q": "IN"}, headers=viewer_headers)
    assert [t["tenant_id"] for t in by_id.json()["items"]] == ["initech", "stark-industries"]
    by_service = await client.get("/api/v1/tenants", params={"q": "aggregate-2"}, headers=viewer_headers)
    assert [t["tenant_id"] for t in by_service.json()["items"]] == ["globex", "initech", "umbrella"]
    none = await client.get("/api/v1/tenants", params={"q": "nobody"}, headers=viewer_headers)
    assert none.json() == {"items": [], "next_cursor": None, "source": "kv"}


async def test_pages_follow_the_cursor_without_gaps_or_repeats(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    seen: list[str] = []
    cursor: str | None = None
    pages = 0
    while True:
        params: dict[str, str | int] = {"limit": 3}
        if cursor:
            params["cursor"] = cursor
        response = await client.get("/api/v1/tenants", params=params, headers=viewer_headers)
        assert response.status_code == 200, response.text
        body = response.json()
        assert len(body["items"]) <= 3
        seen += [t["tenant_id"] for t in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(TENANTS)
    assert pages == 3

    # The cursor composes with the search ("l" is in no service name).
    first = await client.get("/api/v1/tenants", params={"q": "l", "limit": 2}, headers=viewer_headers)
    rest = await client.get(
        "/api/v1/tenants", params={"q": "l", "cursor": first.json()["next_cursor"]}, headers=viewer_headers
    )
    names = [t["tenant_id"] for t in first.json()["items"] + rest.json()["items"]]
    assert names == ["globex", "hooli", "umbrella"]
    assert rest.json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [({"cursor": "%%%not-a-cursor"}, "cursor"), ({"limit": 0}, "limit"), ({"limit": 501}, "limit")],
)
async def test_bad_paging_input_is_a_400(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], params: dict[str, object], field: str
) -> None:
    response = await client.get("/api/v1/tenants", params=params, headers=viewer_headers)
    body = problem(response, 400, "validation")
    assert field in json.dumps(body)


async def test_tenant_detail_gives_the_placement_per_kind_with_revisions(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    response = await client.get("/api/v1/tenants/globex", headers={**viewer_headers, "x-tenant-id": "globex"})
    assert response.status_code == 200, response.text
    assert response.json() == {
        "tenant_id": "globex",
        "source": "kv",
        "placements": [
            {
                "kind": "aggregate",
                "key": "aggregate_placement",
                "service": "aggregate-2",
                "revision": seeded["aggregate"],
            },
            {
                "kind": "projection",
                "key": "projection_placement",
                "service": "projection-1",
                "revision": seeded["projection"],
            },
            {
                "kind": "runner",
                "key": "runner_placement",
                "service": "runner-2",
                "revision": seeded["runner"],
            },
        ],
    }


async def test_unknown_tenant_is_a_404_problem(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    response = await client.get("/api/v1/tenants/nobody", headers={**viewer_headers, "x-tenant-id": "nobody"})
    body = problem(response, 404, "not-found")
    assert "nobody" in str(body["detail"])


@pytest.mark.parametrize(
    ("headers", "detail", "status"),
    [
        ({}, "send the x-tenant-id header", 400),
        ({"x-tenant-id": ""}, "send the x-tenant-id header", 400),
        ({"x-tenant-id": "Globex"}, "is not a tenant id", 400),
        ({"x-tenant-id": "globex; drop"}, "is not a tenant id", 400),
        ({"x-tenant-id": "a" * 64}, "is not a tenant id", 400),
        # well-formed, but contradicting the path: 422 (the contract cannot say "equal to the path")
        ({"x-tenant-id": "acme"}, "does not match the tenant in the path", 422),
    ],
    ids=["missing", "empty", "uppercase", "junk", "too-long", "mismatch"],
)
async def test_tenant_scope_is_required_and_must_match_the_path(
    client: httpx.AsyncClient,
    viewer_headers: dict[str, str],
    seeded: dict[str, int],
    headers: dict[str, str],
    detail: str,
    status: int,
) -> None:
    response = await client.get("/api/v1/tenants/globex", headers={**viewer_headers, **headers})
    body = problem(response, status, "tenant-scope")
    assert detail in str(body["detail"])
    assert [e["field"] for e in body["errors"]] == ["x-tenant-id"]  # type: ignore[attr-defined]
    assert "aggregate-2" not in response.text


async def test_platform_endpoints_ignore_a_malformed_tenant_header(
    client: httpx.AsyncClient, viewer_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    for path in ("/api/v1/placement", "/api/v1/tenants", "/api/v1/auth/me"):
        response = await client.get(path, headers={**viewer_headers, "x-tenant-id": "NOT a tenant!!"})
        assert response.status_code == 200, (path, response.text)


async def test_anonymous_callers_get_401_before_any_tenant_check(client: httpx.AsyncClient) -> None:
    for path, headers in (
        ("/api/v1/placement", {}),
        ("/api/v1/tenants", {}),
        ("/api/v1/tenants/acme", {}),
        ("/api/v1/tenants/acme", {"x-tenant-id": "BAD"}),
    ):
        problem(await client.get(path, headers=headers), 401, "unauthenticated")


async def test_machine_roles_cannot_read_placement(client: httpx.AsyncClient) -> None:
    headers = {"Authorization": f"Bearer {await bearer_token('backup-agent')}"}
    problem(await client.get("/api/v1/placement", headers=headers), 403, "forbidden")
    problem(await client.get("/api/v1/tenants", headers=headers), 403, "forbidden")


async def test_compare_and_set_is_visible_at_once_and_audited(
    client: httpx.AsyncClient, app: Litestar, admin_headers: dict[str, str], seeded: dict[str, int]
) -> None:
    service = placement(app)
    current = service.snapshot.map("aggregate")
    moved = {**current.tenants, "acme": "aggregate-2"}
    revision = await service.compare_and_set(
        "aggregate", PlacementMap(tenants=moved), current.revision, actor=Actor(), reason="move acme"
    )
    assert revision > current.revision
    # Read-your-writes: this process's snapshot already has it.
    response = await client.get("/api/v1/tenants/acme", headers={**admin_headers, "x-tenant-id": "acme"})
    aggregate = response.json()["placements"][0]
    assert aggregate == {
        "kind": "aggregate",
        "key": "aggregate_placement",
        "service": "aggregate-2",
        "revision": revision,
    }

    with pytest.raises(PlacementConflict) as caught:
        await service.compare_and_set(
            "aggregate",
            PlacementMap(tenants=dict(current.tenants)),
            current.revision,
            actor=Actor(),
            reason="stale",
        )
    assert (caught.value.expected, caught.value.actual) == (current.revision, revision)
    assert service.snapshot.map("aggregate").tenants["acme"] == "aggregate-2"

    audit = await client.get("/api/v1/audit", params={"action": "placement.update"}, headers=admin_headers)
    rows = [r for r in audit.json()["items"] if r["actor_id"] == "test-actor"]
    assert [(r["outcome"], r["reason"], r["target"]) for r in rows] == [
        ("failure", "stale", "aggregate_placement"),
        ("success", "move acme", "aggregate_placement"),
    ]
    assert rows[1]["details"]["moved"] == {"acme": {"from": "aggregate-1", "to": "aggregate-2"}}
    assert rows[1]["details"]["revision"] == revision


async def test_a_reason_is_required_for_a_change(app: Litestar, seeded: dict[str, int]) -> None:
    from lifeboat.core.errors import InvalidInput

    with pytest.raises(InvalidInput, match="reason"):
        await placement(app).compare_and_set(
            "aggregate", PlacementMap(tenants={}), seeded["aggregate"], actor=Actor(), reason=" "
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def test_without_nats_the_file_is_served_and_says_so(
    services: TestServices, database_url: str, tmp_path: Path, settings: Settings
) -> None:
    path = tmp_path / "placement.json"
    path.write_text(json.dumps({"aggregate_placement": {"tenants": {"acme": "aggregate-file"}}}))
    file_settings = make_settings(
        services, database_url, nats_url=f"nats://127.0.0.1:{free_port()}", placement_file=str(path)
    )
    app = create_app(file_settings)
    async with running_app(app) as client:
        headers = {"Authorization": f"Bearer {await bearer_token('viewer')}"}
        body = (await client.get("/api/v1/placement", headers=headers)).json()
        assert body["source"] == "file"
        assert body["maps"][0]["tenants"] == {"acme": "aggregate-file"}
        assert body["maps"][0]["revision"] > 0
        detail = await client.get("/api/v1/tenants/acme", headers={**headers, "x-tenant-id": "acme"})
        assert detail.json()["source"] == "file"
        # The file is read-only: writes need KV.
        from lifeboat.core.errors import Unavailable

        with pytest.raises(Unavailable):
            await placement(app).compare_and_set(
                "aggregate", PlacementMap(tenants={}), 1, actor=Actor(), reason="no kv"
            )
