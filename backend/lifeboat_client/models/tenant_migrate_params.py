from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_migrate_params_kind import TenantMigrateParamsKind
from ..types import UNSET, Unset






T = TypeVar("T", bound="TenantMigrateParams")



@_attrs_define
class TenantMigrateParams:
    """ 
        Attributes:
            kind (TenantMigrateParamsKind):
            target (str): A registered service name (e.g. aggregate-primary-2).
            tenant (str): A tenant id: lowercase letters, digits, dashes.
            timeout_s (float | Unset):  Default: 120.0.
     """

    kind: TenantMigrateParamsKind
    target: str
    tenant: str
    timeout_s: float | Unset = 120.0





    def to_dict(self) -> dict[str, Any]:
        kind = self.kind.value

        target = self.target

        tenant = self.tenant

        timeout_s = self.timeout_s


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "target": target,
            "tenant": tenant,
        })
        if timeout_s is not UNSET:
            field_dict["timeout_s"] = timeout_s

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        kind = TenantMigrateParamsKind(d.pop("kind"))




        target = d.pop("target")

        tenant = d.pop("tenant")

        timeout_s = d.pop("timeout_s", UNSET)

        tenant_migrate_params = cls(
            kind=kind,
            target=target,
            tenant=tenant,
            timeout_s=timeout_s,
        )

        return tenant_migrate_params

