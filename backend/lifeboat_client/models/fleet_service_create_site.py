from enum import StrEnum

class FleetServiceCreateSite(StrEnum):
    DR = "dr"
    PRIMARY = "primary"

    def __str__(self) -> str:
        return str(self.value)
