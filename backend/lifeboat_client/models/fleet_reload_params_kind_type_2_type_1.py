from enum import StrEnum

class FleetReloadParamsKindType2Type1(StrEnum):
    AGGREGATE = "aggregate"
    GATEWAY = "gateway"
    PROJECTION = "projection"
    RUNNER = "runner"

    def __str__(self) -> str:
        return str(self.value)
