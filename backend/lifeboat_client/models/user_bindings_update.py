from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.role_binding_spec import RoleBindingSpec





T = TypeVar("T", bound="UserBindingsUpdate")



@_attrs_define
class UserBindingsUpdate:
    """ 
        Attributes:
            bindings (list[RoleBindingSpec]):
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
     """

    bindings: list[RoleBindingSpec]
    reason: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.role_binding_spec import RoleBindingSpec # noqa: PLC0415
        bindings = []
        for bindings_item_data in self.bindings:
            bindings_item = bindings_item_data.to_dict()
            bindings.append(bindings_item)



        reason = self.reason


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bindings": bindings,
            "reason": reason,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_binding_spec import RoleBindingSpec # noqa: PLC0415
        d = dict(src_dict)
        bindings = []
        _bindings = d.pop("bindings")
        for bindings_item_data in (_bindings):
            bindings_item = RoleBindingSpec.from_dict(bindings_item_data)



            bindings.append(bindings_item)


        reason = d.pop("reason")

        user_bindings_update = cls(
            bindings=bindings,
            reason=reason,
        )

        return user_bindings_update

