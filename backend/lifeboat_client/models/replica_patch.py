from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReplicaPatch")



@_attrs_define
class ReplicaPatch:
    """ 
        Attributes:
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            enabled (bool | Unset):
            freshness_target_s (int | Unset): Seconds a verified restore stays fresh: past it without a new success the
                server is overdue (the strictest of the declarations covering a server applies). Default 7 days.
            notes (str | Unset): Free-form operator notes (line feeds allowed; no other control or bidi characters).
     """

    reason: str
    enabled: bool | Unset = UNSET
    freshness_target_s: int | Unset = UNSET
    notes: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        enabled: bool | Unset
        if isinstance(self.enabled, Unset):
            enabled = UNSET
        else:
            enabled = self.enabled

        freshness_target_s: int | Unset
        if isinstance(self.freshness_target_s, Unset):
            freshness_target_s = UNSET
        else:
            freshness_target_s = self.freshness_target_s

        notes: str | Unset
        if isinstance(self.notes, Unset):
            notes = UNSET
        else:
            notes = self.notes


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if freshness_target_s is not UNSET:
            field_dict["freshness_target_s"] = freshness_target_s
        if notes is not UNSET:
            field_dict["notes"] = notes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_enabled(data: object) -> bool | Unset:
            if isinstance(data, Unset):
                return data
            return cast(bool | Unset, data)

        enabled = _parse_enabled(d.pop("enabled", UNSET))


        def _parse_freshness_target_s(data: object) -> int | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | Unset, data)

        freshness_target_s = _parse_freshness_target_s(d.pop("freshness_target_s", UNSET))


        def _parse_notes(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        notes = _parse_notes(d.pop("notes", UNSET))


        replica_patch = cls(
            reason=reason,
            enabled=enabled,
            freshness_target_s=freshness_target_s,
            notes=notes,
        )

        return replica_patch

