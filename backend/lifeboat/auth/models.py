"""Identity API shapes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from lifeboat.core.text import DisplayNameText, NameText, ReasonText

Role = Literal["viewer", "operator", "admin", "restore-consumer", "backup-agent"]
PrincipalKind = Literal["user", "token", "oidc"]

EnvironmentName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^(\*|[a-z0-9][a-z0-9_-]{0,62})$(?!\n)", description="An environment name, or * for all."
    ),
]
Username = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9._-]{1,63}$(?!\n)")]


class RoleBinding(msgspec.Struct, frozen=True):
    """A role granted in one environment (``*`` = every environment)."""

    role: Role
    environment: str


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    """Whoever is making the request: a local user, an API token or an OIDC subject."""

    id: str
    kind: PrincipalKind
    name: str
    bindings: list[RoleBinding]
    is_admin: bool = False
    session_id: str | None = None


class LoginRequest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Credentials of a local user."""

    username: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]


class LoginResponse(msgspec.Struct, frozen=True):
    """The logged-in user and the CSRF token to send as ``x-csrf-token`` on unsafe requests."""

    user: Principal
    csrf_token: str


class ApiTokenInfo(msgspec.Struct, frozen=True, kw_only=True):
    """An API token as listed (never the secret)."""

    id: str
    name: str
    prefix: str
    role: Role
    environment: str
    created_at: datetime
    created_by: str
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiTokenCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A new API token: its name, role, environment, optional lifetime and the reason."""

    name: NameText
    role: Role
    reason: ReasonText
    environment: EnvironmentName = "*"
    expires_in_days: Annotated[int, msgspec.Meta(ge=1, le=3650)] | None = None


class ApiTokenCreated(msgspec.Struct, frozen=True):
    """The created token and its secret, shown this once."""

    token: ApiTokenInfo
    secret: str


class ReasonBody(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The reason for a mutation that takes no other input."""

    reason: ReasonText


class ApiTokenPage(msgspec.Struct, frozen=True):
    """A page of API tokens, newest first."""

    items: list[ApiTokenInfo]
    next_cursor: str | None


class UserInfo(msgspec.Struct, frozen=True, kw_only=True):
    """A local user (never the password hash)."""

    id: str
    username: str
    display_name: str
    bindings: list[RoleBinding]
    disabled: bool
    created_at: datetime
    last_login_at: datetime | None


class UserCreate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A new local user with one role binding."""

    username: Username
    password: Annotated[str, msgspec.Meta(min_length=12, max_length=1024)]
    role: Role
    reason: ReasonText
    environment: EnvironmentName = "*"
    display_name: DisplayNameText | None = None


class RoleBindingSpec(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A role to grant in one environment (``*`` = every environment, which needs ``admin@*``)."""

    role: Role
    environment: EnvironmentName


class UserBindingsUpdate(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A user's complete new set of role bindings. Every binding added or removed must be in an
    environment the caller administers (``admin@<env>`` or ``admin@*``; ``*`` needs ``admin@*``)."""

    bindings: Annotated[list[RoleBindingSpec], msgspec.Meta(min_length=1, max_length=20)]
    reason: ReasonText


class UserPage(msgspec.Struct, frozen=True):
    """A page of users."""

    items: list[UserInfo]
    next_cursor: str | None
