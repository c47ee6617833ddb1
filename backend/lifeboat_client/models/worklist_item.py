from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.backup_repository import BackupRepository
  from ..models.worklist_snapshot import WorklistSnapshot





T = TypeVar("T", bound="WorklistItem")



@_attrs_define
class WorklistItem:
    """ 
        Attributes:
            backup_type (str):
            declaration_id (str):
            group (str):
            intent (str):
            repository (BackupRepository):
            server (str):
            snapshot (None | WorklistSnapshot):
            snapshot_missing_reason (None | str):
     """

    backup_type: str
    declaration_id: str
    group: str
    intent: str
    repository: BackupRepository
    server: str
    snapshot: None | WorklistSnapshot
    snapshot_missing_reason: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.backup_repository import BackupRepository # noqa: PLC0415
        from ..models.worklist_snapshot import WorklistSnapshot # noqa: PLC0415
        backup_type = self.backup_type

        declaration_id = self.declaration_id

        group = self.group

        intent = self.intent

        repository = self.repository.to_dict()

        server = self.server

        snapshot: dict[str, Any] | None
        if isinstance(self.snapshot, WorklistSnapshot):
            snapshot = self.snapshot.to_dict()
        else:
            snapshot = self.snapshot

        snapshot_missing_reason: None | str
        snapshot_missing_reason = self.snapshot_missing_reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "declaration_id": declaration_id,
            "group": group,
            "intent": intent,
            "repository": repository,
            "server": server,
            "snapshot": snapshot,
            "snapshot_missing_reason": snapshot_missing_reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_repository import BackupRepository # noqa: PLC0415
        from ..models.worklist_snapshot import WorklistSnapshot # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        declaration_id = d.pop("declaration_id")

        group = d.pop("group")

        intent = d.pop("intent")

        repository = BackupRepository.from_dict(d.pop("repository"))




        server = d.pop("server")

        def _parse_snapshot(data: object) -> None | WorklistSnapshot:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                snapshot_type_0 = WorklistSnapshot.from_dict(data)



                return snapshot_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | WorklistSnapshot, data)

        snapshot = _parse_snapshot(d.pop("snapshot"))


        def _parse_snapshot_missing_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        snapshot_missing_reason = _parse_snapshot_missing_reason(d.pop("snapshot_missing_reason"))


        worklist_item = cls(
            backup_type=backup_type,
            declaration_id=declaration_id,
            group=group,
            intent=intent,
            repository=repository,
            server=server,
            snapshot=snapshot,
            snapshot_missing_reason=snapshot_missing_reason,
        )

        return worklist_item

