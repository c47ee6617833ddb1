from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.worklist import Worklist
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    if_none_match: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/restore/worklist",
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | Worklist | None:
    if response.status_code == 200:
        response_200 = Worklist.from_dict(response.json())



        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 400:
        response_400 = Problem.from_dict(response.json())



        return response_400

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())



        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())



        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem | Worklist]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | Worklist]:
    """ The calling consumer's worklist (ETag / If-None-Match: 304 when unchanged)

     Its enabled declarations expanded per live server of the group, only for intents and backup types it
    registered; a server-specific declaration wins over a group-wide one for the same server, type and
    intent; ordered by group, server, type, intent. Each item carries the latest successful snapshot (or
    why there is none) and the repository coordinates (credentials come from POST
    /api/v1/restore/credentials).

    Args:
        if_none_match (None | str | Unset): The ETag of the worklist the consumer already has: 304
            when unchanged.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Worklist]
     """


    kwargs = _get_kwargs(
        if_none_match=if_none_match,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | Worklist | None:
    """ The calling consumer's worklist (ETag / If-None-Match: 304 when unchanged)

     Its enabled declarations expanded per live server of the group, only for intents and backup types it
    registered; a server-specific declaration wins over a group-wide one for the same server, type and
    intent; ordered by group, server, type, intent. Each item carries the latest successful snapshot (or
    why there is none) and the repository coordinates (credentials come from POST
    /api/v1/restore/credentials).

    Args:
        if_none_match (None | str | Unset): The ETag of the worklist the consumer already has: 304
            when unchanged.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Worklist
     """


    return sync_detailed(
        client=client,
if_none_match=if_none_match,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,

) -> Response[Any | Problem | Worklist]:
    """ The calling consumer's worklist (ETag / If-None-Match: 304 when unchanged)

     Its enabled declarations expanded per live server of the group, only for intents and backup types it
    registered; a server-specific declaration wins over a group-wide one for the same server, type and
    intent; ordered by group, server, type, intent. Each item carries the latest successful snapshot (or
    why there is none) and the repository coordinates (credentials come from POST
    /api/v1/restore/credentials).

    Args:
        if_none_match (None | str | Unset): The ETag of the worklist the consumer already has: 304
            when unchanged.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | Worklist]
     """


    kwargs = _get_kwargs(
        if_none_match=if_none_match,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    if_none_match: None | str | Unset = UNSET,

) -> Any | Problem | Worklist | None:
    """ The calling consumer's worklist (ETag / If-None-Match: 304 when unchanged)

     Its enabled declarations expanded per live server of the group, only for intents and backup types it
    registered; a server-specific declaration wins over a group-wide one for the same server, type and
    intent; ordered by group, server, type, intent. Each item carries the latest successful snapshot (or
    why there is none) and the repository coordinates (credentials come from POST
    /api/v1/restore/credentials).

    Args:
        if_none_match (None | str | Unset): The ETag of the worklist the consumer already has: 304
            when unchanged.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | Worklist
     """


    return (await asyncio_detailed(
        client=client,
if_none_match=if_none_match,

    )).parsed
