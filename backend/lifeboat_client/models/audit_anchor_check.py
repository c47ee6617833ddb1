from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_anchor_check_source import AuditAnchorCheckSource
from ..models.audit_anchor_check_state import AuditAnchorCheckState
from typing import cast
import datetime






T = TypeVar("T", bound="AuditAnchorCheck")



@_attrs_define
class AuditAnchorCheck:
    """ 
        Attributes:
            detail (str):
            hash_ (None | str):
            seq (int | None):
            source (AuditAnchorCheckSource):
            state (AuditAnchorCheckState):
            written_at (datetime.datetime | None):
     """

    detail: str
    hash_: None | str
    seq: int | None
    source: AuditAnchorCheckSource
    state: AuditAnchorCheckState
    written_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        detail = self.detail

        hash_: None | str
        hash_ = self.hash_

        seq: int | None
        seq = self.seq

        source = self.source.value

        state = self.state.value

        written_at: None | str
        if isinstance(self.written_at, datetime.datetime):
            written_at = self.written_at.isoformat()
        else:
            written_at = self.written_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "detail": detail,
            "hash": hash_,
            "seq": seq,
            "source": source,
            "state": state,
            "written_at": written_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        detail = d.pop("detail")

        def _parse_hash_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        hash_ = _parse_hash_(d.pop("hash"))


        def _parse_seq(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        seq = _parse_seq(d.pop("seq"))


        source = AuditAnchorCheckSource(d.pop("source"))




        state = AuditAnchorCheckState(d.pop("state"))




        def _parse_written_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                written_at_type_0 = datetime.datetime.fromisoformat(data)



                return written_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        written_at = _parse_written_at(d.pop("written_at"))


        audit_anchor_check = cls(
            detail=detail,
            hash_=hash_,
            seq=seq,
            source=source,
            state=state,
            written_at=written_at,
        )

        return audit_anchor_check

