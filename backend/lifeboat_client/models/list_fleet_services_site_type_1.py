from enum import StrEnum

class ListFleetServicesSiteType1(StrEnum):
    DR = "dr"
    PRIMARY = "primary"

    def __str__(self) -> str:
        return str(self.value)
