from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="JobEventMessage")



@_attrs_define
class JobEventMessage:
    """ 
        Attributes:
            data (str): A JobEventOut, as JSON.
            event (str): The event type, e.g. job.created or step.log.
            id (str): The event's seq (resume with Last-Event-ID).
     """

    data: str
    event: str
    id: str





    def to_dict(self) -> dict[str, Any]:
        data = self.data

        event = self.event

        id = self.id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "data": data,
            "event": event,
            "id": id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        data = d.pop("data")

        event = d.pop("event")

        id = d.pop("id")

        job_event_message = cls(
            data=data,
            event=event,
            id=id,
        )

        return job_event_message

