from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.backup_run import BackupRun





T = TypeVar("T", bound="LatestBackup")



@_attrs_define
class LatestBackup:
    """ 
        Attributes:
            backup_type (str):
            latest (BackupRun):
            latest_succeeded (BackupRun | None):
     """

    backup_type: str
    latest: BackupRun
    latest_succeeded: BackupRun | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.backup_run import BackupRun # noqa: PLC0415
        backup_type = self.backup_type

        latest = self.latest.to_dict()

        latest_succeeded: dict[str, Any] | None
        if isinstance(self.latest_succeeded, BackupRun):
            latest_succeeded = self.latest_succeeded.to_dict()
        else:
            latest_succeeded = self.latest_succeeded


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "latest": latest,
            "latest_succeeded": latest_succeeded,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_run import BackupRun # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        latest = BackupRun.from_dict(d.pop("latest"))




        def _parse_latest_succeeded(data: object) -> BackupRun | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                latest_succeeded_type_0 = BackupRun.from_dict(data)



                return latest_succeeded_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(BackupRun | None, data)

        latest_succeeded = _parse_latest_succeeded(d.pop("latest_succeeded"))


        latest_backup = cls(
            backup_type=backup_type,
            latest=latest,
            latest_succeeded=latest_succeeded,
        )

        return latest_backup

