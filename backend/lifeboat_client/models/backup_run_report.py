from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.backup_run_report_status import BackupRunReportStatus
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.backup_run_report_details_type_0 import BackupRunReportDetailsType0





T = TypeVar("T", bound="BackupRunReport")



@_attrs_define
class BackupRunReport:
    """ 
        Attributes:
            backup_type (str): Backup type, an open slug (e.g. postgres, files): lowercase letters, digits and '-'.
            finished_at (datetime.datetime):
            server (str): Server name: lowercase letters, digits, '.', '_' and '-' (max 63).
            snapshot_id (str): The backup tool's snapshot id (letters, digits and ._:@+=/-, max 255).
            started_at (datetime.datetime):
            status (BackupRunReportStatus):
            details (BackupRunReportDetailsType0 | None | Unset):
            size_bytes (int | None | Unset):
     """

    backup_type: str
    finished_at: datetime.datetime
    server: str
    snapshot_id: str
    started_at: datetime.datetime
    status: BackupRunReportStatus
    details: BackupRunReportDetailsType0 | None | Unset = UNSET
    size_bytes: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.backup_run_report_details_type_0 import BackupRunReportDetailsType0 # noqa: PLC0415
        backup_type = self.backup_type

        finished_at = self.finished_at.isoformat()

        server = self.server

        snapshot_id = self.snapshot_id

        started_at = self.started_at.isoformat()

        status = self.status.value

        details: dict[str, Any] | None | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        elif isinstance(self.details, BackupRunReportDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        size_bytes: int | None | Unset
        if isinstance(self.size_bytes, Unset):
            size_bytes = UNSET
        else:
            size_bytes = self.size_bytes


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "finished_at": finished_at,
            "server": server,
            "snapshot_id": snapshot_id,
            "started_at": started_at,
            "status": status,
        })
        if details is not UNSET:
            field_dict["details"] = details
        if size_bytes is not UNSET:
            field_dict["size_bytes"] = size_bytes

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_run_report_details_type_0 import BackupRunReportDetailsType0 # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))




        server = d.pop("server")

        snapshot_id = d.pop("snapshot_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        status = BackupRunReportStatus(d.pop("status"))




        def _parse_details(data: object) -> BackupRunReportDetailsType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = BackupRunReportDetailsType0.from_dict(data)



                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BackupRunReportDetailsType0 | None | Unset, data)

        details = _parse_details(d.pop("details", UNSET))


        def _parse_size_bytes(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size_bytes = _parse_size_bytes(d.pop("size_bytes", UNSET))


        backup_run_report = cls(
            backup_type=backup_type,
            finished_at=finished_at,
            server=server,
            snapshot_id=snapshot_id,
            started_at=started_at,
            status=status,
            details=details,
            size_bytes=size_bytes,
        )

        return backup_run_report

