from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.fleet_reload_job_create import FleetReloadJobCreate
from ...models.job_detail import JobDetail
from ...models.probe_job_create import ProbeJobCreate
from ...models.problem import Problem
from ...models.tenant_drain_job_create import TenantDrainJobCreate
from ...models.tenant_migrate_job_create import TenantMigrateJobCreate
from typing import cast



def _get_kwargs(
    *,
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,
    idempotency_key: str,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/jobs",
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



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> JobDetail | Problem | None:
    if response.status_code == 200:
        response_200 = JobDetail.from_dict(response.json())



        return response_200

    if response.status_code == 201:
        response_201 = JobDetail.from_dict(response.json())



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

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())



        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())



        return response_412

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())



        return response_422

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[JobDetail | Problem]:
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
    idempotency_key: str,

) -> Response[JobDetail | Problem]:
    """ Create a job (Idempotency-Key required; 409 names the job holding the scope)

    Args:
        idempotency_key (str): Required. Same key + same request returns the original job.
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobDetail | Problem]
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
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,
    idempotency_key: str,

) -> JobDetail | Problem | None:
    """ Create a job (Idempotency-Key required; 409 names the job holding the scope)

    Args:
        idempotency_key (str): Required. Same key + same request returns the original job.
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobDetail | Problem
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,
    idempotency_key: str,

) -> Response[JobDetail | Problem]:
    """ Create a job (Idempotency-Key required; 409 names the job holding the scope)

    Args:
        idempotency_key (str): Required. Same key + same request returns the original job.
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[JobDetail | Problem]
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
    body: FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate | TenantMigrateJobCreate,
    idempotency_key: str,

) -> JobDetail | Problem | None:
    """ Create a job (Idempotency-Key required; 409 names the job holding the scope)

    Args:
        idempotency_key (str): Required. Same key + same request returns the original job.
        body (FleetReloadJobCreate | ProbeJobCreate | TenantDrainJobCreate |
            TenantMigrateJobCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        JobDetail | Problem
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
