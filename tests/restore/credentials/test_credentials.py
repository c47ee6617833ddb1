"""POST /api/v1/restore/credentials: scoped read-only S3 credentials, proven against a real S3 server.

The credentials are used against the S3 server the tests run on (embedded SeaweedFS, or the
machine's S3 + STS): reads inside the group's repository prefix work; reads outside it, writes
and deletes are refused by the server; the expiry is the configured duration. Around it: 403
without a covering enabled declaration, 502/503 for a broken/absent broker, 429 + Retry-After
over the per-consumer rate limit, an audit row per request and no secret in any log line.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import socket
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aioboto3
import asyncpg
import httpx
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from lifeboat.app import create_app
from lifeboat.core.clock import utcnow
from lifeboat.core.logging import redact
from lifeboat.restore.credentials.service import RepositoryPasswordUnavailable, resolve_password_ref
from lifeboat.settings import SettingsError, load_settings
from tests.conftest import bearer_token, make_settings, running_app
from tests.core.test_logging_redaction import capture_logs
from tests.restore.conftest import Machine, add_group, add_server, declare, make_machine, register
from tests.services import TestServices

pytestmark = pytest.mark.integration

URL = "/api/v1/restore/credentials"
S3_CONFIG = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})
# Clock slack between this process and the S3 server's STS (same machine; STS rounds to seconds).
EXPIRY_SLACK = timedelta(seconds=5)


# --- the world: a repository with objects inside and outside the group's prefix -------------------


class World:
    """One group (bucket + prefix + password in an environment variable), one live server, a
    restore-consumer token with an enabled declaration for it, and objects in S3."""

    def __init__(self, services: TestServices) -> None:
        self.services = services
        self.bucket = f"lb-restore-{secrets.token_hex(4)}"
        self.group = f"grp-{secrets.token_hex(3)}"
        self.server = f"srv-{secrets.token_hex(3)}"
        self.prefix = f"repos/{self.group}"
        self.password_env = f"LIFEBOAT_REPO_PASSWORD_TEST_{secrets.token_hex(4).upper()}"
        self.password = "repo-pw-" + secrets.token_urlsafe(18)
        self.consumer = Machine(id="", name="", headers={})
        self.declaration_id = ""

    def s3(self, **credentials: str | None) -> Any:
        """An S3 client context: the admin's keys unless others are given."""
        return aioboto3.Session().client(
            "s3",
            endpoint_url=self.services.s3_endpoint_url,
            region_name=self.services.s3_region,
            aws_access_key_id=credentials.get("key") or self.services.s3_access_key_id,
            aws_secret_access_key=credentials.get("secret") or self.services.s3_secret_access_key,
            aws_session_token=credentials.get("token"),
            config=S3_CONFIG,
        )


@pytest.fixture
def world(services: TestServices) -> Iterator[World]:
    if "embedded s3" not in services.origin and not os.environ.get("LIFEBOAT_TEST_STS_ROLE_ARN"):
        pytest.skip("the machine's S3 needs LIFEBOAT_TEST_STS_ROLE_ARN (a read-only role to assume)")
    made = World(services)
    os.environ[made.password_env] = made.password
    try:
        yield made
    finally:
        os.environ.pop(made.password_env, None)


@pytest.fixture
async def repository(world: World) -> AsyncIterator[World]:
    """The bucket with one object inside the group's prefix and one beside it."""
    async with world.s3() as s3:
        await s3.create_bucket(Bucket=world.bucket)
        await s3.put_object(Bucket=world.bucket, Key=f"{world.prefix}/config", Body=b"inside")
        await s3.put_object(Bucket=world.bucket, Key="repos/other-group/config", Body=b"outside")
    try:
        yield world
    finally:
        async with world.s3() as s3:
            listed = await s3.list_objects_v2(Bucket=world.bucket)
            for item in listed.get("Contents", []):
                await s3.delete_object(Bucket=world.bucket, Key=item["Key"])
            with contextlib.suppress(ClientError):
                await s3.delete_bucket(Bucket=world.bucket)


