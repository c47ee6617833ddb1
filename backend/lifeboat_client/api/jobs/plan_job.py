from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.fleet_reload_job_create import FleetReloadJobCreate
from ...models.job_plan import JobPlan
from ...models.probe_job_create import ProbeJobCreate
from ...models.problem import Problem
from ...models.tenant_drain_job_create import TenantDrainJobCreate
from ...models.tenant_migrate_job_create import TenantMigrateJobCreate
from typing import cast



def _get_kwargs(
    *,
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/jobs/plan",
    }

    
    if isinstance(body, ProbeJobCreate):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TenantDrainJobCreate):
        _kwargs["json"] = body.to_dict()
    elif isinstance(body, TenantMigrateJobCreate):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()


    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobPlan | Problem | None:
    if response.status_code == 200:
        response_200 = JobPlan.from_dict(response.json())



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

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())



        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobPlan | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,

) -> Response[JobPlan | Problem]:
    """ The deterministic plan of a job request (steps, what each touches, gates); creates nothing

    Args:
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPlan | Problem]
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
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,

) -> JobPlan | Problem | None:
    """ The deterministic plan of a job request (steps, what each touches, gates); creates nothing

    Args:
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPlan | Problem
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,

) -> Response[JobPlan | Problem]:
    """ The deterministic plan of a job request (steps, what each touches, gates); creates nothing

    Args:
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobPlan | Problem]
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
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,

) -> JobPlan | Problem | None:
    """ The deterministic plan of a job request (steps, what each touches, gates); creates nothing

    Args:
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobPlan | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
