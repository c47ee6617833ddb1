from enum import StrEnum

class TenantDrainParamsKindsItem(StrEnum):
    AGGREGATE = "aggregate"
    GATEWAY = "gateway"
    PROJECTION = "projection"
    RUNNER = "runner"

    def __str__(self) -> str:
        return str(self.value)
