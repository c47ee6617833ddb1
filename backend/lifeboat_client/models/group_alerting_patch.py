from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="GroupAlertingPatch")



@_attrs_define
class GroupAlertingPatch:
    """ 
        Attributes:
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            webhook_url (None | str): http(s) URL that receives each alert change as a JSON POST. A secret: it is stored but
                never shown again (only scheme, host and '/…'); it must pass the outbound URL policy (LIFEBOAT_OUTBOUND_ALLOW).
     """

    reason: str
    webhook_url: None | str





    def to_dict(self) -> dict[str, Any]:
        reason = self.reason

        webhook_url: None | str
        webhook_url = self.webhook_url


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "reason": reason,
            "webhook_url": webhook_url,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = d.pop("reason")

        def _parse_webhook_url(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        webhook_url = _parse_webhook_url(d.pop("webhook_url"))


        group_alerting_patch = cls(
            reason=reason,
            webhook_url=webhook_url,
        )

        return group_alerting_patch

