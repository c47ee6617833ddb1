from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.run_decision_summary_state import RunDecisionSummaryState






T = TypeVar("T", bound="RunDecisionSummary")



@_attrs_define
class RunDecisionSummary:
    """ 
        Attributes:
            label (str):
            reason (str):
            state (RunDecisionSummaryState):
     """

    label: str
    reason: str
    state: RunDecisionSummaryState





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        reason = self.reason

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "label": label,
            "reason": reason,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        reason = d.pop("reason")

        state = RunDecisionSummaryState(d.pop("state"))




        run_decision_summary = cls(
            label=label,
            reason=reason,
            state=state,
        )

        return run_decision_summary

