from enum import StrEnum

class EvidenceState(StrEnum):
    ACTIVE = "active"
    GENERATING = "generating"
    QUEUED = "queued"
    SUPERSEDED = "superseded"

    def __str__(self) -> str:
        return str(self.value)
