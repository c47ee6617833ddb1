"""Identity routes: login/logout/me, API tokens, users."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post, put
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter, SkipValidation
from litestar.status_codes import HTTP_200_OK, HTTP_201_CREATED, HTTP_204_NO_CONTENT

from lifeboat.auth import service
from lifeboat.auth.guards import CSRF_COOKIE, SESSION_COOKIE, perm
from lifeboat.auth.models import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenInfo,
    ApiTokenPage,
    LoginRequest,
    LoginResponse,
    Principal,
    ReasonBody,
    UserBindingsUpdate,
    UserCreate,
    UserInfo,
    UserPage,
)
from lifeboat.auth.permissions import AUTHENTICATED, PUBLIC, TOKENS_MANAGE, USERS_MANAGE, USERS_READ
from lifeboat.core.context import client_address_from_scope
from lifeboat.core.errors import problem_responses
from lifeboat.core.pagination import CursorQuery
from lifeboat.settings import Settings

Limit = Annotated[int | None, QueryParameter(ge=1, le=500, required=False, description="Page size.")]
CursorParam = CursorQuery


# The authenticated caller, provided by the app (``lifeboat.dependencies``); trusted, not validated.
CurrentPrincipal = NamedDependency[SkipValidation[Principal]]


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]

    @post(
        "/login",
        operation_id="login",
        summary="Log in with a local user's password; sets the session and CSRF cookies",
        opt={**perm(PUBLIC), "skip_auth": True},
        security=[{}],  # the contract: no credentials needed (OpenAPI's empty requirement)
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 429),
    )
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        settings: NamedDependency[Settings],
    ) -> Response[LoginResponse]:
        principal, token = await service.login(
            data.username,
            data.password,
            client=client_address_from_scope(request.scope),
            environment=settings.environment,
            session_ttl_s=settings.session_ttl_s,
            max_failures=settings.login_max_failures,
            max_failures_per_user=settings.login_max_failures_per_user,
            window_s=settings.login_window_s,
        )
        csrf = service.csrf_token_for(token, settings.session_secret)
        cookies = [
            Cookie(
                key=SESSION_COOKIE,
                value=token,
                httponly=True,
                samesite="strict",
                secure=settings.secure_cookies,
                max_age=settings.session_ttl_s,
                path="/",
            ),
            Cookie(
                key=CSRF_COOKIE,
                value=csrf,
                httponly=False,
                samesite="strict",
                secure=settings.secure_cookies,
                max_age=settings.session_ttl_s,
                path="/",
            ),
        ]
        return Response(LoginResponse(user=principal, csrf_token=csrf), cookies=cookies)

    @post(
        "/logout",
        operation_id="logout",
        summary="End the current session and clear its cookies",
        opt=perm(AUTHENTICATED),
        status_code=HTTP_204_NO_CONTENT,
        responses=problem_responses(401, 403),
        # Clearing cookies: same name, path and flags, expired (static, so declared here).
        response_cookies=[
            Cookie(key=SESSION_COOKIE, value="", max_age=0, path="/", httponly=True, samesite="strict"),
            Cookie(key=CSRF_COOKIE, value="", max_age=0, path="/", httponly=False, samesite="strict"),
        ],
    )
    async def logout(self, principal: CurrentPrincipal) -> None:
        await service.logout(principal)

    @get(
        "/me",
        operation_id="get_me",
        summary="Who am I: the authenticated principal and its role bindings",
        opt=perm(AUTHENTICATED),
        responses=problem_responses(401),
    )
    async def me(self, principal: CurrentPrincipal) -> Principal:
        return principal


class TokenController(Controller):
    path = "/api/v1/tokens"
    tags = ["tokens"]

    @get(
        "/",
        operation_id="list_tokens",
        summary="List API tokens (never their secrets)",
        opt=perm(TOKENS_MANAGE),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_tokens(self, limit: Limit = None, cursor: CursorParam = None) -> ApiTokenPage:
        return await service.list_api_tokens(limit=limit, cursor=cursor)

    @post(
        "/",
        operation_id="create_token",
        summary="Create an API token; the secret is in this response only",
        description="The caller must be admin in the token's environment (`*` needs admin@*).",
        opt=perm(TOKENS_MANAGE),
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 401, 403),
    )
    async def create_token(
        self, data: JSONBody[ApiTokenCreate], principal: CurrentPrincipal
    ) -> ApiTokenCreated:
        return await service.create_api_token(data, actor=principal)

    @post(
        "/{token_id:uuid}/revoke",
        operation_id="revoke_token",
        summary="Revoke an API token (idempotent)",
        description="The caller must be admin in the token's environment (`*` needs admin@*).",
        opt=perm(TOKENS_MANAGE),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def revoke_token(
        self, token_id: FromPath[uuid.UUID], data: JSONBody[ReasonBody], principal: CurrentPrincipal
    ) -> ApiTokenInfo:
        return await service.revoke_api_token(token_id, actor=principal, reason=data.reason)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ["users"]

    @get(
        "/",
        operation_id="list_users",
        summary="List local users",
        opt=perm(USERS_READ),
        responses=problem_responses(400, 401, 403, 422),
    )
    async def list_users(self, limit: Limit = None, cursor: CursorParam = None) -> UserPage:
        return await service.list_users(limit=limit, cursor=cursor)

    @post(
        "/",
        operation_id="create_user",
        summary="Create a local user with one role binding",
        description="The caller must be admin in the binding's environment (`*` needs admin@*).",
        opt=perm(USERS_MANAGE),
        status_code=HTTP_201_CREATED,
        responses=problem_responses(400, 401, 403, 409),
    )
    async def create_user(self, data: JSONBody[UserCreate], principal: CurrentPrincipal) -> UserInfo:
        return await service.create_user(data, actor=principal)

    @put(
        "/{username:str}/bindings",
        operation_id="set_user_bindings",
        summary="Replace a local user's role bindings",
        description="Every binding added or removed must be in an environment where the caller is "
        "admin (`*` needs admin@*); unchanged bindings need nothing.",
        opt=perm(USERS_MANAGE),
        status_code=HTTP_200_OK,
        responses=problem_responses(400, 401, 403, 404),
    )
    async def set_user_bindings(
        self, username: FromPath[str], data: JSONBody[UserBindingsUpdate], principal: CurrentPrincipal
    ) -> UserInfo:
        return await service.set_user_bindings(username, data, actor=principal)
