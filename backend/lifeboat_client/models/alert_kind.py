from enum import StrEnum

class AlertKind(StrEnum):
    RESTORE_FAILING = "restore_failing"
    RESTORE_OVERDUE = "restore_overdue"

    def __str__(self) -> str:
        return str(self.value)
