from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.decision_block import DecisionBlock
  from ..models.evidence import Evidence
  from ..models.restore_run import RestoreRun
  from ..models.verification import Verification





T = TypeVar("T", bound="RestoreRunDetail")



@_attrs_define
class RestoreRunDetail:
    """ 
        Attributes:
            decision (DecisionBlock):
            evidence (list[Evidence]):
            job_id (str):
            run (RestoreRun):
            verification (None | Verification):
     """

    decision: DecisionBlock
    evidence: list[Evidence]
    job_id: str
    run: RestoreRun
    verification: None | Verification





    def to_dict(self) -> dict[str, Any]:
        from ..models.decision_block import DecisionBlock # noqa: PLC0415
        from ..models.evidence import Evidence # noqa: PLC0415
        from ..models.restore_run import RestoreRun # noqa: PLC0415
        from ..models.verification import Verification # noqa: PLC0415
        decision = self.decision.to_dict()

        evidence = []
        for evidence_item_data in self.evidence:
            evidence_item = evidence_item_data.to_dict()
            evidence.append(evidence_item)



        job_id = self.job_id

        run = self.run.to_dict()

        verification: dict[str, Any] | None
        if isinstance(self.verification, Verification):
            verification = self.verification.to_dict()
        else:
            verification = self.verification


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "decision": decision,
            "evidence": evidence,
            "job_id": job_id,
            "run": run,
            "verification": verification,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.decision_block import DecisionBlock # noqa: PLC0415
        from ..models.evidence import Evidence # noqa: PLC0415
        from ..models.restore_run import RestoreRun # noqa: PLC0415
        from ..models.verification import Verification # noqa: PLC0415
        d = dict(src_dict)
        decision = DecisionBlock.from_dict(d.pop("decision"))




        evidence = []
        _evidence = d.pop("evidence")
        for evidence_item_data in (_evidence):
            evidence_item = Evidence.from_dict(evidence_item_data)



            evidence.append(evidence_item)


        job_id = d.pop("job_id")

        run = RestoreRun.from_dict(d.pop("run"))




        def _parse_verification(data: object) -> None | Verification:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                verification_type_0 = Verification.from_dict(data)



                return verification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Verification, data)

        verification = _parse_verification(d.pop("verification"))


        restore_run_detail = cls(
            decision=decision,
            evidence=evidence,
            job_id=job_id,
            run=run,
            verification=verification,
        )

        return restore_run_detail

