from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="GateProblem")



@_attrs_define
class GateProblem:
    """ 
        Attributes:
            detail (str):
            name (str):
            type_ (str):
     """

    detail: str
    name: str
    type_: str





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        name = self.name

        type_ = self.type_


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "name": name,
            "type": type_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        name = d.pop("name")

        type_ = d.pop("type")

        gate_problem = cls(
            detail=detail,
            name=name,
            type_=type_,
        )

        return gate_problem

