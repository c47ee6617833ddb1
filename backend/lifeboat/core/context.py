"""Request context: request/correlation ids, the principal, and the ASGI middleware that sets them.

The middleware wraps the whole Litestar handler (routing included), so 404s and 405s get
ids, a span, a metric sample and an access-log line like every other response.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from contextvars import ContextVar
from typing import Any

import structlog
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.trace import SpanKind, Status, StatusCode

from lifeboat.core.ids import is_safe_external_id, new_request_id
from lifeboat.core.metrics import HttpMetrics

REQUEST_ID_HEADER = "x-request-id"
CORRELATION_ID_HEADER = "x-correlation-id"
_STATE_KEY = "lifeboat.ids"

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)

log = structlog.get_logger("lifeboat.access")

Scope = Any  # an ASGI scope (Litestar's TypedDicts and plain dicts alike)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key.lower() == name:
            try:
                return bytes(value).decode("latin-1")
            except (UnicodeDecodeError, TypeError):
                return None
    return None


def request_ids_from_scope(scope: Scope) -> tuple[str, str]:
    """The (request id, correlation id) of a request, generating them once when missing."""
    state = scope.setdefault("state", {})
    ids = state.get(_STATE_KEY)
    if ids is None:
        rid = _header(scope, REQUEST_ID_HEADER.encode())
        if not rid or not is_safe_external_id(rid):
            rid = new_request_id()
        cid = _header(scope, CORRELATION_ID_HEADER.encode())
        if not cid or not is_safe_external_id(cid):
            cid = rid
        ids = (rid, cid)
        state[_STATE_KEY] = ids
    return ids  # type: ignore[no-any-return]


def current_request_id() -> str | None:
    """The request id of the request being served (None outside a request)."""
    return request_id_var.get()


def current_correlation_id() -> str | None:
    """The correlation id of the request being served (None outside a request)."""
    return correlation_id_var.get()


class RequestObservabilityMiddleware:
    """Ids, a server span, HTTP metrics and one access-log line per request."""

    def __init__(self, app: Any, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics
        self.tracer = trace.get_tracer("lifeboat.http")

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id, correlation_id = request_ids_from_scope(scope)
        carrier = {
            k.decode("latin-1"): v.decode("latin-1")
            for k, v in scope.get("headers") or ()
            if k.lower() in (b"traceparent", b"tracestate")
        }
        parent = extract(carrier)
        method = scope.get("method", "GET")
        status_holder = {"status": 500}
        started = time.perf_counter()
        rid_token = request_id_var.set(request_id)
        cid_token = correlation_id_var.set(correlation_id)

        async def send_with_ids(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status_holder["status"] = int(message["status"])
                headers = [
                    (k, v)
                    for k, v in message.get("headers") or []
                    if k.lower() not in (b"x-request-id", b"x-correlation-id")
                ]
                headers.append((b"x-request-id", request_id.encode()))
                headers.append((b"x-correlation-id", correlation_id.encode()))
                message["headers"] = headers
            await send(message)

        with self.tracer.start_as_current_span(
            f"{method} {scope.get('path', '')}", context=parent, kind=SpanKind.SERVER
        ) as span:
            span_ctx = span.get_span_context()
            trace_id = format(span_ctx.trace_id, "032x") if span_ctx.is_valid else None
            structlog.contextvars.bind_contextvars(
                request_id=request_id, correlation_id=correlation_id, trace_id=trace_id
            )
            try:
                await self.app(scope, receive, send_with_ids)
            finally:
                route = scope.get("path_template") or "<unmatched>"
                status = status_holder["status"]
                elapsed = time.perf_counter() - started
                span.update_name(f"{method} {route}")
                span.set_attribute("http.request.method", method)
                span.set_attribute("http.route", route)
                span.set_attribute("http.response.status_code", status)
                span.set_attribute("lifeboat.request_id", request_id)
                if status >= 500:
                    span.set_status(Status(StatusCode.ERROR))
                self.metrics.observe(method=method, route=route, status=status, seconds=elapsed)
                if route not in ("/health", "/metrics"):
                    log.info(
                        "http_request",
                        method=method,
                        route=route,
                        path=scope.get("path"),
                        status=status,
                        duration_ms=round(elapsed * 1000, 2),
                    )
                structlog.contextvars.clear_contextvars()
                request_id_var.reset(rid_token)
                correlation_id_var.reset(cid_token)
