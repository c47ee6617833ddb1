from enum import StrEnum

class TenantDrainParamsSiteType3Type1(StrEnum):
    DR = "dr"
    PRIMARY = "primary"

    def __str__(self) -> str:
        return str(self.value)
