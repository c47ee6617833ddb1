from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_restore_health_status_type_1 import GetRestoreHealthStatusType1
from ...models.get_restore_health_status_type_2_type_1 import GetRestoreHealthStatusType2Type1
from ...models.get_restore_health_status_type_3_type_1 import GetRestoreHealthStatusType3Type1
from ...models.problem import Problem
from ...models.restore_health import RestoreHealth
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    status: GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 | GetRestoreHealthStatusType3Type1 | None | Unset = UNSET,
    group: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_status: None | str | Unset
    if isinstance(status, Unset):
        json_status = UNSET
    elif isinstance(status, GetRestoreHealthStatusType1):
        json_status = status.value
    elif isinstance(status, GetRestoreHealthStatusType2Type1):
        json_status = status.value
    elif isinstance(status, GetRestoreHealthStatusType3Type1):
        json_status = status.value
    else:
        json_status = status
    params["status"] = json_status

    json_group: None | str | Unset
    if isinstance(group, Unset):
        json_group = UNSET
    else:
        json_group = group
    params["group"] = json_group


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/restore/health",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | RestoreHealth | None:
    if response.status_code == 200:
        response_200 = RestoreHealth.from_dict(response.json())



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

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | RestoreHealth]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 | GetRestoreHealthStatusType3Type1 | None | Unset = UNSET,
    group: None | str | Unset = UNSET,

) -> Response[Problem | RestoreHealth]:
    """ Restore health per server (failing and overdue first)

     Every live server in scope of an enabled declaration: healthy, failing (the latest verification
    failed), overdue (the last success is older than the strictest freshness target of its declarations,
    default 7 days) or never_verified. Verifications are ordered and aged by when this server recorded
    them (recorded_at), never by the agent-reported times.

    Args:
        status (GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 |
            GetRestoreHealthStatusType3Type1 | None | Unset):
        group (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreHealth]
     """


    kwargs = _get_kwargs(
        status=status,
group=group,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    status: GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 | GetRestoreHealthStatusType3Type1 | None | Unset = UNSET,
    group: None | str | Unset = UNSET,

) -> Problem | RestoreHealth | None:
    """ Restore health per server (failing and overdue first)

     Every live server in scope of an enabled declaration: healthy, failing (the latest verification
    failed), overdue (the last success is older than the strictest freshness target of its declarations,
    default 7 days) or never_verified. Verifications are ordered and aged by when this server recorded
    them (recorded_at), never by the agent-reported times.

    Args:
        status (GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 |
            GetRestoreHealthStatusType3Type1 | None | Unset):
        group (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreHealth
     """


    return sync_detailed(
        client=client,
status=status,
group=group,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    status: GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 | GetRestoreHealthStatusType3Type1 | None | Unset = UNSET,
    group: None | str | Unset = UNSET,

) -> Response[Problem | RestoreHealth]:
    """ Restore health per server (failing and overdue first)

     Every live server in scope of an enabled declaration: healthy, failing (the latest verification
    failed), overdue (the last success is older than the strictest freshness target of its declarations,
    default 7 days) or never_verified. Verifications are ordered and aged by when this server recorded
    them (recorded_at), never by the agent-reported times.

    Args:
        status (GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 |
            GetRestoreHealthStatusType3Type1 | None | Unset):
        group (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | RestoreHealth]
     """


    kwargs = _get_kwargs(
        status=status,
group=group,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    status: GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 | GetRestoreHealthStatusType3Type1 | None | Unset = UNSET,
    group: None | str | Unset = UNSET,

) -> Problem | RestoreHealth | None:
    """ Restore health per server (failing and overdue first)

     Every live server in scope of an enabled declaration: healthy, failing (the latest verification
    failed), overdue (the last success is older than the strictest freshness target of its declarations,
    default 7 days) or never_verified. Verifications are ordered and aged by when this server recorded
    them (recorded_at), never by the agent-reported times.

    Args:
        status (GetRestoreHealthStatusType1 | GetRestoreHealthStatusType2Type1 |
            GetRestoreHealthStatusType3Type1 | None | Unset):
        group (None | str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | RestoreHealth
     """


    return (await asyncio_detailed(
        client=client,
status=status,
group=group,

    )).parsed
