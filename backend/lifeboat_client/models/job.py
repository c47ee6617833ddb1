from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.job_status import JobStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.job_params import JobParams





T = TypeVar("T", bound="Job")



@_attrs_define
class Job:
    """ 
        Attributes:
            approved_at (datetime.datetime | None):
            approved_by (None | str):
            cancel_reason (None | str):
            cancel_requested_at (datetime.datetime | None):
            cancel_requested_by (None | str):
            correlation_id (None | str):
            created_at (datetime.datetime):
            created_by (str):
            created_by_name (str):
            dry_run (bool):
            error (None | str):
            finished_at (datetime.datetime | None):
            id (str):
            kind (str):
            lease_epoch (int):
            lock_scope (None | str):
            mutating (bool):
            params (JobParams):
            reason (str):
            receipt_url (None | str):
            request_id (None | str):
            requires_approval (bool):
            started_at (datetime.datetime | None):
            status (JobStatus):
            updated_at (datetime.datetime):
     """

    approved_at: datetime.datetime | None
    approved_by: None | str
    cancel_reason: None | str
    cancel_requested_at: datetime.datetime | None
    cancel_requested_by: None | str
    correlation_id: None | str
    created_at: datetime.datetime
    created_by: str
    created_by_name: str
    dry_run: bool
    error: None | str
    finished_at: datetime.datetime | None
    id: str
    kind: str
    lease_epoch: int
    lock_scope: None | str
    mutating: bool
    params: JobParams
    reason: str
    receipt_url: None | str
    request_id: None | str
    requires_approval: bool
    started_at: datetime.datetime | None
    status: JobStatus
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.job_params import JobParams # noqa: PLC0415
        approved_at: None | str
        if isinstance(self.approved_at, datetime.datetime):
            approved_at = self.approved_at.isoformat()
        else:
            approved_at = self.approved_at

        approved_by: None | str
        approved_by = self.approved_by

        cancel_reason: None | str
        cancel_reason = self.cancel_reason

        cancel_requested_at: None | str
        if isinstance(self.cancel_requested_at, datetime.datetime):
            cancel_requested_at = self.cancel_requested_at.isoformat()
        else:
            cancel_requested_at = self.cancel_requested_at

        cancel_requested_by: None | str
        cancel_requested_by = self.cancel_requested_by

        correlation_id: None | str
        correlation_id = self.correlation_id

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        created_by_name = self.created_by_name

        dry_run = self.dry_run

        error: None | str
        error = self.error

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        id = self.id

        kind = self.kind

        lease_epoch = self.lease_epoch

        lock_scope: None | str
        lock_scope = self.lock_scope

        mutating = self.mutating

        params = self.params.to_dict()

        reason = self.reason

        receipt_url: None | str
        receipt_url = self.receipt_url

        request_id: None | str
        request_id = self.request_id

        requires_approval = self.requires_approval

        started_at: None | str
        if isinstance(self.started_at, datetime.datetime):
            started_at = self.started_at.isoformat()
        else:
            started_at = self.started_at

        status = self.status.value

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "approved_at": approved_at,
            "approved_by": approved_by,
            "cancel_reason": cancel_reason,
            "cancel_requested_at": cancel_requested_at,
            "cancel_requested_by": cancel_requested_by,
            "correlation_id": correlation_id,
            "created_at": created_at,
            "created_by": created_by,
            "created_by_name": created_by_name,
            "dry_run": dry_run,
            "error": error,
            "finished_at": finished_at,
            "id": id,
            "kind": kind,
            "lease_epoch": lease_epoch,
            "lock_scope": lock_scope,
            "mutating": mutating,
            "params": params,
            "reason": reason,
            "receipt_url": receipt_url,
            "request_id": request_id,
            "requires_approval": requires_approval,
            "started_at": started_at,
            "status": status,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.job_params import JobParams # noqa: PLC0415
        d = dict(src_dict)
        def _parse_approved_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approved_at_type_0 = datetime.datetime.fromisoformat(data)



                return approved_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        approved_at = _parse_approved_at(d.pop("approved_at"))


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


        def _parse_cancel_requested_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                cancel_requested_at_type_0 = datetime.datetime.fromisoformat(data)



                return cancel_requested_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        cancel_requested_at = _parse_cancel_requested_at(d.pop("cancel_requested_at"))


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


        id = d.pop("id")

        kind = d.pop("kind")

        lease_epoch = d.pop("lease_epoch")

        def _parse_lock_scope(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        lock_scope = _parse_lock_scope(d.pop("lock_scope"))


        mutating = d.pop("mutating")

        params = JobParams.from_dict(d.pop("params"))




        reason = d.pop("reason")

        def _parse_receipt_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        receipt_url = _parse_receipt_url(d.pop("receipt_url"))


        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))


        requires_approval = d.pop("requires_approval")

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


        status = JobStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        job = cls(
            approved_at=approved_at,
            approved_by=approved_by,
            cancel_reason=cancel_reason,
            cancel_requested_at=cancel_requested_at,
            cancel_requested_by=cancel_requested_by,
            correlation_id=correlation_id,
            created_at=created_at,
            created_by=created_by,
            created_by_name=created_by_name,
            dry_run=dry_run,
            error=error,
            finished_at=finished_at,
            id=id,
            kind=kind,
            lease_epoch=lease_epoch,
            lock_scope=lock_scope,
            mutating=mutating,
            params=params,
            reason=reason,
            receipt_url=receipt_url,
            request_id=request_id,
            requires_approval=requires_approval,
            started_at=started_at,
            status=status,
            updated_at=updated_at,
        )

        return job

