"""The S3 scope proof: credentials issued to a restore consumer read only its group's repository
prefix on the real S3 server (embedded SeaweedFS, or the machine's S3 + STS); reads outside the
prefix, listing outside it, writes and deletes are refused by the server itself."""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
import pytest
from botocore.exceptions import ClientError

from lifeboat.core.clock import utcnow
from tests.restore.credentials.test_credentials import (  # fixtures `world` and `repository` are used by name
    EXPIRY_SLACK,
    URL,
    World,
    ask,
    declare_world,
    error_code,
    repository,
    world,
)

pytestmark = pytest.mark.integration
__all__ = ["repository", "world"]


async def test_issued_credentials_read_only_the_groups_repository_prefix(
    client: httpx.AsyncClient, admin_headers: dict[str, str], repository: World
) -> None:
    world = repository
    await declare_world(client, admin_headers, world)

    before = utcnow()
    response = await client.post(URL, json=ask(world), headers=world.consumer.headers)
    after = utcnow()
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["declaration_id"] == world.declaration_id
    assert body["repository"] == {
        "bucket": world.bucket,
        "prefix": world.prefix,
        "region": world.services.s3_region,
        "endpoint": world.services.s3_endpoint_url,
    }
    assert body["repository_password"] == world.password
    creds = body["credentials"]
    expires_at = datetime.fromisoformat(creds["expires_at"].replace("Z", "+00:00"))
    # The configured default (900 s), counted from the request.
    assert (
        before + timedelta(seconds=900) - EXPIRY_SLACK
        <= expires_at
        <= after + timedelta(seconds=900) + EXPIRY_SLACK
    )

    scoped = {
        "key": creds["access_key_id"],
        "secret": creds["secret_access_key"],
        "token": creds["session_token"],
    }
    assert scoped["key"] != world.services.s3_access_key_id
    async with world.s3(**scoped) as reader:
        got = await reader.get_object(Bucket=world.bucket, Key=f"{world.prefix}/config")
        assert await got["Body"].read() == b"inside"
        listed = await reader.list_objects_v2(Bucket=world.bucket, Prefix=f"{world.prefix}/")
        assert [o["Key"] for o in listed["Contents"]] == [f"{world.prefix}/config"]

        with pytest.raises(ClientError) as outside:
            await reader.get_object(Bucket=world.bucket, Key="repos/other-group/config")
        assert error_code(outside) == "AccessDenied"
        with pytest.raises(ClientError) as list_outside:
            await reader.list_objects_v2(Bucket=world.bucket, Prefix="repos/other-group/")
        assert error_code(list_outside) == "AccessDenied"
        with pytest.raises(ClientError) as write:
            await reader.put_object(Bucket=world.bucket, Key=f"{world.prefix}/forged", Body=b"x")
        assert error_code(write) == "AccessDenied"
        with pytest.raises(ClientError) as delete:
            await reader.delete_object(Bucket=world.bucket, Key=f"{world.prefix}/config")
        assert error_code(delete) == "AccessDenied"

    # Nothing was written or deleted: the admin still sees exactly the two objects.
    async with world.s3() as s3:
        listed = await s3.list_objects_v2(Bucket=world.bucket)
        assert sorted(o["Key"] for o in listed["Contents"]) == sorted(
            [f"{world.prefix}/config", "repos/other-group/config"]
        )
