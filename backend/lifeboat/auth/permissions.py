"""Permissions and the role model: viewer < operator < admin, plus machine roles.

Every route declares one ``Permission`` (or ``PUBLIC``) in its ``opt``; the guard denies
anything undeclared.
"""

from __future__ import annotations

from dataclasses import dataclass

from lifeboat.auth.models import Principal, Role, RoleBinding

HUMAN_RANK: dict[str, int] = {"viewer": 1, "operator": 2, "admin": 3}
MACHINE_ROLES: frozenset[str] = frozenset({"restore-consumer", "backup-agent"})
ALL_ROLES: tuple[Role, ...] = ("viewer", "operator", "admin", "restore-consumer", "backup-agent")


@dataclass(frozen=True)
class Permission:
    """What a route needs: a minimum human role and/or specific machine roles."""

    name: str
    min_role: str | None = None
    machine_roles: frozenset[str] = frozenset()
    any_authenticated: bool = False


PUBLIC = Permission(name="public")
AUTHENTICATED = Permission(name="self", any_authenticated=True)
PLATFORM_READ = Permission(name="platform:read", min_role="viewer")
AUDIT_READ = Permission(name="audit:read", min_role="viewer")
TOKENS_MANAGE = Permission(name="tokens:manage", min_role="admin")
USERS_READ = Permission(name="users:read", min_role="admin")
USERS_MANAGE = Permission(name="users:manage", min_role="admin")

PERMISSION_OPT = "permission"


def binding_applies(binding: RoleBinding, environment: str) -> bool:
    """A binding counts in ``environment`` when it names it or all (``*``)."""
    return binding.environment in ("*", environment)


def is_admin_in(bindings: list[RoleBinding], environment: str) -> bool:
    """Whether the bindings grant admin in ``environment``."""
    return any(b.role == "admin" and binding_applies(b, environment) for b in bindings)


def allows(permission: Permission, principal: Principal, environment: str) -> bool:
    """Whether ``principal`` holds ``permission`` in ``environment``."""
    if permission == PUBLIC or permission.any_authenticated:
        return True
    for binding in principal.bindings:
        if not binding_applies(binding, environment):
            continue
        if binding.role in permission.machine_roles:
            return True
        if (
            permission.min_role is not None
            and binding.role in HUMAN_RANK
            and HUMAN_RANK[binding.role] >= HUMAN_RANK[permission.min_role]
        ):
            return True
    return False
