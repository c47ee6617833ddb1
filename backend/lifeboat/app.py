"""``create_app(settings)``: the Litestar application with every plugin, middleware and router."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import Litestar, Request
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme, Server, Tag
from litestar.routes import HTTPRoute
from litestar.types import ControllerRouterHandler
from prometheus_client import CollectorRegistry

from lifeboat import __version__
from lifeboat.audit.api import AuditController
from lifeboat.audit.chain import configure_audit_key
from lifeboat.auth.api import AuthController, TokenController, UserController
from lifeboat.auth.guards import AuthConfig, AuthenticationMiddleware, authorize
from lifeboat.auth.oidc import OidcVerifier
from lifeboat.auth.permissions import PERMISSION_OPT, PUBLIC
from lifeboat.core.compression import compression_config
from lifeboat.core.context import RequestObservabilityMiddleware, parse_trusted_proxies
from lifeboat.core.errors import DomainError, problem_exception_handler
from lifeboat.core.http_security import SecurityHeadersMiddleware
from lifeboat.core.json_body import refuse_malformed_json_body
from lifeboat.core.metrics import HttpMetrics
from lifeboat.core.openapi import ClosedStructSchemaPlugin, MsgspecMetaSchemaPlugin
from lifeboat.core.strict_input import check_strict_input
from lifeboat.core.telemetry import configure_tracing
from lifeboat.core.tenancy import enforce_tenant_scope
from lifeboat.dependencies import dependencies_for
from lifeboat.fleet.api import FleetController
from lifeboat.jobs.api import job_controller
from lifeboat.jobs.definitions import KindRegistry
from lifeboat.jobs.kinds import ENGINE_CREATES, create_union
from lifeboat.jobs.metrics import render_job_gauges
from lifeboat.ops.models import OPS_CREATES
from lifeboat.placement.api import PlacementController, TenantController
from lifeboat.restore.catalog.api import BackupGroupController, BackupRunController, BackupServerController
from lifeboat.restore.credentials.api import RestoreCredentialsController
from lifeboat.restore.health.api import RestoreHealthController
from lifeboat.restore.replicas.api import ReplicaController, RestoreConsumerController
from lifeboat.restore.runs.api import RestoreRunController
from lifeboat.runtime import Runtime, audit_job_action
from lifeboat.settings import Settings, default_spa_dir
from lifeboat.system.api import SpaController, SystemController

ROUTE_HANDLERS: Sequence[ControllerRouterHandler] = (
    SystemController,
    AuthController,
    TokenController,
    UserController,
    AuditController,
    job_controller(create_union(ENGINE_CREATES, OPS_CREATES)),  # POST /jobs takes these kinds' bodies
    FleetController,
    PlacementController,
    TenantController,
    BackupGroupController,
    BackupServerController,
    BackupRunController,
    ReplicaController,
    RestoreConsumerController,
    RestoreCredentialsController,
    RestoreRunController,
    RestoreHealthController,
    SpaController,
)
OPENAPI_PATH = "/schema"
_JSON_TYPES = ("application/json", "application/problem+json", "application/merge-patch+json")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


class UnsupportedMediaType(DomainError):
    status_code = 415
    code = "unsupported-media-type"
    title = "Unsupported media type"


async def require_json_body(request: Request[Any, Any, Any]) -> None:
    """415 for a request body that is not JSON (every API body is JSON); 400 for a JSON body that
    repeats a key in one object, is not UTF-8 or is nested too deeply (``core.json_body``)."""
    if request.method not in _BODY_METHODS:
        return
    length = request.headers.get("content-length")
    has_body = (length is not None and length != "0") or "transfer-encoding" in request.headers
    if not has_body:
        return
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in _JSON_TYPES:
        raise UnsupportedMediaType(
            f"Send the body as application/json (got {content_type or 'no content type'})."
        )
    await refuse_malformed_json_body(request)


async def check_request_input(request: Request[Any, Any, Any]) -> None:
    """Before every handler: the body is JSON (415/400), then input is strict (``core.strict_input``)."""
    await require_json_body(request)
    await check_strict_input(request)


def openapi_config() -> OpenAPIConfig:
    """The published contract's metadata."""
    return OpenAPIConfig(
        title="Lifeboat API",
        version=__version__,
        description=(
            "Control plane for disaster recovery and restore operations. Every error is "
            "application/problem+json with a stable `type` URN and the request id."
        ),
        path=OPENAPI_PATH,
        servers=[Server(url="/")],
        tags=[
            Tag(name="system", description="Liveness, readiness, metrics, build info"),
            Tag(name="auth", description="Login, logout, current principal"),
            Tag(name="tokens", description="API tokens for machines and scripts"),
            Tag(name="users", description="Local users"),
            Tag(name="audit", description="The hash-chained audit log"),
            Tag(name="jobs", description="Durable multi-step operations: create, plan, follow, cancel"),
            Tag(name="fleet", description="Registered services and their health snapshot"),
            Tag(name="placement", description="Placement maps (NATS KV, revisioned; file fallback)"),
            Tag(name="tenants", description="Tenants and where each kind's map places them"),
            Tag(name="backups", description="Backup catalog: groups, servers, backup runs"),
            Tag(name="restore", description="Restore replicas, consumers, worklist, credentials, runs"),
        ],
        components=Components(
            security_schemes={
                "bearer": SecurityScheme(
                    type="http", scheme="bearer", description="API token (lb_…) or OIDC JWT"
                ),
                "session": SecurityScheme(
                    type="apiKey", name="lifeboat_session", security_scheme_in="cookie"
                ),
            }
        ),
        security=[{"bearer": []}, {"session": []}],
        render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin()],
        use_handler_docstrings=False,
        create_examples=False,
    )


