from enum import StrEnum

class DecisionBlockAllowedClaimsItem(StrEnum):
    EVIDENCE_SNAPSHOT_AVAILABLE = "Evidence snapshot available"
    EXECUTION_FAILED = "Execution failed"
    EXECUTION_IN_PROGRESS = "Execution in progress"
    EXECUTION_PROOF_AVAILABLE = "Execution proof available"
    FAILED_ITEMS_EXIST = "Failed items exist"
    FOLLOW_UP_REQUIRED = "Follow-up required"
    ITEMS_NOT_APPLIED_EXIST = "Items not applied exist"
    PARTIALLY_APPLIED_ITEMS_EXIST = "Partially applied items exist"
    PREVIEW_EVIDENCE_EXISTS = "Preview evidence exists"
    SKIPPED_ITEMS_EXIST = "Skipped items exist"

    def __str__(self) -> str:
        return str(self.value)
