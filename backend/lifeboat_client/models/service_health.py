from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.service_health_health import ServiceHealthHealth
from ..models.service_health_kind import ServiceHealthKind
from ..models.service_health_site import ServiceHealthSite
from typing import cast
import datetime

if TYPE_CHECKING:
  from ..models.probe_point import ProbePoint
  from ..models.service_health_config_revisions_type_0 import ServiceHealthConfigRevisionsType0





T = TypeVar("T", bound="ServiceHealth")



@_attrs_define
class ServiceHealth:
    """ 
        Attributes:
            base_url (str):
            checked_at (datetime.datetime):
            config_revisions (None | ServiceHealthConfigRevisionsType0):
            environment (str):
            git_sha (None | str):
            health (ServiceHealthHealth):
            history (list[ProbePoint]):
            inflight_total (int | None):
            kind (ServiceHealthKind):
            last_error (None | str):
            name (str):
            probe_latency_ms (float):
            ready (bool | None):
            site (ServiceHealthSite):
            tenant_count (int | None):
            version (None | str):
     """

    base_url: str
    checked_at: datetime.datetime
    config_revisions: None | ServiceHealthConfigRevisionsType0
    environment: str
    git_sha: None | str
    health: ServiceHealthHealth
    history: list[ProbePoint]
    inflight_total: int | None
    kind: ServiceHealthKind
    last_error: None | str
    name: str
    probe_latency_ms: float
    ready: bool | None
    site: ServiceHealthSite
    tenant_count: int | None
    version: None | str





    def to_dict(self) -> dict[str, Any]:
        from ..models.probe_point import ProbePoint # noqa: PLC0415
        from ..models.service_health_config_revisions_type_0 import ServiceHealthConfigRevisionsType0 # noqa: PLC0415
        base_url = self.base_url

        checked_at = self.checked_at.isoformat()

        config_revisions: dict[str, Any] | None
        if isinstance(self.config_revisions, ServiceHealthConfigRevisionsType0):
            config_revisions = self.config_revisions.to_dict()
        else:
            config_revisions = self.config_revisions

        environment = self.environment

        git_sha: None | str
        git_sha = self.git_sha

        health = self.health.value

        history = []
        for history_item_data in self.history:
            history_item = history_item_data.to_dict()
            history.append(history_item)



        inflight_total: int | None
        inflight_total = self.inflight_total

        kind = self.kind.value

        last_error: None | str
        last_error = self.last_error

        name = self.name

        probe_latency_ms = self.probe_latency_ms

        ready: bool | None
        ready = self.ready

        site = self.site.value

        tenant_count: int | None
        tenant_count = self.tenant_count

        version: None | str
        version = self.version


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "base_url": base_url,
            "checked_at": checked_at,
            "config_revisions": config_revisions,
            "environment": environment,
            "git_sha": git_sha,
            "health": health,
            "history": history,
            "inflight_total": inflight_total,
            "kind": kind,
            "last_error": last_error,
            "name": name,
            "probe_latency_ms": probe_latency_ms,
            "ready": ready,
            "site": site,
            "tenant_count": tenant_count,
            "version": version,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.probe_point import ProbePoint # noqa: PLC0415
        from ..models.service_health_config_revisions_type_0 import ServiceHealthConfigRevisionsType0 # noqa: PLC0415
        d = dict(src_dict)
        base_url = d.pop("base_url")

        checked_at = datetime.datetime.fromisoformat(d.pop("checked_at"))




        def _parse_config_revisions(data: object) -> None | ServiceHealthConfigRevisionsType0:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                config_revisions_type_0 = ServiceHealthConfigRevisionsType0.from_dict(data)



                return config_revisions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ServiceHealthConfigRevisionsType0, data)

        config_revisions = _parse_config_revisions(d.pop("config_revisions"))


        environment = d.pop("environment")

        def _parse_git_sha(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        git_sha = _parse_git_sha(d.pop("git_sha"))


        health = ServiceHealthHealth(d.pop("health"))




        history = []
        _history = d.pop("history")
        for history_item_data in (_history):
            history_item = ProbePoint.from_dict(history_item_data)



            history.append(history_item)


        def _parse_inflight_total(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        inflight_total = _parse_inflight_total(d.pop("inflight_total"))


        kind = ServiceHealthKind(d.pop("kind"))




        def _parse_last_error(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last_error = _parse_last_error(d.pop("last_error"))


        name = d.pop("name")

        probe_latency_ms = d.pop("probe_latency_ms")

        def _parse_ready(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        ready = _parse_ready(d.pop("ready"))


        site = ServiceHealthSite(d.pop("site"))




        def _parse_tenant_count(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        tenant_count = _parse_tenant_count(d.pop("tenant_count"))


        def _parse_version(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        version = _parse_version(d.pop("version"))


        service_health = cls(
            base_url=base_url,
            checked_at=checked_at,
            config_revisions=config_revisions,
            environment=environment,
            git_sha=git_sha,
            health=health,
            history=history,
            inflight_total=inflight_total,
            kind=kind,
            last_error=last_error,
            name=name,
            probe_latency_ms=probe_latency_ms,
            ready=ready,
            site=site,
            tenant_count=tenant_count,
            version=version,
        )

        return service_health

