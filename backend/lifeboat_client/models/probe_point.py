from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ProbePoint")



@_attrs_define
class ProbePoint:
    """ 
        Attributes:
            at (datetime.datetime):
            latency_ms (float):
            ok (bool):
     """

    at: datetime.datetime
    latency_ms: float
    ok: bool





    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        latency_ms = self.latency_ms

        ok = self.ok


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "at": at,
            "latency_ms": latency_ms,
            "ok": ok,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        latency_ms = d.pop("latency_ms")

        ok = d.pop("ok")

        probe_point = cls(
            at=at,
            latency_ms=latency_ms,
            ok=ok,
        )

        return probe_point

