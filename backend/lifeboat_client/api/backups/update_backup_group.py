from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.backup_group import BackupGroup
from ...models.backup_group_patch import BackupGroupPatch
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    name: str,
    *,
    body: BackupGroupPatch,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/backups/groups/{name}".format(name=quote(str(name), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> BackupGroup | Problem | None:
    if response.status_code == 200:
        response_200 = BackupGroup.from_dict(response.json())



        return response_200

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())



        return response_404

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
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupPatch,

) -> Response[BackupGroup | Problem]:
    """ Change a backup group's repository coordinates or password reference

     The same rules as create: a refused password_ref or prefix is a 422; a bucket and prefix that
    overlap another group's repository are a 409.

    Args:
        name (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
        body (BackupGroupPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupGroup | Problem]
     """


    kwargs = _get_kwargs(
        name=name,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupPatch,

) -> BackupGroup | Problem | None:
    """ Change a backup group's repository coordinates or password reference

     The same rules as create: a refused password_ref or prefix is a 422; a bucket and prefix that
    overlap another group's repository are a 409.

    Args:
        name (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
        body (BackupGroupPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupGroup | Problem
     """


    return sync_detailed(
        name=name,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupPatch,

) -> Response[BackupGroup | Problem]:
    """ Change a backup group's repository coordinates or password reference

     The same rules as create: a refused password_ref or prefix is a 422; a bucket and prefix that
    overlap another group's repository are a 409.

    Args:
        name (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
        body (BackupGroupPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[BackupGroup | Problem]
     """


    kwargs = _get_kwargs(
        name=name,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    name: str,
    *,
    client: AuthenticatedClient | Client,
    body: BackupGroupPatch,

) -> BackupGroup | Problem | None:
    """ Change a backup group's repository coordinates or password reference

     The same rules as create: a refused password_ref or prefix is a 422; a bucket and prefix that
    overlap another group's repository are a 409.

    Args:
        name (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
        body (BackupGroupPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        BackupGroup | Problem
     """


    return (await asyncio_detailed(
        name=name,
client=client,
body=body,

    )).parsed
