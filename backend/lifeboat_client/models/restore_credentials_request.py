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
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        backup_type = self.backup_type

        intent = self.intent

        server = self.server


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
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


        restore_credentials_request.additional_properties = d
        return restore_credentials_request

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
