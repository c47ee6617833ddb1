from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="TenantPlacement")



@_attrs_define
class TenantPlacement:
    """ 
        Attributes:
            aggregate (None | str):
            projection (None | str):
            runner (None | str):
            tenant_id (str):
     """

    aggregate: None | str
    projection: None | str
    runner: None | str
    tenant_id: str





    def to_dict(self) -> dict[str, Any]:
        aggregate: None | str
        aggregate = self.aggregate

        projection: None | str
        projection = self.projection

        runner: None | str
        runner = self.runner

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "aggregate": aggregate,
            "projection": projection,
            "runner": runner,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_aggregate(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        aggregate = _parse_aggregate(d.pop("aggregate"))


        def _parse_projection(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        projection = _parse_projection(d.pop("projection"))


        def _parse_runner(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        runner = _parse_runner(d.pop("runner"))


        tenant_id = d.pop("tenant_id")

        tenant_placement = cls(
            aggregate=aggregate,
            projection=projection,
            runner=runner,
            tenant_id=tenant_id,
        )

        return tenant_placement

