from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_delivery_channel import AlertDeliveryChannel
from ..models.alert_delivery_outcome import AlertDeliveryOutcome
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
     """

    at: datetime.datetime
    attempt: int
    channel: AlertDeliveryChannel
    error: None | str
    outcome: AlertDeliveryOutcome
    status_code: int | None
    target: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





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


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "at": at,
            "attempt": attempt,
            "channel": channel,
            "error": error,
            "outcome": outcome,
            "status_code": status_code,
            "target": target,
        })

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

        alert_delivery = cls(
            at=at,
            attempt=attempt,
            channel=channel,
            error=error,
            outcome=outcome,
            status_code=status_code,
            target=target,
        )


        alert_delivery.additional_properties = d
        return alert_delivery

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
