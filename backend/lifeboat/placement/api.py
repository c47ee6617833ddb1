"""Placement and tenant routes: the three maps, tenants list/search, one tenant (tenant-scoped)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.params import HeaderParameter, PathParameter, QueryParameter, SkipValidation

from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.tenancy import TENANT_HEADER, TENANT_ID_PATTERN, tenant_scoped
from lifeboat.placement.models import PlacementView, TenantDetail, TenantPage
from lifeboat.placement.permissions import PLACEMENT_READ, TENANTS_READ
from lifeboat.placement.service import PlacementService

# Provided by the app (``lifeboat.dependencies``); trusted, so not validated.
Placement = NamedDependency[SkipValidation[PlacementService]]


class PlacementController(Controller):
    path = "/api/v1/placement"
    tags = ["placement"]

    @get(
        "/",
        operation_id="get_placement",
        summary="The three placement maps with their revisions and source (kv or file)",
        opt=perm(PLACEMENT_READ),
        responses=problem_responses(401, 403),
    )
    async def get_placement(self, placement: Placement) -> PlacementView:
        return placement.placement_view()


class TenantController(Controller):
    path = "/api/v1/tenants"
    tags = ["tenants"]

    @get(
        "/",
        operation_id="list_tenants",
        summary="Tenants found in any placement map, ordered by id, with search and cursor pagination",
        opt=perm(TENANTS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_tenants(
        self,
        placement: Placement,
        q: Annotated[
            str | None,
            QueryParameter(
                required=False,
                max_length=128,
                description="Substring of the tenant id or of a service it is placed on (case-insensitive).",
            ),
        ] = None,
        limit: Annotated[
            int | None, QueryParameter(required=False, ge=1, le=500, description="Page size.")
        ] = None,
        cursor: CursorQuery = None,
    ) -> TenantPage:
        return placement.list_tenants(q=q, limit=limit, cursor=cursor)

    @get(
        "/{tenant_id:str}",
        operation_id="get_tenant",
        summary="One tenant's placement per kind (tenant-scoped: x-tenant-id must equal the path)",
        opt={**perm(TENANTS_READ), **tenant_scoped()},
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def get_tenant(
        self,
        placement: Placement,
        tenant_id: Annotated[str, PathParameter(pattern=TENANT_ID_PATTERN, description="The tenant id.")],
        x_tenant_id: Annotated[
            str,
            HeaderParameter(
                name=TENANT_HEADER,
                pattern=TENANT_ID_PATTERN,
                description="Tenant scope: required, and equal to the tenant id in the path.",
            ),
        ],
    ) -> TenantDetail:
        return placement.get_tenant(tenant_id)
