from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.fleet_summary_by_health import FleetSummaryByHealth
  from ..models.fleet_summary_by_kind import FleetSummaryByKind
  from ..models.fleet_summary_by_site import FleetSummaryBySite





T = TypeVar("T", bound="FleetSummary")



@_attrs_define
class FleetSummary:
    """ 
        Attributes:
            by_health (FleetSummaryByHealth):
            by_kind (FleetSummaryByKind):
            by_site (FleetSummaryBySite):
            total (int):
     """

    by_health: FleetSummaryByHealth
    by_kind: FleetSummaryByKind
    by_site: FleetSummaryBySite
    total: int





    def to_dict(self) -> dict[str, Any]:
        from ..models.fleet_summary_by_health import FleetSummaryByHealth # noqa: PLC0415
        from ..models.fleet_summary_by_kind import FleetSummaryByKind # noqa: PLC0415
        from ..models.fleet_summary_by_site import FleetSummaryBySite # noqa: PLC0415
        by_health = self.by_health.to_dict()

        by_kind = self.by_kind.to_dict()

        by_site = self.by_site.to_dict()

        total = self.total


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "by_health": by_health,
            "by_kind": by_kind,
            "by_site": by_site,
            "total": total,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fleet_summary_by_health import FleetSummaryByHealth # noqa: PLC0415
        from ..models.fleet_summary_by_kind import FleetSummaryByKind # noqa: PLC0415
        from ..models.fleet_summary_by_site import FleetSummaryBySite # noqa: PLC0415
        d = dict(src_dict)
        by_health = FleetSummaryByHealth.from_dict(d.pop("by_health"))




        by_kind = FleetSummaryByKind.from_dict(d.pop("by_kind"))




        by_site = FleetSummaryBySite.from_dict(d.pop("by_site"))




        total = d.pop("total")

        fleet_summary = cls(
            by_health=by_health,
            by_kind=by_kind,
            by_site=by_site,
            total=total,
        )

        return fleet_summary

