from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast

if TYPE_CHECKING:
  from ..models.job import Job
  from ..models.job_plan import JobPlan
  from ..models.job_step import JobStep





T = TypeVar("T", bound="JobDetail")



@_attrs_define
class JobDetail:
    """ 
        Attributes:
            job (Job):
            plan (JobPlan):
            steps (list[JobStep]):
     """

    job: Job
    plan: JobPlan
    steps: list[JobStep]





    def to_dict(self) -> dict[str, Any]:
        from ..models.job import Job # noqa: PLC0415
        from ..models.job_plan import JobPlan # noqa: PLC0415
        from ..models.job_step import JobStep # noqa: PLC0415
        job = self.job.to_dict()

        plan = self.plan.to_dict()

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "job": job,
            "plan": plan,
            "steps": steps,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job import Job # noqa: PLC0415
        from ..models.job_plan import JobPlan # noqa: PLC0415
        from ..models.job_step import JobStep # noqa: PLC0415
        d = dict(src_dict)
        job = Job.from_dict(d.pop("job"))




        plan = JobPlan.from_dict(d.pop("plan"))




        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = JobStep.from_dict(steps_item_data)



            steps.append(steps_item)


        job_detail = cls(
            job=job,
            plan=plan,
            steps=steps,
        )

        return job_detail

