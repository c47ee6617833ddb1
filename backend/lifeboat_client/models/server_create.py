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
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            live (bool | Unset):  Default: True.
     """

    group: str
    name: str
    reason: str
    live: bool | Unset = True





    def to_dict(self) -> dict[str, Any]:
        group = self.group

        name = self.name

        reason = self.reason

        live = self.live


        field_dict: dict[str, Any] = {}

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

        return server_create

