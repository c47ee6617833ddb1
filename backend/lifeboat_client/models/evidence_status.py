from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evidence_status_state import EvidenceStatusState
from typing import cast






T = TypeVar("T", bound="EvidenceStatus")



@_attrs_define
class EvidenceStatus:
    """ 
        Attributes:
            detail (str):
            evidence_id (None | str):
            state (EvidenceStatusState):
     """

    detail: str
    evidence_id: None | str
    state: EvidenceStatusState





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        evidence_id: None | str
        evidence_id = self.evidence_id

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "evidence_id": evidence_id,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        def _parse_evidence_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        evidence_id = _parse_evidence_id(d.pop("evidence_id"))


        state = EvidenceStatusState(d.pop("state"))




        evidence_status = cls(
            detail=detail,
            evidence_id=evidence_id,
            state=state,
        )

        return evidence_status

