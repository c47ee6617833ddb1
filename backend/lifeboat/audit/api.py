"""Audit routes: query the log and verify its chain."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from litestar import Controller, get
from litestar.params import QueryParameter

from lifeboat.audit.models import AuditFilter, AuditPage, AuditVerification
from lifeboat.audit.permissions import AUDIT_READ
from lifeboat.audit.service import list_audit, verify_audit_chain
from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.text import FILTER_TEXT_PATTERN


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ["audit"]

    @get(
        "/",
        operation_id="list_audit",
        summary="Query the audit log, newest first, with cursor pagination",
        opt=perm(AUDIT_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_audit(
        self,
        actor: Annotated[
            str | None,
            QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN, description="Actor id or name."),
        ] = None,
        action: Annotated[
            str | None,
            QueryParameter(
                required=False, pattern=FILTER_TEXT_PATTERN, description="Action; 'token.*' matches a prefix."
            ),
        ] = None,
        target: Annotated[str | None, QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN)] = None,
        correlation_id: Annotated[
            str | None, QueryParameter(required=False, pattern=FILTER_TEXT_PATTERN)
        ] = None,
        since: Annotated[
            datetime | None, QueryParameter(required=False, description="Inclusive lower bound (RFC 3339).")
        ] = None,
        until: Annotated[
            datetime | None, QueryParameter(required=False, description="Exclusive upper bound (RFC 3339).")
        ] = None,
        limit: Annotated[int | None, QueryParameter(required=False, ge=1, le=500)] = None,
        cursor: CursorQuery = None,
    ) -> AuditPage:
        filters = AuditFilter(
            actor=actor, action=action, target=target, correlation_id=correlation_id, since=since, until=until
        )
        return await list_audit(filters, limit=limit, cursor=cursor)

    @get(
        "/verify",
        operation_id="verify_audit_chain",
        summary=(
            "Verify the keyed hash chain and its anchors (NATS KV head, object-store checkpoint): "
            "names the first rewritten row, or the anchored seq a truncation removed"
        ),
        opt=perm(AUDIT_READ),
        responses=problem_responses(401, 403),
    )
    async def verify(self) -> AuditVerification:
        return await verify_audit_chain()
