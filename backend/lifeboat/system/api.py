"""Platform routes: /health, /ready, /metrics, /api/v1/system/info, and the SPA at /."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath
from litestar.response import File

from lifeboat import __version__
from lifeboat.auth.guards import perm
from lifeboat.auth.permissions import PLATFORM_READ, PUBLIC
from lifeboat.core.context import request_ids_from_scope
from lifeboat.core.errors import NotFound, error_type, problem_responses
from lifeboat.core.metrics import METRICS_CONTENT_TYPE
from lifeboat.settings import Settings
from lifeboat.system.models import Liveness, Readiness, SystemInfo
from lifeboat.system.service import check_dependencies

_NOT_BUILT = """<!doctype html><html><head><title>Lifeboat</title></head><body>
<h1>Lifeboat</h1><p>The admin app has not been built. Run <code>make frontend</code> (or <code>make run</code>),
then reload. The API is at <a href="/schema">/schema</a>.</p></body></html>"""
_PUBLIC_SKIP_AUTH = {**perm(PUBLIC), "skip_auth": True}
#: The contract of a public route: no credentials needed (OpenAPI's empty security requirement).
NO_AUTH: list[dict[str, list[str]]] = [{}]


class SystemController(Controller):
    tags = ["system"]

    @get(
        "/health",
        operation_id="get_health",
        summary="Liveness: the process is up",
        opt=_PUBLIC_SKIP_AUTH,
        security=NO_AUTH,
    )
    async def health(self) -> Liveness:
        return Liveness(status="ok")

    @get(
        "/ready",
        operation_id="get_ready",
        summary="Readiness: PostgreSQL, NATS and S3 each answer; 503 names what failed",
        opt=_PUBLIC_SKIP_AUTH,
        security=NO_AUTH,
        responses={
            503: ResponseSpec(
                data_container=Readiness,
                description="Not ready: problem+json that also lists every check",
                media_type="application/problem+json",
                generate_examples=False,
            )
        },
    )
    async def ready(
        self, request: Request[Any, Any, Any], settings: NamedDependency[Settings]
    ) -> Response[Readiness]:
        state = request.app.state
        checks = await check_dependencies(state.db, state.bus, state.store, settings.ready_timeout_s)
        failed = [c for c in checks if not c.ok]
        if not failed:
            return Response(Readiness(status="ready", checks=checks))
        request_id, _ = request_ids_from_scope(request.scope)
        body = Readiness(
            status="not_ready",
            checks=checks,
            type=error_type("not-ready"),
            title="Not ready",
            detail="; ".join(f"{c.name}: {c.detail}" for c in failed),
            request_id=request_id,
        )
        return Response(body, status_code=503, media_type="application/problem+json")

    @get(
        "/metrics",
        operation_id="get_metrics",
        summary="Prometheus metrics",
        opt=_PUBLIC_SKIP_AUTH,
        security=NO_AUTH,
        include_in_schema=True,
        media_type=METRICS_CONTENT_TYPE,
    )
    async def metrics(self, request: Request[Any, Any, Any]) -> Response[bytes]:
        body: bytes = request.app.state.metrics.render()
        for scrape in getattr(request.app.state, "metrics_scrapers", ()):
            body += await scrape()
        return Response(body, media_type=METRICS_CONTENT_TYPE)

    @get(
        "/api/v1/system/info",
        operation_id="get_system_info",
        summary="Version, git sha and environment of this instance",
        opt=perm(PLATFORM_READ),
        responses=problem_responses(401, 403),
    )
    async def info(self, settings: NamedDependency[Settings]) -> SystemInfo:
        return SystemInfo(version=__version__, git_sha=settings.git_sha, environment=settings.environment)


class SpaController(Controller):
    """Serves the compiled SPA; unknown paths fall back to index.html for client-side routes."""

    include_in_schema = False

    @get(["/", "/{path:path}"], opt=_PUBLIC_SKIP_AUTH, include_in_schema=False)
    async def spa(self, request: Request[Any, Any, Any], path: FromPath[str] = "") -> Response[Any]:
        clean = path.lstrip("/")
        if clean.startswith(("api/", "schema/")) or clean in ("api", "schema"):
            raise NotFound(f"No route for {request.url.path}.")
        if Path(clean).suffix.lower() == ".map":  # source maps are never served, built or not
            raise NotFound(f"No asset {clean}.")
        root: Path | None = request.app.state.spa_dir
        if root is None or not (root / "index.html").is_file():
            return Response(_NOT_BUILT, media_type="text/html", status_code=200)
        candidate = (root / clean).resolve()
        if candidate.suffix.lower() == ".map":
            raise NotFound(f"No asset {clean}.")
        if clean and candidate.is_file() and candidate.is_relative_to(root.resolve()):
            media_type = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
            cache = "public, max-age=31536000, immutable" if clean.startswith("assets/") else "no-cache"
            return File(
                path=candidate,
                media_type=media_type,
                headers={"cache-control": cache},
                content_disposition_type="inline",
            )
        if "." in clean.rsplit("/", 1)[-1] and clean.startswith("assets/"):
            raise NotFound(f"No asset {clean}.")
        return File(
            path=root / "index.html",
            media_type="text/html",
            headers={"cache-control": "no-cache"},
            content_disposition_type="inline",
        )
