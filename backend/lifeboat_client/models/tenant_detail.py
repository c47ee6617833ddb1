from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_detail_source import TenantDetailSource
from typing import cast

if TYPE_CHECKING:
  from ..models.tenant_kind_placement import TenantKindPlacement





T = TypeVar("T", bound="TenantDetail")



@_attrs_define
class TenantDetail:
    """ 
        Attributes:
            placements (list[TenantKindPlacement]):
            source (TenantDetailSource):
            tenant_id (str):
     """

    placements: list[TenantKindPlacement]
    source: TenantDetailSource
    tenant_id: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_kind_placement import TenantKindPlacement # noqa: PLC0415
        placements = []
        for placements_item_data in self.placements:
            placements_item = placements_item_data.to_dict()
            placements.append(placements_item)



        source = self.source.value

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "placements": placements,
            "source": source,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_kind_placement import TenantKindPlacement # noqa: PLC0415
        d = dict(src_dict)
        placements = []
        _placements = d.pop("placements")
        for placements_item_data in (_placements):
            placements_item = TenantKindPlacement.from_dict(placements_item_data)



            placements.append(placements_item)


        source = TenantDetailSource(d.pop("source"))




        tenant_id = d.pop("tenant_id")

        tenant_detail = cls(
            placements=placements,
            source=source,
            tenant_id=tenant_id,
        )

        return tenant_detail

