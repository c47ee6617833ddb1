from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.verification_outcome import VerificationOutcome
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.verification_details_type_0 import VerificationDetailsType0





T = TypeVar("T", bound="Verification")



@_attrs_define
class Verification:
    """ 
        Attributes:
            details (None | VerificationDetailsType0):
            finished_at (datetime.datetime):
            outcome (VerificationOutcome):
            recorded_at (datetime.datetime):
            recorded_by (str):
            snapshot_id (str):
            started_at (datetime.datetime):
     """

    details: None | VerificationDetailsType0
    finished_at: datetime.datetime
    outcome: VerificationOutcome
    recorded_at: datetime.datetime
    recorded_by: str
    snapshot_id: str
    started_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.verification_details_type_0 import VerificationDetailsType0 # noqa: PLC0415
        details: dict[str, Any] | None
        if isinstance(self.details, VerificationDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details

        finished_at = self.finished_at.isoformat()

        outcome = self.outcome.value

        recorded_at = self.recorded_at.isoformat()

        recorded_by = self.recorded_by

        snapshot_id = self.snapshot_id

        started_at = self.started_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "details": details,
            "finished_at": finished_at,
            "outcome": outcome,
            "recorded_at": recorded_at,
            "recorded_by": recorded_by,
            "snapshot_id": snapshot_id,
            "started_at": started_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.verification_details_type_0 import VerificationDetailsType0 # noqa: PLC0415
        d = dict(src_dict)
        def _parse_details(data: object) -> None | VerificationDetailsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = VerificationDetailsType0.from_dict(data)



                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | VerificationDetailsType0, data)

        details = _parse_details(d.pop("details"))


        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))




        outcome = VerificationOutcome(d.pop("outcome"))




        recorded_at = datetime.datetime.fromisoformat(d.pop("recorded_at"))




        recorded_by = d.pop("recorded_by")

        snapshot_id = d.pop("snapshot_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        verification = cls(
            details=details,
            finished_at=finished_at,
            outcome=outcome,
            recorded_at=recorded_at,
            recorded_by=recorded_by,
            snapshot_id=snapshot_id,
            started_at=started_at,
        )

        return verification

