from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.capability import Capability





T = TypeVar("T", bound="CapabilityRegistration")



@_attrs_define
class CapabilityRegistration:
    """ 
        Attributes:
            agent_version (str):
            capabilities (list[Capability]):
     """

    agent_version: str
    capabilities: list[Capability]





    def to_dict(self) -> dict[str, Any]:
        from ..models.capability import Capability # noqa: PLC0415
        agent_version = self.agent_version

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "agent_version": agent_version,
            "capabilities": capabilities,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capability import Capability # noqa: PLC0415
        d = dict(src_dict)
        agent_version = d.pop("agent_version")

        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in (_capabilities):
            capabilities_item = Capability.from_dict(capabilities_item_data)



            capabilities.append(capabilities_item)


        capability_registration = cls(
            agent_version=agent_version,
            capabilities=capabilities,
        )

        return capability_registration

