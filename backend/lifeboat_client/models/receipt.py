from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.job_plan import JobPlan
  from ..models.receipt_params import ReceiptParams
  from ..models.receipt_step import ReceiptStep





T = TypeVar("T", bound="Receipt")



@_attrs_define
class Receipt:
    """ 
        Attributes:
            approved_by (None | str):
            cancel_reason (None | str):
            cancel_requested_by (None | str):
            correlation_id (None | str):
            created_at (datetime.datetime):
            created_by (str):
            created_by_name (str):
            dry_run (bool):
            effects_compensated (list[str]):
            effects_done (list[str]):
            effects_not_done (list[str]):
            effects_unknown (list[str]):
            error (None | str):
            finished_at (datetime.datetime | None):
            job_id (str):
            kind (str):
            params (ReceiptParams):
            plan (JobPlan):
            reason (str):
            request_id (None | str):
            started_at (datetime.datetime | None):
            status (str):
            steps (list[ReceiptStep]):
     """

    approved_by: None | str
    cancel_reason: None | str
    cancel_requested_by: None | str
    correlation_id: None | str
    created_at: datetime.datetime
    created_by: str
    created_by_name: str
    dry_run: bool
    effects_compensated: list[str]
    effects_done: list[str]
    effects_not_done: list[str]
    effects_unknown: list[str]
    error: None | str
    finished_at: datetime.datetime | None
    job_id: str
    kind: str
    params: ReceiptParams
    plan: JobPlan
    reason: str
    request_id: None | str
    started_at: datetime.datetime | None
    status: str
    steps: list[ReceiptStep]





    def to_dict(self) -> dict[str, Any]:
        from ..models.job_plan import JobPlan # noqa: PLC0415
        from ..models.receipt_params import ReceiptParams # noqa: PLC0415
        from ..models.receipt_step import ReceiptStep # noqa: PLC0415
        approved_by: None | str
        approved_by = self.approved_by

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        cancel_requested_by: None | str
        cancel_requested_by = self.cancel_requested_by

        correlation_id: None | str
        correlation_id = self.correlation_id

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        created_by_name = self.created_by_name

        dry_run = self.dry_run

        effects_compensated = self.effects_compensated



        effects_done = self.effects_done



        effects_not_done = self.effects_not_done



        effects_unknown = self.effects_unknown



        error: None | str
        error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        job_id = self.job_id

        kind = self.kind

        params = self.params.to_dict()

        plan = self.plan.to_dict()

        reason = self.reason

        request_id: None | str
        request_id = self.request_id

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status

        steps = []
        for steps_item_data in self.steps:
            steps_item = steps_item_data.to_dict()
            steps.append(steps_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
            "approved_by": approved_by,
            "cancel_reason": cancel_reason,
            "cancel_requested_by": cancel_requested_by,
            "correlation_id": correlation_id,
            "created_at": created_at,
            "created_by": created_by,
            "created_by_name": created_by_name,
            "dry_run": dry_run,
            "effects_compensated": effects_compensated,
            "effects_done": effects_done,
            "effects_not_done": effects_not_done,
            "effects_unknown": effects_unknown,
            "error": error,
            "finished_at": finished_at,
            "job_id": job_id,
            "kind": kind,
            "params": params,
            "plan": plan,
            "reason": reason,
            "request_id": request_id,
            "started_at": started_at,
            "status": status,
            "steps": steps,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_plan import JobPlan # noqa: PLC0415
        from ..models.receipt_params import ReceiptParams # noqa: PLC0415
        from ..models.receipt_step import ReceiptStep # noqa: PLC0415
        d = dict(src_dict)
        def _parse_approved_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        approved_by = _parse_approved_by(d.pop("approved_by"))


        def _parse_cancel_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_reason = _parse_cancel_reason(d.pop("cancel_reason"))


        def _parse_cancel_requested_by(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cancel_requested_by = _parse_cancel_requested_by(d.pop("cancel_requested_by"))


        def _parse_correlation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        created_by = d.pop("created_by")

        created_by_name = d.pop("created_by_name")

        dry_run = d.pop("dry_run")

        effects_compensated = cast(list[str], d.pop("effects_compensated"))


        effects_done = cast(list[str], d.pop("effects_done"))


        effects_not_done = cast(list[str], d.pop("effects_not_done"))


        effects_unknown = cast(list[str], d.pop("effects_unknown"))


        def _parse_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        error = _parse_error(d.pop("error"))


        def _parse_finished_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                finished_at_type_0 = datetime.datetime.fromisoformat(data)



                return finished_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        finished_at = _parse_finished_at(d.pop("finished_at"))


        job_id = d.pop("job_id")

        kind = d.pop("kind")

        params = ReceiptParams.from_dict(d.pop("params"))




        plan = JobPlan.from_dict(d.pop("plan"))




        reason = d.pop("reason")

        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))


        def _parse_started_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                started_at_type_0 = datetime.datetime.fromisoformat(data)



                return started_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        started_at = _parse_started_at(d.pop("started_at"))


        status = d.pop("status")

        steps = []
        _steps = d.pop("steps")
        for steps_item_data in (_steps):
            steps_item = ReceiptStep.from_dict(steps_item_data)



            steps.append(steps_item)


        receipt = cls(
            approved_by=approved_by,
            cancel_reason=cancel_reason,
            cancel_requested_by=cancel_requested_by,
            correlation_id=correlation_id,
            created_at=created_at,
            created_by=created_by,
            created_by_name=created_by_name,
            dry_run=dry_run,
            effects_compensated=effects_compensated,
            effects_done=effects_done,
            effects_not_done=effects_not_done,
            effects_unknown=effects_unknown,
            error=error,
            finished_at=finished_at,
            job_id=job_id,
            kind=kind,
            params=params,
            plan=plan,
            reason=reason,
            request_id=request_id,
            started_at=started_at,
            status=status,
            steps=steps,
        )

        return receipt

