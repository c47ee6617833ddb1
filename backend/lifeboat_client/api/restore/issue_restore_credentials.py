from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.restore_credentials import RestoreCredentials
from ...models.restore_credentials_request import RestoreCredentialsRequest
from typing import cast



def _get_kwargs(
    *,
    body: RestoreCredentialsRequest,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/restore/credentials",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RestoreCredentials | None:
    if response.status_code == 200:
        response_200 = RestoreCredentials.from_dict(response.json())



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

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())



        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())



        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RestoreCredentials]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreCredentialsRequest,

) -> Response[Problem | RestoreCredentials]:
    """ Get short-lived read-only S3 credentials for a covered restore, and the repository password

     Only for what an enabled declaration covers for the calling consumer (403 no-covering-declaration
    otherwise). The credentials come from STS AssumeRole with a session policy: GetObject and ListBucket
    under the group's repository prefix only, refused by the S3 server after expires_at
    (LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S, at least 900 s). The repository password is returned by
    this route only. Rate-limited per consumer (429 with Retry-After). 502 credential-broker-unavailable
    when STS fails, 502 repository-password-unavailable when the password cannot be read, 503
    credential-broker-not-configured without an STS role. Every request is audited; the response is not
    cacheable.

    Args:
        body (RestoreCredentialsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreCredentials]
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
    body: RestoreCredentialsRequest,

) -> Problem | RestoreCredentials | None:
    """ Get short-lived read-only S3 credentials for a covered restore, and the repository password

     Only for what an enabled declaration covers for the calling consumer (403 no-covering-declaration
    otherwise). The credentials come from STS AssumeRole with a session policy: GetObject and ListBucket
    under the group's repository prefix only, refused by the S3 server after expires_at
    (LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S, at least 900 s). The repository password is returned by
    this route only. Rate-limited per consumer (429 with Retry-After). 502 credential-broker-unavailable
    when STS fails, 502 repository-password-unavailable when the password cannot be read, 503
    credential-broker-not-configured without an STS role. Every request is audited; the response is not
    cacheable.

    Args:
        body (RestoreCredentialsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreCredentials
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: RestoreCredentialsRequest,

) -> Response[Problem | RestoreCredentials]:
    """ Get short-lived read-only S3 credentials for a covered restore, and the repository password

     Only for what an enabled declaration covers for the calling consumer (403 no-covering-declaration
    otherwise). The credentials come from STS AssumeRole with a session policy: GetObject and ListBucket
    under the group's repository prefix only, refused by the S3 server after expires_at
    (LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S, at least 900 s). The repository password is returned by
    this route only. Rate-limited per consumer (429 with Retry-After). 502 credential-broker-unavailable
    when STS fails, 502 repository-password-unavailable when the password cannot be read, 503
    credential-broker-not-configured without an STS role. Every request is audited; the response is not
    cacheable.

    Args:
        body (RestoreCredentialsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreCredentials]
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
    body: RestoreCredentialsRequest,

) -> Problem | RestoreCredentials | None:
    """ Get short-lived read-only S3 credentials for a covered restore, and the repository password

     Only for what an enabled declaration covers for the calling consumer (403 no-covering-declaration
    otherwise). The credentials come from STS AssumeRole with a session policy: GetObject and ListBucket
    under the group's repository prefix only, refused by the S3 server after expires_at
    (LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S, at least 900 s). The repository password is returned by
    this route only. Rate-limited per consumer (429 with Retry-After). 502 credential-broker-unavailable
    when STS fails, 502 repository-password-unavailable when the password cannot be read, 503
    credential-broker-not-configured without an STS role. Every request is audited; the response is not
    cacheable.

    Args:
        body (RestoreCredentialsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreCredentials
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
