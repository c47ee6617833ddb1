from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.restore_run_patch_status_type_0 import RestoreRunPatchStatusType0
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.restore_run_counts import RestoreRunCounts





T = TypeVar("T", bound="RestoreRunPatch")



@_attrs_define
class RestoreRunPatch:
    """ 
        Attributes:
            counts (RestoreRunCounts | Unset):
            message (str | Unset): A progress or failure message (no control or bidi characters but line feeds).
            status (RestoreRunPatchStatusType0 | Unset):
     """

    counts: RestoreRunCounts | Unset = UNSET
    message: str | Unset = UNSET
    status: RestoreRunPatchStatusType0 | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.restore_run_counts import RestoreRunCounts # noqa: PLC0415
        counts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.counts, Unset):
            counts = self.counts.to_dict()

        message: str | Unset
        if isinstance(self.message, Unset):
            message = UNSET
        else:
            message = self.message

        status: str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if counts is not UNSET:
            field_dict["counts"] = counts
        if message is not UNSET:
            field_dict["message"] = message
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.restore_run_counts import RestoreRunCounts # noqa: PLC0415
        d = dict(src_dict)
        _counts = d.pop("counts", UNSET)
        counts: RestoreRunCounts | Unset
        if isinstance(_counts,  Unset):
            counts = UNSET
        else:
            counts = RestoreRunCounts.from_dict(_counts)




        def _parse_message(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        message = _parse_message(d.pop("message", UNSET))


        def _parse_status(data: object) -> RestoreRunPatchStatusType0 | Unset:
            if isinstance(data, Unset):
                return data
            if not isinstance(data, str):
                raise TypeError()
            status_type_0 = RestoreRunPatchStatusType0(data)



            return status_type_0

        status = _parse_status(d.pop("status", UNSET))


        restore_run_patch = cls(
            counts=counts,
            message=message,
            status=status,
        )

        return restore_run_patch

