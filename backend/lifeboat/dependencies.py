"""What a controller receives by name (Litestar dependency injection), provided app-wide from the
process's ``Runtime``.

A handler declares the parameter under its name, typed as ``NamedDependency[SkipValidation[T]]``
(``litestar.di``, ``litestar.params``: the value is trusted provider output, not validated);
dependencies never appear in the OpenAPI document.

==================  ==========================================  =======================================
name                type                                        what
==================  ==========================================  =======================================
principal           ``core.authz.PrincipalLike`` (``Principal``)  the authenticated caller (401 without)
settings            ``Settings``                                this process's settings
job_registry        ``jobs.definitions.KindRegistry``           every job kind this process runs
job_audit           ``jobs.service.AuditSink``                  the job engine's audit sink
store               ``store.objects.ObjectStore``               the object store (receipts, evidence)
placement           ``placement.service.PlacementService``      placement maps (NATS KV / file)
fleet_prober        ``fleet.prober.FleetProber``                the fleet health prober (per process)
credential_broker   ``store.broker.CredentialBroker | None``    scoped S3 credentials (None: 503)
==================  ==========================================  =======================================
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.di import Provide

from lifeboat.core.authz import PrincipalLike
from lifeboat.core.errors import Unauthenticated
from lifeboat.runtime import Runtime, audit_job_action


def current_principal(request: Request[Any, Any, Any]) -> PrincipalLike:
    """The principal the authentication middleware put on the connection."""
    user: Any = request.scope.get("user")
    if user is None:  # the app-wide guard makes this unreachable on non-public routes
        raise Unauthenticated("Log in, or send 'Authorization: Bearer <token>'.")
    principal: PrincipalLike = user
    return principal


def _value(value: object) -> Provide:
    return Provide(lambda: value, use_cache=True, sync_to_thread=False)


def dependencies_for(runtime: Runtime) -> dict[str, Provide]:
    """The app-wide dependency map (see the table above)."""
    return {
        "principal": Provide(current_principal, sync_to_thread=False),
        "settings": _value(runtime.settings),
        "job_registry": _value(runtime.job_registry),
        "job_audit": _value(audit_job_action),
        "store": _value(runtime.store),
        "placement": _value(runtime.placement),
        "fleet_prober": _value(runtime.fleet_prober),
        "credential_broker": _value(runtime.credential_broker),
    }
