from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_kind_placement_kind import TenantKindPlacementKind
from typing import cast






T = TypeVar("T", bound="TenantKindPlacement")



@_attrs_define
class TenantKindPlacement:
    """ 
        Attributes:
            key (str):
            kind (TenantKindPlacementKind):
            revision (int):
            service (None | str):
     """

    key: str
    kind: TenantKindPlacementKind
    revision: int
    service: None | str





    def to_dict(self) -> dict[str, Any]:
        key = self.key

        kind = self.kind.value

        revision = self.revision

        service: None | str
        service = self.service


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "key": key,
            "kind": kind,
            "revision": revision,
            "service": service,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        key = d.pop("key")

        kind = TenantKindPlacementKind(d.pop("kind"))




        revision = d.pop("revision")

        def _parse_service(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        service = _parse_service(d.pop("service"))


        tenant_kind_placement = cls(
            key=key,
            kind=kind,
            revision=revision,
            service=service,
        )

        return tenant_kind_placement

