from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.tenant_service_activity import TenantServiceActivity





T = TypeVar("T", bound="TenantActivity")



@_attrs_define
class TenantActivity:
    """ 
        Attributes:
            inflight_total (int):
            probe_timeout_s (float):
            secret_configured (bool):
            services (list[TenantServiceActivity]):
            taken_at (datetime.datetime):
            tenant_id (str):
     """

    inflight_total: int
    probe_timeout_s: float
    secret_configured: bool
    services: list[TenantServiceActivity]
    taken_at: datetime.datetime
    tenant_id: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.tenant_service_activity import TenantServiceActivity # noqa: PLC0415
        inflight_total = self.inflight_total

        probe_timeout_s = self.probe_timeout_s

        secret_configured = self.secret_configured

        services = []
        for services_item_data in self.services:
            services_item = services_item_data.to_dict()
            services.append(services_item)



        taken_at = self.taken_at.isoformat()

        tenant_id = self.tenant_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "inflight_total": inflight_total,
            "probe_timeout_s": probe_timeout_s,
            "secret_configured": secret_configured,
            "services": services,
            "taken_at": taken_at,
            "tenant_id": tenant_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.tenant_service_activity import TenantServiceActivity # noqa: PLC0415
        d = dict(src_dict)
        inflight_total = d.pop("inflight_total")

        probe_timeout_s = d.pop("probe_timeout_s")

        secret_configured = d.pop("secret_configured")

        services = []
        _services = d.pop("services")
        for services_item_data in (_services):
            services_item = TenantServiceActivity.from_dict(services_item_data)



            services.append(services_item)


        taken_at = datetime.datetime.fromisoformat(d.pop("taken_at"))




        tenant_id = d.pop("tenant_id")

        tenant_activity = cls(
            inflight_total=inflight_total,
            probe_timeout_s=probe_timeout_s,
            secret_configured=secret_configured,
            services=services,
            taken_at=taken_at,
            tenant_id=tenant_id,
        )

        return tenant_activity

