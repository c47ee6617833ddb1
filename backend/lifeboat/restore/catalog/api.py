"""Backup catalog routes: groups and servers (admins change, viewers read) and backup runs
(backup agents report, viewers read)."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Response, delete, get, patch, post
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from lifeboat.core.authz import perm
from lifeboat.core.errors import problem_responses
from lifeboat.restore.catalog import backup_runs, servers, service
from lifeboat.restore.catalog.models import (
    BackupGroup,
    BackupGroupCreate,
    BackupGroupPage,
    BackupGroupPatch,
    BackupRun,
    BackupRunPage,
    BackupRunReport,
    BackupType,
    GroupName,
    Server,
    ServerCreate,
    ServerName,
    ServerPage,
    ServerPatch,
)
from lifeboat.restore.http import (
    IDEMPOTENT_REPLAYED_HEADER,
    AppSettings,
    Caller,
    CursorParam,
    Limit,
    Reason,
)
from lifeboat.restore.permissions import (
    BACKUP_RUNS_REPORT,
    CATALOG_MANAGE,
    CATALOG_READ,
)


def _created_or_existing(created: bool) -> int:
    return HTTP_201_CREATED if created else HTTP_200_OK


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
        self, principal: Caller, settings: AppSettings, data: JSONBody[BackupGroupCreate]
    ) -> Response[BackupGroup]:
        result = await service.create_group(data, actor=principal, secrets_dir=settings.secrets_dir)
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
        self,
        principal: Caller,
        settings: AppSettings,
        name: FromPath[GroupName],
        data: JSONBody[BackupGroupPatch],
    ) -> BackupGroup:
        return await service.patch_group(name, data, actor=principal, secrets_dir=settings.secrets_dir)

    @delete(
        "/{name:str}",
        operation_id="delete_backup_group",
        summary="Delete a backup group (409 while servers or declarations use it; reason as a query parameter)",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def delete_group(self, principal: Caller, name: FromPath[GroupName], reason: Reason) -> None:
        await service.delete_group(name, actor=principal, reason=reason)


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
        return await servers.list_servers(group=group, live=live, limit=limit, cursor=cursor)

    @get(
        "/{name:str}",
        operation_id="get_backup_server",
        summary="One server",
        opt=perm(CATALOG_READ),
        responses=problem_responses(400, 401, 403, 404),
    )
    async def get_server(self, name: FromPath[ServerName]) -> Server:
        return await servers.get_server(name)

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
    async def create_server(self, principal: Caller, data: JSONBody[ServerCreate]) -> Response[Server]:
        result = await servers.create_server(data, actor=principal)
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
        self, principal: Caller, name: FromPath[ServerName], data: JSONBody[ServerPatch]
    ) -> Server:
        return await servers.patch_server(name, data, actor=principal)

    @delete(
        "/{name:str}",
        operation_id="delete_backup_server",
        summary="Delete a server and its backup runs (409 while a declaration names it)",
        opt=perm(CATALOG_MANAGE),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(400, 401, 403, 404, 409),
    )
    async def delete_server(self, principal: Caller, name: FromPath[ServerName], reason: Reason) -> None:
        await servers.delete_server(name, actor=principal, reason=reason)


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
    async def report_run(self, principal: Caller, data: JSONBody[BackupRunReport]) -> Response[BackupRun]:
        reported = await backup_runs.report_backup_run(data, actor=principal)
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
        return await backup_runs.list_backup_runs(
            server=server, backup_type=backup_type, limit=limit, cursor=cursor
        )
