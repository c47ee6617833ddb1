from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.api_token_create_role import ApiTokenCreateRole
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ApiTokenCreate")



@_attrs_define
class ApiTokenCreate:
    """ 
        Attributes:
            name (str): A name: one line, no control or bidi characters (max 100).
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            role (ApiTokenCreateRole):
            environment (str | Unset): An environment name, or * for all. Default: '*'.
            expires_in_days (int | None | Unset):
     """

    name: str
    reason: str
    role: ApiTokenCreateRole
    environment: str | Unset = '*'
    expires_in_days: int | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        reason = self.reason

        role = self.role.value

        environment = self.environment

        expires_in_days: int | None | Unset
        if isinstance(self.expires_in_days, Unset):
            expires_in_days = UNSET
        else:
            expires_in_days = self.expires_in_days


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "reason": reason,
            "role": role,
        })
        if environment is not UNSET:
            field_dict["environment"] = environment
        if expires_in_days is not UNSET:
            field_dict["expires_in_days"] = expires_in_days

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        reason = d.pop("reason")

        role = ApiTokenCreateRole(d.pop("role"))




        environment = d.pop("environment", UNSET)

        def _parse_expires_in_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expires_in_days = _parse_expires_in_days(d.pop("expires_in_days", UNSET))


        api_token_create = cls(
            name=name,
            reason=reason,
            role=role,
            environment=environment,
            expires_in_days=expires_in_days,
        )

        return api_token_create

