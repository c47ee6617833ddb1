"""Restore credentials: short-lived, read-only S3 credentials for a covered restore, plus the
repository password.

A consumer gets credentials only for what an enabled declaration covers (``covering_declaration``);
the credential broker scopes them to that group's repository prefix. Each request that passes
the coverage check is rate-limited per consumer through the ``restore_credential_issue`` ledger
(PostgreSQL, so every API replica counts the same requests) and audited. Secrets (the secret key,
the session token, the repository password) go only into the response: never into a log line,
the ledger, the audit row or an error.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import structlog

from lifeboat.audit.models import Outcome
from lifeboat.audit.service import append_audit
from lifeboat.core.authz import PrincipalLike
from lifeboat.core.context import current_request_id
from lifeboat.core.errors import Forbidden, RateLimited, UpstreamFailed
from lifeboat.db.access import connection, transaction
from lifeboat.restore.credentials.models import (
    RepositoryLocation,
    RestoreCredentials,
    RestoreCredentialsRequest,
    TemporaryCredentials,
)
from lifeboat.restore.password_refs import PasswordRefRefused, check_password_ref, read_password_file
from lifeboat.restore.replicas.models import Coverage
from lifeboat.restore.replicas.worklist import covering_declaration
from lifeboat.store.broker import BrokerNotConfigured, BrokerUnavailable, CredentialBroker

log = structlog.get_logger(__name__)

# Audit actions (filter them all with "restore.credentials.*").
ISSUED_ACTION = "restore.credentials.issued"
DENIED_ACTION = "restore.credentials.denied"
FAILED_ACTION = "restore.credentials.failed"
_ACTIONS: dict[str, str] = {"success": ISSUED_ACTION, "denied": DENIED_ACTION, "failure": FAILED_ACTION}
# pg_advisory_xact_lock(class, hashtext(consumer)): serialises one consumer's rate-limit checks.
_RATE_LOCK_CLASS = 0x4C4243  # "LBC"


class NoCoveringDeclaration(Forbidden):
    code = "no-covering-declaration"
    title = "No covering declaration"


class RepositoryPasswordUnavailable(UpstreamFailed):
    code = "repository-password-unavailable"
    title = "Repository password unavailable"


@dataclass(frozen=True, slots=True)
class CredentialsPolicy:
    """How long credentials last and how many requests a consumer may make per window."""

    duration_s: int
    rate_limit: int
    rate_window_s: int
    #: LIFEBOAT_SECRETS_DIR: where ``file:`` password references must resolve (None: refused).
    secrets_dir: str | None = None


async def issue_restore_credentials(
    ask: RestoreCredentialsRequest,
    *,
    consumer: PrincipalLike,
    broker: CredentialBroker | None,
    policy: CredentialsPolicy,
) -> RestoreCredentials:
    """Issue credentials for ``ask`` when an enabled declaration covers it for ``consumer``.

    403 without coverage, 503 without a configured broker, 429 over the rate limit, 502 when the
    password or STS cannot deliver. Every outcome is audited except 429 (which writes nothing),
    never with a secret.
    """
    coverage = await covering_declaration(consumer.id, ask.server, ask.backup_type, ask.intent)
    if coverage is None:
        await _audit(consumer, ask, None, "denied", {"error": NoCoveringDeclaration.code})
        raise NoCoveringDeclaration(
            f"No enabled declaration covers server '{ask.server}', backup type '{ask.backup_type}' "
            f"and intent '{ask.intent}' for this consumer (or the server is not live, or this consumer "
            "has not registered that intent and backup type); ask an operator to declare the replica."
        )
    if broker is None:
        await _audit(consumer, ask, coverage, "failure", {"error": BrokerNotConfigured.code})
        raise BrokerNotConfigured(
            "This Lifeboat has no credential broker: set LIFEBOAT_STS_ROLE_ARN "
            "(and LIFEBOAT_STS_ENDPOINT_URL for a non-AWS STS)."
        )
    ledger_id = await _reserve_issue(consumer.id, coverage, policy)
    try:
        password = await resolve_password_ref(
            coverage.password_ref, group=coverage.group, secrets_dir=policy.secrets_dir
        )
        issued = await broker.issue(
            coverage.bucket,
            coverage.prefix,
            session_name=f"restore-{consumer.id}",
            duration_s=policy.duration_s,
        )
    except (RepositoryPasswordUnavailable, BrokerUnavailable) as exc:
        await _mark_issue(ledger_id, None)
        await _audit(consumer, ask, coverage, "failure", {"error": exc.code, "ledger_id": ledger_id})
        raise
    except BaseException:
        # Cancelled or an unexpected error: the reservation still counts, as failed.
        with contextlib.suppress(Exception):
            await asyncio.shield(_mark_issue(ledger_id, None))
        raise
    await _mark_issue(ledger_id, issued.expiration)
    region = coverage.region or issued.region
    endpoint = coverage.endpoint or issued.endpoint
    await _audit(
        consumer,
        ask,
        coverage,
        "success",
        {
            "ledger_id": ledger_id,
            # An identifier, not a secret: it ties S3 access logs to this issue.
            "access_key_id": issued.access_key_id,
            "expires_at": issued.expiration.isoformat(),
            "duration_s": policy.duration_s,
        },
    )
    log.info(
        "restore.credentials.issued",
        declaration_id=coverage.declaration_id,
        server=coverage.server,
        group=coverage.group,
        consumer_id=consumer.id,
        expires_at=issued.expiration.isoformat(),
    )
    return RestoreCredentials(
        credentials=TemporaryCredentials(
            access_key_id=issued.access_key_id,
            secret_access_key=issued.secret_access_key,
            session_token=issued.session_token,
            expires_at=issued.expiration,
        ),
        repository=RepositoryLocation(
            bucket=coverage.bucket, prefix=coverage.prefix, region=region, endpoint=endpoint
        ),
        repository_password=password,
        declaration_id=coverage.declaration_id,
    )


async def resolve_password_ref(ref: str, *, group: str, secrets_dir: str | None) -> str:
    """The password behind ``env:LIFEBOAT_REPO_PASSWORD_<NAME>`` or ``file:/path`` inside the
    secrets directory; 502 (naming the reference, never a secret) when it cannot be read or the
    reference is not allowed (a row stored before the rules were enforced is refused here too)."""
    try:
        check_password_ref(ref, secrets_dir=secrets_dir)
    except PasswordRefRefused as exc:
        raise RepositoryPasswordUnavailable(
            f"The repository password reference of group '{group}' is refused: {exc.detail} "
            "An admin must change the group's password_ref."
        ) from None
    kind, _, where = ref.partition(":")
    if kind == "env":
        value = os.environ.get(where)
        if not value:
            raise RepositoryPasswordUnavailable(
                f"The repository password of group '{group}' cannot be read: "
                f"environment variable {where} is not set on this Lifeboat."
            )
        return value
    try:
        data = await asyncio.to_thread(read_password_file, where, secrets_dir)
    except PasswordRefRefused as exc:  # the file moved out of the directory since the check
        raise RepositoryPasswordUnavailable(
            f"The repository password reference of group '{group}' is refused: {exc.detail}"
        ) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise RepositoryPasswordUnavailable(
            f"The repository password of group '{group}' cannot be read from {where} ({type(exc).__name__})."
        ) from None
    if not data:
        raise RepositoryPasswordUnavailable(
            f"The repository password file {where} of group '{group}' is empty."
        )
    return data


async def _reserve_issue(consumer_id: str, coverage: Coverage, policy: CredentialsPolicy) -> int:
    """Count the consumer's requests in the window and record this one, atomically; 429 (with
    Retry-After) when the window is full."""
    async with transaction() as conn:
        await conn.execute("select pg_advisory_xact_lock($1, hashtext($2))", _RATE_LOCK_CLASS, consumer_id)
        window = await conn.fetchrow(
            """
            select count(*) as used,
                   extract(epoch from min(issued_at) + make_interval(secs => $2) - clock_timestamp())
                     as frees_in_s
              from restore_credential_issue
             where consumer_id = $1
               and issued_at > clock_timestamp() - make_interval(secs => $2)
            """,
            consumer_id,
            float(policy.rate_window_s),
        )
        if window is not None and int(window["used"]) >= policy.rate_limit:
            retry_after = max(1, math.ceil(float(window["frees_in_s"] or 1)))
            log.info("restore.credentials.rate_limited", consumer_id=consumer_id, retry_after_s=retry_after)
            raise RateLimited(
                f"At most {policy.rate_limit} credential requests per {policy.rate_window_s} s per "
                f"consumer; retry in {retry_after} s (credentials last {policy.duration_s} s: reuse them).",
                headers={"Retry-After": str(retry_after)},
            )
        ledger_id: int = await conn.fetchval(
            """
            insert into restore_credential_issue (consumer_id, declaration_id, server, request_id)
            values ($1, $2, $3, $4)
            returning id
            """,
            consumer_id,
            coverage.declaration_id,
            coverage.server,
            current_request_id(),
        )
    return ledger_id


async def _mark_issue(ledger_id: int, expires_at: datetime | None) -> None:
    """Record the outcome of a reserved issue: its expiry, or that it failed."""
    async with connection() as conn:
        await conn.execute(
            """
        update restore_credential_issue
           set outcome = case when $2::timestamptz is null then 'failed' else 'issued' end,
               expires_at = $2::timestamptz
         where id = $1 and outcome = 'pending'
        """,
            ledger_id,
            expires_at,
        )


async def _audit(
    consumer: PrincipalLike,
    ask: RestoreCredentialsRequest,
    coverage: Coverage | None,
    outcome: Outcome,
    extra: dict[str, Any],
) -> None:
    details: dict[str, Any] = {"server": ask.server, "backup_type": ask.backup_type, "intent": ask.intent}
    if coverage is not None:
        details.update(
            declaration_id=coverage.declaration_id,
            group=coverage.group,
            bucket=coverage.bucket,
            prefix=coverage.prefix,
        )
    details.update(extra)
    await append_audit(
        actor_id=consumer.id,
        actor_name=consumer.name,
        action=_ACTIONS[outcome],
        target=f"restore-server:{ask.server}",
        outcome=outcome,
        details=details,
    )


__all__ = [
    "DENIED_ACTION",
    "FAILED_ACTION",
    "ISSUED_ACTION",
    "CredentialsPolicy",
    "NoCoveringDeclaration",
    "RepositoryPasswordUnavailable",
    "issue_restore_credentials",
    "resolve_password_ref",
]
