"""Decision-first result state of a restore run (seed 004, "Restore Result State Contract").

A pure resolver: :func:`resolve_restore_decision` (alias :func:`resolve`) maps the facts about
one restore run, its linked operation (the ``restore.run`` job of our job engine), its post-run
evidence snapshots and the viewer to one operator-facing :class:`DecisionBlock`. No I/O: the
service reads the rows, builds the input structs and serves the block first on
``GET /api/v1/restore/runs/{id}``.

Vocabulary mapping from the seed: "operation run" = our job (``operation_id`` is the job id),
"managed environment / workspace" = our environment, "evidence snapshot" = restore evidence,
restore status ``completed`` = our ``succeeded``.

State matrix (seed row -> trigger -> code path; checked in this order, the first match wins;
tests/restore/runs/test_decision_states.py has ``test_row_<n>_<state>`` for every row)::

    row  state                       trigger                                             code path
    1    not_executed                run.is_dry_run, or run.status in                    _not_executed
                                     PRE_EXECUTION_STATUSES (draft/scoped/checked/
                                     previewed)
    6    failed                      run.status == failed, or counted operation failed   _failed
    7    blocked_or_cancelled        run.status in {cancelled, blocked}, or counted      _blocked_or_cancelled
                                     operation cancelled / blocked
    2    in_progress                 run.status in {queued, running}, or counted         _in_progress
                                     operation pending / awaiting_approval / running /
                                     cancelling
    5    needs_review                run.status in {partial, completed_with_errors}      _needs_review
    4    completed_with_evidence     run.status == succeeded, countable evidence         _completed
    3    completed_proof_incomplete  run.status == succeeded, no countable evidence      _completed

Precedence (the seed's triggers overlap; this order is ours and is tested): a dry run or a
pre-execution record never proves execution, so row 1 wins; a terminal failure beats a
cancellation (it is the more alarming truth), and both beat "in progress" because a terminal
outcome on either side means the run will not complete as planned; a run the agent reported
finished is still "in progress" while its job is active (results are not final).

Resolution rules (seed, "Resolution Rules"):

* The linked operation counts only when it is the run's ``operation_id``, in the run's
  environment, visible to the viewer, and the viewer is authorised in that environment. An
  operation that does not count is treated exactly as an absent one: its status never changes
  the state (a job the viewer cannot see must not leak through the decision).
* Evidence counts ("countable") only when it is ``active``, produced for the counted linked
  operation, in the run's environment and visible to the viewer. The latest countable snapshot
  (by ``created_at``, then id) is the one opened. ``queued``/``generating`` snapshots in scope
  are shown as in progress; absent, superseded, foreign or hidden evidence is unavailable.
* Result attention (secondary copy) stays visible for succeeded runs but never overrides the
  proof/evidence decision; only the persisted statuses partial/completed_with_errors do.
* Counts are repo-backed only: a count absent in the input is ``None`` in the summary, never 0;
  counts without item-level rows are labelled metadata-only.
* Allowed claims come from :data:`CLAIM_VOCABULARY`; :data:`FORBIDDEN_CLAIMS` can never appear.
* Diagnostics are collapsed by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Final, Literal, get_args

import msgspec

# --- input facts -----------------------------------------------------------------------------

RestoreRunStatus = Literal[
    "draft",
    "scoped",
    "checked",
    "previewed",
    "queued",
    "running",
    "succeeded",
    "partial",
    "completed_with_errors",
    "failed",
    "cancelled",
    "blocked",
]
#: The job engine's statuses (``JobStatus``, a test keeps them in step), plus ``blocked`` for an
#: external job its agent reports as blocked. Spelled out so the OpenAPI schema is one enum.
OperationStatus = Literal[
    "pending", "awaiting_approval", "running", "cancelling", "succeeded", "failed", "cancelled", "blocked"
]
EvidenceSnapshotState = Literal["queued", "generating", "active", "superseded", "absent"]
ResultAttentionState = Literal["partial", "completed_with_follow_up"]

PRE_EXECUTION_STATUSES: Final = frozenset({"draft", "scoped", "checked", "previewed"})
RUN_ACTIVE_STATUSES: Final = frozenset({"queued", "running"})
RUN_REVIEW_STATUSES: Final = frozenset({"partial", "completed_with_errors"})
RUN_STOPPED_STATUSES: Final = frozenset({"cancelled", "blocked"})
OPERATION_ACTIVE_STATUSES: Final = frozenset({"pending", "awaiting_approval", "running", "cancelling"})
OPERATION_STOPPED_STATUSES: Final = frozenset({"cancelled", "blocked"})


class RunCounts(msgspec.Struct, frozen=True, kw_only=True):
    """Aggregate counts reported for a run (its metadata). ``None`` = not reported (unknown)."""

    items_total: int | None = None
    items_restored: int | None = None
    items_failed: int | None = None
    items_skipped: int | None = None
    items_partial: int | None = None
    items_not_applied: int | None = None
    bytes_restored: int | None = None
    duration_seconds: float | None = None


COUNT_FIELDS: Final[tuple[str, ...]] = RunCounts.__struct_fields__


class RestoreRunFacts(msgspec.Struct, frozen=True, kw_only=True):
    """What is persisted about the restore run itself."""

    id: str
    status: RestoreRunStatus
    environment: str
    is_dry_run: bool = False
    #: The linked ``restore.run`` job, when there is one (legacy/imported runs have none).
    operation_id: str | None = None
    counts: RunCounts | None = None
    #: Whether item-level outcome rows exist (counts without them are metadata-only evidence).
    has_item_rows: bool = False
    result_attention: ResultAttentionState | None = None


class OperationFacts(msgspec.Struct, frozen=True, kw_only=True):
    """The job linked to the run, as the viewer's authorisation sees it."""

    id: str
    status: OperationStatus
    environment: str
    visible_to_viewer: bool


