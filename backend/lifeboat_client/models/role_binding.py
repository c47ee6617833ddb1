from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role_binding_role import RoleBindingRole






T = TypeVar("T", bound="RoleBinding")



@_attrs_define
class RoleBinding:
    """ 
        Attributes:
            environment (str):
            role (RoleBindingRole):
     """

    environment: str
    role: RoleBindingRole





    def to_dict(self) -> dict[str, Any]:
        environment = self.environment

        role = self.role.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "environment": environment,
            "role": role,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = d.pop("environment")

        role = RoleBindingRole(d.pop("role"))




        role_binding = cls(
            environment=environment,
            role=role,
        )

        return role_binding

