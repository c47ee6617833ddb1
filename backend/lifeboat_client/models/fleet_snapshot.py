from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.fleet_summary import FleetSummary
  from ..models.service_health import ServiceHealth





T = TypeVar("T", bound="FleetSnapshot")



@_attrs_define
class FleetSnapshot:
    """ 
        Attributes:
            probe_timeout_s (float):
            secret_configured (bool):
            services (list[ServiceHealth]):
            summary (FleetSummary):
            taken_at (datetime.datetime):
     """

    probe_timeout_s: float
    secret_configured: bool
    services: list[ServiceHealth]
    summary: FleetSummary
    taken_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.fleet_summary import FleetSummary # noqa: PLC0415
        from ..models.service_health import ServiceHealth # noqa: PLC0415
        probe_timeout_s = self.probe_timeout_s

        secret_configured = self.secret_configured

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)



        summary = self.summary.to_dict()

        taken_at = self.taken_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "probe_timeout_s": probe_timeout_s,
            "secret_configured": secret_configured,
            "services": services,
            "summary": summary,
            "taken_at": taken_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fleet_summary import FleetSummary # noqa: PLC0415
        from ..models.service_health import ServiceHealth # noqa: PLC0415
        d = dict(src_dict)
        probe_timeout_s = d.pop("probe_timeout_s")

        secret_configured = d.pop("secret_configured")

        services = []
        _services = d.pop("services")
        for services_item_data in (_services):
            services_item = ServiceHealth.from_dict(services_item_data)



            services.append(services_item)


        summary = FleetSummary.from_dict(d.pop("summary"))




        taken_at = datetime.datetime.fromisoformat(d.pop("taken_at"))




        fleet_snapshot = cls(
            probe_timeout_s=probe_timeout_s,
            secret_configured=secret_configured,
            services=services,
            summary=summary,
            taken_at=taken_at,
        )

        return fleet_snapshot

