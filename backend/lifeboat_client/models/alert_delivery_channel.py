from enum import StrEnum

class AlertDeliveryChannel(StrEnum):
    NATS = "nats"
    WEBHOOK = "webhook"

    def __str__(self) -> str:
        return str(self.value)
