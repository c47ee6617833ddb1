from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.capability_gap import CapabilityGap





T = TypeVar("T", bound="Replica")



@_attrs_define
class Replica:
    """ 
        Attributes:
            backup_type (str):
            consumer_id (str):
            consumer_name (None | str):
            created_at (datetime.datetime):
            created_by (str):
            enabled (bool):
            freshness_target_s (int):
            gap (CapabilityGap | None):
            group (str):
            id (str):
            intent (str):
            notes (str):
            server (None | str):
            updated_at (datetime.datetime):
     """

    backup_type: str
    consumer_id: str
    consumer_name: None | str
    created_at: datetime.datetime
    created_by: str
    enabled: bool
    freshness_target_s: int
    gap: CapabilityGap | None
    group: str
    id: str
    intent: str
    notes: str
    server: None | str
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.capability_gap import CapabilityGap # noqa: PLC0415
        backup_type = self.backup_type

        consumer_id = self.consumer_id

        consumer_name: None | str
        consumer_name = self.consumer_name

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        enabled = self.enabled

        freshness_target_s = self.freshness_target_s

        gap: dict[str, Any] | None
        if isinstance(self.gap, CapabilityGap):
            gap = self.gap.to_dict()
        else:
            gap = self.gap

        group = self.group

        id = self.id

        intent = self.intent

        notes = self.notes

        server: None | str
        server = self.server

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "consumer_id": consumer_id,
            "consumer_name": consumer_name,
            "created_at": created_at,
            "created_by": created_by,
            "enabled": enabled,
            "freshness_target_s": freshness_target_s,
            "gap": gap,
            "group": group,
            "id": id,
            "intent": intent,
            "notes": notes,
            "server": server,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capability_gap import CapabilityGap # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        consumer_id = d.pop("consumer_id")

        def _parse_consumer_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        consumer_name = _parse_consumer_name(d.pop("consumer_name"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        enabled = d.pop("enabled")

        freshness_target_s = d.pop("freshness_target_s")

        def _parse_gap(data: object) -> CapabilityGap | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                gap_type_0 = CapabilityGap.from_dict(data)



                return gap_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(CapabilityGap | None, data)

        gap = _parse_gap(d.pop("gap"))


        group = d.pop("group")

        id = d.pop("id")

        intent = d.pop("intent")

        notes = d.pop("notes")

        def _parse_server(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        server = _parse_server(d.pop("server"))


        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        replica = cls(
            backup_type=backup_type,
            consumer_id=consumer_id,
            consumer_name=consumer_name,
            created_at=created_at,
            created_by=created_by,
            enabled=enabled,
            freshness_target_s=freshness_target_s,
            gap=gap,
            group=group,
            id=id,
            intent=intent,
            notes=notes,
            server=server,
            updated_at=updated_at,
        )

        return replica

