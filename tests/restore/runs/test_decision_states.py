"""The decision-first result state of a restore run (seed 004): one test per row of the state
matrix, the resolution rules, and properties over random run/operation/evidence combinations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lifeboat.jobs.models import JobStatus
from lifeboat.restore.runs.decision import (
    CLAIM_VOCABULARY,
    COUNT_FIELDS,
    DECISION_STATES,
    FORBIDDEN_CLAIMS,
    PRE_EXECUTION_STATUSES,
    DecisionBlock,
    EvidenceFacts,
    EvidenceSnapshotState,
    OperationFacts,
    OperationStatus,
    RestoreRunFacts,
    RestoreRunStatus,
    RunCounts,
    ViewerScope,
    resolve,
    resolve_restore_decision,
)

T0 = datetime(2026, 11, 30, 4, 0, tzinfo=UTC)
PROD_VIEWER = ViewerScope(environment="prod", authorized=True)


def run_(status: RestoreRunStatus = "succeeded", **overrides: object) -> RestoreRunFacts:
    fields: dict[str, object] = {
        "id": "run-1",
        "status": status,
        "environment": "prod",
        "operation_id": "job-1",
    }
    fields.update(overrides)
    return msgspec.convert(fields, RestoreRunFacts)


def op_(status: OperationStatus = "succeeded", **overrides: object) -> OperationFacts:
    fields: dict[str, object] = {
        "id": "job-1",
        "status": status,
        "environment": "prod",
        "visible_to_viewer": True,
    }
    fields.update(overrides)
    return msgspec.convert(fields, OperationFacts)


def ev_(state: EvidenceSnapshotState = "active", **overrides: object) -> EvidenceFacts:
    fields: dict[str, object] = {
        "id": "ev-1",
        "state": state,
        "environment": "prod",
        "operation_id": "job-1",
        "visible_to_viewer": True,
        "created_at": T0,
    }
    fields.update(overrides)
    return msgspec.convert(fields, EvidenceFacts)


def assert_no_forbidden_claims(block: DecisionBlock) -> None:
    for claim in block.allowed_claims:
        assert claim in CLAIM_VOCABULARY
        assert claim.casefold() not in FORBIDDEN_CLAIMS
        assert "verified" not in claim.casefold()


# --- one test per row of seed 004's state matrix -------------------------------------------


@pytest.mark.parametrize("status", sorted(PRE_EXECUTION_STATUSES))
def test_row_1_not_executed_for_pre_execution_statuses(status: RestoreRunStatus) -> None:
    block = resolve(run_(status, operation_id=None), None, [], PROD_VIEWER)
    assert block.state == "not_executed"
    assert block.label == "Not executed"
    assert block.reason == "This record proves preview truth, not environment recovery."
    assert block.impact == "No execution proof or post-run evidence exists yet."
    assert block.primary_next_action.id == "review_preview"
    assert block.operation_proof.state == "unavailable"
    assert block.evidence.state == "unavailable"
    assert block.result_summary.state == "unavailable"
    assert block.result_summary.label == "Result summary unavailable"
    assert block.allowed_claims == (("Preview evidence exists",) if status == "previewed" else ())
    assert block.diagnostics_collapsed is True


def test_row_1_not_executed_for_a_dry_run_even_with_proof_and_evidence() -> None:
    counts = RunCounts(items_total=12, items_restored=12)
    block = resolve(run_("succeeded", is_dry_run=True, counts=counts), op_(), [ev_()], PROD_VIEWER)
    assert block.state == "not_executed"
    assert block.operation_proof.state == "unavailable"
    assert block.evidence.state == "unavailable"
    assert block.allowed_claims == ("Preview evidence exists",)
    # metadata counts are shown when present
    assert block.result_summary.state == "counts"
    assert (block.result_summary.items_total, block.result_summary.items_restored) == (12, 12)


@pytest.mark.parametrize(
    ("run_status", "op_status"),
    [("queued", "pending"), ("running", "running"), ("succeeded", "running"), ("succeeded", "pending")],
)
def test_row_2_in_progress(run_status: RestoreRunStatus, op_status: OperationStatus) -> None:
    block = resolve(run_(run_status), op_(op_status), [ev_()], PROD_VIEWER)
    assert block.state == "in_progress"
    assert block.label == "Execution in progress"
    assert block.reason == "Restore execution is currently running."
    assert block.impact == "Results and evidence are not final yet."
    assert block.primary_next_action.id == "view_operation_progress"
    assert block.primary_next_action.label == "View operation progress"
    assert block.primary_next_action.target_id == "job-1"
    assert block.operation_proof.state == "in_progress"
    assert block.evidence.state == "unavailable"  # even an active snapshot is not post-run yet
    assert block.result_summary.state == "in_progress"
    assert block.result_summary.label == "In progress"
    assert block.allowed_claims == ("Execution in progress",)


def test_row_2_in_progress_shows_partial_counts_only_as_reported() -> None:
    block = resolve(run_("running", counts=RunCounts(items_restored=40)), op_("running"), [], PROD_VIEWER)
    assert block.state == "in_progress"
    assert block.result_summary.state == "counts"
    assert block.result_summary.items_restored == 40
    assert block.result_summary.items_total is None  # not reported: not a zero
    assert block.result_summary.items_failed is None


def test_row_3_completed_proof_incomplete_with_operation_proof() -> None:
    block = resolve(run_("succeeded"), op_("succeeded"), [], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.label == "Completed, recovery proof incomplete"
    assert block.reason == "Execution completed, but post-run evidence is not available yet."
    assert block.impact == "Do not treat this restore as verified recovery until evidence has been reviewed."
    assert block.primary_next_action.id == "open_operation_proof"
    assert block.primary_next_action.target_id == "job-1"
    assert block.operation_proof.state == "available"
    assert block.operation_proof.operation_id == "job-1"
    assert block.evidence.state == "unavailable"
    assert block.allowed_claims == ("Execution proof available",)
    assert block.result_summary.label == "Result summary unavailable"


def test_row_3_completed_proof_incomplete_for_a_legacy_run_without_operation() -> None:
    block = resolve(run_("succeeded", operation_id=None), None, [], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.primary_next_action.id == "review_proof_gap"
    assert block.primary_next_action.label == "Review proof gap"
    assert block.operation_proof.state == "unavailable"
    assert block.allowed_claims == ()


@pytest.mark.parametrize("state", ["queued", "generating"])
def test_row_3_evidence_being_generated_is_shown_in_progress(state: EvidenceSnapshotState) -> None:
    block = resolve(run_("succeeded"), op_(), [ev_(state)], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.evidence.state == "in_progress"
    assert block.evidence.evidence_id is None


@pytest.mark.parametrize("state", ["superseded", "absent"])
def test_row_3_superseded_or_absent_evidence_is_unavailable(state: EvidenceSnapshotState) -> None:
    block = resolve(run_("succeeded"), op_(), [ev_(state)], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.evidence.state == "unavailable"


def test_row_4_completed_with_evidence() -> None:
    counts = RunCounts(items_total=3, items_restored=3, bytes_restored=4096, duration_seconds=12.5)
    block = resolve(run_("succeeded", counts=counts, has_item_rows=True), op_(), [ev_()], PROD_VIEWER)
    assert block.state == "completed_with_evidence"
    assert block.label == "Completed with evidence available"
    assert block.reason == "Execution proof and post-run evidence are available."
    assert block.impact == "Review evidence before treating the restore as recovery proof."
    assert block.primary_next_action.id == "open_evidence"
    assert block.primary_next_action.target_id == "ev-1"
    assert block.operation_proof.state == "available"
    assert block.evidence.state == "available"
    assert block.evidence.evidence_id == "ev-1"
    assert block.allowed_claims == ("Evidence snapshot available",)
    assert block.result_summary.state == "counts"
    assert block.result_summary.metadata_only is False
    assert block.result_summary.bytes_restored == 4096
    assert block.result_summary.duration_seconds == 12.5


def test_row_4_opens_the_latest_active_snapshot() -> None:
    older = ev_(id="ev-old", created_at=T0)
    newer = ev_(id="ev-new", created_at=T0 + timedelta(hours=1))
    superseded = ev_("superseded", id="ev-newest", created_at=T0 + timedelta(hours=2))
    for order in ([older, newer, superseded], [superseded, newer, older]):
        block = resolve(run_("succeeded"), op_(), order, PROD_VIEWER)
        assert block.evidence.evidence_id == "ev-new"
        assert block.primary_next_action.target_id == "ev-new"


@pytest.mark.parametrize("status", ["partial", "completed_with_errors"])
def test_row_5_needs_review(status: RestoreRunStatus) -> None:
    counts = RunCounts(items_total=10, items_restored=6, items_failed=1, items_skipped=3, items_partial=0)
    block = resolve(run_(status, counts=counts), op_(), [], PROD_VIEWER)
    assert block.state == "needs_review"
    assert block.label == "Completed with items needing review"
    assert block.reason == "Some items were skipped, partially applied, or failed."
    assert block.impact == "Review item outcomes before relying on the result."
    assert block.primary_next_action.id == "review_item_outcomes"
    assert block.operation_proof.state == "available"
    assert block.evidence.state == "unavailable"
    # a reported 0 stays a real 0; an unreported count stays unknown
    assert block.result_summary.items_partial == 0
    assert block.result_summary.items_not_applied is None
    assert block.allowed_claims == ("Follow-up required", "Failed items exist", "Skipped items exist")


def test_row_5_needs_review_reports_evidence_only_when_repo_backed() -> None:
    with_evidence = resolve(run_("partial"), op_(), [ev_()], PROD_VIEWER)
    assert with_evidence.evidence.state == "available"
    assert "Evidence snapshot available" in with_evidence.allowed_claims
    without_operation = resolve(
        run_("partial", operation_id=None), None, [ev_(operation_id=None)], PROD_VIEWER
    )
    assert without_operation.operation_proof.state == "unavailable"
    assert without_operation.evidence.state == "unavailable"
    assert without_operation.allowed_claims == ("Follow-up required",)


@pytest.mark.parametrize(
    ("run_status", "op_status"),
    [("failed", "succeeded"), ("failed", "failed"), ("running", "failed"), ("succeeded", "failed")],
)
def test_row_6_failed(run_status: RestoreRunStatus, op_status: OperationStatus) -> None:
    block = resolve(run_(run_status), op_(op_status), [], PROD_VIEWER)
    assert block.state == "failed"
    assert block.label == "Restore failed"
    assert block.reason == "The restore did not complete successfully."
    assert block.impact == "Some requested changes may not have been applied."
    assert block.primary_next_action.id == "review_failure_details"
    assert block.operation_proof.state == "available"
    assert block.evidence.state == "unavailable"
    assert block.result_summary.state == "failure_details_required"
    assert block.result_summary.label == "Failure details required"
    assert block.allowed_claims == ("Execution failed",)


def test_row_6_failed_without_operation() -> None:
    block = resolve(
        run_("failed", operation_id=None, counts=RunCounts(items_failed=2)), None, [], PROD_VIEWER
    )
    assert block.state == "failed"
    assert block.operation_proof.state == "unavailable"
    assert block.result_summary.state == "counts"
    assert block.result_summary.items_failed == 2


@pytest.mark.parametrize(
    ("run_status", "op_status"),
    [("cancelled", "cancelled"), ("blocked", "succeeded"), ("running", "blocked"), ("queued", "cancelled")],
)
def test_row_7_blocked_or_cancelled(run_status: RestoreRunStatus, op_status: OperationStatus) -> None:
    block = resolve(run_(run_status), op_(op_status), [ev_()], PROD_VIEWER)
    assert block.state == "blocked_or_cancelled"
    assert block.label == "Restore blocked / cancelled"
    assert block.reason == "Restore did not execute due to cancellation or blocker."
    assert block.impact == "No recovery proof exists."
    assert block.primary_next_action.id == "review_blocker"
    assert block.operation_proof.state == "available"
    assert block.evidence.state == "unavailable"
    assert block.result_summary.label == "Unavailable"
    assert block.allowed_claims == ()


def test_row_7_blocked_or_cancelled_without_operation() -> None:
    block = resolve(run_("cancelled", operation_id=None), None, [], PROD_VIEWER)
    assert block.state == "blocked_or_cancelled"
    assert block.operation_proof.state == "unavailable"


# --- resolution rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "evidence",
    [
        ev_(environment="staging"),  # foreign environment
        ev_(visible_to_viewer=False),  # not authorised for this viewer
        ev_(operation_id="job-other"),  # produced for another operation
        ev_(operation_id=None),
    ],
    ids=["foreign-environment", "not-visible", "other-operation", "no-operation"],
)
def test_evidence_that_does_not_count_leaves_proof_incomplete(evidence: EvidenceFacts) -> None:
    block = resolve(run_("succeeded"), op_(), [evidence], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.evidence.state == "unavailable"
    assert block.evidence.evidence_id is None
    assert "Evidence snapshot available" not in block.allowed_claims


@pytest.mark.parametrize(
    "operation",
    [op_(environment="staging"), op_(visible_to_viewer=False), op_(id="job-other")],
    ids=["foreign-environment", "not-visible", "not-the-linked-job"],
)
def test_operation_that_does_not_count_gives_no_proof_and_no_evidence(operation: OperationFacts) -> None:
    block = resolve(run_("succeeded"), operation, [ev_()], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"
    assert block.operation_proof.state == "unavailable"
    assert block.operation_proof.operation_id is None
    assert block.evidence.state == "unavailable"
    assert block.primary_next_action.id == "review_proof_gap"
    assert block.primary_next_action.target_id is None


@pytest.mark.parametrize("op_status", ["failed", "cancelled", "running"])
def test_a_hidden_operation_status_never_changes_the_state(op_status: OperationStatus) -> None:
    hidden = op_(op_status, visible_to_viewer=False)
    block = resolve(run_("succeeded"), hidden, [], PROD_VIEWER)
    assert block == resolve(run_("succeeded"), None, [], PROD_VIEWER)
    assert block.state == "completed_proof_incomplete"


@pytest.mark.parametrize(
    "viewer",
    [ViewerScope(environment="staging", authorized=True), ViewerScope(environment="prod", authorized=False)],
    ids=["other-environment", "unauthorised"],
)
def test_viewer_out_of_scope_sees_no_proof_or_evidence(viewer: ViewerScope) -> None:
    block = resolve(run_("succeeded"), op_(), [ev_()], viewer)
    assert block.state == "completed_proof_incomplete"
    assert block.operation_proof.state == "unavailable"
    assert block.evidence.state == "unavailable"


def test_viewer_bound_to_every_environment_counts_proof_and_evidence() -> None:
    block = resolve(run_("succeeded"), op_(), [ev_()], ViewerScope(environment="*", authorized=True))
    assert block.state == "completed_with_evidence"


def test_result_attention_is_shown_but_does_not_override_a_completed_decision() -> None:
    block = resolve(
        run_("succeeded", result_attention="completed_with_follow_up"), op_(), [ev_()], PROD_VIEWER
    )
    assert block.state == "completed_with_evidence"
    assert block.result_attention is not None
    assert block.result_attention.state == "completed_with_follow_up"
    assert block.result_attention.label == "Some items need follow-up."


def test_counts_without_item_rows_are_labelled_metadata_only_never_zero() -> None:
    counts = RunCounts(items_total=5, items_failed=2)
    block = resolve(run_("completed_with_errors", counts=counts, has_item_rows=False), op_(), [], PROD_VIEWER)
    summary = block.result_summary
    assert summary.state == "counts"
    assert summary.metadata_only is True
    assert summary.label == "Metadata-only counts (no item-level rows)"
    assert (summary.items_total, summary.items_failed) == (5, 2)
    assert summary.items_restored is None


def test_counts_with_every_field_unreported_are_no_counts() -> None:
    block = resolve(run_("succeeded", counts=RunCounts()), op_(), [], PROD_VIEWER)
    assert block.result_summary.state == "unavailable"
    assert all(getattr(block.result_summary, name) is None for name in COUNT_FIELDS)


def test_decision_block_is_served_decision_first_as_json() -> None:
    block = resolve(run_("succeeded"), op_(), [ev_()], PROD_VIEWER)
    body = msgspec.json.decode(msgspec.json.encode(block))
    assert list(body)[:5] == ["state", "label", "reason", "impact", "primary_next_action"]
    assert body["diagnostics_collapsed"] is True
    assert msgspec.convert(body, DecisionBlock) == block


def test_operation_status_vocabulary_covers_the_job_engine() -> None:
    assert set(get_args(JobStatus)) <= set(get_args(OperationStatus))


def test_forbidden_claims_are_outside_the_vocabulary() -> None:
    assert {"recovery verified", "healthy", "compliant", "customer-safe"} == FORBIDDEN_CLAIMS
    assert not {claim.casefold() for claim in CLAIM_VOCABULARY} & FORBIDDEN_CLAIMS


# --- properties over random combinations ----------------------------------------------------

ENVIRONMENTS = ("prod", "staging")
OP_IDS = ("job-1", "job-2")

optional_count = st.none() | st.integers(min_value=0, max_value=10**9)
counts_strategy = st.none() | st.builds(
    RunCounts,
    items_total=optional_count,
    items_restored=optional_count,
    items_failed=optional_count,
    items_skipped=optional_count,
    items_partial=optional_count,
    items_not_applied=optional_count,
    bytes_restored=optional_count,
    duration_seconds=st.none() | st.floats(min_value=0, max_value=1e6, allow_nan=False),
)


def fits(draw: st.DrawFn) -> bool:
    """True three times out of four: most facts match the run, so the paths where proof and
    evidence count are explored as well as each way of not counting."""
    return draw(st.sampled_from((True, True, True, False)))


@st.composite
def scenarios(
    draw: st.DrawFn,
) -> tuple[RestoreRunFacts, OperationFacts | None, list[EvidenceFacts], ViewerScope]:
    """Random run/operation/evidence/viewer combinations."""
    environment = draw(st.sampled_from(ENVIRONMENTS))
    elsewhere = draw(st.sampled_from(ENVIRONMENTS))
    run = RestoreRunFacts(
        id="run-1",
        status="succeeded" if fits(draw) else draw(st.sampled_from(get_args(RestoreRunStatus))),
        environment=environment,
        is_dry_run=not fits(draw),
        operation_id="job-1" if fits(draw) else draw(st.sampled_from((None, *OP_IDS))),
        counts=draw(counts_strategy),
        has_item_rows=draw(st.booleans()),
        result_attention=draw(st.none() | st.sampled_from(["partial", "completed_with_follow_up"])),
    )
    operation = None
    if fits(draw):
        operation = OperationFacts(
            id=(run.operation_id or "job-1") if fits(draw) else draw(st.sampled_from(OP_IDS)),
            status="succeeded" if fits(draw) else draw(st.sampled_from(get_args(OperationStatus))),
            environment=environment if fits(draw) else elsewhere,
            visible_to_viewer=fits(draw) or draw(st.booleans()),
        )
    evidence = [
        EvidenceFacts(
            id=draw(st.sampled_from(("ev-1", "ev-2", "ev-3"))),
            state="active" if fits(draw) else draw(st.sampled_from(get_args(EvidenceSnapshotState))),
            environment=environment if fits(draw) else elsewhere,
            operation_id=run.operation_id if fits(draw) else draw(st.sampled_from((None, *OP_IDS))),
            visible_to_viewer=fits(draw) or draw(st.booleans()),
            created_at=T0 + timedelta(minutes=draw(st.integers(0, 2))),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    viewer = ViewerScope(
        environment=environment if fits(draw) else draw(st.sampled_from((*ENVIRONMENTS, "*"))),
        authorized=fits(draw) or draw(st.booleans()),
    )
    return run, operation, evidence, viewer


def operation_counts(run: RestoreRunFacts, operation: OperationFacts | None, viewer: ViewerScope) -> bool:
    """Independent oracle for the seed's operation-proof rule."""
    return (
        operation is not None
        and run.operation_id == operation.id
        and operation.environment == run.environment
        and operation.visible_to_viewer
        and viewer.authorized
        and viewer.environment in (run.environment, "*")
    )


