from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.role_binding import RoleBinding





T = TypeVar("T", bound="UserInfo")



@_attrs_define
class UserInfo:
    """ 
        Attributes:
            bindings (list[RoleBinding]):
            created_at (datetime.datetime):
            disabled (bool):
            display_name (str):
            id (str):
            last_login_at (datetime.datetime | None):
            username (str):
     """

    bindings: list[RoleBinding]
    created_at: datetime.datetime
    disabled: bool
    display_name: str
    id: str
    last_login_at: datetime.datetime | None
    username: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.role_binding import RoleBinding # noqa: PLC0415
        bindings = []
        for bindings_item_data in self.bindings:
            bindings_item = bindings_item_data.to_dict()
            bindings.append(bindings_item)



        created_at = self.created_at.isoformat()

        disabled = self.disabled

        display_name = self.display_name

        id = self.id

        last_login_at: None | str
        if isinstance(self.last_login_at, datetime.datetime):
            last_login_at = self.last_login_at.isoformat()
        else:
            last_login_at = self.last_login_at

        username = self.username


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bindings": bindings,
            "created_at": created_at,
            "disabled": disabled,
            "display_name": display_name,
            "id": id,
            "last_login_at": last_login_at,
            "username": username,
        })

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


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        disabled = d.pop("disabled")

        display_name = d.pop("display_name")

        id = d.pop("id")

        def _parse_last_login_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_login_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_login_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_login_at = _parse_last_login_at(d.pop("last_login_at"))


        username = d.pop("username")

        user_info = cls(
            bindings=bindings,
            created_at=created_at,
            disabled=disabled,
            display_name=display_name,
            id=id,
            last_login_at=last_login_at,
            username=username,
        )

        return user_info