async def declare_world(
    client: httpx.AsyncClient, admin: dict[str, str], world: World, *, enabled: bool = True
) -> None:
    """Through the API: the group (its repository in the test S3 server, the password in an
    environment variable), a live server, a consumer that registered files/verify, and its
    (enabled) group-wide declaration."""
    await add_group(
        client,
        admin,
        world.group,
        bucket=world.bucket,
        prefix=world.prefix,
        region=world.services.s3_region,
        endpoint=world.services.s3_endpoint_url,
        password_ref=f"env:{world.password_env}",
    )
    await add_server(client, admin, world.server, world.group)
    world.consumer = await make_machine("restore-consumer", "restore-agent")
    world.declaration_id = (await declare_for(client, admin, world, world.consumer, enabled=enabled))["id"]


async def declare_for(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    world: World,
    consumer: Machine,
    *,
    enabled: bool = True,
    server: str | None = None,
) -> dict[str, Any]:
    """``consumer`` registers files/verify and is declared on the world's group (or one server)."""
    await register(client, consumer, {"verify": ["files"]})
    return await declare(
        client,
        admin,
        consumer,
        world.group,
        server=server,
        backup_type="files",
        intent="verify",
        enabled=enabled,
    )


def ask(world: World, **changes: str) -> dict[str, str]:
    return {"server": world.server, "backup_type": "files", "intent": "verify", **changes}