async def start_resources(app: Litestar) -> None:
    """Open the runtime's resources (on startup): ``Runtime.start_api``."""
    runtime: Runtime = app.state.runtime
    await runtime.start_api()


async def stop_resources(app: Litestar) -> None:
    """Close what ``start_resources`` opened (on shutdown)."""
    runtime: Runtime = app.state.runtime
    await runtime.stop()


def create_app(
    settings: Settings,
    *,
    spa_dir: Path | None = None,
    job_registry: KindRegistry | None = None,
    runtime: Runtime | None = None,
) -> Litestar:
    """Build the application for ``settings`` on ``runtime`` (built here when not given; its
    resources open in the lifespan)."""
    runtime = runtime or Runtime.build(settings, job_registry=job_registry)
    configure_tracing(service_name="lifeboat-api", version=__version__, otlp_endpoint=settings.otlp_endpoint)
    metrics = HttpMetrics(
        CollectorRegistry(auto_describe=True), version=__version__, git_sha=settings.git_sha
    )
    oidc = (
        OidcVerifier(
            jwks_url=settings.oidc_jwks_url,
            issuer=settings.oidc_issuer,
            audience=settings.oidc_audience,
            role_claim=settings.oidc_role_claim,
        )
        if settings.oidc_jwks_url
        else None
    )
    resolved_spa = spa_dir or (Path(settings.spa_dir) if settings.spa_dir else default_spa_dir())
    app = Litestar(
        route_handlers=list(ROUTE_HANDLERS),
        on_startup=[start_resources],
        on_shutdown=[stop_resources],
        dependencies=dependencies_for(runtime),
        middleware=[
            AuthenticationMiddleware(
                AuthConfig(
                    environment=settings.environment, session_secret=settings.session_secret, oidc=oidc
                )
            )
        ],
        guards=[authorize, enforce_tenant_scope],  # tenant scope after auth: anonymous is 401 first
        before_request=check_request_input,
        exception_handlers={Exception: problem_exception_handler},
        openapi_config=openapi_config(),
        plugins=[
            ClosedStructSchemaPlugin(),
            MsgspecMetaSchemaPlugin(),
        ],  # core.openapi: the contract = msgspec
        request_max_body_size=settings.max_body_bytes,
        compression_config=compression_config(),
        debug=False,
        logging_config=None,
    )
    configure_audit_key(settings)  # the chain's HMAC key (SettingsError without one outside dev/test)
    app.state.runtime = runtime
    # The runtime's parts, for what reads them from the application (readiness, tests)
    app.state.settings = runtime.settings
    app.state.db = runtime.db
    app.state.bus = runtime.bus
    app.state.store = runtime.store
    app.state.placement = runtime.placement
    app.state.job_registry = runtime.job_registry
    app.state.job_audit = audit_job_action
    app.state.fleet_prober = runtime.fleet_prober
    app.state.credential_broker = runtime.credential_broker
    app.state.metrics = metrics
    app.state.metrics_scrapers = [render_job_gauges]  # gauges computed from the database per scrape
    app.state.spa_dir = resolved_spa
    # The OpenAPI plugin's routes are the published contract: public by declaration here.
    for route in app.routes:
        if isinstance(route, HTTPRoute) and (
            route.path == OPENAPI_PATH or route.path.startswith(OPENAPI_PATH + "/")
        ):
            for handler in route.route_handlers:
                handler.opt.update({PERMISSION_OPT: PUBLIC, "skip_auth": True})
    # Wrap the whole handler (routing included) so 404/405 responses carry ids and metrics too.
    # Security headers outermost: every response (routing errors, SPA, schema) carries them.
    app.asgi_handler = SecurityHeadersMiddleware(  # type: ignore[assignment]
        RequestObservabilityMiddleware(
            app.asgi_handler, metrics, trusted_proxies=parse_trusted_proxies(settings.trusted_proxies)
        )
    )
    return app
