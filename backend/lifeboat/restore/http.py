"""What the restore controllers share: page and reason query parameters, the replay header, and
the app-wide dependencies they receive by name (provided by ``lifeboat.dependencies``; trusted
provider output, so not validated, and never in the OpenAPI document)."""

from __future__ import annotations

from typing import Annotated

from litestar.di import NamedDependency
from litestar.params import QueryParameter, SkipValidation

from lifeboat.auth.models import Principal
from lifeboat.core.authz import PrincipalLike
from lifeboat.core.errors import Unauthenticated
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.text import REASON_TEXT_PATTERN
from lifeboat.jobs.definitions import JobKind, KindRegistry
from lifeboat.settings import Settings
from lifeboat.store.broker import CredentialBroker
from lifeboat.store.objects import ObjectStore

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

# Injected by name: ``principal``, ``settings``, ``store``, ``job_registry``, ``credential_broker``.
Caller = NamedDependency[SkipValidation[PrincipalLike]]
AppSettings = NamedDependency[SkipValidation[Settings]]
Store = NamedDependency[SkipValidation[ObjectStore]]
Registry = NamedDependency[SkipValidation[KindRegistry]]
Broker = NamedDependency[SkipValidation[CredentialBroker | None]]


def as_principal(caller: PrincipalLike) -> Principal:
    """The caller as the auth domain's ``Principal`` (for services that list its kind)."""
    if not isinstance(caller, Principal):  # the authentication middleware only sets Principals
        raise Unauthenticated("Log in, or send 'Authorization: Bearer <token>'.")
    return caller


def registered_kind(registry: KindRegistry, name: str) -> JobKind:
    """The job kind ``name`` of this process's registry (the app wiring registers restore's)."""
    kind = registry.get(name)
    if kind is None:
        raise RuntimeError(f"job kind {name} is not registered")
    return kind
