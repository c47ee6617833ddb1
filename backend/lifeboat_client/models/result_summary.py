from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.result_summary_state import ResultSummaryState
from typing import cast






T = TypeVar("T", bound="ResultSummary")



@_attrs_define
class ResultSummary:
    """ 
        Attributes:
            bytes_restored (int | None):
            duration_seconds (float | None):
            items_failed (int | None):
            items_not_applied (int | None):
            items_partial (int | None):
            items_restored (int | None):
            items_skipped (int | None):
            items_total (int | None):
            label (str):
            metadata_only (bool):
            state (ResultSummaryState):
     """

    bytes_restored: int | None
    duration_seconds: float | None
    items_failed: int | None
    items_not_applied: int | None
    items_partial: int | None
    items_restored: int | None
    items_skipped: int | None
    items_total: int | None
    label: str
    metadata_only: bool
    state: ResultSummaryState





    def to_dict(self) -> dict[str, Any]:
        bytes_restored: int | None
        bytes_restored = self.bytes_restored

        duration_seconds: float | None
        duration_seconds = self.duration_seconds

        items_failed: int | None
        items_failed = self.items_failed

        items_not_applied: int | None
        items_not_applied = self.items_not_applied

        items_partial: int | None
        items_partial = self.items_partial

        items_restored: int | None
        items_restored = self.items_restored

        items_skipped: int | None
        items_skipped = self.items_skipped

        items_total: int | None
        items_total = self.items_total

        label = self.label

        metadata_only = self.metadata_only

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bytes_restored": bytes_restored,
            "duration_seconds": duration_seconds,
            "items_failed": items_failed,
            "items_not_applied": items_not_applied,
            "items_partial": items_partial,
            "items_restored": items_restored,
            "items_skipped": items_skipped,
            "items_total": items_total,
            "label": label,
            "metadata_only": metadata_only,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_bytes_restored(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        bytes_restored = _parse_bytes_restored(d.pop("bytes_restored"))


        def _parse_duration_seconds(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        duration_seconds = _parse_duration_seconds(d.pop("duration_seconds"))


        def _parse_items_failed(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_failed = _parse_items_failed(d.pop("items_failed"))


        def _parse_items_not_applied(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_not_applied = _parse_items_not_applied(d.pop("items_not_applied"))


        def _parse_items_partial(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_partial = _parse_items_partial(d.pop("items_partial"))


        def _parse_items_restored(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_restored = _parse_items_restored(d.pop("items_restored"))


        def _parse_items_skipped(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_skipped = _parse_items_skipped(d.pop("items_skipped"))


        def _parse_items_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        items_total = _parse_items_total(d.pop("items_total"))


        label = d.pop("label")

        metadata_only = d.pop("metadata_only")

        state = ResultSummaryState(d.pop("state"))




        result_summary = cls(
            bytes_restored=bytes_restored,
            duration_seconds=duration_seconds,
            items_failed=items_failed,
            items_not_applied=items_not_applied,
            items_partial=items_partial,
            items_restored=items_restored,
            items_skipped=items_skipped,
            items_total=items_total,
            label=label,
            metadata_only=metadata_only,
            state=state,
        )

        return result_summary

