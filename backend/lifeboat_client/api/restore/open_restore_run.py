from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.restore_run_detail import RestoreRunDetail
from ...models.restore_run_open import RestoreRunOpen
from typing import cast



def _get_kwargs(
    *,
    body: RestoreRunOpen,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/restore/runs",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RestoreRunDetail | None:
    if response.status_code == 200:
        response_200 = RestoreRunDetail.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = RestoreRunDetail.from_dict(response.json())



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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RestoreRunDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreRunOpen,
    idempotency_key: str,

) -> Response[Problem | RestoreRunDetail]:
    """ Open a restore run for an item of the caller's worklist (Idempotency-Key required)

     Creates the run and its external restore.run job (timeline at /api/v1/jobs/{job_id}). 403 when no
    enabled declaration of the caller covers the server/type/intent; 422 when declaration_id is not the
    one the worklist names or snapshot_id is not a successful backup reported for the server and type.
    Same key + same body: the original run (200, Idempotent-Replayed: true); same key + different body:
    422.

    Args:
        idempotency_key (str): Required. Same key + same request returns the original run.
        body (RestoreRunOpen):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreRunDetail]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreRunOpen,
    idempotency_key: str,

) -> Problem | RestoreRunDetail | None:
    """ Open a restore run for an item of the caller's worklist (Idempotency-Key required)

     Creates the run and its external restore.run job (timeline at /api/v1/jobs/{job_id}). 403 when no
    enabled declaration of the caller covers the server/type/intent; 422 when declaration_id is not the
    one the worklist names or snapshot_id is not a successful backup reported for the server and type.
    Same key + same body: the original run (200, Idempotent-Replayed: true); same key + different body:
    422.

    Args:
        idempotency_key (str): Required. Same key + same request returns the original run.
        body (RestoreRunOpen):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreRunDetail
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreRunOpen,
    idempotency_key: str,

) -> Response[Problem | RestoreRunDetail]:
    """ Open a restore run for an item of the caller's worklist (Idempotency-Key required)

     Creates the run and its external restore.run job (timeline at /api/v1/jobs/{job_id}). 403 when no
    enabled declaration of the caller covers the server/type/intent; 422 when declaration_id is not the
    one the worklist names or snapshot_id is not a successful backup reported for the server and type.
    Same key + same body: the original run (200, Idempotent-Replayed: true); same key + different body:
    422.

    Args:
        idempotency_key (str): Required. Same key + same request returns the original run.
        body (RestoreRunOpen):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreRunDetail]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreRunOpen,
    idempotency_key: str,

) -> Problem | RestoreRunDetail | None:
    """ Open a restore run for an item of the caller's worklist (Idempotency-Key required)

     Creates the run and its external restore.run job (timeline at /api/v1/jobs/{job_id}). 403 when no
    enabled declaration of the caller covers the server/type/intent; 422 when declaration_id is not the
    one the worklist names or snapshot_id is not a successful backup reported for the server and type.
    Same key + same body: the original run (200, Idempotent-Replayed: true); same key + different body:
    422.

    Args:
        idempotency_key (str): Required. Same key + same request returns the original run.
        body (RestoreRunOpen):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreRunDetail
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
