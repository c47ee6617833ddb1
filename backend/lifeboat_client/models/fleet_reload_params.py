from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.fleet_reload_params_kind_type_1 import FleetReloadParamsKindType1
from ..models.fleet_reload_params_kind_type_2_type_1 import FleetReloadParamsKindType2Type1
from ..models.fleet_reload_params_kind_type_3_type_1 import FleetReloadParamsKindType3Type1
from ..models.fleet_reload_params_site_type_1 import FleetReloadParamsSiteType1
from ..models.fleet_reload_params_site_type_2_type_1 import FleetReloadParamsSiteType2Type1
from ..models.fleet_reload_params_site_type_3_type_1 import FleetReloadParamsSiteType3Type1
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="FleetReloadParams")



@_attrs_define
class FleetReloadParams:
    """ 
        Attributes:
            kind (FleetReloadParamsKindType1 | FleetReloadParamsKindType2Type1 | FleetReloadParamsKindType3Type1 | None |
                Unset):
            site (FleetReloadParamsSiteType1 | FleetReloadParamsSiteType2Type1 | FleetReloadParamsSiteType3Type1 | None |
                Unset):
            timeout_s (float | Unset):  Default: 60.0.
     """

    kind: FleetReloadParamsKindType1 | FleetReloadParamsKindType2Type1 | FleetReloadParamsKindType3Type1 | None | Unset = UNSET
    site: FleetReloadParamsSiteType1 | FleetReloadParamsSiteType2Type1 | FleetReloadParamsSiteType3Type1 | None | Unset = UNSET
    timeout_s: float | Unset = 60.0





    def to_dict(self) -> dict[str, Any]:
        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, FleetReloadParamsKindType1):
            kind = self.kind.value
        elif isinstance(self.kind, FleetReloadParamsKindType2Type1):
            kind = self.kind.value
        elif isinstance(self.kind, FleetReloadParamsKindType3Type1):
            kind = self.kind.value
        else:
            kind = self.kind

        site: None | str | Unset
        if isinstance(self.site, Unset):
            site = UNSET
        elif isinstance(self.site, FleetReloadParamsSiteType1):
            site = self.site.value
        elif isinstance(self.site, FleetReloadParamsSiteType2Type1):
            site = self.site.value
        elif isinstance(self.site, FleetReloadParamsSiteType3Type1):
            site = self.site.value
        else:
            site = self.site

        timeout_s = self.timeout_s


        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if kind is not UNSET:
            field_dict["kind"] = kind
        if site is not UNSET:
            field_dict["site"] = site
        if timeout_s is not UNSET:
            field_dict["timeout_s"] = timeout_s

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_kind(data: object) -> FleetReloadParamsKindType1 | FleetReloadParamsKindType2Type1 | FleetReloadParamsKindType3Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_1 = FleetReloadParamsKindType1(data)



                return kind_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_2_type_1 = FleetReloadParamsKindType2Type1(data)



                return kind_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_3_type_1 = FleetReloadParamsKindType3Type1(data)



                return kind_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FleetReloadParamsKindType1 | FleetReloadParamsKindType2Type1 | FleetReloadParamsKindType3Type1 | None | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))


        def _parse_site(data: object) -> FleetReloadParamsSiteType1 | FleetReloadParamsSiteType2Type1 | FleetReloadParamsSiteType3Type1 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_1 = FleetReloadParamsSiteType1(data)



                return site_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_2_type_1 = FleetReloadParamsSiteType2Type1(data)



                return site_type_2_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, str):
                    raise TypeError()
                site_type_3_type_1 = FleetReloadParamsSiteType3Type1(data)



                return site_type_3_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(FleetReloadParamsSiteType1 | FleetReloadParamsSiteType2Type1 | FleetReloadParamsSiteType3Type1 | None | Unset, data)

        site = _parse_site(d.pop("site", UNSET))


        timeout_s = d.pop("timeout_s", UNSET)

        fleet_reload_params = cls(
            kind=kind,
            site=site,
            timeout_s=timeout_s,
        )

        return fleet_reload_params

