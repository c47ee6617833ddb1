from enum import StrEnum

class TenantMigrateParamsKind(StrEnum):
    AGGREGATE = "aggregate"
    PROJECTION = "projection"
    RUNNER = "runner"

    def __str__(self) -> str:
        return str(self.value)
