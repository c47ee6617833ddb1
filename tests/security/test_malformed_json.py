"""Malformed JSON bodies against a real ``lifeboat serve``: on every operation of the published
contract that takes a JSON body, invalid UTF-8, 100,000 nested ``[`` and a key sent twice are a
400 problem+json that says what is wrong, never a 500, and the server logs no traceback.

Each body is sent with an admin, a restore-consumer and a backup-agent token: the guard runs
before the body is read, so a caller without the route's permission gets its 403 first (that is
the permission matrix, tested elsewhere); at least one of the three holds every route's
permission, and for that caller the answer must be the body's 400. Path parameters are dummy
values: the body is checked before the handler looks anything up, so no 404 can come first.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer
from tests.security.conftest import bearer, mint_token

pytestmark = pytest.mark.integration

OPENAPI = Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
DUMMY_UUID = "01a23aef-0000-7000-8000-000000000000"

#: name -> (body, what the problem's detail must say)
MALFORMED: dict[str, tuple[bytes, str]] = {
    "invalid utf-8": (b'{"reason": "caf\xe9 \xff\xfe"}', "UTF-8"),
    "100k nesting": (b"[" * 100_000, "nested too deeply"),
    "duplicate key": (b'{"reason": "first", "reason": "second"}', "'reason'"),
}


def json_body_operations() -> list[tuple[str, str, dict[str, Any]]]:
    """(method, path, operation) of every operation whose request body is JSON."""
    spec = json.loads(OPENAPI.read_text())
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if any(media.endswith("json") for media in content):
                found.append((method.upper(), path, operation))
    return found


def concrete(path: str, operation: dict[str, Any]) -> tuple[str, dict[str, str]]:
    """The path with dummy path parameters, and the required headers with dummy values."""
    headers = {"content-type": "application/json"}
    for parameter in operation.get("parameters", []):
        name = parameter["name"]
        if parameter["in"] == "path":
            uuid_like = parameter.get("schema", {}).get("format") == "uuid" or name.endswith("_id")
            path = path.replace("{" + name + "}", DUMMY_UUID if uuid_like else "no-such-name")
        elif parameter["in"] == "header" and parameter.get("required"):
            headers[name] = "x-tenant" if name.lower() == "x-tenant-id" else "malformed-json-test"
    return path, headers


OPERATIONS = json_body_operations()


def test_the_contract_has_json_body_operations() -> None:
    # A broken reader would make the matrix below vacuous.
    assert len(OPERATIONS) >= 20
    assert {"create_job", "cancel_job", "login", "report_restore_verification"} <= {
        op["operationId"] for _, _, op in OPERATIONS
    }


@pytest.fixture(scope="module")
def callers(live: LifeboatServer) -> dict[str, dict[str, str]]:
    return {
        role: bearer(mint_token(live, role, name=f"malformed-{role}"))
        for role in ("admin", "restore-consumer", "backup-agent")
    }


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_every_json_operation_refuses_malformed_bodies_with_400(
    live: LifeboatServer, callers: dict[str, dict[str, str]], case: str
) -> None:
    body, says = MALFORMED[case]
    failures: list[str] = []
    with httpx.Client(base_url=live.base_url, timeout=30) as client:
        for method, template, operation in OPERATIONS:
            path, headers = concrete(template, operation)
            answered_400 = False
            for role, auth in callers.items():
                response = client.request(method, path, content=body, headers={**headers, **auth})
                where = f"{operation['operationId']} ({method} {path}) as {role}"
                media = response.headers.get("content-type", "")
                if not media.startswith("application/problem+json"):
                    failures.append(f"{where}: {response.status_code} {media}")
                    continue
                problem = response.json()
                if response.status_code == 400:
                    answered_400 = True
                    if problem["type"] != "urn:lifeboat:error:validation" or says not in problem["detail"]:
                        failures.append(f"{where}: 400 but {problem['type']}: {problem['detail']}")
                elif response.status_code != 403:
                    failures.append(f"{where}: {response.status_code} {problem.get('detail')}")
            if not answered_400:
                failures.append(f"{operation['operationId']}: no caller got the body's 400")
    assert not failures, "\n".join(failures)


def test_the_server_logged_no_traceback(live: LifeboatServer, callers: dict[str, dict[str, str]]) -> None:
    with httpx.Client(base_url=live.base_url, timeout=30) as client:
        for body, _ in MALFORMED.values():
            response = client.post(
                "/api/v1/jobs/plan",
                content=body,
                headers={**callers["admin"], "content-type": "application/json"},
            )
            assert response.status_code == 400, response.text
    log = live.log_path.read_text(errors="replace")
    assert "request_body_malformed" in log  # the server did see them
    assert "Traceback" not in log
    assert "unhandled_error" not in log
    assert '"status": 500' not in log
