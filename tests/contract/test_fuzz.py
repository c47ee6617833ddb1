"""Contract fuzzing: the server keeps the contract it publishes (openapi/openapi.json).

schemathesis 4 drives every operation against a real ``lifeboat serve`` with every one of its
checks (configured in ``schemathesis.toml`` next to this file, exclusions there with their
reasons): valid inputs must be accepted (``positive_data_acceptance``) and invalid ones refused
(``negative_data_rejection``), every status, content type, header and body must be the
documented one, public routes must be the only ones that work without credentials
(``ignored_auth``), undeclared methods are 405 (``unsupported_method``), and the stateful phase
follows the inferred links (a deleted resource is gone, a created one is there). Machine-only
operations are fuzzed as that machine. The run is bounded (``FUZZ_EXAMPLES`` per operation and
mode, ``max-steps`` in the stateful phase); ``LIFEBOAT_FUZZ_EXAMPLES`` / ``LIFEBOAT_FUZZ_SEED``
widen or vary it.

Two inputs schemathesis does not send are replayed here against every JSON operation: a body
that is not UTF-8 and a body nested deeper than any parser's recursion limit — each must be a
400 problem+json, never a 500.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.live_server import LifeboatServer, LiveServerError, live_lifeboat
from tests.services import TestServices

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
CONTRACT = ROOT / "openapi" / "openapi.json"
CONFIG = HERE / "schemathesis.toml"
FUZZ_EXAMPLES = int(os.environ.get("LIFEBOAT_FUZZ_EXAMPLES", "12"))
FUZZ_SEED = os.environ.get("LIFEBOAT_FUZZ_SEED", "20261203")
FUZZ_TIMEOUT_S = 900
TOKEN_ENV = {
    "admin": "LIFEBOAT_FUZZ_ADMIN_TOKEN",
    "restore-consumer": "LIFEBOAT_FUZZ_CONSUMER_TOKEN",
    "backup-agent": "LIFEBOAT_FUZZ_AGENT_TOKEN",
}


@pytest.fixture(scope="module")
def fuzz_server(services: TestServices) -> Iterator[LifeboatServer]:
    try:
        with live_lifeboat(services, environment="fuzz", log_path=ARTIFACTS / "fuzz-server.log") as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="module")
def tokens(fuzz_server: LifeboatServer) -> dict[str, str]:
    """An API token secret per role the fuzz calls as (admin and the two machine roles)."""
    with httpx.Client(base_url=fuzz_server.base_url, timeout=10) as client:
        login = client.post(
            "/api/v1/auth/login",
            json={"username": fuzz_server.admin_username, "password": fuzz_server.admin_password},
        )
        assert login.status_code == 200, login.text
        secrets: dict[str, str] = {}
        for role in TOKEN_ENV:
            created = client.post(
                "/api/v1/tokens",
                json={"name": f"fuzz-{role}", "role": role, "reason": "contract fuzzing"},
                headers={"x-csrf-token": login.json()["csrf_token"]},
            )
            assert created.status_code == 201, created.text
            secrets[role] = created.json()["secret"]
        return secrets


def schemathesis_command() -> list[str]:
    script = Path(sys.executable).with_name("schemathesis")
    return [str(script)] if script.exists() else [sys.executable, "-m", "schemathesis.cli"]


@pytest.mark.timeout(FUZZ_TIMEOUT_S + 120)
def test_the_server_keeps_its_published_contract(fuzz_server: LifeboatServer, tokens: dict[str, str]) -> None:
    """schemathesis, all checks, every operation, valid and invalid inputs, then stateful."""
    reports = ARTIFACTS / "schemathesis"
    reports.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **{TOKEN_ENV[role]: secret for role, secret in tokens.items()}}
    command = [
        *schemathesis_command(),
        "--config-file", str(CONFIG),
        "--no-color",
        "run", str(CONTRACT),
        "--url", fuzz_server.base_url,
        "--max-examples", str(FUZZ_EXAMPLES),
        "--seed", FUZZ_SEED,
        "--report", "junit,ndjson",
        "--report-dir", str(reports),
    ]  # fmt: skip
    done = subprocess.run(
        command,
        env=env,
        cwd=ARTIFACTS,  # schemathesis keeps its cache (.schemathesis/) in the working directory
        capture_output=True,
        text=True,
        timeout=FUZZ_TIMEOUT_S,
        check=False,
    )
    (ARTIFACTS / "schemathesis.txt").write_text(done.stdout + done.stderr)
    output = done.stdout + done.stderr
    assert done.returncode == 0, (
        f"schemathesis found contract mismatches (exit {done.returncode}; full report in "
        f"{ARTIFACTS / 'schemathesis.txt'}; rerun with --seed {FUZZ_SEED}):\n{output[-20000:]}"
    )
    assert "Tested: " in output, output[-5000:]


# --- bodies schemathesis does not send --------------------------------------------------------


def _operations_for(config: dict[str, Any]) -> dict[str, str]:
    """operationId -> the role it is fuzzed as (schemathesis.toml's per-operation headers)."""
    roles = {f"${{{env}}}": role for role, env in TOKEN_ENV.items()}
    chosen: dict[str, str] = {}
    for entry in config.get("operations", []):
        header = entry.get("headers", {}).get("Authorization", "")
        role = next((r for placeholder, r in roles.items() if placeholder in header), "admin")
        ids = entry.get("include-operation-id", [])
        for operation_id in [ids] if isinstance(ids, str) else ids:
            chosen[operation_id] = role
    return chosen


def _json_operations() -> list[tuple[str, str, str, list[str]]]:
    """(method, path, operationId, uuid path params) of every operation with a JSON body."""
    document = json.loads(CONTRACT.read_text())
    found = []
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if body and "application/json" in body.get("content", {}):
                uuids = [
                    p["name"]
                    for p in operation.get("parameters", [])
                    if p["in"] == "path" and p.get("schema", {}).get("format") == "uuid"
                ]
                found.append((method.upper(), path, operation["operationId"], uuids))
    return sorted(found)


JSON_OPERATIONS = _json_operations()
MALFORMED_BODIES = {
    "invalid-utf8": b'{"reason": "\xff\xfe not UTF-8 \xc3\x28"}',
    "nested-100k": b"[" * 100_000 + b"]" * 100_000,
    "nested-object-100k": b'{"reason": ' + b'{"a": ' * 100_000 + b"1" + b"}" * 100_000 + b"}",
}


def test_every_json_operation_has_a_malformed_body_case() -> None:
    assert len(JSON_OPERATIONS) >= 20, "the contract lost its JSON operations"


@pytest.mark.parametrize("body", list(MALFORMED_BODIES), ids=list(MALFORMED_BODIES))
def test_malformed_json_bodies_are_400_problems_on_every_operation(
    fuzz_server: LifeboatServer, tokens: dict[str, str], body: str
) -> None:
    """Every JSON operation, as the role that may call it: 400 problem+json naming the body,
    never a 500 (the handler's decoder never sees it)."""
    roles = _operations_for(tomllib.loads(CONFIG.read_text()))
    failures: list[str] = []
    with httpx.Client(base_url=fuzz_server.base_url, timeout=30) as client:
        for method, path, operation_id, uuid_params in JSON_OPERATIONS:
            url = path
            for name in uuid_params:
                url = url.replace("{" + name + "}", str(uuid.uuid4()))
            url = url.replace("{", "fuzz-").replace("}", "")  # other path params: a plain name
            headers = {
                "Authorization": f"Bearer {tokens[roles.get(operation_id, 'admin')]}",
                "Content-Type": "application/json",
                "Idempotency-Key": str(uuid.uuid4()),
            }
            response = client.request(method, url, content=MALFORMED_BODIES[body], headers=headers)
            media_type = response.headers.get("content-type", "")
            if response.status_code != 400 or not media_type.startswith("application/problem+json"):
                failures.append(f"{method} {path}: {response.status_code} {media_type} {response.text[:200]}")
    assert not failures, "\n".join(failures)
