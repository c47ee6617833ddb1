"""What the restore controllers share: page and reason query parameters, the replay header,
and who is calling from which environment."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request
from litestar.params import QueryParameter

from lifeboat.auth.models import Principal
from lifeboat.core.errors import Unauthenticated
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.text import REASON_TEXT_PATTERN

IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed"

Limit = Annotated[int | None, QueryParameter(ge=1, le=500, required=False, description="Page size.")]
CursorParam = CursorQuery
Reason = Annotated[
    str,
    QueryParameter(
        min_length=3,
        max_length=1000,
        pattern=REASON_TEXT_PATTERN,
        description="Why it is deleted (audited).",
    ),
]


def principal(request: Request[Any, Any, Any]) -> Principal:
    """The authenticated caller (the app-wide guard has checked it)."""
    user: Any = request.scope.get("user")
    if not isinstance(user, Principal):  # the app-wide guard makes this unreachable
        raise Unauthenticated("Log in, or send 'Authorization: Bearer <token>'.")
    return user


def environment(request: Request[Any, Any, Any]) -> str:
    """The environment this Lifeboat serves."""
    environment: str = request.app.state.settings.environment
    return environment
