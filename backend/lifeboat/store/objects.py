"""Object store access through aioboto3: one session and one long-lived client per store.

Creating an S3 client costs tens of milliseconds of CPU (endpoint resolution, credential and
config loading) and blocks the event loop, so a store opens its client on first use and keeps
it (and its connection pool) until ``close``.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

import aioboto3
from aiobotocore.config import AioConfig
from botocore.exceptions import BotoCoreError, ClientError


class ObjectStoreError(RuntimeError):
    """The object store refused or could not be reached."""


class ObjectStore:
    """A bucket in an S3-compatible store."""

    def __init__(
        self,
        *,
        bucket: str,
        region: str,
        endpoint_url: str | None,
        access_key_id: str | None,
        secret_access_key: str | None,
    ) -> None:
        self.bucket = bucket
        self.region = region
        self.endpoint_url = endpoint_url
        self._session = aioboto3.Session(
            aws_access_key_id=access_key_id,
            aws_secret_access_key=secret_access_key,
            region_name=region,
        )
        self._config = AioConfig(
            retries={"max_attempts": 2, "mode": "standard"},
            connect_timeout=2,
            read_timeout=10,
            s3={"addressing_style": "path"},
        )

        self._s3: Any = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._opening = asyncio.Lock()
        self._closed = False

    @contextlib.asynccontextmanager
    async def _client(self) -> Any:
        """The store's client, opened once (in the running loop) and reused."""
        if self._s3 is None:
            async with self._opening:
                if self._closed:
                    raise ObjectStoreError("the object store client is closed (shutting down)")
                if self._s3 is None:
                    stack = contextlib.AsyncExitStack()
                    self._s3 = await stack.enter_async_context(
                        self._session.client("s3", endpoint_url=self.endpoint_url, config=self._config)
                    )
                    self._stack = stack
        yield self._s3

    async def close(self) -> None:
        """Close the client and its connections (idempotent); later calls fail cleanly."""
        async with self._opening:  # not while a client is being opened
            self._closed = True
            stack, self._stack, self._s3 = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def ensure_bucket(self) -> None:
        """Create the bucket when it is missing."""
        async with self._client() as s3:
            try:
                await s3.head_bucket(Bucket=self.bucket)
            except ClientError:
                try:
                    await s3.create_bucket(Bucket=self.bucket)
                except ClientError as exc:
                    code = exc.response.get("Error", {}).get("Code", "")
                    if code not in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                        raise ObjectStoreError(f"cannot create bucket {self.bucket}: {code}") from exc

    async def put_bytes(self, key: str, data: bytes, content_type: str = "application/octet-stream") -> None:
        """Write an object."""
        try:
            async with self._client() as s3:
                await s3.put_object(Bucket=self.bucket, Key=key, Body=data, ContentType=content_type)
        except (ClientError, BotoCoreError) as exc:
            raise ObjectStoreError(f"cannot write {key}: {exc}") from exc

    async def get_bytes(self, key: str) -> bytes | None:
        """Read an object; None when it does not exist."""
        try:
            async with self._client() as s3:
                response = await s3.get_object(Bucket=self.bucket, Key=key)
                async with response["Body"] as body:
                    data: bytes = await body.read()
                    return data
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                return None
            raise ObjectStoreError(f"cannot read {key}: {exc}") from exc
        except BotoCoreError as exc:
            raise ObjectStoreError(f"cannot read {key}: {exc}") from exc

    async def ping(self, timeout: float) -> float:
        """HEAD the bucket; milliseconds."""
        started = time.perf_counter()
        try:
            async with self._client() as s3:
                await asyncio.wait_for(s3.head_bucket(Bucket=self.bucket), timeout=timeout)
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "error")
            raise ObjectStoreError(f"bucket {self.bucket}: {code}") from exc
        return (time.perf_counter() - started) * 1000
