"""Request context: request/correlation ids, the client address, and the ASGI middleware that
sets them.

The middleware wraps the whole Litestar handler (routing included), so 404s and 405s get
ids, a span, a metric sample and an access-log line like every other response.

The client address of a request is decided here and nowhere else: the connection's peer, or
the address a trusted proxy (``LIFEBOAT_TRUSTED_PROXIES``) put in ``X-Forwarded-For``. Login
throttling, audit rows and logs all read it from here.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import MutableMapping, Sequence
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
_CLIENT_STATE_KEY = "lifeboat.client"
UNKNOWN_CLIENT = "unknown"

IpNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
correlation_id_var: ContextVar[str | None] = ContextVar("correlation_id", default=None)
client_address_var: ContextVar[str | None] = ContextVar("client_address", default=None)

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


def parse_trusted_proxies(raw: str) -> tuple[IpNetwork, ...]:
    """``LIFEBOAT_TRUSTED_PROXIES``: comma-separated IP addresses or CIDRs (empty: trust none).

    Raises ``ValueError`` naming the first entry that is neither.
    """
    networks: list[IpNetwork] = []
    for entry in raw.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(f"{entry!r} is not an IP address or CIDR") from exc
    return tuple(networks)


def _ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(
    address: ipaddress.IPv4Address | ipaddress.IPv6Address | None, trusted: Sequence[IpNetwork]
) -> bool:
    return address is not None and any(address in network for network in trusted)


def _forwarded_for(scope: Scope) -> list[str]:
    hops: list[str] = []
    for key, value in scope.get("headers") or ():
        if key.lower() == b"x-forwarded-for":
            hops.extend(part.strip() for part in bytes(value).decode("latin-1").split(","))
    return [hop for hop in hops if hop]


def resolve_client_address(scope: Scope, trusted_proxies: Sequence[IpNetwork]) -> str:
    """The client address of a request: the peer, unless the peer is a trusted proxy.

    Behind trusted proxies, ``X-Forwarded-For`` is read from the right (each proxy appends the
    address it saw) and the first hop that is not itself a trusted proxy is the client; what
    the client wrote further left is never believed. From an untrusted peer the header is
    ignored entirely, so a client cannot choose the address it is counted under.
    """
    peer = scope.get("client")
    peer_host = str(peer[0]) if peer else ""
    peer_ip = _ip(peer_host)
    client = str(peer_ip) if peer_ip is not None else (peer_host[:64] or UNKNOWN_CLIENT)
    if not _trusted(peer_ip, trusted_proxies):
        return client
    for hop in reversed(_forwarded_for(scope)):
        hop_ip = _ip(hop)
        if hop_ip is None:
            break  # garbage where a proxy would have written an address: stop at the last proxy
        client = str(hop_ip)
        if not _trusted(hop_ip, trusted_proxies):
            break
    return client


def client_address_from_scope(scope: Scope, trusted_proxies: Sequence[IpNetwork] = ()) -> str:
    """The client address of a request (decided once per request by the middleware)."""
    state = scope.setdefault("state", {})
    address = state.get(_CLIENT_STATE_KEY)
    if address is None:
        address = resolve_client_address(scope, trusted_proxies)
        state[_CLIENT_STATE_KEY] = address
    return str(address)


def current_client_address() -> str | None:
    """The client address of the request being served (None outside a request)."""
    return client_address_var.get()


def current_request_id() -> str | None:
    """The request id of the request being served (None outside a request)."""
    return request_id_var.get()


def current_correlation_id() -> str | None:
    """The correlation id of the request being served (None outside a request)."""
    return correlation_id_var.get()


class RequestObservabilityMiddleware:
    """Ids, a server span, HTTP metrics and one access-log line per request."""

    def __init__(self, app: Any, metrics: HttpMetrics, trusted_proxies: Sequence[IpNetwork] = ()) -> None:
        self.app = app
        self.metrics = metrics
        self.trusted_proxies = tuple(trusted_proxies)
        self.tracer = trace.get_tracer("lifeboat.http")

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id, correlation_id = request_ids_from_scope(scope)
        client_address = client_address_from_scope(scope, self.trusted_proxies)
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
        client_token = client_address_var.set(client_address)

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
                request_id=request_id, correlation_id=correlation_id, trace_id=trace_id, client=client_address
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
                client_address_var.reset(client_token)
