from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_event_change import AlertEventChange
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.alert_delivery import AlertDelivery
  from ..models.alert_event_payload import AlertEventPayload





T = TypeVar("T", bound="AlertEvent")



@_attrs_define
class AlertEvent:
    """ 
        Attributes:
            at (datetime.datetime):
            change (AlertEventChange):
            deliveries (list[AlertDelivery]):
            delivery_job_ids (list[str]):
            id (str):
            payload (AlertEventPayload):
     """

    at: datetime.datetime
    change: AlertEventChange
    deliveries: list[AlertDelivery]
    delivery_job_ids: list[str]
    id: str
    payload: AlertEventPayload





    def to_dict(self) -> dict[str, Any]:
        from ..models.alert_delivery import AlertDelivery # noqa: PLC0415
        from ..models.alert_event_payload import AlertEventPayload # noqa: PLC0415
        at = self.at.isoformat()

        change = self.change.value

        deliveries = []
        for deliveries_item_data in self.deliveries:
            deliveries_item = deliveries_item_data.to_dict()
            deliveries.append(deliveries_item)



        delivery_job_ids = self.delivery_job_ids



        id = self.id

        payload = self.payload.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "at": at,
            "change": change,
            "deliveries": deliveries,
            "delivery_job_ids": delivery_job_ids,
            "id": id,
            "payload": payload,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_delivery import AlertDelivery # noqa: PLC0415
        from ..models.alert_event_payload import AlertEventPayload # noqa: PLC0415
        d = dict(src_dict)
        at = datetime.datetime.fromisoformat(d.pop("at"))




        change = AlertEventChange(d.pop("change"))




        deliveries = []
        _deliveries = d.pop("deliveries")
        for deliveries_item_data in (_deliveries):
            deliveries_item = AlertDelivery.from_dict(deliveries_item_data)



            deliveries.append(deliveries_item)


        delivery_job_ids = cast(list[str], d.pop("delivery_job_ids"))


        id = d.pop("id")

        payload = AlertEventPayload.from_dict(d.pop("payload"))




        alert_event = cls(
            at=at,
            change=change,
            deliveries=deliveries,
            delivery_job_ids=delivery_job_ids,
            id=id,
            payload=payload,
        )

        return alert_event

