from enum import StrEnum

class TenantPageSource(StrEnum):
    FILE = "file"
    KV = "kv"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
