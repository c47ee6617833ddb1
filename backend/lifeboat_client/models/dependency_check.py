from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.dependency_check_name import DependencyCheckName






T = TypeVar("T", bound="DependencyCheck")



@_attrs_define
class DependencyCheck:
    """ 
        Attributes:
            detail (str):
            latency_ms (float):
            name (DependencyCheckName):
            ok (bool):
     """

    detail: str
    latency_ms: float
    name: DependencyCheckName
    ok: bool





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        latency_ms = self.latency_ms

        name = self.name.value

        ok = self.ok


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "latency_ms": latency_ms,
            "name": name,
            "ok": ok,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        latency_ms = d.pop("latency_ms")

        name = DependencyCheckName(d.pop("name"))




        ok = d.pop("ok")

        dependency_check = cls(
            detail=detail,
            latency_ms=latency_ms,
            name=name,
            ok=ok,
        )

        return dependency_check

