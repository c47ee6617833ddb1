from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.placement_view_source import PlacementViewSource
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.placement_map_view import PlacementMapView





T = TypeVar("T", bound="PlacementView")



@_attrs_define
class PlacementView:
    """ 
        Attributes:
            maps (list[PlacementMapView]):
            source (PlacementViewSource):
            updated_at (datetime.datetime | None):
     """

    maps: list[PlacementMapView]
    source: PlacementViewSource
    updated_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.placement_map_view import PlacementMapView # noqa: PLC0415
        maps = []
        for maps_item_data in self.maps:
            maps_item = maps_item_data.to_dict()
            maps.append(maps_item)



        source = self.source.value

        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "maps": maps,
            "source": source,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placement_map_view import PlacementMapView # noqa: PLC0415
        d = dict(src_dict)
        maps = []
        _maps = d.pop("maps")
        for maps_item_data in (_maps):
            maps_item = PlacementMapView.from_dict(maps_item_data)



            maps.append(maps_item)


        source = PlacementViewSource(d.pop("source"))




        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updated_at"))


        placement_view = cls(
            maps=maps,
            source=source,
            updated_at=updated_at,
        )

        return placement_view

