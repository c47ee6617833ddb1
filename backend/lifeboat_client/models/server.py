from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.latest_backup import LatestBackup





T = TypeVar("T", bound="Server")



@_attrs_define
class Server:
    """ 
        Attributes:
            created_at (datetime.datetime):
            created_by (str):
            group (str):
            id (str):
            latest_backups (list[LatestBackup]):
            live (bool):
            name (str):
            updated_at (datetime.datetime):
     """

    created_at: datetime.datetime
    created_by: str
    group: str
    id: str
    latest_backups: list[LatestBackup]
    live: bool
    name: str
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.latest_backup import LatestBackup # noqa: PLC0415
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        group = self.group

        id = self.id

        latest_backups = []
        for latest_backups_item_data in self.latest_backups:
            latest_backups_item = latest_backups_item_data.to_dict()
            latest_backups.append(latest_backups_item)



        live = self.live

        name = self.name

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "created_by": created_by,
            "group": group,
            "id": id,
            "latest_backups": latest_backups,
            "live": live,
            "name": name,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.latest_backup import LatestBackup # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        group = d.pop("group")

        id = d.pop("id")

        latest_backups = []
        _latest_backups = d.pop("latest_backups")
        for latest_backups_item_data in (_latest_backups):
            latest_backups_item = LatestBackup.from_dict(latest_backups_item_data)



            latest_backups.append(latest_backups_item)


        live = d.pop("live")

        name = d.pop("name")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        server = cls(
            created_at=created_at,
            created_by=created_by,
            group=group,
            id=id,
            latest_backups=latest_backups,
            live=live,
            name=name,
            updated_at=updated_at,
        )

        return server

