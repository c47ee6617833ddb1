from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="PlanStep")



@_attrs_define
class PlanStep:
    """ 
        Attributes:
            max_attempts (int):
            name (str):
            position (int):
            timeout_s (float):
            touches (list[str]):
     """

    max_attempts: int
    name: str
    position: int
    timeout_s: float
    touches: list[str]





    def to_dict(self) -> dict[str, Any]:
        max_attempts = self.max_attempts

        name = self.name

        position = self.position

        timeout_s = self.timeout_s

        touches = self.touches




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "max_attempts": max_attempts,
            "name": name,
            "position": position,
            "timeout_s": timeout_s,
            "touches": touches,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        max_attempts = d.pop("max_attempts")

        name = d.pop("name")

        position = d.pop("position")

        timeout_s = d.pop("timeout_s")

        touches = cast(list[str], d.pop("touches"))


        plan_step = cls(
            max_attempts=max_attempts,
            name=name,
            position=position,
            timeout_s=timeout_s,
            touches=touches,
        )

        return plan_step

