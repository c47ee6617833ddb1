from enum import StrEnum

class AuditAnchorCheckSource(StrEnum):
    NATS_KV = "nats-kv"
    OBJECT_STORE = "object-store"

    def __str__(self) -> str:
        return str(self.value)
