from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.restore_run_detail import RestoreRunDetail
from ...models.verification_report import VerificationReport
from typing import cast



def _get_kwargs(
    run_id: str,
    *,
    body: VerificationReport,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/restore/runs/{run_id}/verification".format(run_id=quote(str(run_id), safe=""),),
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RestoreRunDetail]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VerificationReport,

) -> Response[Problem | RestoreRunDetail]:
    """ Report the verification outcome of a finished run (closes the loop, feeds restore health)

     The run must have been reported succeeded or failed (409 otherwise). Ends the run's job (succeeded
    only when the run succeeded and the outcome is success) and raises or clears the server's restore
    alerts. The same report again is a 200 replay; a different one 409. 422 when snapshot_id is not the
    run's snapshot (a reported backup of its server and type), or a time is more than 5 minutes after
    the server's clock or before the run was opened (5 minutes' skew allowed). Health is ordered and
    aged by the server's recorded_at.

    Args:
        run_id (str):
        body (VerificationReport):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreRunDetail]
     """


    kwargs = _get_kwargs(
        run_id=run_id,
body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VerificationReport,

) -> Problem | RestoreRunDetail | None:
    """ Report the verification outcome of a finished run (closes the loop, feeds restore health)

     The run must have been reported succeeded or failed (409 otherwise). Ends the run's job (succeeded
    only when the run succeeded and the outcome is success) and raises or clears the server's restore
    alerts. The same report again is a 200 replay; a different one 409. 422 when snapshot_id is not the
    run's snapshot (a reported backup of its server and type), or a time is more than 5 minutes after
    the server's clock or before the run was opened (5 minutes' skew allowed). Health is ordered and
    aged by the server's recorded_at.

    Args:
        run_id (str):
        body (VerificationReport):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreRunDetail
     """


    return sync_detailed(
        run_id=run_id,
client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VerificationReport,

) -> Response[Problem | RestoreRunDetail]:
    """ Report the verification outcome of a finished run (closes the loop, feeds restore health)

     The run must have been reported succeeded or failed (409 otherwise). Ends the run's job (succeeded
    only when the run succeeded and the outcome is success) and raises or clears the server's restore
    alerts. The same report again is a 200 replay; a different one 409. 422 when snapshot_id is not the
    run's snapshot (a reported backup of its server and type), or a time is more than 5 minutes after
    the server's clock or before the run was opened (5 minutes' skew allowed). Health is ordered and
    aged by the server's recorded_at.

    Args:
        run_id (str):
        body (VerificationReport):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreRunDetail]
     """


    kwargs = _get_kwargs(
        run_id=run_id,
body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    run_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: VerificationReport,

) -> Problem | RestoreRunDetail | None:
    """ Report the verification outcome of a finished run (closes the loop, feeds restore health)

     The run must have been reported succeeded or failed (409 otherwise). Ends the run's job (succeeded
    only when the run succeeded and the outcome is success) and raises or clears the server's restore
    alerts. The same report again is a 200 replay; a different one 409. 422 when snapshot_id is not the
    run's snapshot (a reported backup of its server and type), or a time is more than 5 minutes after
    the server's clock or before the run was opened (5 minutes' skew allowed). Health is ordered and
    aged by the server's recorded_at.

    Args:
        run_id (str):
        body (VerificationReport):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreRunDetail
     """


    return (await asyncio_detailed(
        run_id=run_id,
client=client,
body=body,

    )).parsed
