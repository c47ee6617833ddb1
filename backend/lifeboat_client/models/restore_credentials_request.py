from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="RestoreCredentialsRequest")



@_attrs_define
class RestoreCredentialsRequest:
    """ 
        Attributes:
            backup_type (str): Backup type, an open slug (e.g. postgres, files): lowercase letters, digits and '-'.
            intent (str): Why the replica is kept, an open slug: verify, analytics, disaster-recovery, or a custom one
                (lowercase letters, digits and '-').
            server (str): Server name: lowercase letters, digits, '.', '_' and '-' (max 63).
     """

    backup_type: str
    intent: str
    server: str





    def to_dict(self) -> dict[str, Any]:
        backup_type = self.backup_type

        intent = self.intent

        server = self.server


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "intent": intent,
            "server": server,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        intent = d.pop("intent")

        server = d.pop("server")

        restore_credentials_request = cls(
            backup_type=backup_type,
            intent=intent,
            server=server,
        )

        return restore_credentials_request

