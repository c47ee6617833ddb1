"""Platform API shapes."""

from __future__ import annotations

from typing import Literal

import msgspec

DependencyName = Literal["postgres", "nats", "s3"]


class DependencyCheck(msgspec.Struct, frozen=True, kw_only=True):
    """One dependency's readiness."""

    name: DependencyName
    ok: bool
    detail: str
    latency_ms: float


class Readiness(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """Readiness of every dependency. When not ready this is also a problem+json body."""

    status: Literal["ready", "not_ready"]
    checks: list[DependencyCheck]
    type: str | None = None
    title: str | None = None
    detail: str | None = None
    request_id: str | None = None


class Liveness(msgspec.Struct, frozen=True):
    """The process is up."""

    status: Literal["ok"]


class SystemInfo(msgspec.Struct, frozen=True):
    """What is running: version, git sha and environment."""

    version: str
    git_sha: str
    environment: str
