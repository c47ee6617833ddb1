from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.api_token_info import ApiTokenInfo





T = TypeVar("T", bound="ApiTokenCreated")



@_attrs_define
class ApiTokenCreated:
    """ 
        Attributes:
            secret (str):
            token (ApiTokenInfo):
     """

    secret: str
    token: ApiTokenInfo





    def to_dict(self) -> dict[str, Any]:
        from ..models.api_token_info import ApiTokenInfo # noqa: PLC0415
        secret = self.secret

        token = self.token.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "secret": secret,
            "token": token,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_token_info import ApiTokenInfo # noqa: PLC0415
        d = dict(src_dict)
        secret = d.pop("secret")

        token = ApiTokenInfo.from_dict(d.pop("token"))




        api_token_created = cls(
            secret=secret,
            token=token,
        )

        return api_token_created

