from enum import StrEnum

class PrincipalKind(StrEnum):
    OIDC = "oidc"
    TOKEN = "token"
    USER = "user"

    def __str__(self) -> str:
        return str(self.value)