@contextlib.asynccontextmanager
async def app_client(
    services: TestServices, database_url: str, **overrides: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A running app with settings changed by ``overrides``."""
    app = create_app(make_settings(services, database_url, **overrides))
    async with running_app(app) as client:
        yield client


async def admin_headers_now() -> dict[str, str]:
    return {"Authorization": f"Bearer {await bearer_token('admin')}"}


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


# --- the credentials themselves, against the S3 server -------------------------------------------


async def test_expiry_follows_the_configured_duration(
    services: TestServices, database_url: str, repository: World
) -> None:
    async with app_client(services, database_url, restore_credentials_duration_s=1800) as client:
        await declare_world(client, await admin_headers_now(), repository)
        before = utcnow()
        response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
        after = utcnow()
    assert response.status_code == 200, response.text
    expires_at = datetime.fromisoformat(response.json()["credentials"]["expires_at"].replace("Z", "+00:00"))
    lifetime = timedelta(seconds=1800)
    assert before + lifetime - EXPIRY_SLACK <= expires_at <= after + lifetime + EXPIRY_SLACK


def test_a_duration_below_the_sts_minimum_is_refused_at_settings_load() -> None:
    with pytest.raises(SettingsError, match="LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S"):
        load_settings(env={"LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S": "899"})
    assert (
        load_settings(env={"LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S": "900"}).restore_credentials_duration_s
        == 900
    )


# --- who may have them ------------------------------------------------------------------------------


async def test_without_a_covering_declaration_the_consumer_is_refused(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    world = repository
    await declare_world(client, admin_headers, world)

    for body in (
        ask(world, intent="analytics"),
        ask(world, backup_type="postgres"),
        ask(world, server="srv-unknown"),
    ):
        response = await client.post(URL, json=body, headers=world.consumer.headers)
        assert response.status_code == 403, response.text
        problem = response.json()
        assert response.headers["content-type"].startswith("application/problem+json")
        assert problem["type"] == "urn:lifeboat:error:no-covering-declaration"
        assert "secret_access_key" not in problem

    # Another consumer does not inherit this consumer's declaration.
    other = await make_machine("restore-consumer", "other-agent")
    response = await client.post(URL, json=ask(world), headers=other.headers)
    assert response.status_code == 403
    assert response.json()["type"] == "urn:lifeboat:error:no-covering-declaration"


async def test_a_disabled_declaration_covers_nothing(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    await declare_world(client, admin_headers, repository, enabled=False)
    response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
    assert response.status_code == 403, response.text
    assert response.json()["type"] == "urn:lifeboat:error:no-covering-declaration"


async def test_operators_and_admins_cannot_get_restore_credentials(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    await declare_world(client, admin_headers, repository)
    for role in ("operator", "admin", "backup-agent"):
        headers = {"Authorization": f"Bearer {await bearer_token(role)}"}
        response = await client.post(URL, json=ask(repository), headers=headers)
        assert response.status_code == 403, (role, response.text)
        assert response.json()["type"] == "urn:lifeboat:error:forbidden"
    response = await client.post(URL, json=ask(repository))
    assert response.status_code == 401


async def test_bad_bodies_are_400(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    await declare_world(client, admin_headers, repository)
    for body in (
        {"server": repository.server},
        {**ask(repository), "extra": 1},
        ask(repository, intent="Not A Slug"),
    ):
        response = await client.post(URL, json=body, headers=repository.consumer.headers)
        assert response.status_code == 400, response.text
        assert response.json()["type"] == "urn:lifeboat:error:validation"


# --- when the broker or the password cannot deliver -------------------------------------------------


async def test_an_unreachable_sts_endpoint_is_a_502_problem(
    services: TestServices, database_url: str, repository: World
) -> None:
    unreachable = f"http://127.0.0.1:{closed_port()}"
    async with app_client(services, database_url, sts_endpoint_url=unreachable) as client:
        await declare_world(client, await admin_headers_now(), repository)
        response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
        assert response.status_code == 502, response.text
        problem = response.json()
        assert problem["type"] == "urn:lifeboat:error:credential-broker-unavailable"
        assert repository.password not in response.text
        assert services.s3_secret_access_key not in response.text
        audit = await client.get(
            "/api/v1/audit", params={"action": "restore.credentials.*"}, headers=await admin_headers_now()
        )
    rows = audit.json()["items"]
    assert [(r["action"], r["outcome"]) for r in rows] == [("restore.credentials.failed", "failure")]
    assert rows[0]["details"]["error"] == "credential-broker-unavailable"


async def test_sts_refusing_the_role_is_a_502_problem(
    services: TestServices, database_url: str, repository: World
) -> None:
    wrong_role = "arn:aws:iam::000000000000:role/NoSuchRole"
    async with app_client(services, database_url, sts_role_arn=wrong_role) as client:
        await declare_world(client, await admin_headers_now(), repository)
        response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
    assert response.status_code == 502, response.text
    assert response.json()["type"] == "urn:lifeboat:error:credential-broker-unavailable"


async def test_without_a_configured_broker_it_is_a_503_problem(
    services: TestServices, database_url: str, repository: World
) -> None:
    async with app_client(services, database_url, sts_role_arn=None) as client:
        await declare_world(client, await admin_headers_now(), repository)
        response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
    assert response.status_code == 503, response.text
    assert response.json()["type"] == "urn:lifeboat:error:credential-broker-not-configured"


async def test_an_unreadable_repository_password_is_a_502_without_secrets(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    await declare_world(client, admin_headers, repository)
    os.environ.pop(repository.password_env)
    response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
    assert response.status_code == 502, response.text
    problem = response.json()
    assert problem["type"] == "urn:lifeboat:error:repository-password-unavailable"
    assert repository.password_env in problem["detail"]  # names where it looked, nothing more
    assert "credentials" not in problem


# --- rate limit, audit, logs ---------------------------------------------------------------------------


async def test_over_the_rate_limit_is_429_with_retry_after(
    services: TestServices, database_url: str, repository: World
) -> None:
    async with app_client(
        services, database_url, restore_credentials_rate_limit=2, restore_credentials_rate_window_s=600
    ) as client:
        await declare_world(client, await admin_headers_now(), repository)
        for _ in range(2):
            response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
            assert response.status_code == 200, response.text
        limited = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
        assert limited.status_code == 429, limited.text
        assert limited.json()["type"] == "urn:lifeboat:error:rate-limited"
        retry_after = int(limited.headers["retry-after"])
        assert 1 <= retry_after <= 600

        # The limit is per consumer: another consumer covered by its own declaration is served.
        second = await make_machine("restore-consumer", "second-agent")
        await declare_for(client, await admin_headers_now(), repository, second, server=repository.server)
        other = await client.post(URL, json=ask(repository), headers=second.headers)
        assert other.status_code == 200, other.text

    conn = await asyncpg.connect(database_url)
    try:
        rows = await conn.fetch(
            "select consumer_id, outcome, expires_at from restore_credential_issue order by id"
        )
    finally:
        await conn.close()
    assert [(r["consumer_id"], r["outcome"]) for r in rows] == [
        (repository.consumer.id, "issued"),
        (repository.consumer.id, "issued"),
        (second.id, "issued"),
    ]


async def test_every_issue_is_audited_and_no_secret_reaches_a_log_line(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World, database_url: str
) -> None:
    await declare_world(client, admin_headers, repository)
    with capture_logs("debug") as logs:
        response = await client.post(URL, json=ask(repository), headers=repository.consumer.headers)
        denied = await client.post(
            URL, json=ask(repository, intent="analytics"), headers=repository.consumer.headers
        )
    assert response.status_code == 200, response.text
    assert denied.status_code == 403
    creds = response.json()["credentials"]
    secrets_issued = (creds["secret_access_key"], creds["session_token"], repository.password)
    captured = logs.getvalue()
    assert "restore.credentials.issued" in captured  # the issue is logged...
    bearer = repository.consumer.headers["Authorization"].removeprefix("Bearer ")
    for secret in (*secrets_issued, bearer):
        assert secret not in captured  # ...without any secret

    audit = await client.get(
        "/api/v1/audit", params={"action": "restore.credentials.*"}, headers=admin_headers
    )
    assert audit.status_code == 200, audit.text
    rows = audit.json()["items"]
    assert [(r["action"], r["outcome"]) for r in rows] == [
        ("restore.credentials.denied", "denied"),
        ("restore.credentials.issued", "success"),
    ]
    issued = rows[1]
    assert issued["actor_id"] == repository.consumer.id
    assert issued["target"] == f"restore-server:{repository.server}"
    assert issued["details"]["declaration_id"] == repository.declaration_id
    assert issued["details"]["access_key_id"] == creds["access_key_id"]
    for secret in secrets_issued:
        assert secret not in audit.text

    # The ledger holds no secret either.
    conn = await asyncpg.connect(database_url)
    try:
        ledger = [dict(r) for r in await conn.fetch("select * from restore_credential_issue")]
    finally:
        await conn.close()
    assert len(ledger) == 1
    assert ledger[0]["declaration_id"] == repository.declaration_id
    assert ledger[0]["outcome"] == "issued"
    for secret in secrets_issued:
        assert secret not in repr(ledger)


def test_the_redaction_processor_covers_the_credential_fields() -> None:
    event = {
        "secret_access_key": "s3cr3t",
        "session_token": "t0k3n",
        "repository_password": "pw",
        "access_key_id": "ASIA1",
    }
    redacted = redact(event)
    assert (
        redacted["secret_access_key"]
        == redacted["session_token"]
        == redacted["repository_password"]
        == "[REDACTED]"
    )
    assert redacted["access_key_id"] == "ASIA1"  # an identifier, kept for tracing


async def test_password_refs_resolve_from_a_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets_dir = tmp_path / "secrets"
    secrets_dir.mkdir()
    secret_file = secrets_dir / "repo-password"
    secret_file.write_text("file-pw with spaces\n")
    resolve = functools.partial(resolve_password_ref, group="g", secrets_dir=str(secrets_dir))
    assert await resolve(f"file:{secret_file}") == "file-pw with spaces"
    monkeypatch.setenv("LIFEBOAT_REPO_PASSWORD_TEST_REF", "env-pw")
    assert await resolve("env:LIFEBOAT_REPO_PASSWORD_TEST_REF") == "env-pw"

    outside = tmp_path / "outside"
    outside.write_text("not for consumers")
    monkeypatch.setenv("LIFEBOAT_TEST_PW_REF", "not for consumers")
    for ref in (
        f"file:{secrets_dir / 'missing'}",
        f"file:{secrets_dir}",
        f"file:{outside}",
        f"file:{secrets_dir}/../outside",
        "env:LIFEBOAT_REPO_PASSWORD_TEST_UNSET",
        "env:LIFEBOAT_TEST_PW_REF",  # set, but not a repository password variable
        "vault:x",
    ):
        with pytest.raises(RepositoryPasswordUnavailable) as refused:
            await resolve(ref)
        assert refused.value.status_code == 502
        assert "not for consumers" not in refused.value.detail
    # Without a secrets directory no file is read at all.
    with pytest.raises(RepositoryPasswordUnavailable, match="LIFEBOAT_SECRETS_DIR"):
        await resolve_password_ref(f"file:{secret_file}", group="g", secrets_dir=None)
    secret_file.write_text("")
    with pytest.raises(RepositoryPasswordUnavailable, match="empty"):
        await resolve(f"file:{secret_file}")
