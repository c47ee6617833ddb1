"""The embedded stack: PostgreSQL, NATS JetStream and S3 work, keep their data across a restart,
enforce scoped read-only S3 credentials, and leave no process behind."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import aioboto3
import asyncpg
import nats
import psutil
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

from lifeboat.embedded._process import load_ports
from lifeboat.embedded.nats import EmbeddedNats
from lifeboat.embedded.postgres import EmbeddedPostgres
from lifeboat.embedded.s3 import S3Info
from lifeboat.embedded.s3 import _remove_unix_sockets as remove_weed_unix_sockets
from lifeboat.embedded.stack import (
    EmbeddedServerError,
    EmbeddedStack,
    EmbeddedStackInfo,
    PortInUseError,
    embedded_s3,
    read_only_prefix_policy,
)

pytestmark = pytest.mark.integration

BUCKET = "lifeboat-evidence"
KV_BUCKET = "lifeboat_embedded_test"
S3_CONFIG = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})


def process_tree(pids: Iterable[int]) -> set[int]:
    """The given pids and, as of now, all their descendants (e.g. PostgreSQL's backends)."""
    tree = set(pids)
    for pid in list(tree):
        with contextlib.suppress(psutil.NoSuchProcess):
            tree.update(child.pid for child in psutil.Process(pid).children(recursive=True))
    return tree


def alive(pids: Iterable[int]) -> list[int]:
    """The pids that still belong to a live (non-zombie) process."""
    found = []
    for pid in pids:
        with contextlib.suppress(psutil.NoSuchProcess):
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                found.append(pid)
    return found


def wait_until_gone(pids: Iterable[int], timeout: float) -> list[int]:
    """The processes still alive after waiting up to `timeout` seconds for all to exit."""
    pids = list(pids)
    deadline = time.monotonic() + timeout
    while (left := alive(pids)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def s3_client(info: EmbeddedStackInfo, **credentials: str) -> Any:
    """An aioboto3 S3 client context; admin credentials unless others are given."""
    return aioboto3.Session().client(
        "s3",
        endpoint_url=info.s3_endpoint_url,
        region_name=info.s3_region,
        aws_access_key_id=credentials.get("key", info.s3_access_key_id),
        aws_secret_access_key=credentials.get("secret", info.s3_secret_access_key),
        aws_session_token=credentials.get("token"),
        config=S3_CONFIG,
    )


async def assume_read_only(info: EmbeddedStackInfo, prefix: str, **caller: str) -> dict[str, str]:
    """Mint short-lived credentials that may only read BUCKET/prefix."""
    async with aioboto3.Session().client(
        "sts",
        endpoint_url=info.s3_sts_endpoint_url,
        region_name=info.s3_region,
        aws_access_key_id=caller.get("key", info.s3_access_key_id),
        aws_secret_access_key=caller.get("secret", info.s3_secret_access_key),
        aws_session_token=caller.get("token"),
        config=S3_CONFIG,
    ) as sts:
        response = await sts.assume_role(
            RoleArn=info.s3_restore_role_arn,
            RoleSessionName="restore-agent-test",
            DurationSeconds=900,
            Policy=json.dumps(read_only_prefix_policy(BUCKET, prefix)),
        )
    creds = response["Credentials"]
    return {"key": creds["AccessKeyId"], "secret": creds["SecretAccessKey"], "token": creds["SessionToken"]}


async def test_stack_serves_enforces_scoped_credentials_and_persists(tmp_path: Path) -> None:
    base = tmp_path / "stack"

    stack = EmbeddedStack(base)
    async with stack as info:
        assert len(stack.pids()) == 3
        tree = process_tree(stack.pids())
        assert len(tree) > 3  # PostgreSQL's helper processes are counted too

        conn = await asyncpg.connect(info.database_url)
        try:
            assert await conn.fetchval("select 1") == 1
            await conn.execute("create table kept (note text not null)")
            await conn.execute("insert into kept values ('survives restart')")
        finally:
            await conn.close()

        nc = await nats.connect(info.nats_url)
        try:
            kv = await nc.jetstream().create_key_value(bucket=KV_BUCKET)
            await kv.put("greeting", b"hello")
            assert (await kv.get("greeting")).value == b"hello"
        finally:
            await nc.close()

        async with s3_client(info) as s3:
            await s3.create_bucket(Bucket=BUCKET)
            await s3.put_object(Bucket=BUCKET, Key="group-a/snap-1", Body=b"evidence A")
            await s3.put_object(Bucket=BUCKET, Key="group-b/snap-1", Body=b"evidence B")
            got = await s3.get_object(Bucket=BUCKET, Key="group-a/snap-1")
            assert await got["Body"].read() == b"evidence A"

        scoped = await assume_read_only(info, "group-a")
        async with s3_client(info, **scoped) as reader:
            got = await reader.get_object(Bucket=BUCKET, Key="group-a/snap-1")
            assert await got["Body"].read() == b"evidence A"
            listed = await reader.list_objects_v2(Bucket=BUCKET, Prefix="group-a/")
            assert [o["Key"] for o in listed["Contents"]] == ["group-a/snap-1"]

            with pytest.raises(ClientError) as write:
                await reader.put_object(Bucket=BUCKET, Key="group-a/forged", Body=b"x")
            assert write.value.response["Error"]["Code"] == "AccessDenied"
            with pytest.raises(ClientError) as delete:
                await reader.delete_object(Bucket=BUCKET, Key="group-a/snap-1")
            assert delete.value.response["Error"]["Code"] == "AccessDenied"
            with pytest.raises(ClientError) as outside:
                await reader.get_object(Bucket=BUCKET, Key="group-b/snap-1")
            assert outside.value.response["Error"]["Code"] == "AccessDenied"
            with pytest.raises(ClientError) as list_outside:
                await reader.list_objects_v2(Bucket=BUCKET, Prefix="group-b/")
            assert list_outside.value.response["Error"]["Code"] == "AccessDenied"

        # Scoped credentials cannot mint themselves broader ones.
        with pytest.raises(ClientError) as escalate:
            await assume_read_only(info, "group-b", **scoped)
        assert escalate.value.response["Error"]["Code"] == "AccessDenied"

        # Anonymous requests are refused.
        async with aioboto3.Session().client(
            "s3",
            endpoint_url=info.s3_endpoint_url,
            region_name=info.s3_region,
            config=Config(signature_version=UNSIGNED, s3={"addressing_style": "path"}),
        ) as anonymous:
            with pytest.raises(ClientError):
                await anonymous.get_object(Bucket=BUCKET, Key="group-a/snap-1")

    assert stack.pids() == []
    assert wait_until_gone(tree, timeout=5) == []
    assert stat.S_IMODE((base / "s3" / "credentials.json").stat().st_mode) == 0o600
    assert info.s3_secret_access_key not in repr(info)

    async with EmbeddedStack(base) as again:
        # Same directory, same admin keys (generated once, kept in credentials.json).
        assert again.s3_access_key_id == info.s3_access_key_id
        assert again.s3_secret_access_key == info.s3_secret_access_key

        conn = await asyncpg.connect(again.database_url)
        try:
            assert await conn.fetchval("select note from kept") == "survives restart"
        finally:
            await conn.close()

        nc = await nats.connect(again.nats_url)
        try:
            kv = await nc.jetstream().key_value(KV_BUCKET)
            assert (await kv.get("greeting")).value == b"hello"
        finally:
            await nc.close()

        async with s3_client(again) as s3:
            got = await s3.get_object(Bucket=BUCKET, Key="group-b/snap-1")
            assert await got["Body"].read() == b"evidence B"

        # The STS signing key persists, so credentials issued before the restart still work.
        async with s3_client(again, **scoped) as reader:
            got = await reader.get_object(Bucket=BUCKET, Key="group-a/snap-1")
            assert await got["Body"].read() == b"evidence A"


def test_requested_port_in_use_is_refused_with_its_number(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        stack = EmbeddedStack(tmp_path / "stack", s3_port=port)
        with pytest.raises(PortInUseError) as refused:
            stack.start()
        message = str(refused.value)
        assert str(port) in message
        assert "\n" not in message
        assert refused.value.port == port
        assert stack.pids() == []
        assert not (tmp_path / "stack" / "postgres" / "data").exists()  # nothing was started

        with pytest.raises(PortInUseError, match=str(port)):
            EmbeddedPostgres(tmp_path / "pg", port=port).start()


def test_failed_start_stops_the_servers_already_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = EmbeddedStack(tmp_path / "stack")
    started: list[int] = []
    seen: set[int] = set()

    def failing_s3_start() -> S3Info:
        deadline = time.monotonic() + 60
        while not (stack.postgres.running and stack.nats.running) and time.monotonic() < deadline:
            time.sleep(0.02)
        started.extend(stack.pids())
        seen.update(process_tree(started))
        raise EmbeddedServerError("simulated s3 failure")

    monkeypatch.setattr(stack.s3, "start", failing_s3_start)
    with pytest.raises(EmbeddedServerError, match="simulated s3 failure"):
        stack.start()
    assert len(started) == 2  # postgres and nats were up when s3 failed
    assert not stack.running
    assert stack.pids() == []
    assert wait_until_gone(seen, timeout=5) == []


CHILD = """
import json, sys, time
from lifeboat.embedded.stack import EmbeddedStack
stack = EmbeddedStack(sys.argv[1])
stack.start()
with open(sys.argv[2] + ".tmp", "w") as f:
    json.dump(stack.pids(), f)
import os; os.replace(sys.argv[2] + ".tmp", sys.argv[2])
time.sleep(600)
"""


def test_servers_die_when_their_parent_is_killed(tmp_path: Path) -> None:
    pids_file = tmp_path / "pids.json"
    parent = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(tmp_path / "stack"), str(pids_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not pids_file.exists():
            assert parent.poll() is None, "the stack failed to start in the child process"
            assert time.monotonic() < deadline, "the stack did not start in time"
            time.sleep(0.1)
        pids = json.loads(pids_file.read_text())
        assert len(pids) == 3
        tree = process_tree(pids)
        assert sorted(alive(tree)) == sorted(tree)
    finally:
        parent.kill()
        parent.wait()
    # Nobody stops them: only PR_SET_PDEATHSIG tells them their parent is gone.
    assert wait_until_gone(tree, timeout=30) == []
    # The killed parent could not tidy up the Unix sockets weed leaves in /tmp; do it for it.
    remove_weed_unix_sockets(load_ports(tmp_path / "stack" / "s3" / "ports.json"))


def test_a_server_that_ignores_stop_is_killed_with_its_helpers(tmp_path: Path) -> None:
    server = EmbeddedPostgres(tmp_path / "pg")
    server.start()
    assert server.pid is not None
    tree = process_tree([server.pid])
    assert len(tree) > 1
    os.kill(server.pid, signal.SIGSTOP)  # a hung postmaster: it will not act on the shutdown request
    server.stop(timeout=0.5)
    assert wait_until_gone(tree, timeout=10) == []


def test_a_data_directory_serves_one_server_at_a_time(tmp_path: Path) -> None:
    first = EmbeddedNats(tmp_path / "nats")
    first.start()
    try:
        with pytest.raises(EmbeddedServerError, match="in use by another process"):
            EmbeddedNats(tmp_path / "nats").start()
    finally:
        first.stop()
    second = EmbeddedNats(tmp_path / "nats")
    second.start()
    second.stop()


async def test_many_buckets_each_take_writes(tmp_path: Path) -> None:
    """SeaweedFS gives every bucket a volume of its own; mini's default count (free disk / 1 GiB,
    78 on an 80 GB disk) once made the 79th bucket's first write an InternalError. Every test app
    and every dev restart writes to a bucket of its own, so the server must hold hundreds."""
    buckets = [f"many-{index:03d}" for index in range(100)]
    with embedded_s3(tmp_path / "s3") as info:
        session = aioboto3.Session()
        async with session.client(
            "s3",
            endpoint_url=info.endpoint_url,
            region_name=info.region,
            aws_access_key_id=info.access_key_id,
            aws_secret_access_key=info.secret_access_key,
            config=S3_CONFIG,
        ) as s3:
            for bucket in buckets:
                await s3.create_bucket(Bucket=bucket)
                await s3.put_object(Bucket=bucket, Key="k.json", Body=bucket.encode())
            last = await s3.get_object(Bucket=buckets[-1], Key="k.json")
            assert await last["Body"].read() == buckets[-1].encode()
