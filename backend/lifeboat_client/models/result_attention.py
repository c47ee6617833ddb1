from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.result_attention_state import ResultAttentionState






T = TypeVar("T", bound="ResultAttention")



@_attrs_define
class ResultAttention:
    """ 
        Attributes:
            label (str):
            state (ResultAttentionState):
     """

    label: str
    state: ResultAttentionState





    def to_dict(self) -> dict[str, Any]:
        label = self.label

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "label": label,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        label = d.pop("label")

        state = ResultAttentionState(d.pop("state"))




        result_attention = cls(
            label=label,
            state=state,
        )

        return result_attention

