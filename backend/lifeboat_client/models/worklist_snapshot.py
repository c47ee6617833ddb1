from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="WorklistSnapshot")



@_attrs_define
class WorklistSnapshot:
    """ 
        Attributes:
            finished_at (datetime.datetime):
            id (str):
     """

    finished_at: datetime.datetime
    id: str





    def to_dict(self) -> dict[str, Any]:
        finished_at = self.finished_at.isoformat()

        id = self.id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "finished_at": finished_at,
            "id": id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))




        id = d.pop("id")

        worklist_snapshot = cls(
            finished_at=finished_at,
            id=id,
        )

        return worklist_snapshot

