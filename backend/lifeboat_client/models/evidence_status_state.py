from enum import StrEnum

class EvidenceStatusState(StrEnum):
    AVAILABLE = "available"
    IN_PROGRESS = "in_progress"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
