from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.receipt_step_effect import ReceiptStepEffect
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.step_attempt import StepAttempt





T = TypeVar("T", bound="ReceiptStep")



@_attrs_define
class ReceiptStep:
    """ 
        Attributes:
            attempts (list[StepAttempt]):
            effect (ReceiptStepEffect):
            error (None | str):
            finished_at (datetime.datetime | None):
            name (str):
            position (int):
            started_at (datetime.datetime | None):
            status (str):
     """

    attempts: list[StepAttempt]
    effect: ReceiptStepEffect
    error: None | str
    finished_at: datetime.datetime | None
    name: str
    position: int
    started_at: datetime.datetime | None
    status: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.step_attempt import StepAttempt # noqa: PLC0415
        attempts = []
        for attempts_item_data in self.attempts:
            attempts_item = attempts_item_data.to_dict()
            attempts.append(attempts_item)



        effect = self.effect.value

        error: None | str
        error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        name = self.name

        position = self.position

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "attempts": attempts,
            "effect": effect,
            "error": error,
            "finished_at": finished_at,
            "name": name,
            "position": position,
            "started_at": started_at,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.step_attempt import StepAttempt # noqa: PLC0415
        d = dict(src_dict)
        attempts = []
        _attempts = d.pop("attempts")
        for attempts_item_data in (_attempts):
            attempts_item = StepAttempt.from_dict(attempts_item_data)



            attempts.append(attempts_item)


        effect = ReceiptStepEffect(d.pop("effect"))




        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


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


        name = d.pop("name")

        position = d.pop("position")

        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        status = d.pop("status")

        receipt_step = cls(
            attempts=attempts,
            effect=effect,
            error=error,
            finished_at=finished_at,
            name=name,
            position=position,
            started_at=started_at,
            status=status,
        )

        return receipt_step

