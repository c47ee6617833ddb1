from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fleet_service_kind import FleetServiceKind
from ..models.fleet_service_site import FleetServiceSite
from typing import cast
import datetime






T = TypeVar("T", bound="FleetService")



@_attrs_define
class FleetService:
    """ 
        Attributes:
            base_url (str):
            created_at (datetime.datetime):
            created_by (str):
            environment (str):
            kind (FleetServiceKind):
            name (str):
            site (FleetServiceSite):
            updated_at (datetime.datetime):
     """

    base_url: str
    created_at: datetime.datetime
    created_by: str
    environment: str
    kind: FleetServiceKind
    name: str
    site: FleetServiceSite
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        base_url = self.base_url

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        environment = self.environment

        kind = self.kind.value

        name = self.name

        site = self.site.value

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "base_url": base_url,
            "created_at": created_at,
            "created_by": created_by,
            "environment": environment,
            "kind": kind,
            "name": name,
            "site": site,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_url = d.pop("base_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        environment = d.pop("environment")

        kind = FleetServiceKind(d.pop("kind"))




        name = d.pop("name")

        site = FleetServiceSite(d.pop("site"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        fleet_service = cls(
            base_url=base_url,
            created_at=created_at,
            created_by=created_by,
            environment=environment,
            kind=kind,
            name=name,
            site=site,
            updated_at=updated_at,
        )

        return fleet_service

