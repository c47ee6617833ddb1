"""Restore credentials route: a restore consumer asks for scoped read-only S3 credentials."""

from __future__ import annotations

from litestar import Controller, post
from litestar.datastructures import ResponseHeader
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.restore.credentials.models import RestoreCredentials, RestoreCredentialsRequest
from lifeboat.restore.credentials.service import CredentialsPolicy, issue_restore_credentials
from lifeboat.restore.http import AppSettings, Broker, Caller
from lifeboat.restore.permissions import RESTORE_CONSUME


class RestoreCredentialsController(Controller):
    path = "/api/v1/restore/credentials"
    tags = ["restore"]

    @post(
        "/",
        operation_id="issue_restore_credentials",
        summary="Get short-lived read-only S3 credentials for a covered restore, and the repository password",
        description=(
            "Only for what an enabled declaration covers for the calling consumer (403 "
            "no-covering-declaration otherwise). The credentials come from STS AssumeRole with a "
            "session policy: GetObject and ListBucket under the group's repository prefix only, "
            "refused by the S3 server after expires_at (LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S, "
            "at least 900 s). The repository password is returned by this route only. Rate-limited "
            "per consumer (429 with Retry-After). 502 credential-broker-unavailable when STS fails, "
            "502 repository-password-unavailable when the password cannot be read, 503 "
            "credential-broker-not-configured without an STS role. Every request is audited; the "
            "response is not cacheable."
        ),
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_200_OK,
        response_headers=[
            ResponseHeader(name="Cache-Control", value="no-store", description="Never cache credentials.")
        ],
        responses=problem_responses(400, 401, 403, 429, 502, 503),
    )
    async def issue_credentials(
        self,
        principal: Caller,
        settings: AppSettings,
        credential_broker: Broker,
        data: JSONBody[RestoreCredentialsRequest],
    ) -> RestoreCredentials:
        return await issue_restore_credentials(
            data,
            consumer=principal,
            broker=credential_broker,
            policy=CredentialsPolicy(
                duration_s=settings.restore_credentials_duration_s,
                rate_limit=settings.restore_credentials_rate_limit,
                rate_window_s=settings.restore_credentials_rate_window_s,
                secrets_dir=settings.secrets_dir,
            ),
        )
