from enum import StrEnum

class ResultAttentionState(StrEnum):
    COMPLETED_WITH_FOLLOW_UP = "completed_with_follow_up"
    PARTIAL = "partial"

    def __str__(self) -> str:
        return str(self.value)
