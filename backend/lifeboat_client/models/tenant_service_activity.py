from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_service_activity_kind import TenantServiceActivityKind
from ..models.tenant_service_activity_site import TenantServiceActivitySite
from typing import cast






T = TypeVar("T", bound="TenantServiceActivity")



@_attrs_define
class TenantServiceActivity:
    """ 
        Attributes:
            acquiring (bool | None):
            error (None | str):
            inflight (int | None):
            kind (TenantServiceActivityKind):
            lag (float | None):
            present (bool):
            reachable (bool):
            service (str):
            site (TenantServiceActivitySite):
     """

    acquiring: bool | None
    error: None | str
    inflight: int | None
    kind: TenantServiceActivityKind
    lag: float | None
    present: bool
    reachable: bool
    service: str
    site: TenantServiceActivitySite





    def to_dict(self) -> dict[str, Any]:
        acquiring: bool | None
        acquiring = self.acquiring

        error: None | str
        error = self.error

        inflight: int | None
        inflight = self.inflight

        kind = self.kind.value

        lag: float | None
        lag = self.lag

        present = self.present

        reachable = self.reachable

        service = self.service

        site = self.site.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "acquiring": acquiring,
            "error": error,
            "inflight": inflight,
            "kind": kind,
            "lag": lag,
            "present": present,
            "reachable": reachable,
            "service": service,
            "site": site,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_acquiring(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        acquiring = _parse_acquiring(d.pop("acquiring"))


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_inflight(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        inflight = _parse_inflight(d.pop("inflight"))


        kind = TenantServiceActivityKind(d.pop("kind"))




        def _parse_lag(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        lag = _parse_lag(d.pop("lag"))


        present = d.pop("present")

        reachable = d.pop("reachable")

        service = d.pop("service")

        site = TenantServiceActivitySite(d.pop("site"))




        tenant_service_activity = cls(
            acquiring=acquiring,
            error=error,
            inflight=inflight,
            kind=kind,
            lag=lag,
            present=present,
            reachable=reachable,
            service=service,
            site=site,
        )

        return tenant_service_activity

