from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.user_create_role import UserCreateRole
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="UserCreate")



@_attrs_define
class UserCreate:
    """ 
        Attributes:
            password (str):
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            role (UserCreateRole):
            username (str):
            display_name (None | str | Unset): A display name: one line, no control or bidi characters (max 128).
            environment (str | Unset): An environment name, or * for all. Default: '*'.
     """

    password: str
    reason: str
    role: UserCreateRole
    username: str
    display_name: None | str | Unset = UNSET
    environment: str | Unset = '*'





    def to_dict(self) -> dict[str, Any]:
        password = self.password

        reason = self.reason

        role = self.role.value

        username = self.username

        display_name: None | str | Unset
        if isinstance(self.display_name, Unset):
            display_name = UNSET
        else:
            display_name = self.display_name

        environment = self.environment


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "password": password,
            "reason": reason,
            "role": role,
            "username": username,
        })
        if display_name is not UNSET:
            field_dict["display_name"] = display_name
        if environment is not UNSET:
            field_dict["environment"] = environment

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        password = d.pop("password")

        reason = d.pop("reason")

        role = UserCreateRole(d.pop("role"))




        username = d.pop("username")

        def _parse_display_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        display_name = _parse_display_name(d.pop("display_name", UNSET))


        environment = d.pop("environment", UNSET)

        user_create = cls(
            password=password,
            reason=reason,
            role=role,
            username=username,
            display_name=display_name,
            environment=environment,
        )

        return user_create

