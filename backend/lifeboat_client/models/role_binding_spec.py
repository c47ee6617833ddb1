from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.role_binding_spec_role import RoleBindingSpecRole






T = TypeVar("T", bound="RoleBindingSpec")



@_attrs_define
class RoleBindingSpec:
    """ 
        Attributes:
            environment (str): An environment name, or * for all.
            role (RoleBindingSpecRole):
     """

    environment: str
    role: RoleBindingSpecRole





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

        role = RoleBindingSpecRole(d.pop("role"))




        role_binding_spec = cls(
            environment=environment,
            role=role,
        )

        return role_binding_spec

