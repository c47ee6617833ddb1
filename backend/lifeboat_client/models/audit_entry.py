from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_entry_outcome import AuditEntryOutcome
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.audit_entry_details import AuditEntryDetails





T = TypeVar("T", bound="AuditEntry")



@_attrs_define
class AuditEntry:
    """ 
        Attributes:
            action (str):
            actor_id (str):
            actor_name (str):
            at (datetime.datetime):
            correlation_id (None | str):
            details (AuditEntryDetails):
            hash_ (str):
            id (str):
            outcome (AuditEntryOutcome):
            prev_hash (str):
            reason (None | str):
            request_id (None | str):
            seq (int):
            target (str):
     """

    action: str
    actor_id: str
    actor_name: str
    at: datetime.datetime
    correlation_id: None | str
    details: AuditEntryDetails
    hash_: str
    id: str
    outcome: AuditEntryOutcome
    prev_hash: str
    reason: None | str
    request_id: None | str
    seq: int
    target: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_entry_details import AuditEntryDetails # noqa: PLC0415
        action = self.action

        actor_id = self.actor_id

        actor_name = self.actor_name

        at = self.at.isoformat()

        correlation_id: None | str
        correlation_id = self.correlation_id

        details = self.details.to_dict()

        hash_ = self.hash_

        id = self.id

        outcome = self.outcome.value

        prev_hash = self.prev_hash

        reason: None | str
        reason = self.reason

        request_id: None | str
        request_id = self.request_id

        seq = self.seq

        target = self.target


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "action": action,
            "actor_id": actor_id,
            "actor_name": actor_name,
            "at": at,
            "correlation_id": correlation_id,
            "details": details,
            "hash": hash_,
            "id": id,
            "outcome": outcome,
            "prev_hash": prev_hash,
            "reason": reason,
            "request_id": request_id,
            "seq": seq,
            "target": target,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_entry_details import AuditEntryDetails # noqa: PLC0415
        d = dict(src_dict)
        action = d.pop("action")

        actor_id = d.pop("actor_id")

        actor_name = d.pop("actor_name")

        at = datetime.datetime.fromisoformat(d.pop("at"))




        def _parse_correlation_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        correlation_id = _parse_correlation_id(d.pop("correlation_id"))


        details = AuditEntryDetails.from_dict(d.pop("details"))




        hash_ = d.pop("hash")

        id = d.pop("id")

        outcome = AuditEntryOutcome(d.pop("outcome"))




        prev_hash = d.pop("prev_hash")

        def _parse_reason(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        reason = _parse_reason(d.pop("reason"))


        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("request_id"))


        seq = d.pop("seq")

        target = d.pop("target")

        audit_entry = cls(
            action=action,
            actor_id=actor_id,
            actor_name=actor_name,
            at=at,
            correlation_id=correlation_id,
            details=details,
            hash_=hash_,
            id=id,
            outcome=outcome,
            prev_hash=prev_hash,
            reason=reason,
            request_id=request_id,
            seq=seq,
            target=target,
        )

        return audit_entry

