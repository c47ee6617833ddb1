from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BackupGroupCreate")



@_attrs_define
class BackupGroupCreate:
    """ 
        Attributes:
            bucket (str): S3 bucket of the backup repository.
            name (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
            password_ref (str): Where the repository password is read from when credentials are issued: 'env:VAR_NAME' or
                'file:/absolute/path'. The password itself is never stored here.
            reason (str): Why (audited).
            endpoint (None | str | Unset): S3 endpoint URL (http/https), null for the AWS default.
            prefix (str | Unset): Key prefix of the repository inside the bucket ('' = the whole bucket). Default: ''.
            region (None | str | Unset): S3 region.
     """

    bucket: str
    name: str
    password_ref: str
    reason: str
    endpoint: None | str | Unset = UNSET
    prefix: str | Unset = ''
    region: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)





    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket

        name = self.name

        password_ref = self.password_ref

        reason = self.reason

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        prefix = self.prefix

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region


        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({
            "bucket": bucket,
            "name": name,
            "password_ref": password_ref,
            "reason": reason,
        })
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bucket = d.pop("bucket")

        name = d.pop("name")

        password_ref = d.pop("password_ref")

        reason = d.pop("reason")

        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))


        prefix = d.pop("prefix", UNSET)

        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))


        backup_group_create = cls(
            bucket=bucket,
            name=name,
            password_ref=password_ref,
            reason=reason,
            endpoint=endpoint,
            prefix=prefix,
            region=region,
        )


        backup_group_create.additional_properties = d
        return backup_group_create

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
