from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.fleet_snapshot import FleetSnapshot
from ...models.problem import Problem
from typing import cast



def _get_kwargs(
    
) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/fleet",
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FleetSnapshot | Problem | None:
    if response.status_code == 200:
        response_200 = FleetSnapshot.from_dict(response.json())



        return response_200

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FleetSnapshot | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[FleetSnapshot | Problem]:
    """ Probe every registered service now and return one normalised health snapshot

     Every service is probed concurrently (/health, /ready, /metrics, /admin/state), each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S, so an unreachable service never delays the answer beyond that
    timeout plus a little slack. history holds this API process's last probes of each service (in
    memory, per replica).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FleetSnapshot | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,

) -> FleetSnapshot | Problem | None:
    """ Probe every registered service now and return one normalised health snapshot

     Every service is probed concurrently (/health, /ready, /metrics, /admin/state), each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S, so an unreachable service never delays the answer beyond that
    timeout plus a little slack. history holds this API process's last probes of each service (in
    memory, per replica).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FleetSnapshot | Problem
     """


    return sync_detailed(
        client=client,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,

) -> Response[FleetSnapshot | Problem]:
    """ Probe every registered service now and return one normalised health snapshot

     Every service is probed concurrently (/health, /ready, /metrics, /admin/state), each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S, so an unreachable service never delays the answer beyond that
    timeout plus a little slack. history holds this API process's last probes of each service (in
    memory, per replica).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FleetSnapshot | Problem]
     """


    kwargs = _get_kwargs(
        
    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,

) -> FleetSnapshot | Problem | None:
    """ Probe every registered service now and return one normalised health snapshot

     Every service is probed concurrently (/health, /ready, /metrics, /admin/state), each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S, so an unreachable service never delays the answer beyond that
    timeout plus a little slack. history holds this API process's last probes of each service (in
    memory, per replica).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FleetSnapshot | Problem
     """


    return (await asyncio_detailed(
        client=client,

    )).parsed
