"""The published contract: openapi/openapi.json matches the app, is well-formed and complete,
and the generated clients (TypeScript types, Python package) are fresh."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar.serialization import encode_json

from lifeboat.app import create_app
from lifeboat.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
OPENAPI_FILE = ROOT / "openapi" / "openapi.json"
CLIENT_CONFIG = ROOT / "openapi" / "client-config.yaml"
PYTHON_CLIENT = ROOT / "backend" / "lifeboat_client"
FRONTEND = ROOT / "frontend"
TS_SCHEMA = FRONTEND / "src" / "api" / "schema.d.ts"
REGENERATE = "run `make openapi client` and commit the result"

HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
PROBLEM = "application/problem+json"
# Routes that take no input and need no principal: no 4xx to declare.
NO_CLIENT_ERRORS = {"/health", "/metrics"}


def committed() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(OPENAPI_FILE.read_text())
    return document


def generated() -> dict[str, Any]:
    """What `make openapi` would write (the same call as `lifeboat openapi`)."""
    app = create_app(load_settings(env={}))
    document: dict[str, Any] = json.loads(encode_json(app.openapi_schema.to_schema()))
    return document


def differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Short list of where two documents differ (paths, methods and component schemas)."""
    out = []
    for section in ("paths", "components"):
        left, right = expected.get(section, {}), actual.get(section, {})
        for key in sorted(set(left) | set(right)):
            if left.get(key) != right.get(key):
                if section == "components" and isinstance(left.get(key), dict):
                    for name in sorted(set(left[key]) | set(right.get(key) or {})):
                        if left[key].get(name) != (right.get(key) or {}).get(name):
                            out.append(f"components.{key}.{name}")
                else:
                    out.append(f"{section}[{key}]")
    for key in sorted(set(expected) | set(actual)):
        if key not in ("paths", "components") and expected.get(key) != actual.get(key):
            out.append(key)
    return out


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


# --- the file matches the app ------------------------------------------------------------------


def test_committed_schema_matches_the_app() -> None:
    expected, actual = committed(), generated()
    assert actual == expected, f"openapi/openapi.json is stale ({REGENERATE}); differs at: " + ", ".join(
        differences(expected, actual)
    )


def test_committed_schema_is_in_canonical_form() -> None:
    """`make openapi` writes sorted keys and two-space indents, so regenerating never reorders."""
    text = OPENAPI_FILE.read_text()
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n", (
        f"openapi/openapi.json is not in the exported form; {REGENERATE}"
    )


async def test_served_schema_matches_the_file(client: httpx.AsyncClient) -> None:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200, response.text
    served = response.json()
    expected = committed()
    assert served == expected, (
        f"the running app serves another schema ({REGENERATE}); differs at: "
        + ", ".join(differences(expected, served))
    )


# --- every operation is complete ----------------------------------------------------------------


def test_every_operation_is_named_summarised_and_tagged() -> None:
    document = committed()
    declared_tags = {tag["name"] for tag in document.get("tags", [])}
    seen_ids: dict[str, str] = {}
    problems = []
    for path, method, operation in operations(document):
        where = f"{method.upper()} {path}"
        operation_id = operation.get("operationId")
        if not operation_id or not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", operation_id):
            problems.append(f"{where}: operationId {operation_id!r} is not snake_case")
        elif operation_id in seen_ids:
            problems.append(f"{where}: operationId {operation_id} also used by {seen_ids[operation_id]}")
        else:
            seen_ids[operation_id] = where
        if not (operation.get("summary") or "").strip():
            problems.append(f"{where}: no summary")
        tags = operation.get("tags") or []
        if not tags:
            problems.append(f"{where}: no tag")
        elif not set(tags) <= declared_tags:
            problems.append(f"{where}: tags {sorted(set(tags) - declared_tags)} are not declared at the top")
    assert not problems, "\n".join(problems)
    assert len(seen_ids) >= 10


