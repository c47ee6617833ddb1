from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.worklist_item import WorklistItem





T = TypeVar("T", bound="Worklist")



@_attrs_define
class Worklist:
    """ 
        Attributes:
            consumer_id (str):
            items (list[WorklistItem]):
     """

    consumer_id: str
    items: list[WorklistItem]





    def to_dict(self) -> dict[str, Any]:
        from ..models.worklist_item import WorklistItem # noqa: PLC0415
        consumer_id = self.consumer_id

        items = []
        for items_item_data in self.items:
            items_item = items_item_data.to_dict()
            items.append(items_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "consumer_id": consumer_id,
            "items": items,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.worklist_item import WorklistItem # noqa: PLC0415
        d = dict(src_dict)
        consumer_id = d.pop("consumer_id")

        items = []
        _items = d.pop("items")
        for items_item_data in (_items):
            items_item = WorklistItem.from_dict(items_item_data)



            items.append(items_item)


        worklist = cls(
            consumer_id=consumer_id,
            items=items,
        )

        return worklist

