from enum import StrEnum

class RunDecisionSummaryState(StrEnum):
    BLOCKED_OR_CANCELLED = "blocked_or_cancelled"
    COMPLETED_PROOF_INCOMPLETE = "completed_proof_incomplete"
    COMPLETED_WITH_EVIDENCE = "completed_with_evidence"
    FAILED = "failed"
    IN_PROGRESS = "in_progress"
    NEEDS_REVIEW = "needs_review"
    NOT_EXECUTED = "not_executed"

    def __str__(self) -> str:
        return str(self.value)
