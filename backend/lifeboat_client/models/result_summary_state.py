from enum import StrEnum

class ResultSummaryState(StrEnum):
    COUNTS = "counts"
    FAILURE_DETAILS_REQUIRED = "failure_details_required"
    IN_PROGRESS = "in_progress"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
