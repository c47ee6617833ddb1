from enum import StrEnum

class PlacementMapViewKind(StrEnum):
    AGGREGATE = "aggregate"
    PROJECTION = "projection"
    RUNNER = "runner"

    def __str__(self) -> str:
        return str(self.value)
