from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.repository_location import RepositoryLocation
  from ..models.temporary_credentials import TemporaryCredentials





T = TypeVar("T", bound="RestoreCredentials")



@_attrs_define
class RestoreCredentials:
    """ 
        Attributes:
            credentials (TemporaryCredentials):
            declaration_id (str):
            repository (RepositoryLocation):
            repository_password (str):
     """

    credentials: TemporaryCredentials
    declaration_id: str
    repository: RepositoryLocation
    repository_password: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.repository_location import RepositoryLocation # noqa: PLC0415
        from ..models.temporary_credentials import TemporaryCredentials # noqa: PLC0415
        credentials = self.credentials.to_dict()

        declaration_id = self.declaration_id

        repository = self.repository.to_dict()

        repository_password = self.repository_password


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "credentials": credentials,
            "declaration_id": declaration_id,
            "repository": repository,
            "repository_password": repository_password,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.repository_location import RepositoryLocation # noqa: PLC0415
        from ..models.temporary_credentials import TemporaryCredentials # noqa: PLC0415
        d = dict(src_dict)
        credentials = TemporaryCredentials.from_dict(d.pop("credentials"))




        declaration_id = d.pop("declaration_id")

        repository = RepositoryLocation.from_dict(d.pop("repository"))




        repository_password = d.pop("repository_password")

        restore_credentials = cls(
            credentials=credentials,
            declaration_id=declaration_id,
            repository=repository,
            repository_password=repository_password,
        )

        return restore_credentials

