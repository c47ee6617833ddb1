from enum import StrEnum

class TenantServiceActivitySite(StrEnum):
    DR = "dr"
    PRIMARY = "primary"

    def __str__(self) -> str:
        return str(self.value)
