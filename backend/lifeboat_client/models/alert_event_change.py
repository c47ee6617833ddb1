from enum import StrEnum

class AlertEventChange(StrEnum):
    CLEARED = "cleared"
    RAISED = "raised"

    def __str__(self) -> str:
        return str(self.value)
