from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.backup_run_status import BackupRunStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.backup_run_details_type_0 import BackupRunDetailsType0





T = TypeVar("T", bound="BackupRun")



@_attrs_define
class BackupRun:
    """ 
        Attributes:
            backup_type (str):
            details (BackupRunDetailsType0 | None):
            finished_at (datetime.datetime):
            group (str):
            id (str):
            reported_at (datetime.datetime):
            reported_by (str):
            server (str):
            size_bytes (int | None):
            snapshot_id (str):
            started_at (datetime.datetime):
            status (BackupRunStatus):
     """

    backup_type: str
    details: BackupRunDetailsType0 | None
    finished_at: datetime.datetime
    group: str
    id: str
    reported_at: datetime.datetime
    reported_by: str
    server: str
    size_bytes: int | None
    snapshot_id: str
    started_at: datetime.datetime
    status: BackupRunStatus





    def to_dict(self) -> dict[str, Any]:
        from ..models.backup_run_details_type_0 import BackupRunDetailsType0 # noqa: PLC0415
        backup_type = self.backup_type

        details: dict[str, Any] | None
        if isinstance(self.details, BackupRunDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        finished_at = self.finished_at.isoformat()

        group = self.group

        id = self.id

        reported_at = self.reported_at.isoformat()

        reported_by = self.reported_by

        server = self.server

        size_bytes: int | None
        size_bytes = self.size_bytes

        snapshot_id = self.snapshot_id

        started_at = self.started_at.isoformat()

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "details": details,
            "finished_at": finished_at,
            "group": group,
            "id": id,
            "reported_at": reported_at,
            "reported_by": reported_by,
            "server": server,
            "size_bytes": size_bytes,
            "snapshot_id": snapshot_id,
            "started_at": started_at,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_run_details_type_0 import BackupRunDetailsType0 # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        def _parse_details(data: object) -> BackupRunDetailsType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = BackupRunDetailsType0.from_dict(data)



                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BackupRunDetailsType0 | None, data)

        details = _parse_details(d.pop("details"))


        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))




        group = d.pop("group")

        id = d.pop("id")

        reported_at = datetime.datetime.fromisoformat(d.pop("reported_at"))




        reported_by = d.pop("reported_by")

        server = d.pop("server")

        def _parse_size_bytes(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes"))


        snapshot_id = d.pop("snapshot_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        status = BackupRunStatus(d.pop("status"))




        backup_run = cls(
            backup_type=backup_type,
            details=details,
            finished_at=finished_at,
            group=group,
            id=id,
            reported_at=reported_at,
            reported_by=reported_by,
            server=server,
            size_bytes=size_bytes,
            snapshot_id=snapshot_id,
            started_at=started_at,
            status=status,
        )

        return backup_run

