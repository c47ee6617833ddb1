"""Contract fuzzing: schemathesis drives every operation of openapi/openapi.json against a real
`lifeboat serve` with valid and invalid inputs. Bad input must get a documented 4xx problem+json,
never a 5xx, and every response must match the schema the contract publishes for it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.live_server import LifeboatServer, LiveServerError, live_lifeboat
from tests.services import TestServices

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "contract" / "artifacts"


@pytest.fixture(scope="module")
def fuzz_server(services: TestServices) -> Iterator[LifeboatServer]:
    try:
        with live_lifeboat(services, environment="fuzz", log_path=ARTIFACTS / "fuzz-server.log") as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def admin_token(fuzz_server: LifeboatServer) -> str:
    with httpx.Client(base_url=fuzz_server.base_url, timeout=10) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"username": fuzz_server.admin_username, "password": fuzz_server.admin_password},
        )
        assert login.status_code == 200, login.text
        created = client.post(
            "/api/v1/tokens",
            json={"name": "fuzzer", "role": "admin", "reason": "contract fuzzing"},
            headers={"x-csrf-token": login.json()["csrf_token"]},
        )
        assert created.status_code == 201, created.text
        secret: str = created.json()["secret"]
        return secret


@pytest.fixture(scope="module")
def contract(fuzz_server: LifeboatServer) -> schemathesis.schemas.BaseSchema:
    document = json.loads((ROOT / "openapi" / "openapi.json").read_text())
    schema = schemathesis.openapi.from_dict(document)
    schema.config.update(base_url=fuzz_server.base_url)
    return schema


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 20, GenerationMode.NEGATIVE: 20}


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
def test_no_server_errors_and_responses_match_the_contract(
    contract: schemathesis.schemas.BaseSchema, admin_token: str, mode: GenerationMode
) -> None:
    """Every operation, valid (positive) and invalid (negative) inputs, as an admin."""
    headers = {"Authorization": f"Bearer {admin_token}"}
    failures: list[str] = []
    operations = [result.ok() for result in contract.get_all_operations()]
    assert len(operations) >= 12, "the contract lost operations"
    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES[mode], deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def exercise(case: schemathesis.Case) -> None:
            response = case.call(headers=headers, timeout=30)
            case.validate_response(response, checks=CHECKS)

        try:
            exercise()
        except Exception as exc:  # collect every failing operation, then report them together
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}")
    assert not failures, "\n\n".join(failures)
