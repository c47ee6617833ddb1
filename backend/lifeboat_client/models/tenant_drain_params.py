from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.tenant_drain_params_kinds_item import TenantDrainParamsKindsItem
from ..models.tenant_drain_params_site_type_1 import TenantDrainParamsSiteType1
from ..models.tenant_drain_params_site_type_2_type_1 import TenantDrainParamsSiteType2Type1
from ..models.tenant_drain_params_site_type_3_type_1 import TenantDrainParamsSiteType3Type1
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="TenantDrainParams")



@_attrs_define
class TenantDrainParams:
    """ 
        Attributes:
            tenant (str): A tenant id: lowercase letters, digits, dashes.
            kinds (list[TenantDrainParamsKindsItem] | Unset):
            site (None | TenantDrainParamsSiteType1 | TenantDrainParamsSiteType2Type1 | TenantDrainParamsSiteType3Type1 |
                Unset):
            timeout_s (float | Unset):  Default: 60.0.
     """

    tenant: str
    kinds: list[TenantDrainParamsKindsItem] | Unset = UNSET
    site: None | TenantDrainParamsSiteType1 | TenantDrainParamsSiteType2Type1 | TenantDrainParamsSiteType3Type1 | Unset = UNSET
    timeout_s: float | Unset = 60.0





    def to_dict(self) -> dict[str, Any]:
        tenant = self.tenant

        kinds: list[str] | Unset = UNSET
        if not isinstance(self.kinds, Unset):
            kinds = []
            for kinds_item_data in self.kinds:
                kinds_item = kinds_item_data.value
                kinds.append(kinds_item)



        site: None | str | Unset
        if isinstance(self.site, Unset):
            site = UNSET
        elif isinstance(self.site, TenantDrainParamsSiteType1):
            site = self.site.value
        elif isinstance(self.site, TenantDrainParamsSiteType2Type1):
            site = self.site.value
        elif isinstance(self.site, TenantDrainParamsSiteType3Type1):
            site = self.site.value
        else:
            site = self.site

        timeout_s = self.timeout_s


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "tenant": tenant,
        })
        if kinds is not UNSET:
            field_dict["kinds"] = kinds
        if site is not UNSET:
            field_dict["site"] = site
        if timeout_s is not UNSET:
            field_dict["timeout_s"] = timeout_s

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        tenant = d.pop("tenant")

        _kinds = d.pop("kinds", UNSET)
        kinds: list[TenantDrainParamsKindsItem] | Unset = UNSET
        if _kinds is not UNSET:
            kinds = []
            for kinds_item_data in _kinds:
                kinds_item = TenantDrainParamsKindsItem(kinds_item_data)



                kinds.append(kinds_item)


        def _parse_site(data: object) -> None | TenantDrainParamsSiteType1 | TenantDrainParamsSiteType2Type1 | TenantDrainParamsSiteType3Type1 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_1 = TenantDrainParamsSiteType1(data)



                return site_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_2_type_1 = TenantDrainParamsSiteType2Type1(data)



                return site_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_3_type_1 = TenantDrainParamsSiteType3Type1(data)



                return site_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | TenantDrainParamsSiteType1 | TenantDrainParamsSiteType2Type1 | TenantDrainParamsSiteType3Type1 | Unset, data)

        site = _parse_site(d.pop("site", UNSET))


        timeout_s = d.pop("timeout_s", UNSET)

        tenant_drain_params = cls(
            tenant=tenant,
            kinds=kinds,
            site=site,
            timeout_s=timeout_s,
        )

        return tenant_drain_params

