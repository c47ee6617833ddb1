from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.user_bindings_update import UserBindingsUpdate
from ...models.user_info import UserInfo
from typing import cast



def _get_kwargs(
    username: str,
    *,
    body: UserBindingsUpdate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/v1/users/{username}/bindings".format(username=quote(str(username), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | UserInfo | None:
    if response.status_code == 200:
        response_200 = UserInfo.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | UserInfo]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    username: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserBindingsUpdate,

) -> Response[Problem | UserInfo]:
    """ Replace a local user's role bindings

     Every binding added or removed must be in an environment where the caller is admin (`*` needs
    admin@*); unchanged bindings need nothing.

    Args:
        username (str):
        body (UserBindingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserInfo]
     """


    kwargs = _get_kwargs(
        username=username,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    username: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserBindingsUpdate,

) -> Problem | UserInfo | None:
    """ Replace a local user's role bindings

     Every binding added or removed must be in an environment where the caller is admin (`*` needs
    admin@*); unchanged bindings need nothing.

    Args:
        username (str):
        body (UserBindingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserInfo
     """


    return sync_detailed(
        username=username,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    username: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserBindingsUpdate,

) -> Response[Problem | UserInfo]:
    """ Replace a local user's role bindings

     Every binding added or removed must be in an environment where the caller is admin (`*` needs
    admin@*); unchanged bindings need nothing.

    Args:
        username (str):
        body (UserBindingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | UserInfo]
     """


    kwargs = _get_kwargs(
        username=username,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    username: str,
    *,
    client: AuthenticatedClient | Client,
    body: UserBindingsUpdate,

) -> Problem | UserInfo | None:
    """ Replace a local user's role bindings

     Every binding added or removed must be in an environment where the caller is admin (`*` needs
    admin@*); unchanged bindings need nothing.

    Args:
        username (str):
        body (UserBindingsUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | UserInfo
     """


    return (await asyncio_detailed(
        username=username,
client=client,
body=body,

    )).parsed
