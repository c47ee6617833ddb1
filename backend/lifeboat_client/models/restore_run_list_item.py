from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.restore_run_list_item_status import RestoreRunListItemStatus
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.restore_run_counts import RestoreRunCounts
  from ..models.run_decision_summary import RunDecisionSummary





T = TypeVar("T", bound="RestoreRunListItem")



@_attrs_define
class RestoreRunListItem:
    """ 
        Attributes:
            backup_type (str):
            consumer_id (str):
            counts (None | RestoreRunCounts):
            created_at (datetime.datetime):
            decision (RunDecisionSummary):
            declaration_id (None | str):
            finished_at (datetime.datetime | None):
            group (str):
            id (str):
            intent (str):
            job_id (str):
            message (None | str):
            server (str):
            snapshot_id (str):
            status (RestoreRunListItemStatus):
            updated_at (datetime.datetime):
     """

    backup_type: str
    consumer_id: str
    counts: None | RestoreRunCounts
    created_at: datetime.datetime
    decision: RunDecisionSummary
    declaration_id: None | str
    finished_at: datetime.datetime | None
    group: str
    id: str
    intent: str
    job_id: str
    message: None | str
    server: str
    snapshot_id: str
    status: RestoreRunListItemStatus
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.restore_run_counts import RestoreRunCounts # noqa: PLC0415
        from ..models.run_decision_summary import RunDecisionSummary # noqa: PLC0415
        backup_type = self.backup_type

        consumer_id = self.consumer_id

        counts: dict[str, Any] | None
        if isinstance(self.counts, RestoreRunCounts):
            counts = self.counts.to_dict()
        else:
            counts = self.counts

        created_at = self.created_at.isoformat()

        decision = self.decision.to_dict()

        declaration_id: None | str
        declaration_id = self.declaration_id

        finished_at: None | str
        if isinstance(self.finished_at, datetime.datetime):
            finished_at = self.finished_at.isoformat()
        else:
            finished_at = self.finished_at

        group = self.group

        id = self.id

        intent = self.intent

        job_id = self.job_id

        message: None | str
        message = self.message

        server = self.server

        snapshot_id = self.snapshot_id

        status = self.status.value

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "consumer_id": consumer_id,
            "counts": counts,
            "created_at": created_at,
            "decision": decision,
            "declaration_id": declaration_id,
            "finished_at": finished_at,
            "group": group,
            "id": id,
            "intent": intent,
            "job_id": job_id,
            "message": message,
            "server": server,
            "snapshot_id": snapshot_id,
            "status": status,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.restore_run_counts import RestoreRunCounts # noqa: PLC0415
        from ..models.run_decision_summary import RunDecisionSummary # noqa: PLC0415
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        consumer_id = d.pop("consumer_id")

        def _parse_counts(data: object) -> None | RestoreRunCounts:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                counts_type_0 = RestoreRunCounts.from_dict(data)



                return counts_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | RestoreRunCounts, data)

        counts = _parse_counts(d.pop("counts"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        decision = RunDecisionSummary.from_dict(d.pop("decision"))




        def _parse_declaration_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        declaration_id = _parse_declaration_id(d.pop("declaration_id"))


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


        group = d.pop("group")

        id = d.pop("id")

        intent = d.pop("intent")

        job_id = d.pop("job_id")

        def _parse_message(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        message = _parse_message(d.pop("message"))


        server = d.pop("server")

        snapshot_id = d.pop("snapshot_id")

        status = RestoreRunListItemStatus(d.pop("status"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        restore_run_list_item = cls(
            backup_type=backup_type,
            consumer_id=consumer_id,
            counts=counts,
            created_at=created_at,
            decision=decision,
            declaration_id=declaration_id,
            finished_at=finished_at,
            group=group,
            id=id,
            intent=intent,
            job_id=job_id,
            message=message,
            server=server,
            snapshot_id=snapshot_id,
            status=status,
            updated_at=updated_at,
        )

        return restore_run_list_item

