from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.backup_repository import BackupRepository





T = TypeVar("T", bound="BackupGroup")



@_attrs_define
class BackupGroup:
    """ 
        Attributes:
            created_at (datetime.datetime):
            created_by (str):
            id (str):
            name (str):
            password_ref (str):
            repository (BackupRepository):
            server_count (int):
            updated_at (datetime.datetime):
     """

    created_at: datetime.datetime
    created_by: str
    id: str
    name: str
    password_ref: str
    repository: BackupRepository
    server_count: int
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.backup_repository import BackupRepository # noqa: PLC0415
        created_at = self.created_at.isoformat()

        created_by = self.created_by

        id = self.id

        name = self.name

        password_ref = self.password_ref

        repository = self.repository.to_dict()

        server_count = self.server_count

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "created_at": created_at,
            "created_by": created_by,
            "id": id,
            "name": name,
            "password_ref": password_ref,
            "repository": repository,
            "server_count": server_count,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.backup_repository import BackupRepository # noqa: PLC0415
        d = dict(src_dict)
        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        id = d.pop("id")

        name = d.pop("name")

        password_ref = d.pop("password_ref")

        repository = BackupRepository.from_dict(d.pop("repository"))




        server_count = d.pop("server_count")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        backup_group = cls(
            created_at=created_at,
            created_by=created_by,
            id=id,
            name=name,
            password_ref=password_ref,
            repository=repository,
            server_count=server_count,
            updated_at=updated_at,
        )

        return backup_group

