"""Restore credentials API shapes: what a consumer asks for and the scoped credentials, the
repository location and its password it gets back."""

from __future__ import annotations

from datetime import datetime

import msgspec

from lifeboat.restore.catalog.models import BackupType, ServerName
from lifeboat.restore.replicas.models import Intent


class RestoreCredentialsRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What the consumer is about to restore: one server's backups of one type, for one intent."""

    server: ServerName
    backup_type: BackupType
    intent: Intent


class TemporaryCredentials(msgspec.Struct, frozen=True, kw_only=True):
    """S3 credentials that may only read (GetObject, ListBucket) under the repository prefix,
    refused by the server after ``expires_at``. Use all three values together."""

    access_key_id: str
    secret_access_key: str
    session_token: str
    expires_at: datetime


class RepositoryLocation(msgspec.Struct, frozen=True, kw_only=True):
    """Where the group's backup repository is: the only place the credentials can read."""

    bucket: str
    prefix: str
    region: str
    endpoint: str | None


class RestoreCredentials(msgspec.Struct, frozen=True, kw_only=True):
    """Scoped read-only credentials, the repository and its password (returned only here)."""

    credentials: TemporaryCredentials
    repository: RepositoryLocation
    repository_password: str
    declaration_id: str
