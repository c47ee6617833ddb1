"""Permissions and the role model: viewer < operator < admin, plus machine roles.

Every route declares one ``Permission`` (or ``PUBLIC``) in its ``opt``; the guard denies
anything undeclared.
"""

from __future__ import annotations

from lifeboat.auth.models import Principal, Role, RoleBinding
from lifeboat.core.authz import (
    AUTHENTICATED,
    HUMAN_RANK,
    PERMISSION_OPT,
    PUBLIC,
    Permission,
    binding_applies,
)
from lifeboat.core.authz import allows as _allows
from lifeboat.core.errors import Forbidden

__all__ = [
    "ALL_ROLES",
    "AUTHENTICATED",
    "HUMAN_RANK",
    "MACHINE_ROLES",
    "PERMISSION_OPT",
    "PLATFORM_READ",
    "PUBLIC",
    "TOKENS_MANAGE",
    "USERS_MANAGE",
    "USERS_READ",
    "Permission",
    "administers",
    "allows",
    "binding_applies",
    "is_admin_in",
    "require_administers",
]

MACHINE_ROLES: frozenset[str] = frozenset({"restore-consumer", "backup-agent"})
ALL_ROLES: tuple[Role, ...] = ("viewer", "operator", "admin", "restore-consumer", "backup-agent")

PLATFORM_READ = Permission(name="platform:read", min_role="viewer")
TOKENS_MANAGE = Permission(name="tokens:manage", min_role="admin")
USERS_READ = Permission(name="users:read", min_role="admin")
USERS_MANAGE = Permission(name="users:manage", min_role="admin")


def is_admin_in(bindings: list[RoleBinding], environment: str) -> bool:
    """Whether the bindings grant admin in ``environment``."""
    return any(b.role == "admin" and binding_applies(b, environment) for b in bindings)


def allows(permission: Permission, principal: Principal, environment: str) -> bool:
    """Whether ``principal`` holds ``permission`` in ``environment``."""
    return _allows(permission, principal, environment)


def administers(principal: Principal, environment: str) -> bool:
    """Whether ``principal`` may grant, change or revoke bindings in ``environment``.

    Only an admin of that environment may (``admin@<env>`` or ``admin@*``); bindings in ``*``
    (every environment) need ``admin@*``: an environment's admin cannot widen anyone, itself
    included, beyond its own environment.
    """
    return any(
        b.role == "admin" and (b.environment == "*" or (environment != "*" and b.environment == environment))
        for b in principal.bindings
    )


def require_administers(principal: Principal, environments: set[str] | list[str], what: str) -> None:
    """403 unless ``principal`` administers every one of ``environments`` (see ``administers``)."""
    refused = sorted({env for env in environments if not administers(principal, env)})
    if refused:
        needed = (
            "admin@*" if "*" in refused else " or ".join(f"admin@{env}" for env in refused) + " (or admin@*)"
        )
        raise Forbidden(
            f"{what} in environment(s) {', '.join(repr(e) for e in refused)} needs {needed}; "
            "you may only grant, change or revoke access in environments where you are admin."
        )
