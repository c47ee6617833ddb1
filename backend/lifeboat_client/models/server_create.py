from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="ServerCreate")



@_attrs_define
class ServerCreate:
    """ 
        Attributes:
            group (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
            name (str): Server name: lowercase letters, digits, '.', '_' and '-' (max 63).
            reason (str): Why (audited).
            live (bool | Unset):  Default: True.
     """

    group: str
    name: str
    reason: str
    live: bool | Unset = True
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        group = self.group

        name = self.name

        reason = self.reason

        live = self.live


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "group": group,
            "name": name,
            "reason": reason,
        })
        if live is not UNSET:
            field_dict["live"] = live

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        group = d.pop("group")

        name = d.pop("name")

        reason = d.pop("reason")

        live = d.pop("live", UNSET)

        server_create = cls(
            group=group,
            name=name,
            reason=reason,
            live=live,
        )


        server_create.additional_properties = d
        return server_create

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
