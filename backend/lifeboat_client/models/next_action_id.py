from enum import StrEnum

class NextActionId(StrEnum):
    OPEN_EVIDENCE = "open_evidence"
    OPEN_OPERATION_PROOF = "open_operation_proof"
    REVIEW_BLOCKER = "review_blocker"
    REVIEW_FAILURE_DETAILS = "review_failure_details"
    REVIEW_ITEM_OUTCOMES = "review_item_outcomes"
    REVIEW_PREVIEW = "review_preview"
    REVIEW_PROOF_GAP = "review_proof_gap"
    VIEW_OPERATION_PROGRESS = "view_operation_progress"
    VIEW_RUN_PROGRESS = "view_run_progress"

    def __str__(self) -> str:
        return str(self.value)
