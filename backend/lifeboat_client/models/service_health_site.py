from enum import StrEnum

class ServiceHealthSite(StrEnum):
    DR = "dr"
    PRIMARY = "primary"

    def __str__(self) -> str:
        return str(self.value)