def test_every_error_response_is_problem_json() -> None:
    problems = []
    for path, method, operation in operations(committed()):
        where = f"{method.upper()} {path}"
        responses = operation.get("responses", {})
        errors = {code: spec for code, spec in responses.items() if code[0] in "45"}
        for code, spec in errors.items():
            content = spec.get("content") or {}
            if list(content) != [PROBLEM]:
                problems.append(f"{where}: {code} is {sorted(content)}, not {PROBLEM}")
        client_errors = [code for code in errors if code.startswith("4")]
        if path in NO_CLIENT_ERRORS:
            continue
        if path == "/ready":
            # Public and without input: its declared failure is the 503 that names the dependency.
            if "503" not in errors:
                problems.append(f"{where}: no 503 problem response")
            continue
        if not client_errors:
            problems.append(f"{where}: declares no 4xx problem response")
    assert not problems, "\n".join(problems)


def test_authenticated_operations_declare_401() -> None:
    document = committed()
    public = {"/health", "/metrics", "/ready", "/api/v1/auth/login"}
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation in operations(document)
        if path not in public and "401" not in operation.get("responses", {})
    ]
    assert not missing, f"routes that need a principal but do not declare 401: {missing}"


# --- the document is valid OpenAPI --------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_document_is_valid_openapi() -> None:
    document = committed()
    assert document["openapi"].startswith("3.1")
    try:
        from openapi_spec_validator import validate
    except ImportError:
        # Not in the lock file: validate against the OAS 3.1 meta-schema schemathesis ships.
        from schemathesis.specs.openapi.definitions import OPENAPI_31_VALIDATOR

        errors = [str(error).splitlines()[0] for error in OPENAPI_31_VALIDATOR.iter_errors(document)]
        assert not errors, "openapi/openapi.json is not valid OpenAPI 3.1:\n" + "\n".join(errors)
    else:
        validate(document)


def test_every_reference_resolves() -> None:
    document = committed()
    dangling = []
    for ref in set(_refs(document)):
        assert ref.startswith("#/"), f"external reference {ref}"
        node: Any = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                dangling.append(ref)
                break
            node = node[part]
    assert not dangling, f"references to nothing: {sorted(dangling)}"


# --- the generated clients are fresh ------------------------------------------------------------


def test_typescript_types_are_fresh(tmp_path: Path) -> None:
    generator = FRONTEND / "node_modules" / ".bin" / "openapi-typescript"
    if not generator.exists() or shutil.which("node") is None:
        pytest.skip("frontend/node_modules is not installed (run `make frontend-deps`)")
    out = tmp_path / "schema.d.ts"
    # The same invocation as `npm run gen:api` (package.json), only the output path differs.
    result = subprocess.run(
        [str(generator), "../openapi/openapi.json", "-o", str(out)],
        cwd=FRONTEND,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text() == TS_SCHEMA.read_text(), f"frontend/src/api/schema.d.ts is stale; {REGENERATE}"


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_python_client_is_fresh(tmp_path: Path) -> None:
    generator = Path(sys.executable).parent / "openapi-python-client"
    if not generator.exists():
        pytest.skip("openapi-python-client is not installed in this environment")
    out = tmp_path / "lifeboat_client"
    # The same command as the Makefile's `client` target, with another output path.
    command = [
        str(generator),
        "generate",
        "--path",
        "openapi/openapi.json",
        "--meta",
        "none",
        "--output-path",
        str(out),
    ]
    if CLIENT_CONFIG.exists():
        command += ["--config", "openapi/client-config.yaml"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    fresh, committed_tree = _tree(out), _tree(PYTHON_CLIENT)
    stale = sorted(
        name for name in set(fresh) | set(committed_tree) if fresh.get(name) != committed_tree.get(name)
    )
    assert not stale, f"backend/lifeboat_client is stale ({REGENERATE}); differs at: {stale[:20]}"
