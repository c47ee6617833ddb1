"""Replica API shapes: declarations, consumers and their capabilities, the worklist, and
``Coverage`` (what the credentials broker is told a declaration covers)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from lifeboat.core.text import MULTILINE_TEXT_PATTERN, ReasonText
from lifeboat.restore.catalog.models import SLUG_PATTERN, BackupRepository, BackupType, GroupName, ServerName
from lifeboat.restore.health.rules import DEFAULT_FRESHNESS_TARGET

Intent = Annotated[
    str,
    msgspec.Meta(
        pattern=SLUG_PATTERN,
        description="Why the replica is kept, an open slug: verify, analytics, disaster-recovery, "
        "or a custom one (lowercase letters, digits and '-').",
    ),
]
KNOWN_INTENTS: tuple[str, ...] = ("verify", "analytics", "disaster-recovery")
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
AgentVersion = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f]+$")]


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
