from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.next_action_id import NextActionId
from typing import cast






T = TypeVar("T", bound="NextAction")



@_attrs_define
class NextAction:
    """ 
        Attributes:
            id (NextActionId):
            label (str):
            target_id (None | str):
     """

    id: NextActionId
    label: str
    target_id: None | str





    def to_dict(self) -> dict[str, Any]:
        id = self.id.value

        label = self.label

        target_id: None | str
        target_id = self.target_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "label": label,
            "target_id": target_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = NextActionId(d.pop("id"))




        label = d.pop("label")

        def _parse_target_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        target_id = _parse_target_id(d.pop("target_id"))


        next_action = cls(
            id=id,
            label=label,
            target_id=target_id,
        )

        return next_action

