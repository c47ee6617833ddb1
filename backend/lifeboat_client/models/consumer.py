from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.capability import Capability





T = TypeVar("T", bound="Consumer")



@_attrs_define
class Consumer:
    """ 
        Attributes:
            agent_version (None | str):
            capabilities (list[Capability]):
            capabilities_updated_at (datetime.datetime | None):
            declarations (int):
            gaps (int):
            id (str):
            kind (str):
            last_seen_at (datetime.datetime | None):
            name (str):
            registered (bool):
     """

    agent_version: None | str
    capabilities: list[Capability]
    capabilities_updated_at: datetime.datetime | None
    declarations: int
    gaps: int
    id: str
    kind: str
    last_seen_at: datetime.datetime | None
    name: str
    registered: bool





    def to_dict(self) -> dict[str, Any]:
        from ..models.capability import Capability # noqa: PLC0415
        agent_version: None | str
        agent_version = self.agent_version

        capabilities = []
        for capabilities_item_data in self.capabilities:
            capabilities_item = capabilities_item_data.to_dict()
            capabilities.append(capabilities_item)



        capabilities_updated_at: None | str
        if isinstance(self.capabilities_updated_at, datetime.datetime):
            capabilities_updated_at = self.capabilities_updated_at.isoformat()
        else:
            capabilities_updated_at = self.capabilities_updated_at

        declarations = self.declarations

        gaps = self.gaps

        id = self.id

        kind = self.kind

        last_seen_at: None | str
        if isinstance(self.last_seen_at, datetime.datetime):
            last_seen_at = self.last_seen_at.isoformat()
        else:
            last_seen_at = self.last_seen_at

        name = self.name

        registered = self.registered


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "agent_version": agent_version,
            "capabilities": capabilities,
            "capabilities_updated_at": capabilities_updated_at,
            "declarations": declarations,
            "gaps": gaps,
            "id": id,
            "kind": kind,
            "last_seen_at": last_seen_at,
            "name": name,
            "registered": registered,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.capability import Capability # noqa: PLC0415
        d = dict(src_dict)
        def _parse_agent_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        agent_version = _parse_agent_version(d.pop("agent_version"))


        capabilities = []
        _capabilities = d.pop("capabilities")
        for capabilities_item_data in (_capabilities):
            capabilities_item = Capability.from_dict(capabilities_item_data)



            capabilities.append(capabilities_item)


        def _parse_capabilities_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                capabilities_updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return capabilities_updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        capabilities_updated_at = _parse_capabilities_updated_at(d.pop("capabilities_updated_at"))


        declarations = d.pop("declarations")

        gaps = d.pop("gaps")

        id = d.pop("id")

        kind = d.pop("kind")

        def _parse_last_seen_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_seen_at_type_0 = datetime.datetime.fromisoformat(data)



                return last_seen_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_seen_at = _parse_last_seen_at(d.pop("last_seen_at"))


        name = d.pop("name")

        registered = d.pop("registered")

        consumer = cls(
            agent_version=agent_version,
            capabilities=capabilities,
            capabilities_updated_at=capabilities_updated_at,
            declarations=declarations,
            gaps=gaps,
            id=id,
            kind=kind,
            last_seen_at=last_seen_at,
            name=name,
            registered=registered,
        )

        return consumer

