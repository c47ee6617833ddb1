from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.placement_map_view_kind import PlacementMapViewKind
from typing import cast

if TYPE_CHECKING:
  from ..models.placement_map_view_tenants import PlacementMapViewTenants





T = TypeVar("T", bound="PlacementMapView")



@_attrs_define
class PlacementMapView:
    """ 
        Attributes:
            key (str):
            kind (PlacementMapViewKind):
            revision (int):
            tenants (PlacementMapViewTenants):
     """

    key: str
    kind: PlacementMapViewKind
    revision: int
    tenants: PlacementMapViewTenants





    def to_dict(self) -> dict[str, Any]:
        from ..models.placement_map_view_tenants import PlacementMapViewTenants # noqa: PLC0415
        key = self.key

        kind = self.kind.value

        revision = self.revision

        tenants = self.tenants.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "kind": kind,
            "revision": revision,
            "tenants": tenants,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.placement_map_view_tenants import PlacementMapViewTenants # noqa: PLC0415
        d = dict(src_dict)
        key = d.pop("key")

        kind = PlacementMapViewKind(d.pop("kind"))




        revision = d.pop("revision")

        tenants = PlacementMapViewTenants.from_dict(d.pop("tenants"))




        placement_map_view = cls(
            key=key,
            kind=kind,
            revision=revision,
            tenants=tenants,
        )

        return placement_map_view

