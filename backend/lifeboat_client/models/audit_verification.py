from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_verification_status import AuditVerificationStatus
from typing import cast

if TYPE_CHECKING:
  from ..models.audit_anchor_check import AuditAnchorCheck





T = TypeVar("T", bound="AuditVerification")



@_attrs_define
class AuditVerification:
    """ 
        Attributes:
            anchored_seq (int | None):
            anchors (list[AuditAnchorCheck]):
            checked (int):
            detail (str):
            first_bad_id (None | str):
            first_bad_seq (int | None):
            head_seq (int | None):
            key_id (str):
            keyed_from_seq (int):
            legacy_rows (int):
            ok (bool):
            status (AuditVerificationStatus):
     """

    anchored_seq: int | None
    anchors: list[AuditAnchorCheck]
    checked: int
    detail: str
    first_bad_id: None | str
    first_bad_seq: int | None
    head_seq: int | None
    key_id: str
    keyed_from_seq: int
    legacy_rows: int
    ok: bool
    status: AuditVerificationStatus





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_anchor_check import AuditAnchorCheck # noqa: PLC0415
        anchored_seq: int | None
        anchored_seq = self.anchored_seq

        anchors = []
        for anchors_item_data in self.anchors:
            anchors_item = anchors_item_data.to_dict()
            anchors.append(anchors_item)



        checked = self.checked

        detail = self.detail

        first_bad_id: None | str
        first_bad_id = self.first_bad_id

        first_bad_seq: int | None
        first_bad_seq = self.first_bad_seq

        head_seq: int | None
        head_seq = self.head_seq

        key_id = self.key_id

        keyed_from_seq = self.keyed_from_seq

        legacy_rows = self.legacy_rows

        ok = self.ok

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "anchored_seq": anchored_seq,
            "anchors": anchors,
            "checked": checked,
            "detail": detail,
            "first_bad_id": first_bad_id,
            "first_bad_seq": first_bad_seq,
            "head_seq": head_seq,
            "key_id": key_id,
            "keyed_from_seq": keyed_from_seq,
            "legacy_rows": legacy_rows,
            "ok": ok,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_anchor_check import AuditAnchorCheck # noqa: PLC0415
        d = dict(src_dict)
        def _parse_anchored_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        anchored_seq = _parse_anchored_seq(d.pop("anchored_seq"))


        anchors = []
        _anchors = d.pop("anchors")
        for anchors_item_data in (_anchors):
            anchors_item = AuditAnchorCheck.from_dict(anchors_item_data)



            anchors.append(anchors_item)


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


        def _parse_head_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        head_seq = _parse_head_seq(d.pop("head_seq"))


        key_id = d.pop("key_id")

        keyed_from_seq = d.pop("keyed_from_seq")

        legacy_rows = d.pop("legacy_rows")

        ok = d.pop("ok")

        status = AuditVerificationStatus(d.pop("status"))




        audit_verification = cls(
            anchored_seq=anchored_seq,
            anchors=anchors,
            checked=checked,
            detail=detail,
            first_bad_id=first_bad_id,
            first_bad_seq=first_bad_seq,
            head_seq=head_seq,
            key_id=key_id,
            keyed_from_seq=keyed_from_seq,
            legacy_rows=legacy_rows,
            ok=ok,
            status=status,
        )

        return audit_verification

