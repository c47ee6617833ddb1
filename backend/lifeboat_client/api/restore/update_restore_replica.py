from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.replica import Replica
from ...models.replica_patch import ReplicaPatch
from typing import cast
from uuid import UUID



def _get_kwargs(
    replica_id: UUID,
    *,
    body: ReplicaPatch,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/v1/restore/replicas/{replica_id}".format(replica_id=quote(str(replica_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Replica | None:
    if response.status_code == 200:
        response_200 = Replica.from_dict(response.json())



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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Replica]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    replica_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaPatch,

) -> Response[Problem | Replica]:
    """ Enable or disable a declaration, or change its notes

    Args:
        replica_id (UUID):
        body (ReplicaPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Replica]
     """


    kwargs = _get_kwargs(
        replica_id=replica_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    replica_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaPatch,

) -> Problem | Replica | None:
    """ Enable or disable a declaration, or change its notes

    Args:
        replica_id (UUID):
        body (ReplicaPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Replica
     """


    return sync_detailed(
        replica_id=replica_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    replica_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaPatch,

) -> Response[Problem | Replica]:
    """ Enable or disable a declaration, or change its notes

    Args:
        replica_id (UUID):
        body (ReplicaPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Replica]
     """


    kwargs = _get_kwargs(
        replica_id=replica_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    replica_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaPatch,

) -> Problem | Replica | None:
    """ Enable or disable a declaration, or change its notes

    Args:
        replica_id (UUID):
        body (ReplicaPatch):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Replica
     """


    return (await asyncio_detailed(
        replica_id=replica_id,
client=client,
body=body,

    )).parsed
