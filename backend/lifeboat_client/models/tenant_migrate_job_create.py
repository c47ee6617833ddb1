from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from typing import Literal, cast

if TYPE_CHECKING:
  from ..models.tenant_migrate_params import TenantMigrateParams





T = TypeVar("T", bound="TenantMigrateJobCreate")



@_attrs_define
class TenantMigrateJobCreate:
    """ 
        Attributes:
            kind (Literal['tenant.migrate']):
            params (TenantMigrateParams):
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            dry_run (bool | Unset):  Default: False.
     """

    kind: Literal['tenant.migrate']
    params: TenantMigrateParams
    reason: str
    dry_run: bool | Unset = False





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_migrate_params import TenantMigrateParams # noqa: PLC0415
        kind = self.kind

        params = self.params.to_dict()

        reason = self.reason

        dry_run = self.dry_run


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "params": params,
            "reason": reason,
        })
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_migrate_params import TenantMigrateParams # noqa: PLC0415
        d = dict(src_dict)
        kind = cast(Literal['tenant.migrate'] , d.pop("kind"))
        if kind != 'tenant.migrate':
            raise ValueError(f"kind must match const 'tenant.migrate', got '{kind}'")

        params = TenantMigrateParams.from_dict(d.pop("params"))




        reason = d.pop("reason")

        dry_run = d.pop("dry_run", UNSET)

        tenant_migrate_job_create = cls(
            kind=kind,
            params=params,
            reason=reason,
            dry_run=dry_run,
        )

        return tenant_migrate_job_create

