"""Backup catalog API shapes: groups (one repository each), servers and reported backup runs,
and the name, slug and repository-coordinate types the other restore sub-domains reuse."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.core.text import ReasonText
from lifeboat.core.urls import HTTP_URL_PATTERN

#: Group and server names: lowercase letters, digits, '.', '_' and '-', at most 63 characters.
NAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{0,62}$(?!\n)"
#: Backup types and intents: open vocabularies of slugs (``postgres``, ``files``, ``verify``…).
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$(?!\n)"
#: A reference to the repository password, never the password: ``env:VAR`` or ``file:/abs/path``
#: (which variables and files are allowed is checked by the service: 422 password-ref-refused).
PASSWORD_REF_PATTERN = r"^[^\x00-\x1f]{1,1100}$"

GroupName = Annotated[
    str,
    msgspec.Meta(
        pattern=NAME_PATTERN,
        description="Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).",
    ),
]
ServerName = Annotated[
    str,
    msgspec.Meta(
        pattern=NAME_PATTERN,
        description="Server name: lowercase letters, digits, '.', '_' and '-' (max 63).",
    ),
]
BackupType = Annotated[
    str,
    msgspec.Meta(
        pattern=SLUG_PATTERN,
        description="Backup type, an open slug (e.g. postgres, files): lowercase letters, digits and '-'.",
    ),
]
BucketName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", description="S3 bucket of the backup repository."
    ),
]
Prefix = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[^\x00-\x1f*?$]{1,1024}$",
        description="Key prefix of the repository inside the bucket: required (never the whole "
        "bucket), without '*', '?' or '$' (restore credentials are scoped to it).",
    ),
]
Region = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="S3 region.")]
Endpoint = Annotated[
    str,
    msgspec.Meta(
        min_length=8,
        max_length=2048,
        pattern=HTTP_URL_PATTERN,
        description="S3 endpoint URL (http/https, no credentials, query or fragment), null for the AWS default.",
    ),
]
PasswordRef = Annotated[
    str,
    msgspec.Meta(
        pattern=PASSWORD_REF_PATTERN,
        description="Where the repository password is read from when credentials are issued: "
        "'env:LIFEBOAT_REPO_PASSWORD_<NAME>' or 'file:/absolute/path' inside LIFEBOAT_SECRETS_DIR "
        "(any other variable or file is refused with 422). The password itself is never stored here.",
    ),
]
SnapshotId = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@+=/-]{0,254}$",
        description="The backup tool's snapshot id (letters, digits and ._:@+=/-, max 255).",
    ),
]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
BackupRunStatus = Literal["succeeded", "failed"]
SizeBytes = Annotated[int, msgspec.Meta(ge=0, le=2**62)]


# --- catalog: groups ---------------------------------------------------------------------------


class BackupRepository(msgspec.Struct, frozen=True, kw_only=True):
    """Where a group's backups live (coordinates only; never the password)."""

    bucket: str
    prefix: str
    region: str | None
    endpoint: str | None


class BackupGroupCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A new backup group and its repository. The same definition again is a 200 no-op; a
    different one under an existing name is a 409."""

    name: GroupName
    bucket: BucketName
    prefix: Prefix
    region: Region | None = None
    endpoint: Endpoint | None = None
    password_ref: PasswordRef
    reason: ReasonText


class BackupGroupPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Change a group's repository; absent fields are left alone (null clears region/endpoint)."""

    bucket: BucketName | msgspec.UnsetType = msgspec.UNSET
    prefix: Prefix | msgspec.UnsetType = msgspec.UNSET
    region: Region | msgspec.UnsetType | None = msgspec.UNSET
    endpoint: Endpoint | msgspec.UnsetType | None = msgspec.UNSET
    password_ref: PasswordRef | msgspec.UnsetType = msgspec.UNSET
    reason: ReasonText


class BackupGroup(msgspec.Struct, frozen=True, kw_only=True):
    """A backup group: one repository, any number of servers. ``password_ref`` says where the
    credentials broker reads the repository password; the password is never stored or returned."""

    id: str
    name: str
    repository: BackupRepository
    password_ref: str
    server_count: int
    created_at: datetime
    updated_at: datetime
    created_by: str


class BackupGroupPage(msgspec.Struct, frozen=True):
    """A page of backup groups, by name."""

    items: list[BackupGroup]
    next_cursor: str | None


# --- catalog: servers --------------------------------------------------------------------------


class ServerCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A new server in a group. The same definition again is a 200 no-op; a different one is a 409."""

    name: ServerName
    group: GroupName
    live: bool = True
    reason: ReasonText


class ServerPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Move a server to another group or mark it live / not live; absent fields are left alone."""

    group: GroupName | msgspec.UnsetType = msgspec.UNSET
    live: bool | msgspec.UnsetType = msgspec.UNSET
    reason: ReasonText


class LatestBackup(msgspec.Struct, frozen=True, kw_only=True):
    """A server's newest reported backup run of one type, and its newest successful one (the
    snapshot its worklist items carry; null when none succeeded yet)."""

    backup_type: str
    latest: BackupRun
    latest_succeeded: BackupRun | None


class Server(msgspec.Struct, frozen=True, kw_only=True):
    """A backed-up server: member of one group; only live servers are put on worklists."""

    id: str
    name: str
    group: str
    live: bool
    latest_backups: list[LatestBackup]
    created_at: datetime
    updated_at: datetime
    created_by: str


class ServerPage(msgspec.Struct, frozen=True):
    """A page of servers, by name."""

    items: list[Server]
    next_cursor: str | None


# --- catalog: backup runs ----------------------------------------------------------------------


class BackupRunReport(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A finished backup, reported by a backup agent. Idempotent on server + backup_type +
    snapshot_id: the same facts again are a 200 replay, different facts a 409."""

    server: ServerName
    backup_type: BackupType
    snapshot_id: SnapshotId
    status: BackupRunStatus
    started_at: AwareDatetime
    finished_at: AwareDatetime
    size_bytes: SizeBytes | None = None
    details: dict[str, Any] | None = None


class BackupRun(msgspec.Struct, frozen=True, kw_only=True):
    """A reported backup run."""

    id: str
    server: str
    group: str
    backup_type: str
    snapshot_id: str
    status: BackupRunStatus
    started_at: datetime
    finished_at: datetime
    size_bytes: int | None
    details: dict[str, Any] | None
    reported_at: datetime
    reported_by: str


class BackupRunPage(msgspec.Struct, frozen=True):
    """A page of backup runs, newest report first."""

    items: list[BackupRun]
    next_cursor: str | None
