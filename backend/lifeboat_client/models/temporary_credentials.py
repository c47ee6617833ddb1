from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="TemporaryCredentials")



@_attrs_define
class TemporaryCredentials:
    """ 
        Attributes:
            access_key_id (str):
            expires_at (datetime.datetime):
            secret_access_key (str):
            session_token (str):
     """

    access_key_id: str
    expires_at: datetime.datetime
    secret_access_key: str
    session_token: str





    def to_dict(self) -> dict[str, Any]:
        access_key_id = self.access_key_id

        expires_at = self.expires_at.isoformat()

        secret_access_key = self.secret_access_key

        session_token = self.session_token


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "access_key_id": access_key_id,
            "expires_at": expires_at,
            "secret_access_key": secret_access_key,
            "session_token": session_token,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        access_key_id = d.pop("access_key_id")

        expires_at = datetime.datetime.fromisoformat(d.pop("expires_at"))




        secret_access_key = d.pop("secret_access_key")

        session_token = d.pop("session_token")

        temporary_credentials = cls(
            access_key_id=access_key_id,
            expires_at=expires_at,
            secret_access_key=secret_access_key,
            session_token=session_token,
        )

        return temporary_credentials

