from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RestoreRunOpen")



@_attrs_define
class RestoreRunOpen:
    """ 
        Attributes:
            backup_type (str): Backup type, an open slug (e.g. postgres, files): lowercase letters, digits and '-'.
            declaration_id (str):
            intent (str): Why the replica is kept, an open slug: verify, analytics, disaster-recovery, or a custom one
                (lowercase letters, digits and '-').
            server (str): Server name: lowercase letters, digits, '.', '_' and '-' (max 63).
            snapshot_id (str): The backup tool's snapshot id (letters, digits and ._:@+=/-, max 255).
     """

    backup_type: str
    declaration_id: str
    intent: str
    server: str
    snapshot_id: str





    def to_dict(self) -> dict[str, Any]:
        backup_type = self.backup_type

        declaration_id = self.declaration_id

        intent = self.intent

        server = self.server

        snapshot_id = self.snapshot_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "declaration_id": declaration_id,
            "intent": intent,
            "server": server,
            "snapshot_id": snapshot_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        declaration_id = d.pop("declaration_id")

        intent = d.pop("intent")

        server = d.pop("server")

        snapshot_id = d.pop("snapshot_id")

        restore_run_open = cls(
            backup_type=backup_type,
            declaration_id=declaration_id,
            intent=intent,
            server=server,
            snapshot_id=snapshot_id,
        )

        return restore_run_open

