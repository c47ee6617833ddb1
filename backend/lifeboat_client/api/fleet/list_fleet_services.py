from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.fleet_service_page import FleetServicePage
from ...models.list_fleet_services_kind_type_1 import ListFleetServicesKindType1
from ...models.list_fleet_services_kind_type_2_type_1 import ListFleetServicesKindType2Type1
from ...models.list_fleet_services_kind_type_3_type_1 import ListFleetServicesKindType3Type1
from ...models.list_fleet_services_site_type_1 import ListFleetServicesSiteType1
from ...models.list_fleet_services_site_type_2_type_1 import ListFleetServicesSiteType2Type1
from ...models.list_fleet_services_site_type_3_type_1 import ListFleetServicesSiteType3Type1
from ...models.problem import Problem
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    kind: ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 | ListFleetServicesKindType3Type1 | None | Unset = UNSET,
    site: ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 | ListFleetServicesSiteType3Type1 | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    json_kind: None | str | Unset
    if isinstance(kind, Unset):
        json_kind = UNSET
    elif isinstance(kind, ListFleetServicesKindType1):
        json_kind = kind.value
    elif isinstance(kind, ListFleetServicesKindType2Type1):
        json_kind = kind.value
    elif isinstance(kind, ListFleetServicesKindType3Type1):
        json_kind = kind.value
    else:
        json_kind = kind
    params["kind"] = json_kind

    json_site: None | str | Unset
    if isinstance(site, Unset):
        json_site = UNSET
    elif isinstance(site, ListFleetServicesSiteType1):
        json_site = site.value
    elif isinstance(site, ListFleetServicesSiteType2Type1):
        json_site = site.value
    elif isinstance(site, ListFleetServicesSiteType3Type1):
        json_site = site.value
    else:
        json_site = site
    params["site"] = json_site

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
        "url": "/api/v1/fleet/services",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> FleetServicePage | Problem | None:
    if response.status_code == 200:
        response_200 = FleetServicePage.from_dict(response.json())



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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[FleetServicePage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 | ListFleetServicesKindType3Type1 | None | Unset = UNSET,
    site: ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 | ListFleetServicesSiteType3Type1 | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[FleetServicePage | Problem]:
    """ List registered services by name

    Args:
        kind (ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 |
            ListFleetServicesKindType3Type1 | None | Unset):
        site (ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 |
            ListFleetServicesSiteType3Type1 | None | Unset):
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FleetServicePage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
site=site,
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
    kind: ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 | ListFleetServicesKindType3Type1 | None | Unset = UNSET,
    site: ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 | ListFleetServicesSiteType3Type1 | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> FleetServicePage | Problem | None:
    """ List registered services by name

    Args:
        kind (ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 |
            ListFleetServicesKindType3Type1 | None | Unset):
        site (ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 |
            ListFleetServicesSiteType3Type1 | None | Unset):
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FleetServicePage | Problem
     """


    return sync_detailed(
        client=client,
kind=kind,
site=site,
limit=limit,
cursor=cursor,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    kind: ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 | ListFleetServicesKindType3Type1 | None | Unset = UNSET,
    site: ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 | ListFleetServicesSiteType3Type1 | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> Response[FleetServicePage | Problem]:
    """ List registered services by name

    Args:
        kind (ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 |
            ListFleetServicesKindType3Type1 | None | Unset):
        site (ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 |
            ListFleetServicesSiteType3Type1 | None | Unset):
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[FleetServicePage | Problem]
     """


    kwargs = _get_kwargs(
        kind=kind,
site=site,
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
    kind: ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 | ListFleetServicesKindType3Type1 | None | Unset = UNSET,
    site: ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 | ListFleetServicesSiteType3Type1 | None | Unset = UNSET,
    limit: int | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,

) -> FleetServicePage | Problem | None:
    """ List registered services by name

    Args:
        kind (ListFleetServicesKindType1 | ListFleetServicesKindType2Type1 |
            ListFleetServicesKindType3Type1 | None | Unset):
        site (ListFleetServicesSiteType1 | ListFleetServicesSiteType2Type1 |
            ListFleetServicesSiteType3Type1 | None | Unset):
        limit (int | None | Unset): Page size.
        cursor (None | str | Unset): next_cursor of the previous page.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        FleetServicePage | Problem
     """


    return (await asyncio_detailed(
        client=client,
kind=kind,
site=site,
limit=limit,
cursor=cursor,

    )).parsed
