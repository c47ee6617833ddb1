from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="AuditVerification")



@_attrs_define
class AuditVerification:
    """ 
        Attributes:
            checked (int):
            detail (str):
            first_bad_id (None | str):
            first_bad_seq (int | None):
            ok (bool):
     """

    checked: int
    detail: str
    first_bad_id: None | str
    first_bad_seq: int | None
    ok: bool
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        checked = self.checked

        detail = self.detail

        first_bad_id: None | str
        first_bad_id = self.first_bad_id

        first_bad_seq: int | None
        first_bad_seq = self.first_bad_seq

        ok = self.ok


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "checked": checked,
            "detail": detail,
            "first_bad_id": first_bad_id,
            "first_bad_seq": first_bad_seq,
            "ok": ok,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        checked = d.pop("checked")

        detail = d.pop("detail")

        def _parse_first_bad_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        first_bad_id = _parse_first_bad_id(d.pop("first_bad_id"))


        def _parse_first_bad_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        first_bad_seq = _parse_first_bad_seq(d.pop("first_bad_seq"))


        ok = d.pop("ok")

        audit_verification = cls(
            checked=checked,
            detail=detail,
            first_bad_id=first_bad_id,
            first_bad_seq=first_bad_seq,
            ok=ok,
        )


        audit_verification.additional_properties = d
        return audit_verification

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
