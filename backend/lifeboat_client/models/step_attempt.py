from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="StepAttempt")



@_attrs_define
class StepAttempt:
    """ 
        Attributes:
            attempt (int):
            error (None | str):
            error_type (None | str):
            finished_at (datetime.datetime | None):
            lease_epoch (int):
            retry_in_s (float | None):
            started_at (datetime.datetime):
            status (str):
            worker (str):
     """

    attempt: int
    error: None | str
    error_type: None | str
    finished_at: datetime.datetime | None
    lease_epoch: int
    retry_in_s: float | None
    started_at: datetime.datetime
    status: str
    worker: str





    def to_dict(self) -> dict[str, Any]:
        attempt = self.attempt

        error: None | str
        error = self.error

        error_type: None | str
        error_type = self.error_type

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        lease_epoch = self.lease_epoch

        retry_in_s: float | None
        retry_in_s = self.retry_in_s

        started_at = self.started_at.isoformat()

        status = self.status

        worker = self.worker


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempt": attempt,
            "error": error,
            "error_type": error_type,
            "finished_at": finished_at,
            "lease_epoch": lease_epoch,
            "retry_in_s": retry_in_s,
            "started_at": started_at,
            "status": status,
            "worker": worker,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attempt = d.pop("attempt")

        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_error_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error_type = _parse_error_type(d.pop("error_type"))


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        lease_epoch = d.pop("lease_epoch")

        def _parse_retry_in_s(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        retry_in_s = _parse_retry_in_s(d.pop("retry_in_s"))


        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        status = d.pop("status")

        worker = d.pop("worker")

        step_attempt = cls(
            attempt=attempt,
            error=error,
            error_type=error_type,
            finished_at=finished_at,
            lease_epoch=lease_epoch,
            retry_in_s=retry_in_s,
            started_at=started_at,
            status=status,
            worker=worker,
        )

        return step_attempt

