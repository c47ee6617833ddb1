"""Fleet routes: the health snapshot and the service registry (admins change it, viewers read it)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, post, put
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, PathParameter, QueryParameter, SkipValidation
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from lifeboat.core.authz import PrincipalLike, perm
from lifeboat.core.errors import problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.tenancy import TENANT_HEADER, TENANT_ID_PATTERN, tenant_scoped
from lifeboat.core.text import REASON_TEXT_PATTERN
from lifeboat.fleet import registry
from lifeboat.fleet.models import (
    FleetService,
    FleetServiceCreate,
    FleetServicePage,
    FleetServiceSpec,
    FleetServiceUpdate,
    FleetSnapshot,
    ServiceName,
    TenantActivity,
)
from lifeboat.fleet.permissions import FLEET_MANAGE, FLEET_READ
from lifeboat.fleet.prober import FleetProber
from lifeboat.fleet.protocol import ServiceKind, Site

Limit = Annotated[int | None, QueryParameter(ge=1, le=500, required=False, description="Page size.")]
CursorParam = CursorQuery
Reason = Annotated[
    str,
    QueryParameter(
        min_length=3,
        max_length=1000,
        pattern=REASON_TEXT_PATTERN,
        description="Why the service is removed (audited).",
    ),
]


# Provided by the app (``lifeboat.dependencies``); trusted, so not validated.
Principal = NamedDependency[SkipValidation[PrincipalLike]]
Prober = NamedDependency[SkipValidation[FleetProber]]


class FleetController(Controller):
    path = "/api/v1/fleet"
    tags = ["fleet"]

    @get(
        "/",
        operation_id="get_fleet_snapshot",
        summary="Probe every registered service now and return one normalised health snapshot",
        description=(
            "Every service is probed concurrently (/health, /ready, /metrics, /admin/state), each call "
            "bounded by LIFEBOAT_FLEET_PROBE_TIMEOUT_S, so an unreachable service never delays the "
            "answer beyond that timeout plus a little slack. history holds this API process's last "
            "probes of each service (in memory, per replica)."
        ),
        opt=perm(FLEET_READ),
        responses=problem_responses(401, 403),
    )
    async def get_snapshot(self, fleet_prober: Prober) -> FleetSnapshot:
        return await fleet_prober.snapshot()

    @get(
        "/tenants/{tenant_id:str}",
        operation_id="get_fleet_tenant_activity",
        summary="Every registered service's live view of one tenant: acquiring, inflight, lag "
        "(tenant-scoped: x-tenant-id must equal the path)",
        description=(
            "Calls /admin/state on every registered service concurrently, each call bounded by "
            "LIFEBOAT_FLEET_PROBE_TIMEOUT_S; a service that cannot be asked is listed with "
            "reachable=false (timeout, refused) or an error. present is false for services that "
            "do not report the tenant."
        ),
        opt={**perm(FLEET_READ), **tenant_scoped()},
        responses=problem_responses(400, 401, 403, 422),
    )
    async def get_tenant_activity(
        self,
        fleet_prober: Prober,
        tenant_id: Annotated[str, PathParameter(pattern=TENANT_ID_PATTERN, description="The tenant id.")],
        x_tenant_id: Annotated[
            str,
            HeaderParameter(
                name=TENANT_HEADER,
                pattern=TENANT_ID_PATTERN,
                description="Tenant scope: required, and equal to the tenant id in the path.",
            ),
        ],
    ) -> TenantActivity:
        return await fleet_prober.tenant_activity(tenant_id)

    @get(
        "/services",
        operation_id="list_fleet_services",
        summary="List registered services by name",
        opt=perm(FLEET_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_services(
        self,
        kind: Annotated[ServiceKind | None, QueryParameter(required=False)] = None,
        site: Annotated[Site | None, QueryParameter(required=False)] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> FleetServicePage:
        return await registry.list_services(kind=kind, site=site, limit=limit, cursor=cursor)

    @get(
        "/services/{name:str}",
        operation_id="get_fleet_service",
        summary="One registered service",
        opt=perm(FLEET_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_service(self, name: FromPath[ServiceName]) -> FleetService:
        return await registry.get_service(name)

    @post(
        "/services",
        operation_id="register_fleet_service",
        summary="Register a service (idempotent on its name: the same definition again is a 200 no-op, "
        "a different one is a 409)",
        opt=perm(FLEET_MANAGE),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=FleetService,
                description="Already registered with exactly this definition: the existing entry",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 409, 422),
        },
    )
    async def register_service(
        self, data: JSONBody[FleetServiceCreate], principal: Principal, fleet_prober: Prober
    ) -> Response[FleetService]:
        registered = await registry.register_service(
            data.spec(), actor=principal, reason=data.reason, outbound=fleet_prober.outbound
        )
        return Response(
            registered.service, status_code=HTTP_201_CREATED if registered.created else HTTP_200_OK
        )

    @put(
        "/services/{name:str}",
        operation_id="update_fleet_service",
        summary="Replace a registered service's definition",
        opt=perm(FLEET_MANAGE),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def update_service(
        self,
        name: FromPath[ServiceName],
        data: JSONBody[FleetServiceUpdate],
        principal: Principal,
        fleet_prober: Prober,
    ) -> FleetService:
        spec = FleetServiceSpec(
            name=name, kind=data.kind, site=data.site, environment=data.environment, base_url=data.base_url
        )
        return await registry.update_service(
            spec, actor=principal, reason=data.reason, outbound=fleet_prober.outbound
        )

    @delete(
        "/services/{name:str}",
        operation_id="delete_fleet_service",
        summary="Remove a service from the registry (reason as a query parameter)",
        opt=perm(FLEET_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def delete_service(self, name: FromPath[ServiceName], reason: Reason, principal: Principal) -> None:
        await registry.delete_service(name, actor=principal, reason=reason)
