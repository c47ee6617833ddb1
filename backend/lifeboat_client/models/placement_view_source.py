from enum import StrEnum

class PlacementViewSource(StrEnum):
    FILE = "file"
    KV = "kv"
    NONE = "none"

    def __str__(self) -> str:
        return str(self.value)
