"""The credential broker: short-lived, read-only S3 credentials scoped to one bucket prefix.

It calls STS ``AssumeRole`` on a read-only role with an inline session policy (GetObject, and
ListBucket with an ``s3:prefix`` condition, on ``bucket/prefix`` only); the server enforces the
intersection of the role's and the session's policy on every request and refuses the
credentials after they expire. The same call runs against AWS, MinIO and the embedded SeaweedFS
(docs/decisions/0001-embedded-servers.md); only the endpoint and the role ARN differ.

Like ``ObjectStore``, the broker opens one aioboto3 STS client on first use and keeps it (and its
connection pool) until ``close``. Nothing here logs or puts a secret into an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import structlog
from botocore.exceptions import BotoCoreError, ClientError

from lifeboat.core.errors import Unavailable, UpstreamFailed
from lifeboat.settings import Settings
from lifeboat.store.policy import UNSAFE_PREFIX_CHARACTERS, read_only_prefix_policy

__all__ = [
    "MIN_DURATION_S",
    "UNSAFE_PREFIX_CHARACTERS",
    "BrokerNotConfigured",
    "BrokerUnavailable",
    "CredentialBroker",
    "IssuedCredentials",
    "credential_broker_from_settings",
    "read_only_prefix_policy",
]

log = structlog.get_logger(__name__)

# STS refuses shorter sessions (AWS and SeaweedFS alike).
MIN_DURATION_S = 900
# AWS's hard maximum for AssumeRole (a role's own maximum may be lower).
MAX_DURATION_S = 43_200
# A whole AssumeRole round trip, retries included, never takes longer than this.
_CALL_TIMEOUT_S = 10.0


class BrokerUnavailable(UpstreamFailed):
    """STS refused or could not be reached; no credentials were issued."""

    code = "credential-broker-unavailable"
    title = "Credential broker unavailable"


class BrokerNotConfigured(Unavailable):
    """No STS role is configured, so no scoped credentials can be issued."""

    code = "credential-broker-not-configured"
    title = "Credential broker not configured"


@dataclass(frozen=True, slots=True)
class IssuedCredentials:
    """Temporary credentials from STS and where to use them."""

    access_key_id: str
    secret_access_key: str = field(repr=False)
    session_token: str = field(repr=False)
    expiration: datetime
    region: str
    # The S3 endpoint the credentials are for (None: the provider's default, e.g. AWS).
    endpoint: str | None


class CredentialBroker:
    """Mints scoped read-only credentials by assuming ``role_arn`` with a session policy."""

    def __init__(
        self,
        *,
        role_arn: str,
        region: str,
        sts_endpoint_url: str | None,
        s3_endpoint_url: str | None,
        access_key_id: str | None,
        secret_access_key: str | None,
    ) -> None:
        self.role_arn = role_arn
        self.region = region
        self.sts_endpoint_url = sts_endpoint_url
        self.s3_endpoint_url = s3_endpoint_url
        self._access_key_id = access_key_id
        self._secret_access_key = secret_access_key
        self._sts: Any = None
        self._stack: contextlib.AsyncExitStack | None = None
        self._opening = asyncio.Lock()
        self._closed = False

    async def _client(self) -> Any:
        """The STS client, opened once (in the running loop) and reused."""
        if self._sts is None:
            async with self._opening:
                if self._closed:
                    raise BrokerUnavailable("The credential broker is shutting down; retry shortly.")
                if self._sts is None:
                    # Imported here: aioboto3 is heavy and only needed once credentials are asked for.
                    import aioboto3
                    from aiobotocore.config import AioConfig

                    session = aioboto3.Session(
                        aws_access_key_id=self._access_key_id,
                        aws_secret_access_key=self._secret_access_key,
                        region_name=self.region,
                    )
                    config = AioConfig(
                        retries={"max_attempts": 2, "mode": "standard"}, connect_timeout=2, read_timeout=5
                    )
                    stack = contextlib.AsyncExitStack()
                    self._sts = await stack.enter_async_context(
                        session.client("sts", endpoint_url=self.sts_endpoint_url, config=config)
                    )
                    self._stack = stack
        return self._sts

    async def close(self) -> None:
        """Close the client and its connections (idempotent); later calls fail cleanly."""
        async with self._opening:
            self._closed = True
            stack, self._stack, self._sts = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    async def issue(
        self, bucket: str, prefix: str, *, session_name: str, duration_s: int
    ) -> IssuedCredentials:
        """Credentials that may only read (GetObject, ListBucket) under ``bucket/prefix`` for ``duration_s``.

        Raises ``BrokerUnavailable`` (502) when STS refuses or cannot be reached.
        """
        if not MIN_DURATION_S <= duration_s <= MAX_DURATION_S:
            raise ValueError(f"duration_s must be {MIN_DURATION_S}..{MAX_DURATION_S}, got {duration_s}")
        try:
            scope = read_only_prefix_policy(bucket, prefix)
        except ValueError as exc:
            # A group stored before prefixes were checked: refuse rather than widen the scope.
            log.warning("credential_broker.unsafe_prefix", bucket=bucket)
            raise BrokerUnavailable(
                "The group's repository prefix is empty or holds a policy wildcard ('*', '?', '$'); "
                "no credentials were issued. An admin must set a specific prefix."
            ) from exc
        policy = json.dumps(scope, separators=(",", ":"))
        try:
            sts = await self._client()
            response = await asyncio.wait_for(
                sts.assume_role(
                    RoleArn=self.role_arn,
                    RoleSessionName=_session_name(session_name),
                    DurationSeconds=duration_s,
                    Policy=policy,
                ),
                timeout=_CALL_TIMEOUT_S,
            )
            creds = response["Credentials"]
            issued = IssuedCredentials(
                access_key_id=str(creds["AccessKeyId"]),
                secret_access_key=str(creds["SecretAccessKey"]),
                session_token=str(creds["SessionToken"]),
                expiration=_as_utc(creds["Expiration"]),
                region=self.region,
                endpoint=self.s3_endpoint_url,
            )
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code") or "error")
            log.warning("credential_broker.refused", error_code=code, role_arn=self.role_arn)
            raise BrokerUnavailable(
                f"STS refused AssumeRole on the restore role ({code}); no credentials were issued."
            ) from exc
        except (BotoCoreError, OSError, TimeoutError) as exc:
            log.warning("credential_broker.unreachable", error=type(exc).__name__)
            raise BrokerUnavailable(
                f"STS could not be reached ({type(exc).__name__}); no credentials were issued."
            ) from exc
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("credential_broker.bad_response", error=type(exc).__name__)
            raise BrokerUnavailable("STS answered AssumeRole without usable credentials.") from exc
        return issued


def credential_broker_from_settings(settings: Settings) -> CredentialBroker | None:
    """The broker ``settings`` configure, or None without ``LIFEBOAT_STS_ROLE_ARN`` (then 503).

    STS is called at ``LIFEBOAT_STS_ENDPOINT_URL``, else at the S3 endpoint (MinIO and SeaweedFS
    serve it there), else at AWS's default; it signs with the S3 keys (else the default chain).
    """
    if not settings.sts_role_arn:
        return None
    return CredentialBroker(
        role_arn=settings.sts_role_arn,
        region=settings.s3_region,
        sts_endpoint_url=settings.sts_endpoint_url or settings.s3_endpoint_url,
        s3_endpoint_url=settings.s3_endpoint_url,
        access_key_id=settings.s3_access_key_id,
        secret_access_key=settings.s3_secret_access_key,
    )


def _session_name(name: str) -> str:
    """An AssumeRole session name: 2..64 characters of ``[\\w+=,.@-]`` (it shows in S3 access logs)."""
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "_+=,.@-") else "-" for c in name)
    return (cleaned or "lifeboat")[:64].ljust(2, "-")


def _as_utc(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
