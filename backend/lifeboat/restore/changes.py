"""How restore's operator changes are made: by an ``Actor``, with a required reason, audited in
the change's transaction; an idempotent create says whether it created."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from lifeboat.audit.service import append_audit
from lifeboat.core.errors import FieldError, InvalidInput

T = TypeVar("T")


class Actor(Protocol):
    """Who changes the catalog, as the audit log names them."""

    @property
    def id(self) -> str: ...

    @property
    def name(self) -> str: ...


def require_reason(reason: str) -> str:
    """The stripped reason, or a 400 naming ``reason`` when it has fewer than 3 characters."""
    text = reason.strip()
    if len(text) < 3:
        raise InvalidInput(
            "A reason is required (at least 3 characters).",
            errors=[FieldError(field="reason", message="at least 3 non-blank characters")],
        )
    return text


async def audit_change(
    actor: Actor, action: str, target: str, reason: str | None, details: dict[str, Any]
) -> None:
    """Append the change to the audit log (in the caller's transaction)."""
    await append_audit(
        actor_id=actor.id,
        actor_name=actor.name,
        action=action,
        target=target,
        reason=reason,
        details=details,
    )


@dataclass(frozen=True)
class Created(Generic[T]):
    """What an idempotent create resolved to: the entity, and whether this call created it."""

    value: T
    created: bool
