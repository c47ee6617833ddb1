"""Authorization primitives every controller declares with: ``Permission``, ``perm()``, role ranks.

They live in ``core`` (not ``auth``) so that infrastructure packages with routes, such as the
job engine, can declare permissions and check roles without importing the auth domain. The
principal is seen through ``PrincipalLike``: anything with an id, a name and role bindings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

HUMAN_RANK: dict[str, int] = {"viewer": 1, "operator": 2, "admin": 3}
PERMISSION_OPT = "permission"


class BindingLike(Protocol):
    """A role granted in one environment (``*`` = all)."""

    @property
    def role(self) -> str: ...

    @property
    def environment(self) -> str: ...


class PrincipalLike(Protocol):
    """Who is acting, as far as authorization needs to know."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def bindings(self) -> Sequence[BindingLike]: ...


@dataclass(frozen=True)
class Permission:
    """What a route needs: a minimum human role and/or specific machine roles."""

    name: str
    min_role: str | None = None
    machine_roles: frozenset[str] = frozenset()
    any_authenticated: bool = False


PUBLIC = Permission(name="public")
AUTHENTICATED = Permission(name="self", any_authenticated=True)


def perm(permission: Permission) -> dict[str, Any]:
    """Route ``opt`` declaring the permission: ``@get(..., opt=perm(AUDIT_READ))``."""
    return {PERMISSION_OPT: permission}


def binding_applies(binding: BindingLike, environment: str) -> bool:
    """A binding counts in ``environment`` when it names it or all (``*``)."""
    return binding.environment in ("*", environment)


def has_role(principal: PrincipalLike, min_role: str, environment: str) -> bool:
    """Whether ``principal`` holds a human role of at least ``min_role`` in ``environment``."""
    needed = HUMAN_RANK[min_role]
    return any(
        binding_applies(b, environment) and HUMAN_RANK.get(b.role, 0) >= needed for b in principal.bindings
    )


def allows(permission: Permission, principal: PrincipalLike, environment: str) -> bool:
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
