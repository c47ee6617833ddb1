from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="BackupRepository")



@_attrs_define
class BackupRepository:
    """ 
        Attributes:
            bucket (str):
            endpoint (None | str):
            prefix (str):
            region (None | str):
     """

    bucket: str
    endpoint: None | str
    prefix: str
    region: None | str





    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket

        endpoint: None | str
        endpoint = self.endpoint

        prefix = self.prefix

        region: None | str
        region = self.region


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bucket": bucket,
            "endpoint": endpoint,
            "prefix": prefix,
            "region": region,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bucket = d.pop("bucket")

        def _parse_endpoint(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        endpoint = _parse_endpoint(d.pop("endpoint"))


        prefix = d.pop("prefix")

        def _parse_region(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        region = _parse_region(d.pop("region"))


        backup_repository = cls(
            bucket=bucket,
            endpoint=endpoint,
            prefix=prefix,
            region=region,
        )

        return backup_repository

