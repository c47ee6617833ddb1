from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="SystemInfo")



@_attrs_define
class SystemInfo:
    """ 
        Attributes:
            environment (str):
            git_sha (str):
            version (str):
     """

    environment: str
    git_sha: str
    version: str





    def to_dict(self) -> dict[str, Any]:
        environment = self.environment

        git_sha = self.git_sha

        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "environment": environment,
            "git_sha": git_sha,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        environment = d.pop("environment")

        git_sha = d.pop("git_sha")

        version = d.pop("version")

        system_info = cls(
            environment=environment,
            git_sha=git_sha,
            version=version,
        )

        return system_info

