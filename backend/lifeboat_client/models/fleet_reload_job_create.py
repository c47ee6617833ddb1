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
  from ..models.fleet_reload_params import FleetReloadParams





T = TypeVar("T", bound="FleetReloadJobCreate")



@_attrs_define
class FleetReloadJobCreate:
    """ 
        Attributes:
            kind (Literal['fleet.reload']):
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            dry_run (bool | Unset):  Default: False.
            params (FleetReloadParams | Unset):
     """

    kind: Literal['fleet.reload']
    reason: str
    dry_run: bool | Unset = False
    params: FleetReloadParams | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.fleet_reload_params import FleetReloadParams # noqa: PLC0415
        kind = self.kind

        reason = self.reason

        dry_run = self.dry_run

        params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.params, Unset):
            params = self.params.to_dict()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "kind": kind,
            "reason": reason,
        })
        if dry_run is not UNSET:
            field_dict["dry_run"] = dry_run
        if params is not UNSET:
            field_dict["params"] = params

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.fleet_reload_params import FleetReloadParams # noqa: PLC0415
        d = dict(src_dict)
        kind = cast(Literal['fleet.reload'] , d.pop("kind"))
        if kind != 'fleet.reload':
            raise ValueError(f"kind must match const 'fleet.reload', got '{kind}'")

        reason = d.pop("reason")

        dry_run = d.pop("dry_run", UNSET)

        _params = d.pop("params", UNSET)
        params: FleetReloadParams | Unset
        if isinstance(_params,  Unset):
            params = UNSET
        else:
            params = FleetReloadParams.from_dict(_params)




        fleet_reload_job_create = cls(
            kind=kind,
            reason=reason,
            dry_run=dry_run,
            params=params,
        )

        return fleet_reload_job_create

