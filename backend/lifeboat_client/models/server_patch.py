from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ServerPatch")



@_attrs_define
class ServerPatch:
    """ 
        Attributes:
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            group (str | Unset): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
            live (bool | Unset):
     """

    reason: str
    group: str | Unset = UNSET
    live: bool | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        group: str | Unset
        if isinstance(self.group, Unset):
            group = UNSET
        else:
            group = self.group

        live: bool | Unset
        if isinstance(self.live, Unset):
            live = UNSET
        else:
            live = self.live


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if group is not UNSET:
            field_dict["group"] = group
        if live is not UNSET:
            field_dict["live"] = live

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_group(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        group = _parse_group(d.pop("group", UNSET))


        def _parse_live(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        live = _parse_live(d.pop("live", UNSET))


        server_patch = cls(
            reason=reason,
            group=group,
            live=live,
        )

        return server_patch

