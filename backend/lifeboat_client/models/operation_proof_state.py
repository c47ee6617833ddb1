from enum import StrEnum

class OperationProofState(StrEnum):
    AVAILABLE = "available"
    IN_PROGRESS = "in_progress"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
