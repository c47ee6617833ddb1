from enum import StrEnum

class DependencyCheckName(StrEnum):
    NATS = "nats"
    POSTGRES = "postgres"
    S3 = "s3"

    def __str__(self) -> str:
        return str(self.value)
