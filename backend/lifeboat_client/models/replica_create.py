from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="ReplicaCreate")



@_attrs_define
class ReplicaCreate:
    """ 
        Attributes:
            backup_type (str): Backup type, an open slug (e.g. postgres, files): lowercase letters, digits and '-'.
            consumer_id (str): Principal id of the consumer (e.g. token:0190…): it must hold the restore-consumer role.
            group (str): Backup group name: lowercase letters, digits, '.', '_' and '-' (max 63).
            intent (str): Why the replica is kept, an open slug: verify, analytics, disaster-recovery, or a custom one
                (lowercase letters, digits and '-').
            reason (str): Why (audited): at least 3 characters besides surrounding blanks. Line feeds allowed; no other
                control or bidi characters.
            enabled (bool | Unset):  Default: True.
            freshness_target_s (int | Unset): Seconds a verified restore stays fresh: past it without a new success the
                server is overdue (the strictest of the declarations covering a server applies). Default 7 days. Default:
                604800.
            notes (str | Unset): Free-form operator notes (line feeds allowed; no other control or bidi characters).
                Default: ''.
            server (None | str | Unset): Server name: lowercase letters, digits, '.', '_' and '-' (max 63).
     """

    backup_type: str
    consumer_id: str
    group: str
    intent: str
    reason: str
    enabled: bool | Unset = True
    freshness_target_s: int | Unset = 604800
    notes: str | Unset = ''
    server: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        backup_type = self.backup_type

        consumer_id = self.consumer_id

        group = self.group

        intent = self.intent

        reason = self.reason

        enabled = self.enabled

        freshness_target_s = self.freshness_target_s

        notes = self.notes

        server: None | str | Unset
        if isinstance(self.server, Unset):
            server = UNSET
        else:
            server = self.server


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "backup_type": backup_type,
            "consumer_id": consumer_id,
            "group": group,
            "intent": intent,
            "reason": reason,
        })
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if freshness_target_s is not UNSET:
            field_dict["freshness_target_s"] = freshness_target_s
        if notes is not UNSET:
            field_dict["notes"] = notes
        if server is not UNSET:
            field_dict["server"] = server

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        backup_type = d.pop("backup_type")

        consumer_id = d.pop("consumer_id")

        group = d.pop("group")

        intent = d.pop("intent")

        reason = d.pop("reason")

        enabled = d.pop("enabled", UNSET)

        freshness_target_s = d.pop("freshness_target_s", UNSET)

        notes = d.pop("notes", UNSET)

        def _parse_server(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        server = _parse_server(d.pop("server", UNSET))


        replica_create = cls(
            backup_type=backup_type,
            consumer_id=consumer_id,
            group=group,
            intent=intent,
            reason=reason,
            enabled=enabled,
            freshness_target_s=freshness_target_s,
            notes=notes,
            server=server,
        )

        return replica_create

