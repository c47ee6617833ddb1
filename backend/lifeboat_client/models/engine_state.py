from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="EngineState")



@_attrs_define
class EngineState:
    """ 
        Attributes:
            active_jobs (int):
            changed_at (datetime.datetime):
            changed_by (None | str):
            paused (bool):
            queued_jobs (int):
            reason (None | str):
     """

    active_jobs: int
    changed_at: datetime.datetime
    changed_by: None | str
    paused: bool
    queued_jobs: int
    reason: None | str





    def to_dict(self) -> dict[str, Any]:
        active_jobs = self.active_jobs

        changed_at = self.changed_at.isoformat()

        changed_by: None | str
        changed_by = self.changed_by

        paused = self.paused

        queued_jobs = self.queued_jobs

        reason: None | str
        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active_jobs": active_jobs,
            "changed_at": changed_at,
            "changed_by": changed_by,
            "paused": paused,
            "queued_jobs": queued_jobs,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_jobs = d.pop("active_jobs")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        def _parse_changed_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        changed_by = _parse_changed_by(d.pop("changed_by"))


        paused = d.pop("paused")

        queued_jobs = d.pop("queued_jobs")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        engine_state = cls(
            active_jobs=active_jobs,
            changed_at=changed_at,
            changed_by=changed_by,
            paused=paused,
            queued_jobs=queued_jobs,
            reason=reason,
        )

        return engine_state

