from enum import StrEnum

class ServiceHealthHealth(StrEnum):
    FAILING = "failing"
    OK = "ok"
    UNKNOWN = "unknown"
    UNREACHABLE = "unreachable"

    def __str__(self) -> str:
        return str(self.value)
