from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.job_event_message import JobEventMessage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
from uuid import UUID



def _get_kwargs(
    job_id: UUID,
    *,
    last_event_id: None | str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(last_event_id, Unset):
        headers["Last-Event-ID"] = last_event_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/jobs/{job_id}/events".format(job_id=quote(str(job_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobEventMessage | Problem | None:
    if response.status_code == 200:
        response_200 = JobEventMessage.from_dict(response.text)



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobEventMessage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: None | str | Unset = UNSET,

) -> Response[JobEventMessage | Problem]:
    """ Server-Sent Events: every state change and step log line; resumable with Last-Event-ID

    Args:
        job_id (UUID):
        last_event_id (None | str | Unset): Resume after this event id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobEventMessage | Problem]
     """


    kwargs = _get_kwargs(
        job_id=job_id,
last_event_id=last_event_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: None | str | Unset = UNSET,

) -> JobEventMessage | Problem | None:
    """ Server-Sent Events: every state change and step log line; resumable with Last-Event-ID

    Args:
        job_id (UUID):
        last_event_id (None | str | Unset): Resume after this event id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobEventMessage | Problem
     """


    return sync_detailed(
        job_id=job_id,
client=client,
last_event_id=last_event_id,

    ).parsed

async def asyncio_detailed(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: None | str | Unset = UNSET,

) -> Response[JobEventMessage | Problem]:
    """ Server-Sent Events: every state change and step log line; resumable with Last-Event-ID

    Args:
        job_id (UUID):
        last_event_id (None | str | Unset): Resume after this event id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobEventMessage | Problem]
     """


    kwargs = _get_kwargs(
        job_id=job_id,
last_event_id=last_event_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    job_id: UUID,
    *,
    client: AuthenticatedClient | Client,
    last_event_id: None | str | Unset = UNSET,

) -> JobEventMessage | Problem | None:
    """ Server-Sent Events: every state change and step log line; resumable with Last-Event-ID

    Args:
        job_id (UUID):
        last_event_id (None | str | Unset): Resume after this event id.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobEventMessage | Problem
     """


    return (await asyncio_detailed(
        job_id=job_id,
client=client,
last_event_id=last_event_id,

    )).parsed
