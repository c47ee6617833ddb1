"""The published contract is what the server does, against a real ``lifeboat serve``.

The outside review fuzzed 16,000 requests: no 500s, but the contract lied. ``{"paused": 1}``
paused the job engine although ``paused`` is a boolean, ``"30"`` passed as an integer and
``?since=0.5`` meant 1970; schemas left out ``additionalProperties: false`` although the server
refuses unknown fields; the job receipt was published as a string. A client generated from the
contract, or a proxy/WAF validating against it, would disagree with the server. The full proof
is the schemathesis run with every check in ``tests/contract/test_fuzz.py``; these are the
review's findings replayed one by one.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
import schemathesis
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.live_server import LifeboatServer

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def contract(live: LifeboatServer) -> dict[str, Any]:
    """The contract the live server publishes (``/schema/openapi.json``)."""
    response = httpx.get(f"{live.base_url}/schema/openapi.json", timeout=15)
    assert response.status_code == 200, response.text
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture(scope="module")
def api(admin_api: httpx.Client) -> httpx.Client:
    """An admin@* bearer client on the live server."""
    return admin_api


def problem_fields(response: httpx.Response, status: int = 400) -> list[str]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in response.json().get("errors", [])]


def test_a_number_is_not_a_boolean_and_does_not_pause_the_engine(api: httpx.Client) -> None:
    response = api.post("/api/v1/jobs/engine", json={"paused": 1, "reason": "contract check"})
    assert problem_fields(response) == ["paused"]
    assert api.get("/api/v1/jobs/engine").json()["paused"] is False
    assert (
        api.post(
            "/api/v1/jobs/plan", json={"kind": "system.probe", "reason": "check", "dry_run": "true"}
        ).status_code
        == 400
    )


def test_a_string_is_not_a_number(api: httpx.Client) -> None:
    response = api.post(
        "/api/v1/tokens",
        json={"name": "lax-days", "role": "viewer", "reason": "contract check", "expires_in_days": "30"},
    )
    assert problem_fields(response) == ["expires_in_days"]
    assert all(t["name"] != "lax-days" for t in api.get("/api/v1/tokens").json()["items"])


@pytest.mark.parametrize("path", ["/api/v1/audit?since=0.5", "/api/v1/audit?until=1", "/api/v1/jobs?since=0"])
def test_a_number_is_not_a_date_time(api: httpx.Client, path: str) -> None:
    field = path.split("?")[1].split("=")[0]
    assert problem_fields(api.get(path)) == [field]


def test_an_integer_may_be_written_with_a_zero_fraction(api: httpx.Client) -> None:
    """JSON Schema's integer: 30.0 is 30 (strict input must not refuse what the contract allows)."""
    response = api.post(
        "/api/v1/tokens",
        json={"name": "days-float", "role": "viewer", "reason": "contract check", "expires_in_days": 30.0},
    )
    assert response.status_code == 201, response.text


def test_every_published_object_schema_is_closed(contract: dict[str, Any], api: httpx.Client) -> None:
    open_schemas = [
        name
        for name, schema in contract["components"]["schemas"].items()
        if schema.get("type") == "object"
        and "properties" in schema
        and schema.get("additionalProperties") is not False
    ]
    assert open_schemas == []
    # ... and the server refuses what the closed schema refuses
    response = api.post("/api/v1/jobs/engine", json={"paused": False, "reason": "contract check", "extra": 1})
    assert response.status_code == 400, response.text


def test_public_routes_declare_that_they_need_no_credentials(contract: dict[str, Any]) -> None:
    public = {
        f"{method.upper()} {path}"
        for path, item in contract["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and operation.get("security") == [{}]
    }
    assert public == {"GET /health", "GET /ready", "GET /metrics", "POST /api/v1/auth/login"}
    assert contract["security"] == [{"bearer": []}, {"session": []}]


def test_the_receipt_and_the_event_stream_are_declared_as_what_they_are(
    live: LifeboatServer, contract: dict[str, Any], api: httpx.Client
) -> None:
    created = api.post(
        "/api/v1/jobs",
        json={"kind": "system.probe", "reason": "a receipt to check"},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert created.status_code in (200, 201), created.text
    job_id = created.json()["job"]["id"]
    cancelled = api.post(f"/api/v1/jobs/{job_id}/cancel", json={"reason": "end it for its receipt"})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["job"]["status"] == "cancelled"

    schema = schemathesis.openapi.from_dict(contract)
    operation = schema["/api/v1/jobs/{job_id}/receipt"]["GET"]
    case = operation.Case(path_parameters={"job_id": job_id})
    response = case.call(base_url=live.base_url, headers={"Authorization": api.headers["Authorization"]})
    assert response.status_code == 200, response.text
    case.validate_response(response, checks=[response_schema_conformance])  # a Receipt, not a string
    assert response.json()["job_id"] == job_id

    events = contract["paths"]["/api/v1/jobs/{job_id}/events"]["get"]["responses"]["200"]["content"]
    assert list(events) == ["text/event-stream"]


def test_a_cursor_of_the_right_shape_that_was_never_issued_is_a_declared_422(
    contract: dict[str, Any], api: httpx.Client
) -> None:
    assert problem_fields(api.get("/api/v1/audit", params={"cursor": "not a cursor!"})) == ["cursor"]
    response = api.get("/api/v1/audit", params={"cursor": "AAAA"})
    assert problem_fields(response, 422) == ["cursor"]
    assert response.json()["type"] == "urn:lifeboat:error:invalid-cursor"
    assert "422" in contract["paths"]["/api/v1/audit"]["get"]["responses"]
