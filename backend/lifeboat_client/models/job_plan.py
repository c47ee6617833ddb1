from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.gate_result import GateResult
  from ..models.job_plan_observed_type_0 import JobPlanObservedType0
  from ..models.plan_step import PlanStep





T = TypeVar("T", bound="JobPlan")



@_attrs_define
class JobPlan:
    """ 
        Attributes:
            gates (list[GateResult]):
            kind (str):
            lock_scope (None | str):
            mutating (bool):
            ok (bool):
            requires_approval (bool):
            steps (list[PlanStep]):
            observed (JobPlanObservedType0 | None | Unset):
     """

    gates: list[GateResult]
    kind: str
    lock_scope: None | str
    mutating: bool
    ok: bool
    requires_approval: bool
    steps: list[PlanStep]
    observed: JobPlanObservedType0 | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.gate_result import GateResult # noqa: PLC0415
        from ..models.job_plan_observed_type_0 import JobPlanObservedType0 # noqa: PLC0415
        from ..models.plan_step import PlanStep # noqa: PLC0415
        gates = []
        for gates_item_data in self.gates:
            gates_item = gates_item_data.to_dict()
            gates.append(gates_item)



        kind = self.kind

        lock_scope: None | str
        lock_scope = self.lock_scope

        mutating = self.mutating

        ok = self.ok

        requires_approval = self.requires_approval

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)



        observed: dict[str, Any] | None | Unset
        if isinstance(self.observed, Unset):
            observed = UNSET
        elif isinstance(self.observed, JobPlanObservedType0):
            observed = self.observed.to_dict()
        else:
            observed = self.observed


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "gates": gates,
            "kind": kind,
            "lock_scope": lock_scope,
            "mutating": mutating,
            "ok": ok,
            "requires_approval": requires_approval,
            "steps": steps,
        })
        if observed is not UNSET:
            field_dict["observed"] = observed

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.gate_result import GateResult # noqa: PLC0415
        from ..models.job_plan_observed_type_0 import JobPlanObservedType0 # noqa: PLC0415
        from ..models.plan_step import PlanStep # noqa: PLC0415
        d = dict(src_dict)
        gates = []
        _gates = d.pop("gates")
        for gates_item_data in (_gates):
            gates_item = GateResult.from_dict(gates_item_data)



            gates.append(gates_item)


        kind = d.pop("kind")

        def _parse_lock_scope(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lock_scope = _parse_lock_scope(d.pop("lock_scope"))


        mutating = d.pop("mutating")

        ok = d.pop("ok")

        requires_approval = d.pop("requires_approval")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = PlanStep.from_dict(steps_item_data)



            steps.append(steps_item)


        def _parse_observed(data: object) -> JobPlanObservedType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                observed_type_0 = JobPlanObservedType0.from_dict(data)



                return observed_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(JobPlanObservedType0 | None | Unset, data)

        observed = _parse_observed(d.pop("observed", UNSET))


        job_plan = cls(
            gates=gates,
            kind=kind,
            lock_scope=lock_scope,
            mutating=mutating,
            ok=ok,
            requires_approval=requires_approval,
            steps=steps,
            observed=observed,
        )

        return job_plan

