from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="Capability")



@_attrs_define
class Capability:
    """ 
        Attributes:
            backup_types (list[str]):
            intent (str): Why the replica is kept, an open slug: verify, analytics, disaster-recovery, or a custom one
                (lowercase letters, digits and '-').
     """

    backup_types: list[str]
    intent: str





    def to_dict(self) -> dict[str, Any]:
        backup_types = self.backup_types



        intent = self.intent


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_types": backup_types,
            "intent": intent,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backup_types = cast(list[str], d.pop("backup_types"))


        intent = d.pop("intent")

        capability = cls(
            backup_types=backup_types,
            intent=intent,
        )

        return capability

