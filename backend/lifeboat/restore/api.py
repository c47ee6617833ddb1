"""Restore control routes: the backup catalog (groups and servers: admins change, viewers read;
backup runs: backup agents report), replica declarations (admins declare, viewers read),
consumers (viewers list) and the consumer-facing capabilities and worklist (restore-consumer)."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, Response, delete, get, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT, HTTP_304_NOT_MODIFIED

from lifeboat.auth.models import Principal
from lifeboat.core.authz import perm
from lifeboat.core.errors import Unauthenticated, problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.core.text import REASON_TEXT_PATTERN
from lifeboat.restore import service
from lifeboat.restore.models import (
    BackupGroup,
    BackupGroupCreate,
    BackupGroupPage,
    BackupGroupPatch,
    BackupRun,
    BackupRunPage,
    BackupRunReport,
    BackupType,
    CapabilityRegistration,
    Consumer,
    ConsumerId,
    ConsumerList,
    GroupName,
    Replica,
    ReplicaCreate,
    ReplicaPage,
    ReplicaPatch,
    Server,
    ServerCreate,
    ServerName,
    ServerPage,
    ServerPatch,
    Worklist,
)
from lifeboat.restore.permissions import (
    BACKUP_RUNS_REPORT,
    CATALOG_MANAGE,
    CATALOG_READ,
    REPLICAS_MANAGE,
    REPLICAS_READ,
    RESTORE_CONSUME,
)

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
IfNoneMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-None-Match",
        required=False,
        max_length=4096,
        description="The ETag of the worklist the consumer already has: 304 when unchanged.",
    ),
]


def _principal(request: Request[Any, Any, Any]) -> Principal:
    user: Any = request.scope.get("user")
    if not isinstance(user, Principal):  # the app-wide guard makes this unreachable
        raise Unauthenticated("Log in, or send 'Authorization: Bearer <token>'.")
    return user


def _environment(request: Request[Any, Any, Any]) -> str:
    environment: str = request.app.state.settings.environment
    return environment


def _created_or_existing(created: bool) -> int:
    return HTTP_201_CREATED if created else HTTP_200_OK


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


_EXISTING = "Already exists with exactly this definition: the existing entry"


class BackupGroupController(Controller):
    path = "/api/v1/backups/groups"
    tags = ["backups"]

    @get(
        "/",
        operation_id="list_backup_groups",
        summary="List backup groups by name",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_groups(self, limit: Limit = None, cursor: CursorParam = None) -> BackupGroupPage:
        return await service.list_groups(limit=limit, cursor=cursor)

    @get(
        "/{name:str}",
        operation_id="get_backup_group",
        summary="One backup group and its repository coordinates",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_group(self, name: FromPath[GroupName]) -> BackupGroup:
        return await service.get_group(name)

    @post(
        "/",
        operation_id="create_backup_group",
        summary="Create a backup group with its repository (idempotent on the name: the same "
        "definition again is a 200, a different one a 409)",
        description="password_ref names where the repository password is read "
        "(env:LIFEBOAT_REPO_PASSWORD_<NAME>, or file:/path inside LIFEBOAT_SECRETS_DIR) when "
        "credentials are issued; the password itself is never stored or returned. Any other "
        "reference, an empty prefix or one with '*', '?' or '$' is a 422; a bucket and prefix that "
        "are, contain or lie inside another group's repository are a 409.",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=BackupGroup, description=_EXISTING, generate_examples=False
            ),
            **problem_responses(400, 401, 403, 409, 422),
        },
    )
    async def create_group(
        self, request: Request[Any, Any, Any], data: JSONBody[BackupGroupCreate]
    ) -> Response[BackupGroup]:
        result = await service.create_group(
            data, actor=_principal(request), secrets_dir=request.app.state.settings.secrets_dir
        )
        return Response(result.value, status_code=_created_or_existing(result.created))

    @patch(
        "/{name:str}",
        operation_id="update_backup_group",
        summary="Change a backup group's repository coordinates or password reference",
        description=(
            "The same rules as create: a refused password_ref or prefix is a 422; a bucket and "
            "prefix that overlap another group's repository are a 409."
        ),
        opt=perm(CATALOG_MANAGE),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def patch_group(
        self, request: Request[Any, Any, Any], name: FromPath[GroupName], data: JSONBody[BackupGroupPatch]
    ) -> BackupGroup:
        return await service.patch_group(
            name, data, actor=_principal(request), secrets_dir=request.app.state.settings.secrets_dir
        )

    @delete(
        "/{name:str}",
        operation_id="delete_backup_group",
        summary="Delete a backup group (409 while servers or declarations use it; reason as a query parameter)",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def delete_group(
        self, request: Request[Any, Any, Any], name: FromPath[GroupName], reason: Reason
    ) -> None:
        await service.delete_group(name, actor=_principal(request), reason=reason)


class BackupServerController(Controller):
    path = "/api/v1/backups/servers"
    tags = ["backups"]

    @get(
        "/",
        operation_id="list_backup_servers",
        summary="List servers by name",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_servers(
        self,
        group: Annotated[
            GroupName | None, QueryParameter(required=False, description="Only this group.")
        ] = None,
        live: Annotated[
            bool | None, QueryParameter(required=False, description="Only live (or not).")
        ] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> ServerPage:
        return await service.list_servers(group=group, live=live, limit=limit, cursor=cursor)

    @get(
        "/{name:str}",
        operation_id="get_backup_server",
        summary="One server",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_server(self, name: FromPath[ServerName]) -> Server:
        return await service.get_server(name)

    @post(
        "/",
        operation_id="create_backup_server",
        summary="Add a server to a backup group (idempotent on the name; 422 for an unknown group)",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(data_container=Server, description=_EXISTING, generate_examples=False),
            **problem_responses(400, 401, 403, 409, 422),
        },
    )
    async def create_server(
        self, request: Request[Any, Any, Any], data: JSONBody[ServerCreate]
    ) -> Response[Server]:
        result = await service.create_server(data, actor=_principal(request))
        return Response(result.value, status_code=_created_or_existing(result.created))

    @patch(
        "/{name:str}",
        operation_id="update_backup_server",
        summary="Move a server to another group or mark it live / not live",
        description="Only live servers are put on worklists. Moving a server that server-specific "
        "declarations name is a 409 (delete those first).",
        opt=perm(CATALOG_MANAGE),
        responses=problem_responses(400, 401, 403, 404, 409, 422),
    )
    async def patch_server(
        self, request: Request[Any, Any, Any], name: FromPath[ServerName], data: JSONBody[ServerPatch]
    ) -> Server:
        return await service.patch_server(name, data, actor=_principal(request))

    @delete(
        "/{name:str}",
        operation_id="delete_backup_server",
        summary="Delete a server and its backup runs (409 while a declaration names it)",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def delete_server(
        self, request: Request[Any, Any, Any], name: FromPath[ServerName], reason: Reason
    ) -> None:
        await service.delete_server(name, actor=_principal(request), reason=reason)


class BackupRunController(Controller):
    path = "/api/v1/backups/runs"
    tags = ["backups"]

    @post(
        "/",
        operation_id="report_backup_run",
        summary="Report a finished backup (backup agents; idempotent on server + backup_type + snapshot_id)",
        description="The same facts again return the original run with 200 and "
        "'Idempotent-Replayed: true'; different facts for a reported snapshot are a 409. "
        "422 when the server is not in the catalog.",
        opt=perm(BACKUP_RUNS_REPORT),
        status_code=HTTP_201_CREATED,
        responses={
            HTTP_200_OK: ResponseSpec(
                data_container=BackupRun,
                description="Already reported with the same facts (header Idempotent-Replayed: true)",
                generate_examples=False,
            ),
            **problem_responses(400, 401, 403, 409, 422),
        },
    )
    async def report_run(
        self, request: Request[Any, Any, Any], data: JSONBody[BackupRunReport]
    ) -> Response[BackupRun]:
        reported = await service.report_backup_run(data, actor=_principal(request))
        if reported.replayed:
            return Response(
                reported.run, status_code=HTTP_200_OK, headers={IDEMPOTENT_REPLAYED_HEADER: "true"}
            )
        return Response(reported.run, status_code=HTTP_201_CREATED)

    @get(
        "/",
        operation_id="list_backup_runs",
        summary="List reported backup runs, newest first",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_runs(
        self,
        server: Annotated[
            ServerName | None, QueryParameter(required=False, description="Only this server.")
        ] = None,
        backup_type: Annotated[
            BackupType | None, QueryParameter(required=False, description="Only this backup type.")
        ] = None,
        limit: Limit = None,
        cursor: CursorParam = None,
    ) -> BackupRunPage:
        return await service.list_backup_runs(
            server=server, backup_type=backup_type, limit=limit, cursor=cursor
        )


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
        request: Request[Any, Any, Any],
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
            environment=_environment(request),
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
    async def get_replica(self, request: Request[Any, Any, Any], replica_id: FromPath[uuid.UUID]) -> Replica:
        return await service.get_replica(replica_id, environment=_environment(request))

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
        self, request: Request[Any, Any, Any], data: JSONBody[ReplicaCreate]
    ) -> Replica:
        return await service.declare_replica(
            data, actor=_principal(request), environment=_environment(request)
        )

    @patch(
        "/{replica_id:uuid}",
        operation_id="update_restore_replica",
        summary="Enable or disable a declaration, or change its notes",
        opt=perm(REPLICAS_MANAGE),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def patch_replica(
        self, request: Request[Any, Any, Any], replica_id: FromPath[uuid.UUID], data: JSONBody[ReplicaPatch]
    ) -> Replica:
        return await service.patch_replica(
            replica_id, data, actor=_principal(request), environment=_environment(request)
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
        self, request: Request[Any, Any, Any], replica_id: FromPath[uuid.UUID], reason: Reason
    ) -> None:
        await service.delete_replica(
            replica_id, actor=_principal(request), reason=reason, environment=_environment(request)
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
    async def list_consumers(self, request: Request[Any, Any, Any]) -> ConsumerList:
        return await service.list_consumers(environment=_environment(request))

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
        self, request: Request[Any, Any, Any], data: JSONBody[CapabilityRegistration]
    ) -> Consumer:
        return await service.register_capabilities(_principal(request), data)

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
    async def get_worklist(
        self, request: Request[Any, Any, Any], if_none_match: IfNoneMatch = None
    ) -> Response[Worklist]:
        work = await service.worklist(_principal(request).id)
        etag = worklist_etag(work)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if etag_matches(if_none_match, etag):
            return Response(content=None, status_code=HTTP_304_NOT_MODIFIED, headers=headers)  # type: ignore[arg-type]
        return Response(work, headers=headers)
