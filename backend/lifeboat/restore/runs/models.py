"""Restore run API shapes: opening a run, its progress reports and counts, evidence, the
verification outcome, the run's detail (decision first) and its list, and the ``restore.run``
job's params."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.core.text import MULTILINE_TEXT_PATTERN
from lifeboat.restore.catalog.models import AwareDatetime, BackupType, ServerName, SnapshotId
from lifeboat.restore.replicas.models import Intent
from lifeboat.restore.runs.decision import DecisionBlock, DecisionState

RunStatus = Literal["queued", "running", "succeeded", "failed", "cancelled"]
ReportedStatus = Literal["running", "succeeded", "failed", "cancelled"]
EvidenceState = Literal["queued", "generating", "active", "superseded"]
TERMINAL_RUN_STATUSES: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})
Count = Annotated[int, msgspec.Meta(ge=0, le=2**62)]
Message = Annotated[
    str,
    msgspec.Meta(
        max_length=2000,
        pattern=MULTILINE_TEXT_PATTERN,
        description="A progress or failure message (no control or bidi characters but line feeds).",
    ),
]


class RestoreRunOpen(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Open a run for one item of the caller's worklist (its declaration, server, backup type and
    intent must be exactly a worklist item: 403 when nothing of the caller's covers the server,
    422 when the declaration is not the one the worklist names or the snapshot is not a
    successful backup reported for the server and backup type)."""

    declaration_id: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    server: ServerName
    backup_type: BackupType
    intent: Intent
    snapshot_id: SnapshotId


class RestoreRunCounts(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Aggregate counts of a run. A count not reported stays unknown (null), never 0."""

    items_total: Count | None = None
    items_restored: Count | None = None
    items_failed: Count | None = None
    items_skipped: Count | None = None
    items_partial: Count | None = None
    items_not_applied: Count | None = None
    bytes_restored: Count | None = None
    duration_seconds: Annotated[float, msgspec.Meta(ge=0, le=10**9)] | None = None


class RestoreRunPatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Report progress: a status (queued -> running -> succeeded/failed/cancelled; the same
    status again is a no-op), counts (replace the reported ones) and a message."""

    status: ReportedStatus | msgspec.UnsetType = msgspec.UNSET
    counts: RestoreRunCounts | msgspec.UnsetType = msgspec.UNSET
    message: Message | msgspec.UnsetType = msgspec.UNSET


class VerificationReport(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The verification outcome of a finished run: closes the loop (ends the run's job) and
    feeds the server's restore health. The same report again is a 200 replay. ``snapshot_id``
    is the run's snapshot; the times lie between the run's opening and the server's now (5
    minutes' clock skew allowed), else 422. Health orders outcomes by the server's
    ``recorded_at``, never by these times."""

    outcome: Literal["success", "failure"]
    snapshot_id: SnapshotId
    started_at: AwareDatetime
    finished_at: AwareDatetime
    details: dict[str, Any] | None = None


class RestoreRun(msgspec.Struct, frozen=True, kw_only=True):
    """A restore run as reported by its consumer."""

    id: str
    job_id: str
    declaration_id: str | None
    consumer_id: str
    server: str
    group: str
    backup_type: str
    intent: str
    snapshot_id: str
    status: RunStatus
    counts: RestoreRunCounts | None
    message: str | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class Evidence(msgspec.Struct, frozen=True, kw_only=True):
    """One evidence snapshot of a run (content at ``content_url``; ``sha256`` of the bytes)."""

    id: str
    run_id: str
    job_id: str
    state: EvidenceState
    sha256: str
    size_bytes: int
    content_type: str
    content_url: str
    created_at: datetime
    updated_at: datetime


class Verification(msgspec.Struct, frozen=True, kw_only=True):
    """The verification outcome that closed a run."""

    outcome: Literal["success", "failure"]
    snapshot_id: str
    started_at: datetime
    finished_at: datetime
    details: dict[str, Any] | None
    recorded_at: datetime
    recorded_by: str


class RestoreRunDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A run, decision first (seed 004): what the operator should conclude and do, then the run,
    its job (timeline at /api/v1/jobs/{job_id}), its evidence and its verification."""

    decision: DecisionBlock
    run: RestoreRun
    job_id: str
    evidence: list[Evidence]
    verification: Verification | None


class RunDecisionSummary(msgspec.Struct, frozen=True, kw_only=True):
    """A run's decision in a list: the state, its label and why (the whole block is on the run)."""

    state: DecisionState
    label: str
    reason: str


class RestoreRunListItem(RestoreRun, frozen=True, kw_only=True):
    """A run in a list, with its decision for the caller (resolved as for the run's own page)."""

    decision: RunDecisionSummary


class RestoreRunPage(msgspec.Struct, frozen=True):
    """A page of runs, newest first."""

    items: list[RestoreRunListItem]
    next_cursor: str | None


class OpenedRun(msgspec.Struct, frozen=True):
    detail: RestoreRunDetail
    replayed: bool


class StoredEvidence(msgspec.Struct, frozen=True):
    evidence: Evidence
    created: bool


class RestoreRunParams(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a restore run restores: the worklist item it was opened for."""

    run_id: str
    declaration_id: str
    consumer_id: str
    server: str
    group: str
    backup_type: str
    intent: str
    snapshot_id: str
