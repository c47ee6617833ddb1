from enum import StrEnum

class ServerHealthItemStatus(StrEnum):
    FAILING = "failing"
    HEALTHY = "healthy"
    NEVER_VERIFIED = "never_verified"
    OVERDUE = "overdue"

    def __str__(self) -> str:
        return str(self.value)
