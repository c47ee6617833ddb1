from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.api_token_info import ApiTokenInfo
from ...models.problem import Problem
from ...models.reason_body import ReasonBody
from typing import cast
from uuid import UUID



def _get_kwargs(
    token_id: UUID,
    *,
    body: ReasonBody,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/tokens/{token_id}/revoke".format(token_id=quote(str(token_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ApiTokenInfo | Problem | None:
    if response.status_code == 200:
        response_200 = ApiTokenInfo.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[ApiTokenInfo | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    token_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReasonBody,

) -> Response[ApiTokenInfo | Problem]:
    """ Revoke an API token (idempotent)

     The caller must be admin in the token's environment (`*` needs admin@*).

    Args:
        token_id (UUID):
        body (ReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiTokenInfo | Problem]
     """


    kwargs = _get_kwargs(
        token_id=token_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    token_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReasonBody,

) -> ApiTokenInfo | Problem | None:
    """ Revoke an API token (idempotent)

     The caller must be admin in the token's environment (`*` needs admin@*).

    Args:
        token_id (UUID):
        body (ReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiTokenInfo | Problem
     """


    return sync_detailed(
        token_id=token_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    token_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReasonBody,

) -> Response[ApiTokenInfo | Problem]:
    """ Revoke an API token (idempotent)

     The caller must be admin in the token's environment (`*` needs admin@*).

    Args:
        token_id (UUID):
        body (ReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ApiTokenInfo | Problem]
     """


    kwargs = _get_kwargs(
        token_id=token_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    token_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    body: ReasonBody,

) -> ApiTokenInfo | Problem | None:
    """ Revoke an API token (idempotent)

     The caller must be admin in the token's environment (`*` needs admin@*).

    Args:
        token_id (UUID):
        body (ReasonBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ApiTokenInfo | Problem
     """


    return (await asyncio_detailed(
        token_id=token_id,
client=client,
body=body,

    )).parsed
