"""Replica routes: declarations (admins declare, viewers read), consumers (viewers list) and
the consumer-facing capabilities and worklist (restore-consumer)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Response, delete, get, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_304_NOT_MODIFIED

from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.restore.catalog.models import GroupName
from lifeboat.restore.http import AppSettings, Caller, CursorParam, Limit, Reason, as_principal
from lifeboat.restore.permissions import (
    REPLICAS_MANAGE,
    REPLICAS_READ,
    RESTORE_CONSUME,
)
from lifeboat.restore.replicas import consumers, service
from lifeboat.restore.replicas import worklist as worklist_service
from lifeboat.restore.replicas.models import (
    CapabilityRegistration,
    Consumer,
    ConsumerId,
    ConsumerList,
    Replica,
    ReplicaCreate,
    ReplicaPage,
    ReplicaPatch,
    Worklist,
)

IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        max_length=4096,
        description="The ETag of the worklist the consumer already has: 304 when unchanged.",
    ),
]


def worklist_etag(worklist: Worklist) -> str:
    """A strong ETag over the worklist's JSON body (it holds no timestamps of the request)."""
    return '"' + hashlib.sha256(msgspec.json.encode(worklist)).hexdigest()[:40] + '"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header (a list, ``*``, weak tags) names ``etag``."""
    if not if_none_match:
        return False
    for candidate in if_none_match.split(","):
        tag = candidate.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


class ReplicaController(Controller):
    path = "/api/v1/restore/replicas"
    tags = ["restore"]

    @get(
        "/",
        operation_id="list_restore_replicas",
        summary="List replica declarations (oldest first), each with its capability gap",
        opt=perm(REPLICAS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_replicas(
        self,
        settings: AppSettings,
        consumer_id: Annotated[
            ConsumerId | None, QueryParameter(required=False, description="Only this consumer.")
        ] = None,
        group: Annotated[
            GroupName | None, QueryParameter(required=False, description="Only this group.")
        ] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> ReplicaPage:
        return await service.list_replicas(
            environment=settings.environment,
            consumer_id=consumer_id,
            group=group,
            limit=limit,
            cursor=cursor,
        )

    @get(
        "/{replica_id:uuid}",
        operation_id="get_restore_replica",
        summary="One replica declaration with its capability gap",
        opt=perm(REPLICAS_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_replica(self, settings: AppSettings, replica_id: FromPath[uuid.UUID]) -> Replica:
        return await service.get_replica(replica_id, environment=settings.environment)

    @post(
        "/",
        operation_id="declare_restore_replica",
        summary="Declare that a consumer keeps a restore of a group or one server, for a backup type "
        "and an intent",
        description="The declaration is the consumer's work item and its authorisation for read-only "
        "credentials. 409 when the scope is already declared (the problem's holder is its id); "
        "422 when the consumer does not hold the restore-consumer role, the group is unknown, or "
        "the server is unknown or in another group.",
        opt=perm(REPLICAS_MANAGE),
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 401, 403, 409, 422),
    )
    async def declare_replica(
        self, principal: Caller, settings: AppSettings, data: JSONBody[ReplicaCreate]
    ) -> Replica:
        return await service.declare_replica(data, actor=principal, environment=settings.environment)

    @patch(
        "/{replica_id:uuid}",
        operation_id="update_restore_replica",
        summary="Enable or disable a declaration, or change its notes",
        opt=perm(REPLICAS_MANAGE),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def patch_replica(
        self,
        principal: Caller,
        settings: AppSettings,
        replica_id: FromPath[uuid.UUID],
        data: JSONBody[ReplicaPatch],
    ) -> Replica:
        return await service.patch_replica(
            replica_id, data, actor=principal, environment=settings.environment
        )

    @delete(
        "/{replica_id:uuid}",
        operation_id="delete_restore_replica",
        summary="Delete a declaration (reason as a query parameter)",
        opt=perm(REPLICAS_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def delete_replica(
        self, principal: Caller, settings: AppSettings, replica_id: FromPath[uuid.UUID], reason: Reason
    ) -> None:
        await service.delete_replica(
            replica_id, actor=principal, reason=reason, environment=settings.environment
        )


class RestoreConsumerController(Controller):
    path = "/api/v1/restore"
    tags = ["restore"]

    @get(
        "/consumers",
        operation_id="list_restore_consumers",
        summary="Every principal with the restore-consumer role: registered capabilities, agent "
        "version, last seen, declarations and gaps",
        opt=perm(REPLICAS_READ),
        responses=problem_responses(401, 403),
    )
    async def list_consumers(self, settings: AppSettings) -> ConsumerList:
        return await consumers.list_consumers(environment=settings.environment)

    @post(
        "/capabilities",
        operation_id="register_restore_capabilities",
        summary="Register what the calling consumer supports (replaces its previous registration)",
        description="Replace semantics: intents and backup types not in this body are removed. "
        "Declarations the consumer cannot serve are shown to operators as gaps and never put on "
        "its worklist.",
        opt=perm(RESTORE_CONSUME),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403),
    )
    async def register_capabilities(
        self, principal: Caller, data: JSONBody[CapabilityRegistration]
    ) -> Consumer:
        return await consumers.register_capabilities(as_principal(principal), data)

    @get(
        "/worklist",
        operation_id="get_restore_worklist",
        summary="The calling consumer's worklist (ETag / If-None-Match: 304 when unchanged)",
        description="Its enabled declarations expanded per live server of the group, only for "
        "intents and backup types it registered; a server-specific declaration wins over a "
        "group-wide one for the same server, type and intent; ordered by group, server, type, "
        "intent. Each item carries the latest successful snapshot (or why there is none) and the "
        "repository coordinates (credentials come from POST /api/v1/restore/credentials).",
        opt=perm(RESTORE_CONSUME),
        responses={
            HTTP_304_NOT_MODIFIED: ResponseSpec(
                data_container=None, description="Unchanged since the ETag sent in If-None-Match"
            ),
            **problem_responses(400, 401, 403),
        },
    )
    async def get_worklist(self, principal: Caller, if_none_match: IfNoneMatch = None) -> Response[Worklist]:
        work = await worklist_service.worklist(principal.id)
        etag = worklist_etag(work)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag_matches(if_none_match, etag):
            return Response(content=None, status_code=HTTP_304_NOT_MODIFIED, headers=headers)  # type: ignore[arg-type]
        return Response(work, headers=headers)
