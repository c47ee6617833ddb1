"""Job API shapes: the create request's base (kinds subclass it), jobs, steps, plans, events, receipts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

from lifeboat.core.text import ReasonText

JobStatus = Literal[
    "pending", "awaiting_approval", "running", "cancelling", "succeeded", "failed", "cancelled"
]
StepStatus = Literal["pending", "running", "succeeded", "failed", "skipped", "cancelled"]
EffectState = Literal["done", "not_done", "unknown", "compensated"]

ACTIVE_STATUSES: tuple[str, ...] = ("pending", "awaiting_approval", "running", "cancelling")
TERMINAL_STATUSES: tuple[str, ...] = ("succeeded", "failed", "cancelled")

ScopeName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z][a-z0-9_.-]*:[A-Za-z0-9_.:/-]{1,200}$",
        description="A lock scope such as tenant:acme or config:routing.",
    ),
]


# --- the create request (each kind's struct lives with its domain) -------------------------


class JobCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="kind"):
    """The base of every kind's create request: a domain subclasses it with ``tag=<kind name>`` and
    its ``params`` struct. ``POST /api/v1/jobs`` takes the union of the subclasses the composition
    root passes to ``lifeboat.jobs.api.job_controller`` (``lifeboat.jobs.kinds.create_union``)."""

    reason: ReasonText
    dry_run: bool = False
    params: msgspec.Struct


# --- plans ---------------------------------------------------------------------------------


class GateResult(msgspec.Struct, frozen=True, kw_only=True):
    """One preflight safety gate and whether it passed."""

    name: str
    ok: bool
    detail: str


class PlanStep(msgspec.Struct, frozen=True, kw_only=True):
    """One step the job will run, in order, and what it will touch."""

    position: int
    name: str
    touches: list[str]
    timeout_s: float
    max_attempts: int


class JobPlan(msgspec.Struct, frozen=True, kw_only=True):
    """The deterministic plan for a request: byte-identical for identical inputs."""

    kind: str
    lock_scope: str | None
    mutating: bool
    requires_approval: bool
    steps: list[PlanStep]
    gates: list[GateResult]
    ok: bool
    # Facts the kind observed before planning (quantised, sorted: identical facts give identical
    # bytes); the steps act on them (e.g. the placement revision a migrate compares-and-sets on).
    observed: dict[str, Any] | None = None


# --- jobs ----------------------------------------------------------------------------------


class StepAttempt(msgspec.Struct, frozen=True, kw_only=True):
    """One try of a step."""

    attempt: int
    lease_epoch: int
    worker: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    error_type: str | None
    error: str | None
    retry_in_s: float | None


class JobStep(msgspec.Struct, frozen=True, kw_only=True):
    """A step of a job with its attempts."""

    position: int
    name: str
    status: StepStatus
    effect: EffectState
    timeout_s: float
    max_attempts: int
    attempts: list[StepAttempt]
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """A job as listed."""

    id: str
    kind: str
    status: JobStatus
    params: dict[str, Any]
    reason: str
    dry_run: bool
    mutating: bool
    requires_approval: bool
    lock_scope: str | None
    created_by: str
    created_by_name: str
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    approved_by: str | None
    approved_at: datetime | None
    cancel_requested_at: datetime | None
    cancel_requested_by: str | None
    cancel_reason: str | None
    lease_epoch: int
    error: str | None
    receipt_url: str | None
    request_id: str | None
    correlation_id: str | None


class JobDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A job with its plan and steps (and attempts)."""

    job: Job
    plan: JobPlan
    steps: list[JobStep]


class JobPage(msgspec.Struct, frozen=True):
    """A page of jobs, newest first."""

    items: list[Job]
    next_cursor: str | None


class JobFilter(msgspec.Struct, frozen=True, kw_only=True):
    """Filters of ``GET /api/v1/jobs``."""

    kind: str | None = None
    status: str | None = None
    scope: str | None = None
    created_by: str | None = None
    since: datetime | None = None
    correlation_id: str | None = None


class JobReasonBody(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A mutation's reason (audited)."""

    reason: ReasonText


class JobEventOut(msgspec.Struct, frozen=True, kw_only=True):
    """One event of a job's timeline (the SSE ``data`` payload)."""

    job_id: str
    seq: int
    at: datetime
    type: str
    data: dict[str, Any]


class JobEventMessage(msgspec.Struct, frozen=True, kw_only=True):
    """One Server-Sent Event of ``GET /jobs/{job_id}/events`` as the stream frames it (the
    contract's schema of an event; the stream itself is ``text/event-stream``)."""

    id: Annotated[str, msgspec.Meta(description="The event's seq (resume with Last-Event-ID).")]
    event: Annotated[str, msgspec.Meta(description="The event type, e.g. job.created or step.log.")]
    data: Annotated[
        str,
        msgspec.Meta(
            extra_json_schema={
                "description": "A JobEventOut, as JSON.",
                "extra": {"contentMediaType": "application/json"},
            }
        ),
    ]


class EngineState(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the engine claims mutating jobs, and who changed that last."""

    paused: bool
    changed_by: str | None
    reason: str | None
    changed_at: datetime
    active_jobs: int
    queued_jobs: int


class EngineChange(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Pause or resume the engine."""

    paused: bool
    reason: ReasonText


class ReceiptStep(msgspec.Struct, frozen=True, kw_only=True):
    """A step's outcome in a receipt."""

    position: int
    name: str
    status: str
    effect: EffectState
    attempts: list[StepAttempt]
    started_at: datetime | None
    finished_at: datetime | None
    error: str | None


class Receipt(msgspec.Struct, frozen=True, kw_only=True):
    """The record of a finished job: what was asked, planned and done, by whom, when and why."""

    job_id: str
    kind: str
    status: str
    dry_run: bool
    params: dict[str, Any]
    plan: JobPlan
    steps: list[ReceiptStep]
    effects_done: list[str]
    effects_not_done: list[str]
    effects_unknown: list[str]
    effects_compensated: list[str]
    reason: str
    created_by: str
    created_by_name: str
    created_at: datetime
    approved_by: str | None
    started_at: datetime | None
    finished_at: datetime | None
    cancel_requested_by: str | None
    cancel_reason: str | None
    error: str | None
    request_id: str | None
    correlation_id: str | None
