from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.evidence_state import EvidenceState
from typing import cast
import datetime






T = TypeVar("T", bound="Evidence")



@_attrs_define
class Evidence:
    """ 
        Attributes:
            content_type (str):
            content_url (str):
            created_at (datetime.datetime):
            id (str):
            job_id (str):
            run_id (str):
            sha256 (str):
            size_bytes (int):
            state (EvidenceState):
            updated_at (datetime.datetime):
     """

    content_type: str
    content_url: str
    created_at: datetime.datetime
    id: str
    job_id: str
    run_id: str
    sha256: str
    size_bytes: int
    state: EvidenceState
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        content_type = self.content_type

        content_url = self.content_url

        created_at = self.created_at.isoformat()

        id = self.id

        job_id = self.job_id

        run_id = self.run_id

        sha256 = self.sha256

        size_bytes = self.size_bytes

        state = self.state.value

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "content_type": content_type,
            "content_url": content_url,
            "created_at": created_at,
            "id": id,
            "job_id": job_id,
            "run_id": run_id,
            "sha256": sha256,
            "size_bytes": size_bytes,
            "state": state,
            "updated_at": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        content_type = d.pop("content_type")

        content_url = d.pop("content_url")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        id = d.pop("id")

        job_id = d.pop("job_id")

        run_id = d.pop("run_id")

        sha256 = d.pop("sha256")

        size_bytes = d.pop("size_bytes")

        state = EvidenceState(d.pop("state"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        evidence = cls(
            content_type=content_type,
            content_url=content_url,
            created_at=created_at,
            id=id,
            job_id=job_id,
            run_id=run_id,
            sha256=sha256,
            size_bytes=size_bytes,
            state=state,
            updated_at=updated_at,
        )

        return evidence

