from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    run_id: str,
    evidence_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/restore/runs/{run_id}/evidence/{evidence_id}/content".format(run_id=quote(str(run_id), safe=""),evidence_id=quote(str(evidence_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | str | None:
    if response.status_code == 200:
        response_200 = cast(str, response.content)
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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Problem | str]:
    """ The stored bytes of one evidence snapshot (header X-Content-SHA256)

     Always a download: Content-Disposition: attachment, X-Content-Type-Options: nosniff, Content-
    Security-Policy: sandbox, and the stored type only when it is application/json, text/plain or
    application/octet-stream (otherwise application/octet-stream). Read it with fetch; never navigate a
    browser to it.

    Args:
        run_id (str):
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        run_id=run_id,
evidence_id=evidence_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    run_id: str,
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Problem | str | None:
    """ The stored bytes of one evidence snapshot (header X-Content-SHA256)

     Always a download: Content-Disposition: attachment, X-Content-Type-Options: nosniff, Content-
    Security-Policy: sandbox, and the stored type only when it is application/json, text/plain or
    application/octet-stream (otherwise application/octet-stream). Read it with fetch; never navigate a
    browser to it.

    Args:
        run_id (str):
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return sync_detailed(
        run_id=run_id,
evidence_id=evidence_id,
client=client,

    ).parsed

async def asyncio_detailed(
    run_id: str,
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Response[Problem | str]:
    """ The stored bytes of one evidence snapshot (header X-Content-SHA256)

     Always a download: Content-Disposition: attachment, X-Content-Type-Options: nosniff, Content-
    Security-Policy: sandbox, and the stored type only when it is application/json, text/plain or
    application/octet-stream (otherwise application/octet-stream). Read it with fetch; never navigate a
    browser to it.

    Args:
        run_id (str):
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | str]
     """


    kwargs = _get_kwargs(
        run_id=run_id,
evidence_id=evidence_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    run_id: str,
    evidence_id: str,
    *,
    client: AuthenticatedClient | Client,

) -> Problem | str | None:
    """ The stored bytes of one evidence snapshot (header X-Content-SHA256)

     Always a download: Content-Disposition: attachment, X-Content-Type-Options: nosniff, Content-
    Security-Policy: sandbox, and the stored type only when it is application/json, text/plain or
    application/octet-stream (otherwise application/octet-stream). Read it with fetch; never navigate a
    browser to it.

    Args:
        run_id (str):
        evidence_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | str
     """


    return (await asyncio_detailed(
        run_id=run_id,
evidence_id=evidence_id,
client=client,

    )).parsed
