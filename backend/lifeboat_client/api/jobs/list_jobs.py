from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.job_page import JobPage
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast
import datetime



def _get_kwargs(
    *,
    kind: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    scope: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    correlation_id: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    else:
        json_status = status
    params["status"] = json_status

    json_scope: None | str | Unset
    if isinstance(scope, Unset):
        json_scope = UNSET
    else:
        json_scope = scope
    params["scope"] = json_scope

    json_created_by: None | str | Unset
    if isinstance(created_by, Unset):
        json_created_by = UNSET
    else:
        json_created_by = created_by
    params["created_by"] = json_created_by

    json_since: None | str | Unset
    if isinstance(since, Unset):
        json_since = UNSET
    elif isinstance(since, datetime.datetime):
        json_since = since.isoformat()
    else:
        json_since = since
    params["since"] = json_since

    json_correlation_id: None | str | Unset
    if isinstance(correlation_id, Unset):
        json_correlation_id = UNSET
    else:
        json_correlation_id = correlation_id
    params["correlation_id"] = json_correlation_id

    json_limit: int | None | Unset
    if isinstance(limit, Unset):
        json_limit = UNSET
    else:
        json_limit = limit
    params["limit"] = json_limit

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/jobs",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobPage | Problem | None:
    if response.status_code == 200:
        response_200 = JobPage.from_dict(response.json())



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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    scope: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    correlation_id: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[JobPage | Problem]:
    """ List jobs, newest first

    Args:
        kind (None | str | Unset):
        status (None | str | Unset):
        scope (None | str | Unset): Lock scope.
        created_by (None | str | Unset):
        since (datetime.datetime | None | Unset):
        correlation_id (None | str | Unset): Jobs created by requests of this correlation id.
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
status=status,
scope=scope,
created_by=created_by,
since=since,
correlation_id=correlation_id,
limit=limit,
cursor=cursor,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    kind: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    scope: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    correlation_id: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> JobPage | Problem | None:
    """ List jobs, newest first

    Args:
        kind (None | str | Unset):
        status (None | str | Unset):
        scope (None | str | Unset): Lock scope.
        created_by (None | str | Unset):
        since (datetime.datetime | None | Unset):
        correlation_id (None | str | Unset): Jobs created by requests of this correlation id.
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPage | Problem
     """


    return sync_detailed(
        client=client,
kind=kind,
status=status,
scope=scope,
created_by=created_by,
since=since,
correlation_id=correlation_id,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    scope: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    correlation_id: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[JobPage | Problem]:
    """ List jobs, newest first

    Args:
        kind (None | str | Unset):
        status (None | str | Unset):
        scope (None | str | Unset): Lock scope.
        created_by (None | str | Unset):
        since (datetime.datetime | None | Unset):
        correlation_id (None | str | Unset): Jobs created by requests of this correlation id.
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
status=status,
scope=scope,
created_by=created_by,
since=since,
correlation_id=correlation_id,
limit=limit,
cursor=cursor,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    kind: None | str | Unset = UNSET,
    status: None | str | Unset = UNSET,
    scope: None | str | Unset = UNSET,
    created_by: None | str | Unset = UNSET,
    since: datetime.datetime | None | Unset = UNSET,
    correlation_id: None | str | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> JobPage | Problem | None:
    """ List jobs, newest first

    Args:
        kind (None | str | Unset):
        status (None | str | Unset):
        scope (None | str | Unset): Lock scope.
        created_by (None | str | Unset):
        since (datetime.datetime | None | Unset):
        correlation_id (None | str | Unset): Jobs created by requests of this correlation id.
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPage | Problem
     """


    return (await asyncio_detailed(
        client=client,
kind=kind,
status=status,
scope=scope,
created_by=created_by,
since=since,
correlation_id=correlation_id,
limit=limit,
cursor=cursor,

    )).parsed
