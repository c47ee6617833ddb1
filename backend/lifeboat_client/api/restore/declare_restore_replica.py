from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.replica import Replica
from ...models.replica_create import ReplicaCreate
from typing import cast



def _get_kwargs(
    *,
    body: ReplicaCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/restore/replicas",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | Replica | None:
    if response.status_code == 201:
        response_201 = Replica.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | Replica]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaCreate,

) -> Response[Problem | Replica]:
    """ Declare that a consumer keeps a restore of a group or one server, for a backup type and an intent

     The declaration is the consumer's work item and its authorisation for read-only credentials. 409
    when the scope is already declared (the problem's holder is its id); 422 when the consumer does not
    hold the restore-consumer role, the group is unknown, or the server is unknown or in another group.

    Args:
        body (ReplicaCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Replica]
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
    body: ReplicaCreate,

) -> Problem | Replica | None:
    """ Declare that a consumer keeps a restore of a group or one server, for a backup type and an intent

     The declaration is the consumer's work item and its authorisation for read-only credentials. 409
    when the scope is already declared (the problem's holder is its id); 422 when the consumer does not
    hold the restore-consumer role, the group is unknown, or the server is unknown or in another group.

    Args:
        body (ReplicaCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Replica
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: ReplicaCreate,

) -> Response[Problem | Replica]:
    """ Declare that a consumer keeps a restore of a group or one server, for a backup type and an intent

     The declaration is the consumer's work item and its authorisation for read-only credentials. 409
    when the scope is already declared (the problem's holder is its id); 422 when the consumer does not
    hold the restore-consumer role, the group is unknown, or the server is unknown or in another group.

    Args:
        body (ReplicaCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | Replica]
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
    body: ReplicaCreate,

) -> Problem | Replica | None:
    """ Declare that a consumer keeps a restore of a group or one server, for a backup type and an intent

     The declaration is the consumer's work item and its authorisation for read-only credentials. 409
    when the scope is already declared (the problem's holder is its id); 422 when the consumer does not
    hold the restore-consumer role, the group is unknown, or the server is unknown or in another group.

    Args:
        body (ReplicaCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | Replica
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
