from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.principal_kind import PrincipalKind
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.role_binding import RoleBinding





T = TypeVar("T", bound="Principal")



@_attrs_define
class Principal:
    """ 
        Attributes:
            bindings (list[RoleBinding]):
            id (str):
            kind (PrincipalKind):
            name (str):
            is_admin (bool | Unset):  Default: False.
            session_id (None | str | Unset):
     """

    bindings: list[RoleBinding]
    id: str
    kind: PrincipalKind
    name: str
    is_admin: bool | Unset = False
    session_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.role_binding import RoleBinding # noqa: PLC0415
        bindings = []
        for bindings_item_data in self.bindings:
            bindings_item = bindings_item_data.to_dict()
            bindings.append(bindings_item)



        id = self.id

        kind = self.kind.value

        name = self.name

        is_admin = self.is_admin

        session_id: None | str | Unset
        if isinstance(self.session_id, Unset):
            session_id = UNSET
        else:
            session_id = self.session_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bindings": bindings,
            "id": id,
            "kind": kind,
            "name": name,
        })
        if is_admin is not UNSET:
            field_dict["is_admin"] = is_admin
        if session_id is not UNSET:
            field_dict["session_id"] = session_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.role_binding import RoleBinding # noqa: PLC0415
        d = dict(src_dict)
        bindings = []
        _bindings = d.pop("bindings")
        for bindings_item_data in (_bindings):
            bindings_item = RoleBinding.from_dict(bindings_item_data)



            bindings.append(bindings_item)


        id = d.pop("id")

        kind = PrincipalKind(d.pop("kind"))




        name = d.pop("name")

        is_admin = d.pop("is_admin", UNSET)

        def _parse_session_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        session_id = _parse_session_id(d.pop("session_id", UNSET))


        principal = cls(
            bindings=bindings,
            id=id,
            kind=kind,
            name=name,
            is_admin=is_admin,
            session_id=session_id,
        )

        return principal

