from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.evidence import Evidence
from ...models.problem import Problem
from ...types import File, FileTypes
from io import BytesIO
from typing import cast



def _get_kwargs(
    run_id: str,
    *,
    body: File,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/restore/runs/{run_id}/evidence".format(run_id=quote(str(run_id), safe=""),),
    }

    _kwargs["content"] = body.payload
    headers["Content-Type"] = "application/octet-stream"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Evidence | Problem | None:
    if response.status_code == 200:
        response_200 = Evidence.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = Evidence.from_dict(response.json())



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

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())



        return response_413

    if response.status_code == 415:
        response_415 = Problem.from_dict(response.json())



        return response_415

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Evidence | Problem]:
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
    body: File,

) -> Response[Evidence | Problem]:
    """ Upload evidence for a run (raw body, or multipart/form-data with a part named 'file')

     Stored in the object store at evidence/<run id>/<sha256>; states queued -> generating -> active, and
    the run's previous active evidence becomes superseded. The same bytes again return the stored
    evidence (200). Larger than LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES (default 10 MiB): 413. A run whose
    job has ended takes no more evidence (409). Only application/json, text/plain and application/octet-
    stream are stored; any other type (text/html, image/svg+xml, ...), also as a multipart part, or none
    is 415 and nothing is stored.

    Args:
        run_id (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Evidence | Problem]
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
    body: File,

) -> Evidence | Problem | None:
    """ Upload evidence for a run (raw body, or multipart/form-data with a part named 'file')

     Stored in the object store at evidence/<run id>/<sha256>; states queued -> generating -> active, and
    the run's previous active evidence becomes superseded. The same bytes again return the stored
    evidence (200). Larger than LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES (default 10 MiB): 413. A run whose
    job has ended takes no more evidence (409). Only application/json, text/plain and application/octet-
    stream are stored; any other type (text/html, image/svg+xml, ...), also as a multipart part, or none
    is 415 and nothing is stored.

    Args:
        run_id (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Evidence | Problem
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
    body: File,

) -> Response[Evidence | Problem]:
    """ Upload evidence for a run (raw body, or multipart/form-data with a part named 'file')

     Stored in the object store at evidence/<run id>/<sha256>; states queued -> generating -> active, and
    the run's previous active evidence becomes superseded. The same bytes again return the stored
    evidence (200). Larger than LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES (default 10 MiB): 413. A run whose
    job has ended takes no more evidence (409). Only application/json, text/plain and application/octet-
    stream are stored; any other type (text/html, image/svg+xml, ...), also as a multipart part, or none
    is 415 and nothing is stored.

    Args:
        run_id (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Evidence | Problem]
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
    body: File,

) -> Evidence | Problem | None:
    """ Upload evidence for a run (raw body, or multipart/form-data with a part named 'file')

     Stored in the object store at evidence/<run id>/<sha256>; states queued -> generating -> active, and
    the run's previous active evidence becomes superseded. The same bytes again return the stored
    evidence (200). Larger than LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES (default 10 MiB): 413. A run whose
    job has ended takes no more evidence (409). Only application/json, text/plain and application/octet-
    stream are stored; any other type (text/html, image/svg+xml, ...), also as a multipart part, or none
    is 415 and nothing is stored.

    Args:
        run_id (str):
        body (File):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Evidence | Problem
     """


    return (await asyncio_detailed(
        run_id=run_id,
client=client,
body=body,

    )).parsed
