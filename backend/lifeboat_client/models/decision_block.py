from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.decision_block_allowed_claims_item import DecisionBlockAllowedClaimsItem
from ..models.decision_block_state import DecisionBlockState
from typing import cast

if TYPE_CHECKING:
  from ..models.evidence_status import EvidenceStatus
  from ..models.next_action import NextAction
  from ..models.operation_proof import OperationProof
  from ..models.result_attention import ResultAttention
  from ..models.result_summary import ResultSummary





T = TypeVar("T", bound="DecisionBlock")



@_attrs_define
class DecisionBlock:
    """ 
        Attributes:
            allowed_claims (list[DecisionBlockAllowedClaimsItem]):
            diagnostics_collapsed (bool):
            evidence (EvidenceStatus):
            impact (str):
            label (str):
            operation_proof (OperationProof):
            primary_next_action (NextAction):
            reason (str):
            result_attention (None | ResultAttention):
            result_summary (ResultSummary):
            state (DecisionBlockState):
     """

    allowed_claims: list[DecisionBlockAllowedClaimsItem]
    diagnostics_collapsed: bool
    evidence: EvidenceStatus
    impact: str
    label: str
    operation_proof: OperationProof
    primary_next_action: NextAction
    reason: str
    result_attention: None | ResultAttention
    result_summary: ResultSummary
    state: DecisionBlockState





    def to_dict(self) -> dict[str, Any]:
        from ..models.evidence_status import EvidenceStatus # noqa: PLC0415
        from ..models.next_action import NextAction # noqa: PLC0415
        from ..models.operation_proof import OperationProof # noqa: PLC0415
        from ..models.result_attention import ResultAttention # noqa: PLC0415
        from ..models.result_summary import ResultSummary # noqa: PLC0415
        allowed_claims = []
        for allowed_claims_item_data in self.allowed_claims:
            allowed_claims_item = allowed_claims_item_data.value
            allowed_claims.append(allowed_claims_item)



        diagnostics_collapsed = self.diagnostics_collapsed

        evidence = self.evidence.to_dict()

        impact = self.impact

        label = self.label

        operation_proof = self.operation_proof.to_dict()

        primary_next_action = self.primary_next_action.to_dict()

        reason = self.reason

        result_attention: dict[str, Any] | None
        if isinstance(self.result_attention, ResultAttention):
            result_attention = self.result_attention.to_dict()
        else:
            result_attention = self.result_attention

        result_summary = self.result_summary.to_dict()

        state = self.state.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "allowed_claims": allowed_claims,
            "diagnostics_collapsed": diagnostics_collapsed,
            "evidence": evidence,
            "impact": impact,
            "label": label,
            "operation_proof": operation_proof,
            "primary_next_action": primary_next_action,
            "reason": reason,
            "result_attention": result_attention,
            "result_summary": result_summary,
            "state": state,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.evidence_status import EvidenceStatus # noqa: PLC0415
        from ..models.next_action import NextAction # noqa: PLC0415
        from ..models.operation_proof import OperationProof # noqa: PLC0415
        from ..models.result_attention import ResultAttention # noqa: PLC0415
        from ..models.result_summary import ResultSummary # noqa: PLC0415
        d = dict(src_dict)
        allowed_claims = []
        _allowed_claims = d.pop("allowed_claims")
        for allowed_claims_item_data in (_allowed_claims):
            allowed_claims_item = DecisionBlockAllowedClaimsItem(allowed_claims_item_data)



            allowed_claims.append(allowed_claims_item)


        diagnostics_collapsed = d.pop("diagnostics_collapsed")

        evidence = EvidenceStatus.from_dict(d.pop("evidence"))




        impact = d.pop("impact")

        label = d.pop("label")

        operation_proof = OperationProof.from_dict(d.pop("operation_proof"))




        primary_next_action = NextAction.from_dict(d.pop("primary_next_action"))




        reason = d.pop("reason")

        def _parse_result_attention(data: object) -> None | ResultAttention:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                result_attention_type_0 = ResultAttention.from_dict(data)



                return result_attention_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ResultAttention, data)

        result_attention = _parse_result_attention(d.pop("result_attention"))


        result_summary = ResultSummary.from_dict(d.pop("result_summary"))




        state = DecisionBlockState(d.pop("state"))




        decision_block = cls(
            allowed_claims=allowed_claims,
            diagnostics_collapsed=diagnostics_collapsed,
            evidence=evidence,
            impact=impact,
            label=label,
            operation_proof=operation_proof,
            primary_next_action=primary_next_action,
            reason=reason,
            result_attention=result_attention,
            result_summary=result_summary,
            state=state,
        )

        return decision_block

