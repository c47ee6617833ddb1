from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.server_health_item_active_alerts_item import ServerHealthItemActiveAlertsItem
from ..models.server_health_item_status import ServerHealthItemStatus
from typing import cast
import datetime






T = TypeVar("T", bound="ServerHealthItem")



@_attrs_define
class ServerHealthItem:
    """ 
        Attributes:
            active_alerts (list[ServerHealthItemActiveAlertsItem]):
            evaluated_at (datetime.datetime):
            failure_streak (int):
            freshness_target_s (int):
            group (str):
            last_failure (datetime.datetime | None):
            last_success (datetime.datetime | None):
            overdue_since (datetime.datetime | None):
            server (str):
            status (ServerHealthItemStatus):
     """

    active_alerts: list[ServerHealthItemActiveAlertsItem]
    evaluated_at: datetime.datetime
    failure_streak: int
    freshness_target_s: int
    group: str
    last_failure: datetime.datetime | None
    last_success: datetime.datetime | None
    overdue_since: datetime.datetime | None
    server: str
    status: ServerHealthItemStatus





    def to_dict(self) -> dict[str, Any]:
        active_alerts = []
        for active_alerts_item_data in self.active_alerts:
            active_alerts_item = active_alerts_item_data.value
            active_alerts.append(active_alerts_item)



        evaluated_at = self.evaluated_at.isoformat()

        failure_streak = self.failure_streak

        freshness_target_s = self.freshness_target_s

        group = self.group

        last_failure: None | str
        if isinstance(self.last_failure, datetime.datetime):
            last_failure = self.last_failure.isoformat()
        else:
            last_failure = self.last_failure

        last_success: None | str
        if isinstance(self.last_success, datetime.datetime):
            last_success = self.last_success.isoformat()
        else:
            last_success = self.last_success

        overdue_since: None | str
        if isinstance(self.overdue_since, datetime.datetime):
            overdue_since = self.overdue_since.isoformat()
        else:
            overdue_since = self.overdue_since

        server = self.server

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "active_alerts": active_alerts,
            "evaluated_at": evaluated_at,
            "failure_streak": failure_streak,
            "freshness_target_s": freshness_target_s,
            "group": group,
            "last_failure": last_failure,
            "last_success": last_success,
            "overdue_since": overdue_since,
            "server": server,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active_alerts = []
        _active_alerts = d.pop("active_alerts")
        for active_alerts_item_data in (_active_alerts):
            active_alerts_item = ServerHealthItemActiveAlertsItem(active_alerts_item_data)



            active_alerts.append(active_alerts_item)


        evaluated_at = datetime.datetime.fromisoformat(d.pop("evaluated_at"))




        failure_streak = d.pop("failure_streak")

        freshness_target_s = d.pop("freshness_target_s")

        group = d.pop("group")

        def _parse_last_failure(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_failure_type_0 = datetime.datetime.fromisoformat(data)



                return last_failure_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_failure = _parse_last_failure(d.pop("last_failure"))


        def _parse_last_success(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_success_type_0 = datetime.datetime.fromisoformat(data)



                return last_success_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_success = _parse_last_success(d.pop("last_success"))


        def _parse_overdue_since(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                overdue_since_type_0 = datetime.datetime.fromisoformat(data)



                return overdue_since_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        overdue_since = _parse_overdue_since(d.pop("overdue_since"))


        server = d.pop("server")

        status = ServerHealthItemStatus(d.pop("status"))




        server_health_item = cls(
            active_alerts=active_alerts,
            evaluated_at=evaluated_at,
            failure_streak=failure_streak,
            freshness_target_s=freshness_target_s,
            group=group,
            last_failure=last_failure,
            last_success=last_success,
            overdue_since=overdue_since,
            server=server,
            status=status,
        )

        return server_health_item

