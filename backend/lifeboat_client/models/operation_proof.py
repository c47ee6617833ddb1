from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.operation_proof_state import OperationProofState
from typing import cast






T = TypeVar("T", bound="OperationProof")



@_attrs_define
class OperationProof:
    """ 
        Attributes:
            detail (str):
            operation_id (None | str):
            state (OperationProofState):
     """

    detail: str
    operation_id: None | str
    state: OperationProofState





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        operation_id: None | str
        operation_id = self.operation_id

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "operation_id": operation_id,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        def _parse_operation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        operation_id = _parse_operation_id(d.pop("operation_id"))


        state = OperationProofState(d.pop("state"))




        operation_proof = cls(
            detail=detail,
            operation_id=operation_id,
            state=state,
        )

        return operation_proof

