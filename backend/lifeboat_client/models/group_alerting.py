from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="GroupAlerting")



@_attrs_define
class GroupAlerting:
    """ 
        Attributes:
            group (str):
            subject (str):
            webhook (None | str):
     """

    group: str
    subject: str
    webhook: None | str





    def to_dict(self) -> dict[str, Any]:
        group = self.group

        subject = self.subject

        webhook: None | str
        webhook = self.webhook


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "group": group,
            "subject": subject,
            "webhook": webhook,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        group = d.pop("group")

        subject = d.pop("subject")

        def _parse_webhook(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        webhook = _parse_webhook(d.pop("webhook"))


        group_alerting = cls(
            group=group,
            subject=subject,
            webhook=webhook,
        )

        return group_alerting

