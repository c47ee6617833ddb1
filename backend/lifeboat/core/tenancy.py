"""Tenant scope: tenant-scoped routes require a valid ``x-tenant-id``; platform routes ignore it.

A route declares itself tenant-scoped with ``opt={**perm(...), **tenant_scoped()}``. The app-wide
guard ``enforce_tenant_scope`` (registered after the authorization guard, so an anonymous caller
still gets 401 first) then answers 400 problem+json (``urn:lifeboat:error:tenant-scope``) when
the header is missing or malformed, and 422 (same type) when the route has a ``{tenant_id}`` path
parameter that differs from the header (both are well-formed; together they contradict). A valid scope is bound to every later log line (``tenant_id``) and is
available to the handler as ``scoped_tenant(request)``. Routes without the opt never read the
header, whatever it holds.
"""

from __future__ import annotations

import re
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler

from lifeboat.core.errors import FieldError, InvalidInput, Unprocessable
from lifeboat.core.logging import bind_principal

TENANT_SCOPED_OPT = "tenant_scoped"
TENANT_HEADER = "x-tenant-id"
TENANT_PATH_PARAM = "tenant_id"
#: Equal to ``lifeboat.fleet.protocol.TENANT_ID_PATTERN`` (core imports no domain; a test compares).
TENANT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"
_TENANT_ID = re.compile(TENANT_ID_PATTERN)
_STATE_KEY = "tenant_id"


class TenantScopeInvalid(InvalidInput):
    """The tenant scope of a tenant-scoped request is missing, malformed or contradictory."""

    code = "tenant-scope"
    title = "Missing or invalid tenant scope"


class TenantScopeMismatch(Unprocessable):
    """A well-formed tenant scope that names another tenant than the path addresses."""

    code = "tenant-scope"
    title = "Missing or invalid tenant scope"


def tenant_scoped() -> dict[str, Any]:
    """Route ``opt`` marking a tenant-scoped route: ``opt={**perm(X), **tenant_scoped()}``."""
    return {TENANT_SCOPED_OPT: True}


def is_valid_tenant_id(value: str) -> bool:
    """Whether ``value`` is a well-formed tenant id (TENANT_ID_PATTERN)."""
    return _TENANT_ID.fullmatch(value) is not None


def _shown(value: str) -> str:
    return repr(value if len(value) <= 70 else value[:70] + "…")


def enforce_tenant_scope(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """App-wide guard: validate ``x-tenant-id`` on tenant-scoped routes; ignore it elsewhere."""
    if not handler.opt.get(TENANT_SCOPED_OPT):
        return
    values = connection.headers.getall(TENANT_HEADER, [])
    field = [FieldError(field=TENANT_HEADER, message=f"must match {TENANT_ID_PATTERN}")]
    if not values or not values[0].strip():
        raise TenantScopeInvalid(
            f"This endpoint is tenant-scoped: send the {TENANT_HEADER} header with the tenant id.",
            errors=[FieldError(field=TENANT_HEADER, message="required")],
        )
    if len(values) > 1:
        raise TenantScopeInvalid(
            f"Send exactly one {TENANT_HEADER} header (got {len(values)}).", errors=field
        )
    tenant = values[0]
    if not is_valid_tenant_id(tenant):
        raise TenantScopeInvalid(
            f"{TENANT_HEADER} {_shown(tenant)} is not a tenant id: lowercase letters, digits and dashes, "
            "starting with a letter or digit, at most 63 characters.",
            errors=field,
        )
    path_tenant = connection.path_params.get(TENANT_PATH_PARAM)
    if path_tenant is not None and str(path_tenant) != tenant:
        raise TenantScopeMismatch(
            f"{TENANT_HEADER} {_shown(tenant)} does not match the tenant in the path "
            f"{_shown(str(path_tenant))}; a request may only address the tenant it is scoped to.",
            errors=[FieldError(field=TENANT_HEADER, message="must equal the {tenant_id} path parameter")],
        )
    connection.scope.setdefault("state", {})[_STATE_KEY] = tenant
    principal = connection.scope.get("user")
    principal_id = getattr(principal, "id", None)
    bind_principal(str(principal_id) if principal_id is not None else None, tenant)


def scoped_tenant(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The validated tenant id of a tenant-scoped request (set by ``enforce_tenant_scope``)."""
    state: dict[str, Any] = connection.scope.get("state") or {}
    tenant = state.get(_STATE_KEY)
    if not isinstance(tenant, str):
        raise TenantScopeInvalid(f"This request carries no validated {TENANT_HEADER}.")
    return tenant
