from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="RestoreRunCounts")



@_attrs_define
class RestoreRunCounts:
    """ 
        Attributes:
            bytes_restored (int | None | Unset):
            duration_seconds (float | None | Unset):
            items_failed (int | None | Unset):
            items_not_applied (int | None | Unset):
            items_partial (int | None | Unset):
            items_restored (int | None | Unset):
            items_skipped (int | None | Unset):
            items_total (int | None | Unset):
     """

    bytes_restored: int | None | Unset = UNSET
    duration_seconds: float | None | Unset = UNSET
    items_failed: int | None | Unset = UNSET
    items_not_applied: int | None | Unset = UNSET
    items_partial: int | None | Unset = UNSET
    items_restored: int | None | Unset = UNSET
    items_skipped: int | None | Unset = UNSET
    items_total: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        bytes_restored: int | None | Unset
        if isinstance(self.bytes_restored, Unset):
            bytes_restored = UNSET
        else:
            bytes_restored = self.bytes_restored

        duration_seconds: float | None | Unset
        if isinstance(self.duration_seconds, Unset):
            duration_seconds = UNSET
        else:
            duration_seconds = self.duration_seconds

        items_failed: int | None | Unset
        if isinstance(self.items_failed, Unset):
            items_failed = UNSET
        else:
            items_failed = self.items_failed

        items_not_applied: int | None | Unset
        if isinstance(self.items_not_applied, Unset):
            items_not_applied = UNSET
        else:
            items_not_applied = self.items_not_applied

        items_partial: int | None | Unset
        if isinstance(self.items_partial, Unset):
            items_partial = UNSET
        else:
            items_partial = self.items_partial

        items_restored: int | None | Unset
        if isinstance(self.items_restored, Unset):
            items_restored = UNSET
        else:
            items_restored = self.items_restored

        items_skipped: int | None | Unset
        if isinstance(self.items_skipped, Unset):
            items_skipped = UNSET
        else:
            items_skipped = self.items_skipped

        items_total: int | None | Unset
        if isinstance(self.items_total, Unset):
            items_total = UNSET
        else:
            items_total = self.items_total


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if bytes_restored is not UNSET:
            field_dict["bytes_restored"] = bytes_restored
        if duration_seconds is not UNSET:
            field_dict["duration_seconds"] = duration_seconds
        if items_failed is not UNSET:
            field_dict["items_failed"] = items_failed
        if items_not_applied is not UNSET:
            field_dict["items_not_applied"] = items_not_applied
        if items_partial is not UNSET:
            field_dict["items_partial"] = items_partial
        if items_restored is not UNSET:
            field_dict["items_restored"] = items_restored
        if items_skipped is not UNSET:
            field_dict["items_skipped"] = items_skipped
        if items_total is not UNSET:
            field_dict["items_total"] = items_total

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_bytes_restored(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        bytes_restored = _parse_bytes_restored(d.pop("bytes_restored", UNSET))


        def _parse_duration_seconds(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds", UNSET))


        def _parse_items_failed(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_failed = _parse_items_failed(d.pop("items_failed", UNSET))


        def _parse_items_not_applied(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_not_applied = _parse_items_not_applied(d.pop("items_not_applied", UNSET))


        def _parse_items_partial(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_partial = _parse_items_partial(d.pop("items_partial", UNSET))


        def _parse_items_restored(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_restored = _parse_items_restored(d.pop("items_restored", UNSET))


        def _parse_items_skipped(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_skipped = _parse_items_skipped(d.pop("items_skipped", UNSET))


        def _parse_items_total(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        items_total = _parse_items_total(d.pop("items_total", UNSET))


        restore_run_counts = cls(
            bytes_restored=bytes_restored,
            duration_seconds=duration_seconds,
            items_failed=items_failed,
            items_not_applied=items_not_applied,
            items_partial=items_partial,
            items_restored=items_restored,
            items_skipped=items_skipped,
            items_total=items_total,
        )

        return restore_run_counts

