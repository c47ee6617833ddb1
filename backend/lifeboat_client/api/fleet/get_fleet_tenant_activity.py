from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.problem import Problem
from ...models.tenant_activity import TenantActivity
from typing import cast



def _get_kwargs(
    tenant_id: str,
    *,
    x_tenant_id: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["x-tenant-id"] = x_tenant_id



    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/fleet/tenants/{tenant_id}".format(tenant_id=quote(str(tenant_id), safe=""),),
    }


    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Problem | TenantActivity | None:
    if response.status_code == 200:
        response_200 = TenantActivity.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Problem | TenantActivity]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_tenant_id: str,

) -> Response[Problem | TenantActivity]:
    """ Every registered service's live view of one tenant: acquiring, inflight, lag (tenant-scoped:
    x-tenant-id must equal the path)

     Calls /admin/state on every registered service concurrently, each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S; a service that cannot be asked is listed with reachable=false
    (timeout, refused) or an error. present is false for services that do not report the tenant.

    Args:
        tenant_id (str): The tenant id.
        x_tenant_id (str): Tenant scope: required, and equal to the tenant id in the path.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantActivity]
     """


    kwargs = _get_kwargs(
        tenant_id=tenant_id,
x_tenant_id=x_tenant_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_tenant_id: str,

) -> Problem | TenantActivity | None:
    """ Every registered service's live view of one tenant: acquiring, inflight, lag (tenant-scoped:
    x-tenant-id must equal the path)

     Calls /admin/state on every registered service concurrently, each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S; a service that cannot be asked is listed with reachable=false
    (timeout, refused) or an error. present is false for services that do not report the tenant.

    Args:
        tenant_id (str): The tenant id.
        x_tenant_id (str): Tenant scope: required, and equal to the tenant id in the path.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantActivity
     """


    return sync_detailed(
        tenant_id=tenant_id,
client=client,
x_tenant_id=x_tenant_id,

    ).parsed

async def asyncio_detailed(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_tenant_id: str,

) -> Response[Problem | TenantActivity]:
    """ Every registered service's live view of one tenant: acquiring, inflight, lag (tenant-scoped:
    x-tenant-id must equal the path)

     Calls /admin/state on every registered service concurrently, each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S; a service that cannot be asked is listed with reachable=false
    (timeout, refused) or an error. present is false for services that do not report the tenant.

    Args:
        tenant_id (str): The tenant id.
        x_tenant_id (str): Tenant scope: required, and equal to the tenant id in the path.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TenantActivity]
     """


    kwargs = _get_kwargs(
        tenant_id=tenant_id,
x_tenant_id=x_tenant_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    tenant_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_tenant_id: str,

) -> Problem | TenantActivity | None:
    """ Every registered service's live view of one tenant: acquiring, inflight, lag (tenant-scoped:
    x-tenant-id must equal the path)

     Calls /admin/state on every registered service concurrently, each call bounded by
    LIFEBOAT_FLEET_PROBE_TIMEOUT_S; a service that cannot be asked is listed with reachable=false
    (timeout, refused) or an error. present is false for services that do not report the tenant.

    Args:
        tenant_id (str): The tenant id.
        x_tenant_id (str): Tenant scope: required, and equal to the tenant id in the path.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TenantActivity
     """


    return (await asyncio_detailed(
        tenant_id=tenant_id,
client=client,
x_tenant_id=x_tenant_id,

    )).parsed
