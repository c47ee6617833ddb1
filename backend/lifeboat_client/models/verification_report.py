from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.verification_report_outcome import VerificationReportOutcome
from ..types import UNSET, Unset
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.verification_report_details_type_0 import VerificationReportDetailsType0





T = TypeVar("T", bound="VerificationReport")



@_attrs_define
class VerificationReport:
    """ 
        Attributes:
            finished_at (datetime.datetime):
            outcome (VerificationReportOutcome):
            snapshot_id (str): The backup tool's snapshot id (letters, digits and ._:@+=/-, max 255).
            started_at (datetime.datetime):
            details (None | Unset | VerificationReportDetailsType0):
     """

    finished_at: datetime.datetime
    outcome: VerificationReportOutcome
    snapshot_id: str
    started_at: datetime.datetime
    details: None | Unset | VerificationReportDetailsType0 = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.verification_report_details_type_0 import VerificationReportDetailsType0 # noqa: PLC0415
        finished_at = self.finished_at.isoformat()

        outcome = self.outcome.value

        snapshot_id = self.snapshot_id

        started_at = self.started_at.isoformat()

        details: dict[str, Any] | None | Unset
        if isinstance(self.details, Unset):
            details = UNSET
        elif isinstance(self.details, VerificationReportDetailsType0):
            details = self.details.to_dict()
        else:
            details = self.details


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "finished_at": finished_at,
            "outcome": outcome,
            "snapshot_id": snapshot_id,
            "started_at": started_at,
        })
        if details is not UNSET:
            field_dict["details"] = details

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.verification_report_details_type_0 import VerificationReportDetailsType0 # noqa: PLC0415
        d = dict(src_dict)
        finished_at = datetime.datetime.fromisoformat(d.pop("finished_at"))




        outcome = VerificationReportOutcome(d.pop("outcome"))




        snapshot_id = d.pop("snapshot_id")

        started_at = datetime.datetime.fromisoformat(d.pop("started_at"))




        def _parse_details(data: object) -> None | Unset | VerificationReportDetailsType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                details_type_0 = VerificationReportDetailsType0.from_dict(data)



                return details_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VerificationReportDetailsType0, data)

        details = _parse_details(d.pop("details", UNSET))


        verification_report = cls(
            finished_at=finished_at,
            outcome=outcome,
            snapshot_id=snapshot_id,
            started_at=started_at,
            details=details,
        )

        return verification_report

