from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.backup_group import BackupGroup
from ...models.backup_group_create import BackupGroupCreate
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    *,
    body: BackupGroupCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/backups/groups",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BackupGroup | Problem | None:
    if response.status_code == 200:
        response_200 = BackupGroup.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = BackupGroup.from_dict(response.json())



        return response_201

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[BackupGroup | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupCreate,

) -> Response[BackupGroup | Problem]:
    """ Create a backup group with its repository (idempotent on the name: the same definition again is a
    200, a different one a 409)

     password_ref names where the repository password is read (env:LIFEBOAT_REPO_PASSWORD_<NAME>, or
    file:/path inside LIFEBOAT_SECRETS_DIR) when credentials are issued; the password itself is never
    stored or returned. Any other reference, an empty prefix or one with '*', '?' or '$' is a 422; a
    bucket and prefix that are, contain or lie inside another group's repository are a 409.

    Args:
        body (BackupGroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupGroup | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupCreate,

) -> BackupGroup | Problem | None:
    """ Create a backup group with its repository (idempotent on the name: the same definition again is a
    200, a different one a 409)

     password_ref names where the repository password is read (env:LIFEBOAT_REPO_PASSWORD_<NAME>, or
    file:/path inside LIFEBOAT_SECRETS_DIR) when credentials are issued; the password itself is never
    stored or returned. Any other reference, an empty prefix or one with '*', '?' or '$' is a 422; a
    bucket and prefix that are, contain or lie inside another group's repository are a 409.

    Args:
        body (BackupGroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupGroup | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupCreate,

) -> Response[BackupGroup | Problem]:
    """ Create a backup group with its repository (idempotent on the name: the same definition again is a
    200, a different one a 409)

     password_ref names where the repository password is read (env:LIFEBOAT_REPO_PASSWORD_<NAME>, or
    file:/path inside LIFEBOAT_SECRETS_DIR) when credentials are issued; the password itself is never
    stored or returned. Any other reference, an empty prefix or one with '*', '?' or '$' is a 422; a
    bucket and prefix that are, contain or lie inside another group's repository are a 409.

    Args:
        body (BackupGroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupGroup | Problem]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupCreate,

) -> BackupGroup | Problem | None:
    """ Create a backup group with its repository (idempotent on the name: the same definition again is a
    200, a different one a 409)

     password_ref names where the repository password is read (env:LIFEBOAT_REPO_PASSWORD_<NAME>, or
    file:/path inside LIFEBOAT_SECRETS_DIR) when credentials are issued; the password itself is never
    stored or returned. Any other reference, an empty prefix or one with '*', '?' or '$' is a 422; a
    bucket and prefix that are, contain or lie inside another group's repository are a 409.

    Args:
        body (BackupGroupCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupGroup | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
