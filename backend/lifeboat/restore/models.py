"""Restore control API shapes: the backup catalog (groups, servers, backup runs), replica
declarations, consumers and their capabilities, the worklist, and ``Coverage`` (what the
credentials broker is told a declaration covers)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.core.text import MULTILINE_TEXT_PATTERN, ReasonText
from lifeboat.core.urls import HTTP_URL_PATTERN
from lifeboat.restore.health import DEFAULT_FRESHNESS_TARGET

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
Intent = Annotated[
    str,
    msgspec.Meta(
        pattern=SLUG_PATTERN,
        description="Why the replica is kept, an open slug: verify, analytics, disaster-recovery, "
        "or a custom one (lowercase letters, digits and '-').",
    ),
]
KNOWN_INTENTS: tuple[str, ...] = ("verify", "analytics", "disaster-recovery")
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
NotesText = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        pattern=MULTILINE_TEXT_PATTERN,
        description="Free-form operator notes (line feeds allowed; no other control or bidi characters).",
    ),
]
FreshnessTarget = Annotated[
    int,
    msgspec.Meta(
        ge=60,
        le=31_536_000,
        description="Seconds a verified restore stays fresh: past it without a new success the "
        "server is overdue (the strictest of the declarations covering a server applies). "
        "Default 7 days.",
    ),
]
DEFAULT_FRESHNESS_TARGET_S = int(DEFAULT_FRESHNESS_TARGET.total_seconds())
ConsumerId = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z]+:[A-Za-z0-9._:@-]{1,150}$",
        description="Principal id of the consumer (e.g. token:0190…): it must hold the restore-consumer role.",
    ),
]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
BackupRunStatus = Literal["succeeded", "failed"]
SizeBytes = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
AgentVersion = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")]


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


# --- replicas ----------------------------------------------------------------------------------


class ReplicaCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Declare that a consumer keeps a restore of a group (server null: every live server) or of
    one server, for a backup type and an intent. The declaration is also the authorisation for
    the consumer's read-only credentials. A second declaration of the same scope is a 409."""

    consumer_id: ConsumerId
    group: GroupName
    server: ServerName | None = None
    backup_type: BackupType
    intent: Intent
    enabled: bool = True
    notes: NotesText = ""
    freshness_target_s: FreshnessTarget = DEFAULT_FRESHNESS_TARGET_S
    reason: ReasonText


class ReplicaPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Enable/disable a declaration, change its notes or its freshness target (its scope cannot
    change: delete and declare again)."""

    enabled: bool | msgspec.UnsetType = msgspec.UNSET
    notes: NotesText | msgspec.UnsetType = msgspec.UNSET
    freshness_target_s: FreshnessTarget | msgspec.UnsetType = msgspec.UNSET
    reason: ReasonText


class CapabilityGap(msgspec.Struct, frozen=True):
    """Why a declaration cannot be dispatched to its consumer (it stays off the worklist)."""

    reason: str


class Replica(msgspec.Struct, frozen=True, kw_only=True):
    """A replica declaration. ``gap`` is null when the consumer can serve it, else why not."""

    id: str
    consumer_id: str
    consumer_name: str | None
    group: str
    server: str | None
    backup_type: str
    intent: str
    enabled: bool
    notes: str
    freshness_target_s: int
    gap: CapabilityGap | None
    created_at: datetime
    updated_at: datetime
    created_by: str


class ReplicaPage(msgspec.Struct, frozen=True):
    """A page of replica declarations, oldest first."""

    items: list[Replica]
    next_cursor: str | None


# --- consumers and capabilities ----------------------------------------------------------------


class Capability(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One intent a consumer can serve, for these backup types."""

    intent: Intent
    backup_types: Annotated[list[BackupType], msgspec.Meta(min_length=1, max_length=64)]


class CapabilityRegistration(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Everything the calling consumer supports now: replaces what it registered before."""

    agent_version: AgentVersion
    capabilities: Annotated[list[Capability], msgspec.Meta(max_length=64)]


class Consumer(msgspec.Struct, frozen=True, kw_only=True):
    """A principal holding the restore-consumer role, what it registered and how its
    declarations fare. ``registered`` is false until it first posts its capabilities."""

    id: str
    name: str
    kind: str
    registered: bool
    agent_version: str | None
    capabilities: list[Capability]
    capabilities_updated_at: datetime | None
    last_seen_at: datetime | None
    declarations: int
    gaps: int


class ConsumerList(msgspec.Struct, frozen=True):
    """Every restore consumer, by name."""

    items: list[Consumer]


# --- worklist ----------------------------------------------------------------------------------


class WorklistSnapshot(msgspec.Struct, frozen=True, kw_only=True):
    """The latest successful backup reported for the server and type."""

    id: str
    finished_at: datetime


class WorklistItem(msgspec.Struct, frozen=True, kw_only=True):
    """One replica to keep: a server, a backup type, an intent, what to restore and from where."""

    declaration_id: str
    server: str
    group: str
    backup_type: str
    intent: str
    snapshot: WorklistSnapshot | None
    snapshot_missing_reason: str | None
    repository: BackupRepository


class Worklist(msgspec.Struct, frozen=True, kw_only=True):
    """The caller's work, ordered by group, server, backup type, intent. The body changes only
    when the work does, so its ``ETag`` can be sent back as ``If-None-Match`` (304)."""

    consumer_id: str
    items: list[WorklistItem]


# --- coverage (for the credentials broker) -----------------------------------------------------


class Coverage(msgspec.Struct, frozen=True, kw_only=True):
    """An enabled declaration covering (consumer, server, backup type, intent), with the group's
    repository and its password reference (resolved only by the credentials broker)."""

    declaration_id: str
    group: str
    server: str
    backup_type: str
    intent: str
    bucket: str
    prefix: str
    region: str | None
    endpoint: str | None
    password_ref: str
