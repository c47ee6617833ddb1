from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="BackupGroupPatch")



@_attrs_define
class BackupGroupPatch:
    """ 
        Attributes:
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            bucket (str | Unset): S3 bucket of the backup repository.
            endpoint (None | str | Unset): S3 endpoint URL (http/https, no credentials, query or fragment), null for the AWS
                default.
            password_ref (str | Unset): Where the repository password is read from when credentials are issued:
                'env:LIFEBOAT_REPO_PASSWORD_<NAME>' or 'file:/absolute/path' inside LIFEBOAT_SECRETS_DIR (any other variable or
                file is refused with 422). The password itself is never stored here.
            prefix (str | Unset): Key prefix of the repository inside the bucket: required (never the whole bucket), without
                '*', '?' or '$' (restore credentials are scoped to it).
            region (None | str | Unset): S3 region.
     """

    reason: str
    bucket: str | Unset = UNSET
    endpoint: None | str | Unset = UNSET
    password_ref: str | Unset = UNSET
    prefix: str | Unset = UNSET
    region: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        bucket: str | Unset
        if isinstance(self.bucket, Unset):
            bucket = UNSET
        else:
            bucket = self.bucket

        endpoint: None | str | Unset
        if isinstance(self.endpoint, Unset):
            endpoint = UNSET
        else:
            endpoint = self.endpoint

        password_ref: str | Unset
        if isinstance(self.password_ref, Unset):
            password_ref = UNSET
        else:
            password_ref = self.password_ref

        prefix: str | Unset
        if isinstance(self.prefix, Unset):
            prefix = UNSET
        else:
            prefix = self.prefix

        region: None | str | Unset
        if isinstance(self.region, Unset):
            region = UNSET
        else:
            region = self.region


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
        })
        if bucket is not UNSET:
            field_dict["bucket"] = bucket
        if endpoint is not UNSET:
            field_dict["endpoint"] = endpoint
        if password_ref is not UNSET:
            field_dict["password_ref"] = password_ref
        if prefix is not UNSET:
            field_dict["prefix"] = prefix
        if region is not UNSET:
            field_dict["region"] = region

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_bucket(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        bucket = _parse_bucket(d.pop("bucket", UNSET))


        def _parse_endpoint(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        endpoint = _parse_endpoint(d.pop("endpoint", UNSET))


        def _parse_password_ref(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        password_ref = _parse_password_ref(d.pop("password_ref", UNSET))


        def _parse_prefix(data: object) -> str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(str | Unset, data)

        prefix = _parse_prefix(d.pop("prefix", UNSET))


        def _parse_region(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        region = _parse_region(d.pop("region", UNSET))


        backup_group_patch = cls(
            reason=reason,
            bucket=bucket,
            endpoint=endpoint,
            password_ref=password_ref,
            prefix=prefix,
            region=region,
        )

        return backup_group_patch

