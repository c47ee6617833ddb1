from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.alert_kind import AlertKind
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.alert_event import AlertEvent





T = TypeVar("T", bound="Alert")



@_attrs_define
class Alert:
    """ 
        Attributes:
            active (bool):
            changed_at (datetime.datetime):
            cleared_at (datetime.datetime | None):
            events (list[AlertEvent]):
            group (str):
            id (str):
            kind (AlertKind):
            raised_at (datetime.datetime | None):
            server (str):
     """

    active: bool
    changed_at: datetime.datetime
    cleared_at: datetime.datetime | None
    events: list[AlertEvent]
    group: str
    id: str
    kind: AlertKind
    raised_at: datetime.datetime | None
    server: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.alert_event import AlertEvent # noqa: PLC0415
        active = self.active

        changed_at = self.changed_at.isoformat()

        cleared_at: None | str
        if isinstance(self.cleared_at, datetime.datetime):
            cleared_at = self.cleared_at.isoformat()
        else:
            cleared_at = self.cleared_at

        events = []
        for events_item_data in self.events:
            events_item = events_item_data.to_dict()
            events.append(events_item)



        group = self.group

        id = self.id

        kind = self.kind.value

        raised_at: None | str
        if isinstance(self.raised_at, datetime.datetime):
            raised_at = self.raised_at.isoformat()
        else:
            raised_at = self.raised_at

        server = self.server


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active": active,
            "changed_at": changed_at,
            "cleared_at": cleared_at,
            "events": events,
            "group": group,
            "id": id,
            "kind": kind,
            "raised_at": raised_at,
            "server": server,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.alert_event import AlertEvent # noqa: PLC0415
        d = dict(src_dict)
        active = d.pop("active")

        changed_at = datetime.datetime.fromisoformat(d.pop("changed_at"))




        def _parse_cleared_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cleared_at_type_0 = datetime.datetime.fromisoformat(data)



                return cleared_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cleared_at = _parse_cleared_at(d.pop("cleared_at"))


        events = []
        _events = d.pop("events")
        for events_item_data in (_events):
            events_item = AlertEvent.from_dict(events_item_data)



            events.append(events_item)


        group = d.pop("group")

        id = d.pop("id")

        kind = AlertKind(d.pop("kind"))




        def _parse_raised_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                raised_at_type_0 = datetime.datetime.fromisoformat(data)



                return raised_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        raised_at = _parse_raised_at(d.pop("raised_at"))


        server = d.pop("server")

        alert = cls(
            active=active,
            changed_at=changed_at,
            cleared_at=cleared_at,
            events=events,
            group=group,
            id=id,
            kind=kind,
            raised_at=raised_at,
            server=server,
        )

        return alert

