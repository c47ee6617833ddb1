from enum import StrEnum

class AuditVerificationStatus(StrEnum):
    ANCHOR_INVALID = "anchor_invalid"
    ANCHOR_MISSING = "anchor_missing"
    ANCHOR_UNAVAILABLE = "anchor_unavailable"
    OK = "ok"
    REWRITTEN = "rewritten"
    TRUNCATED = "truncated"

    def __str__(self) -> str:
        return str(self.value)
