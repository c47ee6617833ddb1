from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fleet_service_create_kind import FleetServiceCreateKind
from ..models.fleet_service_create_site import FleetServiceCreateSite






T = TypeVar("T", bound="FleetServiceCreate")



@_attrs_define
class FleetServiceCreate:
    """ 
        Attributes:
            base_url (str): Where the service protocol is served: an http(s) URL without credentials, query or fragment
                (e.g. https://agg-1.example.com:9000). Loopback and private addresses need LIFEBOAT_OUTBOUND_ALLOW; link-
                local/metadata addresses are always refused (422).
            environment (str): The environment the service belongs to (e.g. prod, staging).
            kind (FleetServiceCreateKind):
            name (str): Unique service name: lowercase letters, digits, '.' and '-' (max 63).
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            site (FleetServiceCreateSite):
     """

    base_url: str
    environment: str
    kind: FleetServiceCreateKind
    name: str
    reason: str
    site: FleetServiceCreateSite





    def to_dict(self) -> dict[str, Any]:
        base_url = self.base_url

        environment = self.environment

        kind = self.kind.value

        name = self.name

        reason = self.reason

        site = self.site.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "base_url": base_url,
            "environment": environment,
            "kind": kind,
            "name": name,
            "reason": reason,
            "site": site,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        base_url = d.pop("base_url")

        environment = d.pop("environment")

        kind = FleetServiceCreateKind(d.pop("kind"))




        name = d.pop("name")

        reason = d.pop("reason")

        site = FleetServiceCreateSite(d.pop("site"))




        fleet_service_create = cls(
            base_url=base_url,
            environment=environment,
            kind=kind,
            name=name,
            reason=reason,
            site=site,
        )

        return fleet_service_create