class EvidenceFacts(msgspec.Struct, frozen=True, kw_only=True):
    """One post-run evidence snapshot of the run."""

    id: str
    state: EvidenceSnapshotState
    environment: str
    #: The job the evidence was produced for.
    operation_id: str | None
    visible_to_viewer: bool
    created_at: datetime


class ViewerScope(msgspec.Struct, frozen=True, kw_only=True):
    """Who is looking: the environment they act in (``*`` = every environment) and whether they
    may read restore proof and evidence there."""

    environment: str
    authorized: bool


# --- output ----------------------------------------------------------------------------------

DecisionState = Literal[
    "not_executed",
    "in_progress",
    "completed_proof_incomplete",
    "completed_with_evidence",
    "needs_review",
    "failed",
    "blocked_or_cancelled",
]
DECISION_STATES: Final[tuple[DecisionState, ...]] = get_args(DecisionState)
ProofState = Literal["available", "in_progress", "unavailable"]
NextActionId = Literal[
    "review_preview",
    "view_operation_progress",
    "view_run_progress",
    "open_operation_proof",
    "review_proof_gap",
    "open_evidence",
    "review_item_outcomes",
    "review_failure_details",
    "review_blocker",
]
SummaryState = Literal["counts", "unavailable", "in_progress", "failure_details_required"]
Claim = Literal[
    "Preview evidence exists",
    "Execution in progress",
    "Execution proof available",
    "Evidence snapshot available",
    "Follow-up required",
    "Skipped items exist",
    "Failed items exist",
    "Partially applied items exist",
    "Items not applied exist",
    "Execution failed",
]
#: Every claim a decision block may make.
CLAIM_VOCABULARY: Final[frozenset[str]] = frozenset(get_args(Claim))
#: Claims no decision block may ever make (compared case-insensitively).
FORBIDDEN_CLAIMS: Final[frozenset[str]] = frozenset(
    {"recovery verified", "healthy", "compliant", "customer-safe"}
)
if {
    claim.casefold() for claim in CLAIM_VOCABULARY
} & FORBIDDEN_CLAIMS:  # pragma: no cover - import-time guard
    raise RuntimeError("a forbidden claim is in the claim vocabulary")


class NextAction(msgspec.Struct, frozen=True, kw_only=True):
    """The one primary thing to do next."""

    id: NextActionId
    label: str
    #: What the action opens (job id or evidence id), when it opens something the viewer may see.
    target_id: str | None


class OperationProof(msgspec.Struct, frozen=True, kw_only=True):
    state: ProofState
    detail: str
    #: Only set when the operation counts (same environment, visible).
    operation_id: str | None


class EvidenceStatus(msgspec.Struct, frozen=True, kw_only=True):
    state: ProofState
    detail: str
    #: The latest countable active snapshot, when there is one.
    evidence_id: str | None


class ResultSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Repo-backed counts only: a count that was not reported is ``None``, never 0."""

    state: SummaryState
    label: str
    #: Counts exist but no item-level rows back them.
    metadata_only: bool
    items_total: int | None
    items_restored: int | None
    items_failed: int | None
    items_skipped: int | None
    items_partial: int | None
    items_not_applied: int | None
    bytes_restored: int | None
    duration_seconds: float | None


class ResultAttention(msgspec.Struct, frozen=True, kw_only=True):
    """Secondary result-attention copy (never overrides the top-level decision)."""

    state: ResultAttentionState
    label: str


class DecisionBlock(msgspec.Struct, frozen=True, kw_only=True):
    """The first thing an operator sees about a restore run."""

    state: DecisionState
    label: str
    reason: str
    impact: str
    primary_next_action: NextAction
    operation_proof: OperationProof
    evidence: EvidenceStatus
    result_summary: ResultSummary
    allowed_claims: tuple[Claim, ...]
    result_attention: ResultAttention | None
    diagnostics_collapsed: bool


# --- resolution ------------------------------------------------------------------------------

_NO_OPERATION = "No operation is linked to this restore run."
_OPERATION_OUT_OF_SCOPE = "The linked operation is not available in this environment or not visible to you."
_NO_EVIDENCE = "No post-run evidence snapshot in this environment is visible to you."
_EVIDENCE_NOT_COUNTED = "No active post-run evidence snapshot exists for this run's operation."
_EVIDENCE_GENERATING = "A post-run evidence snapshot is being generated."
_EVIDENCE_NEEDS_PROOF = "Post-run evidence counts only with visible operation proof in this environment."

_ATTENTION_LABELS: Final[dict[str, str]] = {
    "partial": "Some items were only partially applied.",
    "completed_with_follow_up": "Some items need follow-up.",
}


class _Scope(msgspec.Struct, frozen=True, kw_only=True):
    """The facts that count for this viewer (resolution rules applied once)."""

    operation: OperationFacts | None
    operation_detail: str
    countable_evidence: EvidenceFacts | None
    evidence_generating: bool
    evidence_detail: str


def _viewer_in_scope(run: RestoreRunFacts, viewer: ViewerScope) -> bool:
    return viewer.authorized and viewer.environment in ("*", run.environment)


def _apply_scope(
    run: RestoreRunFacts,
    operation: OperationFacts | None,
    evidence: Sequence[EvidenceFacts],
    viewer: ViewerScope,
) -> _Scope:
    viewer_ok = _viewer_in_scope(run, viewer)
    linked = operation is not None and run.operation_id is not None and operation.id == run.operation_id
    counted_operation: OperationFacts | None = None
    if run.operation_id is None:
        operation_detail = _NO_OPERATION
    elif (
        operation is not None
        and linked
        and viewer_ok
        and operation.visible_to_viewer
        and operation.environment == run.environment
    ):
        counted_operation = operation
        operation_detail = ""
    else:
        # Missing, foreign and hidden read the same, so a hidden job leaks nothing.
        operation_detail = _OPERATION_OUT_OF_SCOPE

    in_scope = [
        item
        for item in evidence
        if viewer_ok and item.visible_to_viewer and item.environment == run.environment
    ]
    for_operation = [
        item
        for item in in_scope
        if counted_operation is not None and item.operation_id == counted_operation.id
    ]
    active = [item for item in for_operation if item.state == "active"]
    countable = max(active, key=lambda item: (item.created_at, item.id)) if active else None
    generating = any(item.state in ("queued", "generating") for item in for_operation)
    if countable is not None:
        evidence_detail = "An active post-run evidence snapshot is available."
    elif generating:
        evidence_detail = _EVIDENCE_GENERATING
    elif not in_scope:
        # Same words whether nothing exists or only hidden/foreign snapshots do: no leak.
        evidence_detail = _NO_EVIDENCE
    elif counted_operation is None:
        evidence_detail = _EVIDENCE_NEEDS_PROOF
    else:
        evidence_detail = _EVIDENCE_NOT_COUNTED
    return _Scope(
        operation=counted_operation,
        operation_detail=operation_detail,
        countable_evidence=countable,
        evidence_generating=generating,
        evidence_detail=evidence_detail,
    )


def _proof(scope: _Scope, available_state: ProofState, detail: str) -> OperationProof:
    if scope.operation is None:
        return OperationProof(state="unavailable", detail=scope.operation_detail, operation_id=None)
    return OperationProof(state=available_state, detail=detail, operation_id=scope.operation.id)


def _proof_unavailable(detail: str) -> OperationProof:
    return OperationProof(state="unavailable", detail=detail, operation_id=None)


def _evidence_from_scope(scope: _Scope) -> EvidenceStatus:
    """Repo-backed evidence state for rows where it may be available (3, 5, 6)."""
    if scope.countable_evidence is not None:
        return EvidenceStatus(
            state="available", detail=scope.evidence_detail, evidence_id=scope.countable_evidence.id
        )
    if scope.evidence_generating:
        return EvidenceStatus(state="in_progress", detail=scope.evidence_detail, evidence_id=None)
    return EvidenceStatus(state="unavailable", detail=scope.evidence_detail, evidence_id=None)


def _summary(
    run: RestoreRunFacts, label_without_counts: str, state_without_counts: SummaryState
) -> ResultSummary:
    counts = run.counts or RunCounts()
    if all(getattr(counts, name) is None for name in COUNT_FIELDS):
        state, label, metadata_only = state_without_counts, label_without_counts, False
    elif run.has_item_rows:
        state, label, metadata_only = "counts", "Result counts", False
    else:
        state, label, metadata_only = "counts", "Metadata-only counts (no item-level rows)", True
    return ResultSummary(
        state=state,
        label=label,
        metadata_only=metadata_only,
        items_total=counts.items_total,
        items_restored=counts.items_restored,
        items_failed=counts.items_failed,
        items_skipped=counts.items_skipped,
        items_partial=counts.items_partial,
        items_not_applied=counts.items_not_applied,
        bytes_restored=counts.bytes_restored,
        duration_seconds=counts.duration_seconds,
    )


def _attention(run: RestoreRunFacts) -> ResultAttention | None:
    if run.result_attention is None:
        return None
    return ResultAttention(state=run.result_attention, label=_ATTENTION_LABELS[run.result_attention])


def _not_executed(run: RestoreRunFacts) -> DecisionBlock:
    previewed = run.status == "previewed" or (run.is_dry_run and run.status == "succeeded")
    claims: tuple[Claim, ...] = ("Preview evidence exists",) if previewed else ()
    return DecisionBlock(
        state="not_executed",
        label="Not executed",
        reason="This record proves preview truth, not environment recovery.",
        impact="No execution proof or post-run evidence exists yet.",
        primary_next_action=NextAction(
            id="review_preview",
            label="Review preview" if previewed else "Continue preparation",
            target_id=None,
        ),
        operation_proof=_proof_unavailable("A preview or draft has no execution proof."),
        evidence=EvidenceStatus(
            state="unavailable", detail="A preview or draft has no post-run evidence.", evidence_id=None
        ),
        result_summary=_summary(run, "Result summary unavailable", "unavailable"),
        allowed_claims=claims,
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def _in_progress(run: RestoreRunFacts, scope: _Scope) -> DecisionBlock:
    if scope.operation is not None:
        action = NextAction(
            id="view_operation_progress", label="View operation progress", target_id=scope.operation.id
        )
    else:
        action = NextAction(id="view_run_progress", label="View run progress", target_id=None)
    return DecisionBlock(
        state="in_progress",
        label="Execution in progress",
        reason="Restore execution is currently running.",
        impact="Results and evidence are not final yet.",
        primary_next_action=action,
        operation_proof=_proof(scope, "in_progress", "The operation is in progress."),
        evidence=EvidenceStatus(
            state="unavailable", detail="Post-run evidence exists only after execution.", evidence_id=None
        ),
        result_summary=_summary(run, "In progress", "in_progress"),
        allowed_claims=("Execution in progress",),
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def _completed(run: RestoreRunFacts, scope: _Scope) -> DecisionBlock:
    proof = _proof(scope, "available", "Execution proof is available.")
    summary = _summary(run, "Result summary unavailable", "unavailable")
    if scope.countable_evidence is not None:
        return DecisionBlock(
            state="completed_with_evidence",
            label="Completed with evidence available",
            reason="Execution proof and post-run evidence are available.",
            impact="Review evidence before treating the restore as recovery proof.",
            primary_next_action=NextAction(
                id="open_evidence", label="Open evidence", target_id=scope.countable_evidence.id
            ),
            operation_proof=proof,
            evidence=_evidence_from_scope(scope),
            result_summary=summary,
            allowed_claims=("Evidence snapshot available",),
            result_attention=_attention(run),
            diagnostics_collapsed=True,
        )
    if scope.operation is not None:
        action = NextAction(
            id="open_operation_proof", label="Open operation proof", target_id=scope.operation.id
        )
        claims: tuple[Claim, ...] = ("Execution proof available",)
    else:
        action = NextAction(id="review_proof_gap", label="Review proof gap", target_id=None)
        claims = ()
    return DecisionBlock(
        state="completed_proof_incomplete",
        label="Completed, recovery proof incomplete",
        reason="Execution completed, but post-run evidence is not available yet.",
        impact="Do not treat this restore as verified recovery until evidence has been reviewed.",
        primary_next_action=action,
        operation_proof=proof,
        evidence=_evidence_from_scope(scope),
        result_summary=summary,
        allowed_claims=claims,
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def _needs_review(run: RestoreRunFacts, scope: _Scope) -> DecisionBlock:
    claims: list[Claim] = ["Follow-up required"]
    counts = run.counts or RunCounts()
    item_claims: tuple[tuple[int | None, Claim], ...] = (
        (counts.items_failed, "Failed items exist"),
        (counts.items_skipped, "Skipped items exist"),
        (counts.items_partial, "Partially applied items exist"),
        (counts.items_not_applied, "Items not applied exist"),
    )
    for value, claim in item_claims:
        if value is not None and value > 0:
            claims.append(claim)
    evidence = _evidence_from_scope(scope)
    if evidence.state == "available":
        claims.append("Evidence snapshot available")
    return DecisionBlock(
        state="needs_review",
        label="Completed with items needing review",
        reason="Some items were skipped, partially applied, or failed.",
        impact="Review item outcomes before relying on the result.",
        primary_next_action=NextAction(
            id="review_item_outcomes", label="Review item outcomes", target_id=None
        ),
        operation_proof=_proof(scope, "available", "Execution proof is available."),
        evidence=evidence,
        result_summary=_summary(run, "Result summary unavailable", "unavailable"),
        allowed_claims=tuple(claims),
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def _failed(run: RestoreRunFacts, scope: _Scope) -> DecisionBlock:
    return DecisionBlock(
        state="failed",
        label="Restore failed",
        reason="The restore did not complete successfully.",
        impact="Some requested changes may not have been applied.",
        primary_next_action=NextAction(
            id="review_failure_details",
            label="Review failure details",
            target_id=scope.operation.id if scope.operation is not None else None,
        ),
        operation_proof=_proof(scope, "available", "The failed operation's record is available."),
        evidence=_evidence_from_scope(scope),
        result_summary=_summary(run, "Failure details required", "failure_details_required"),
        allowed_claims=("Execution failed",),
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def _blocked_or_cancelled(run: RestoreRunFacts, scope: _Scope) -> DecisionBlock:
    return DecisionBlock(
        state="blocked_or_cancelled",
        label="Restore blocked / cancelled",
        reason="Restore did not execute due to cancellation or blocker.",
        impact="No recovery proof exists.",
        primary_next_action=NextAction(
            id="review_blocker",
            label="Review blocker",
            target_id=scope.operation.id if scope.operation is not None else None,
        ),
        operation_proof=_proof(scope, "available", "The stopped operation's record is available."),
        evidence=EvidenceStatus(
            state="unavailable",
            detail="A blocked or cancelled restore has no post-run evidence.",
            evidence_id=None,
        ),
        result_summary=_summary(run, "Unavailable", "unavailable"),
        allowed_claims=(),
        result_attention=_attention(run),
        diagnostics_collapsed=True,
    )


def resolve_restore_decision(
    run: RestoreRunFacts,
    operation: OperationFacts | None,
    evidence: Sequence[EvidenceFacts],
    viewer: ViewerScope,
) -> DecisionBlock:
    """Resolve the decision-first state of a restore run (see the module docstring's matrix).

    Deterministic and order-independent in ``evidence``; facts the viewer may not count (another
    environment, not visible, not the linked operation) never change the state.
    """
    if run.is_dry_run or run.status in PRE_EXECUTION_STATUSES:
        return _not_executed(run)
    scope = _apply_scope(run, operation, evidence, viewer)
    op_status = scope.operation.status if scope.operation is not None else None
    if run.status == "failed" or op_status == "failed":
        return _failed(run, scope)
    if run.status in RUN_STOPPED_STATUSES or op_status in OPERATION_STOPPED_STATUSES:
        return _blocked_or_cancelled(run, scope)
    if run.status in RUN_ACTIVE_STATUSES or op_status in OPERATION_ACTIVE_STATUSES:
        return _in_progress(run, scope)
    if run.status in RUN_REVIEW_STATUSES:
        return _needs_review(run, scope)
    return _completed(run, scope)


#: Short name used by the issue text.
resolve = resolve_restore_decision