def countable_evidence_ids(
    run: RestoreRunFacts, operation: OperationFacts | None, evidence: list[EvidenceFacts], viewer: ViewerScope
) -> set[str]:
    """Independent oracle for the seed's post-run evidence rule."""
    if not operation_counts(run, operation, viewer):
        return set()
    assert operation is not None
    return {
        item.id
        for item in evidence
        if item.state == "active"
        and item.environment == run.environment
        and item.visible_to_viewer
        and item.operation_id == operation.id
    }


@settings(max_examples=300, deadline=None)
@given(scenario=scenarios())
def test_decision_invariants(
    scenario: tuple[RestoreRunFacts, OperationFacts | None, list[EvidenceFacts], ViewerScope],
) -> None:
    run, operation, evidence, viewer = scenario
    block = resolve_restore_decision(run, operation, evidence, viewer)

    assert block.state in DECISION_STATES
    assert_no_forbidden_claims(block)
    assert block.diagnostics_collapsed is True
    for text in (block.label, block.reason, block.impact, block.primary_next_action.label):
        assert text.strip()
    assert block.operation_proof.detail.strip()
    assert block.evidence.detail.strip()
    assert block.result_summary.label.strip()

    # not executed exactly for dry runs and pre-execution records, and they prove nothing
    assert (block.state == "not_executed") == (run.is_dry_run or run.status in PRE_EXECUTION_STATUSES)

    # proof and evidence count only in the same environment and when visible to the viewer
    proof_counts = operation_counts(run, operation, viewer)
    countable = countable_evidence_ids(run, operation, evidence, viewer)
    if block.operation_proof.state != "unavailable":
        assert proof_counts
        assert block.operation_proof.operation_id == run.operation_id
    else:
        assert block.operation_proof.operation_id is None
    if block.evidence.state == "available":
        assert block.evidence.evidence_id in countable
    if block.state == "completed_with_evidence":
        assert run.status == "succeeded"
        assert not run.is_dry_run
        assert countable
        assert block.operation_proof.state == "available"
        assert block.evidence.state == "available"
    if run.status == "succeeded" and not run.is_dry_run and block.state.startswith("completed"):
        assert (block.state == "completed_with_evidence") == bool(countable)

    # no fake zeros: every count is exactly what was reported (absent stays absent)
    for name in COUNT_FIELDS:
        reported = getattr(run.counts, name) if run.counts is not None else None
        assert getattr(block.result_summary, name) == reported
    if block.result_summary.state == "counts":
        assert run.counts is not None

    # deterministic, independent of the order of the evidence, serialisable
    assert resolve_restore_decision(run, operation, evidence, viewer) == block
    assert resolve_restore_decision(run, operation, list(reversed(evidence)), viewer) == block
    assert msgspec.json.decode(msgspec.json.encode(block), type=DecisionBlock) == block

    # facts that do not count for this viewer are indistinguishable from absent ones
    if not proof_counts:
        assert resolve_restore_decision(run, None, evidence, viewer) == block
    visible_here = [
        item
        for item in evidence
        if viewer.authorized
        and viewer.environment in (run.environment, "*")
        and item.visible_to_viewer
        and item.environment == run.environment
    ]
    assert resolve_restore_decision(run, operation, visible_here, viewer) == block
