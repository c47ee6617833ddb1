from enum import StrEnum

class ReceiptStepEffect(StrEnum):
    COMPENSATED = "compensated"
    DONE = "done"
    NOT_DONE = "not_done"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
