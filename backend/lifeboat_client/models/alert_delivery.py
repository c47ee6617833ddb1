from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_delivery_channel import AlertDeliveryChannel
from ..models.alert_delivery_outcome import AlertDeliveryOutcome
from ..types import UNSET, Unset
from typing import cast
import datetime






T = TypeVar("T", bound="AlertDelivery")



@_attrs_define
class AlertDelivery:
    """ 
        Attributes:
            at (datetime.datetime):
            attempt (int):
            channel (AlertDeliveryChannel):
            error (None | str):
            outcome (AlertDeliveryOutcome):
            status_code (int | None):
            target (str):
            cancelled_by (None | str | Unset):
            reason (None | str | Unset):
     """

    at: datetime.datetime
    attempt: int
    channel: AlertDeliveryChannel
    error: None | str
    outcome: AlertDeliveryOutcome
    status_code: int | None
    target: str
    cancelled_by: None | str | Unset = UNSET
    reason: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        at = self.at.isoformat()

        attempt = self.attempt

        channel = self.channel.value

        error: None | str
        error = self.error

        outcome = self.outcome.value

        status_code: int | None
        status_code = self.status_code

        target = self.target

        cancelled_by: None | str | Unset
        if isinstance(self.cancelled_by, Unset):
            cancelled_by = UNSET
        else:
            cancelled_by = self.cancelled_by

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "at": at,
            "attempt": attempt,
            "channel": channel,
            "error": error,
            "outcome": outcome,
            "status_code": status_code,
            "target": target,
        })
        if cancelled_by is not UNSET:
            field_dict["cancelled_by"] = cancelled_by
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        attempt = d.pop("attempt")

        channel = AlertDeliveryChannel(d.pop("channel"))




        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        outcome = AlertDeliveryOutcome(d.pop("outcome"))




        def _parse_status_code(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        status_code = _parse_status_code(d.pop("status_code"))


        target = d.pop("target")

        def _parse_cancelled_by(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cancelled_by = _parse_cancelled_by(d.pop("cancelled_by", UNSET))


        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))


        alert_delivery = cls(
            at=at,
            attempt=attempt,
            channel=channel,
            error=error,
            outcome=outcome,
            status_code=status_code,
            target=target,
            cancelled_by=cancelled_by,
            reason=reason,
        )

        return alert_delivery

