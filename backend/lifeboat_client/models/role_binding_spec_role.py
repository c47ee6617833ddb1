from enum import StrEnum

class RoleBindingSpecRole(StrEnum):
    ADMIN = "admin"
    BACKUP_AGENT = "backup-agent"
    OPERATOR = "operator"
    RESTORE_CONSUMER = "restore-consumer"
    VIEWER = "viewer"

    def __str__(self) -> str:
        return str(self.value)
