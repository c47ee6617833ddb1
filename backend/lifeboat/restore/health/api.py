"""Restore health routes: per-server health, alerts, and a group's alert routing (viewers read,
admins change)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get, patch
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.core.outbound import OutboundPolicy
from lifeboat.restore.catalog.models import GroupName, ServerName
from lifeboat.restore.health import alerts, service
from lifeboat.restore.health.models import AlertPage, GroupAlerting, GroupAlertingPatch, RestoreHealth
from lifeboat.restore.health.rules import HealthStatus
from lifeboat.restore.http import AppSettings, Caller, CursorParam, Limit
from lifeboat.restore.permissions import REPLICAS_MANAGE, REPLICAS_READ


class RestoreHealthController(Controller):
    path = "/api/v1/restore"
    tags = ["restore"]

    @get(
        "/health",
        operation_id="get_restore_health",
        summary="Restore health per server (failing and overdue first)",
        description=(
            "Every live server in scope of an enabled declaration: healthy, failing (the latest "
            "verification failed), overdue (the last success is older than the strictest freshness "
            "target of its declarations, default 7 days) or never_verified. Verifications are "
            "ordered and aged by when this server recorded them (recorded_at), never by the "
            "agent-reported times."
        ),
        opt=perm(REPLICAS_READ),
        responses=problem_responses(400, 401, 403),
    )
    async def get_health(
        self,
        status: Annotated[HealthStatus | None, QueryParameter(required=False)] = None,
        group: Annotated[GroupName | None, QueryParameter(required=False)] = None,
    ) -> RestoreHealth:
        return await service.restore_health(status=status, group=group)

    @get(
        "/alerts",
        operation_id="list_restore_alerts",
        summary="Restore alerts with their raise/clear events and delivery attempts",
        opt=perm(REPLICAS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_alerts(
        self,
        active: Annotated[bool | None, QueryParameter(required=False)] = None,
        server: Annotated[ServerName | None, QueryParameter(required=False)] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> AlertPage:
        return await alerts.list_alerts(active=active, server=server, limit=limit, cursor=cursor)

    @get(
        "/groups/{name:str}/alerting",
        operation_id="get_restore_group_alerting",
        summary="Where a group's restore alerts go (NATS subject and optional webhook)",
        opt=perm(REPLICAS_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_alerting(self, name: FromPath[GroupName]) -> GroupAlerting:
        return await alerts.get_group_alerting(name)

    @patch(
        "/groups/{name:str}/alerting",
        operation_id="update_restore_group_alerting",
        summary="Set or remove a group's alert webhook (reason required, audited)",
        description=(
            "The webhook URL is a secret: it is never returned (only scheme, host and a redacted "
            "path), and it must pass the outbound URL policy (422 otherwise)."
        ),
        opt=perm(REPLICAS_MANAGE),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404, 422),
    )
    async def update_alerting(
        self,
        principal: Caller,
        settings: AppSettings,
        name: FromPath[GroupName],
        data: JSONBody[GroupAlertingPatch],
    ) -> GroupAlerting:
        return await alerts.set_group_alerting(
            name,
            data,
            actor_id=principal.id,
            actor_name=principal.name,
            outbound=OutboundPolicy.parse(settings.outbound_allow),
        )
