from enum import StrEnum

class AuditAnchorCheckState(StrEnum):
    INVALID = "invalid"
    MATCHED = "matched"
    MISMATCH = "mismatch"
    MISSING = "missing"
    NONE = "none"
    TRUNCATED = "truncated"
    UNAVAILABLE = "unavailable"

    def __str__(self) -> str:
        return str(self.value)
