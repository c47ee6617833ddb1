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
            password_ref (str): Where the repository password is read from when credentials are issued:
                'env:LIFEBOAT_REPO_PASSWORD_<NAME>' or 'file:/absolute/path' inside LIFEBOAT_SECRETS_DIR (any other variable or
                file is refused with 422). The password itself is never stored here.
            prefix (str): Key prefix of the repository inside the bucket: required (never the whole bucket), without '*',
                '?' or '$' (restore credentials are scoped to it).
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            endpoint (None | str | Unset): S3 endpoint URL (http/https, no credentials, query or fragment), null for the AWS
                default.
            region (None | str | Unset): S3 region.
     """

    bucket: str
    name: str
    password_ref: str
    prefix: str
    reason: str
    endpoint: None | str | Unset = UNSET
    region: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        bucket = self.bucket

        name = self.name

        password_ref = self.password_ref

        prefix = self.prefix

        reason = self.reason

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "bucket": bucket,
            "name": name,
            "password_ref": password_ref,
            "prefix": prefix,
            "reason": reason,
        })
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        bucket = d.pop("bucket")

        name = d.pop("name")

        password_ref = d.pop("password_ref")

        prefix = d.pop("prefix")

        reason = d.pop("reason")

        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))


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
            prefix=prefix,
            reason=reason,
            endpoint=endpoint,
            region=region,
        )

        return backup_group_create

