from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.principal import Principal





T = TypeVar("T", bound="LoginResponse")



@_attrs_define
class LoginResponse:
    """ 
        Attributes:
            csrf_token (str):
            user (Principal):
     """

    csrf_token: str
    user: Principal





    def to_dict(self) -> dict[str, Any]:
        from ..models.principal import Principal # noqa: PLC0415
        csrf_token = self.csrf_token

        user = self.user.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "csrf_token": csrf_token,
            "user": user,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.principal import Principal # noqa: PLC0415
        d = dict(src_dict)
        csrf_token = d.pop("csrf_token")

        user = Principal.from_dict(d.pop("user"))




        login_response = cls(
            csrf_token=csrf_token,
            user=user,
        )

        return login_response

