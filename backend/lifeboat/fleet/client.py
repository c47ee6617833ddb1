"""The service-protocol client: what Lifeboat calls on a managed service (see ``fleet.protocol``).

Every call has its own hard timeout (connect + send + answer, whole), and every failure is one
typed ``ServiceCallError`` whose ``kind`` says what happened:

- ``timeout``: no complete answer within the call's timeout;
- ``refused``: no connection (refused, reset, DNS failure, TLS failure);
- ``http``: an answer with an unexpected status (a 3xx included: redirects are not followed);
- ``protocol``: a 2xx answer whose body does not match the protocol, or an answer that is not HTTP;
- ``policy``: the outbound URL policy (``core.outbound``) refused the destination before any
  connection was made.

Connections go through ``core.outbound``: the base URL's host is resolved once, every address is
checked against the policy, and only a vetted address is connected to, so the shared bearer
secret (sent on ``/admin/*`` only) reaches only destinations the policy allows. It never appears
in an error, a repr or a log line. Error texts are our own words: ``public_text`` is what a
viewer sees (``unreachable``, ``timeout``, ``bad-response``, ``refused-by-policy``, with the
status code or the policy's reason), never the service's answer or a parser's message.
"""

from __future__ import annotations

import asyncio
import time
from types import TracebackType
from typing import Literal, TypeVar
from urllib.parse import quote

import httpx
import msgspec
from prometheus_client.parser import text_string_to_metric_families

from lifeboat.core.outbound import OutboundErrorClass, OutboundPolicy, OutboundRefused, outbound_client
from lifeboat.fleet.protocol import ReloadAck, ServiceState, TenantAck

CallErrorKind = Literal["timeout", "refused", "http", "protocol", "policy"]
Operation = Literal["health", "ready", "metrics", "state", "drain", "resume", "reload"]
DEFAULT_TIMEOUT_S = 2.0
_MAX_DETAIL = 300
_REDACTED = "[redacted]"

T = TypeVar("T")


_CLASSES: dict[str, OutboundErrorClass] = {
    "timeout": "timeout",
    "refused": "unreachable",
    "http": "bad-response",
    "protocol": "bad-response",
    "policy": "refused-by-policy",
}


class ServiceCallError(Exception):
    """A call to a managed service failed; ``kind`` is timeout, refused, http, protocol or policy."""

    def __init__(
        self,
        service: str,
        operation: str,
        kind: CallErrorKind,
        detail: str,
        *,
        status_code: int | None = None,
    ) -> None:
        self.service = service
        self.operation = operation
        self.kind: CallErrorKind = kind
        self.detail = detail
        self.status_code = status_code
        super().__init__(f"{service}: {operation} failed ({kind}): {detail}")

    @property
    def classification(self) -> OutboundErrorClass:
        """What a viewer is told: unreachable, timeout, bad-response or refused-by-policy."""
        return _CLASSES[self.kind]

    @property
    def public_text(self) -> str:
        """``<operation>: <classification> (<our words>)``: safe for any viewer."""
        return f"{self.operation}: {self.classification} ({self.detail})"


class BuildInfo(msgspec.Struct, frozen=True, kw_only=True):
    """The ``*_build_info{service,version,git_sha} 1`` sample of a service's ``/metrics``."""

    service: str
    version: str
    git_sha: str


class _StatusBody(msgspec.Struct, frozen=True):
    status: str


def parse_build_info(text: str, service: str | None = None) -> BuildInfo | None:
    """The build info sample of a Prometheus text exposition (the one naming ``service`` when
    several do), or None when there is none. Raises ``ValueError`` on unparseable text."""
    found: list[BuildInfo] = []
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if not sample.name.endswith("_build_info") or sample.value != 1:
                continue
            labels = sample.labels
            if {"service", "version", "git_sha"} <= labels.keys():
                found.append(
                    BuildInfo(service=labels["service"], version=labels["version"], git_sha=labels["git_sha"])
                )
    for info in found:
        if info.service == service:
            return info
    return found[0] if found else None


class ServiceClient:
    """Speak the service protocol to one managed service.

    Pass a shared ``httpx.AsyncClient`` (``http``, built with ``core.outbound.outbound_client``)
    to pool connections across services (the caller closes it); without one the client owns a
    policy-checked one (``outbound``: the strict default when omitted) and closes it on
    ``aclose()`` / ``async with``.
    """

    def __init__(
        self,
        service: str,
        base_url: str,
        *,
        secret: str | None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        http: httpx.AsyncClient | None = None,
        outbound: OutboundPolicy | None = None,
    ) -> None:
        if timeout_s <= 0:
            raise ValueError("timeout_s must be positive")
        self.service = service
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s
        self._secret = secret or None
        self._owns_http = http is None
        self._http = http if http is not None else outbound_client(outbound or OutboundPolicy())

    def __repr__(self) -> str:
        return f"ServiceClient(service={self.service!r}, base_url={self.base_url!r})"

    async def aclose(self) -> None:
        """Close the HTTP client when this object owns it."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> ServiceClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    # --- the protocol -------------------------------------------------------------------------

    async def health(self) -> str:
        """``GET /health``: returns the status (``"ok"``); a non-2xx answer is an ``http`` error."""
        response = await self._call("health", "GET", "/health")
        self._expect_2xx("health", response)
        status = self._decode("health", response, _StatusBody).status
        if status != "ok":
            raise self._error("health", "http", "health status is not ok", response.status_code)
        return status

    async def ready(self) -> bool:
        """``GET /ready``: True when 200, False when 503 (not ready is an answer, not an error)."""
        response = await self._call("ready", "GET", "/ready")
        if response.status_code == 503:
            return False
        self._expect_2xx("ready", response)
        return True

    async def metrics(self) -> BuildInfo:
        """``GET /metrics``: the service's build info sample (``protocol`` error when missing)."""
        response = await self._call("metrics", "GET", "/metrics")
        self._expect_2xx("metrics", response)
        try:
            info = parse_build_info(response.text, self.service)
        except ValueError:
            # Never the parser's message: it quotes the answer.
            raise self._error("metrics", "protocol", "not Prometheus text") from None
        if info is None:
            raise self._error("metrics", "protocol", "no *_build_info{service,version,git_sha} 1 sample")
        return info

    async def state(self) -> ServiceState:
        """``GET /admin/state``: identity, effective config revisions and per-tenant work."""
        response = await self._call("state", "GET", "/admin/state", admin=True)
        self._expect_2xx("state", response)
        return self._decode("state", response, ServiceState)

    async def drain(self, tenant: str) -> TenantAck:
        """``POST /admin/tenants/{tenant}/drain``: stop acquiring work for the tenant (idempotent)."""
        response = await self._call(
            "drain", "POST", f"/admin/tenants/{quote(tenant, safe='')}/drain", admin=True
        )
        self._expect_2xx("drain", response)
        return self._decode("drain", response, TenantAck)

    async def resume(self, tenant: str) -> TenantAck:
        """``POST /admin/tenants/{tenant}/resume``: acquire the tenant's work again (idempotent)."""
        response = await self._call(
            "resume", "POST", f"/admin/tenants/{quote(tenant, safe='')}/resume", admin=True
        )
        self._expect_2xx("resume", response)
        return self._decode("resume", response, TenantAck)

    async def reload(self) -> ReloadAck:
        """``POST /admin/reload``: re-read the placement maps now; the revisions applied."""
        response = await self._call("reload", "POST", "/admin/reload", admin=True)
        self._expect_2xx("reload", response)
        return self._decode("reload", response, ReloadAck)

    # --- plumbing -----------------------------------------------------------------------------

    async def _call(
        self, operation: Operation, method: str, path: str, *, admin: bool = False
    ) -> httpx.Response:
        headers = {"Accept": "application/json" if path != "/metrics" else "text/plain"}
        if admin:
            if self._secret is None:
                raise self._error(operation, "refused", "no fleet secret configured")
            headers["Authorization"] = f"Bearer {self._secret}"
        url = self.base_url + path
        started = time.monotonic()
        try:
            # asyncio.timeout bounds the whole call; httpx's timeout alone is per phase.
            async with asyncio.timeout(self.timeout_s):
                response = await self._http.request(method, url, headers=headers, timeout=self.timeout_s)
                await response.aread()
        except OutboundRefused as exc:
            # Refused before any connection: the secret never left.
            raise self._error(operation, "policy", exc.detail) from None
        except httpx.InvalidURL:
            raise self._error(operation, "policy", "the base URL is not a valid URL") from None
        except (TimeoutError, httpx.TimeoutException):
            elapsed = time.monotonic() - started
            raise self._error(
                operation, "timeout", f"no answer within {self.timeout_s:g}s (gave up after {elapsed:.2f}s)"
            ) from None
        except httpx.ConnectError:
            raise self._error(operation, "refused", "cannot connect") from None
        except httpx.TransportError as exc:
            # Never the exception's text: httpcore quotes what the peer sent.
            if isinstance(exc, httpx.ProtocolError):
                raise self._error(operation, "protocol", "the answer is not valid HTTP") from None
            raise self._error(operation, "refused", f"connection failed ({type(exc).__name__})") from None
        return response

    def _expect_2xx(self, operation: Operation, response: httpx.Response) -> None:
        if 200 <= response.status_code < 300:
            return
        # The status only, never the body (whoever answers, its content stays out of our texts).
        detail = f"HTTP {response.status_code}"
        if 300 <= response.status_code < 400:
            detail += ": redirects are not followed"
        raise self._error(operation, "http", detail, response.status_code)

    def _decode(self, operation: Operation, response: httpx.Response, shape: type[T]) -> T:
        try:
            return msgspec.json.decode(response.content, type=shape)
        except (msgspec.DecodeError, msgspec.ValidationError):
            raise self._error(
                operation, "protocol", "the answer does not follow the service protocol", response.status_code
            ) from None

    def _error(
        self, operation: str, kind: CallErrorKind, detail: str, status_code: int | None = None
    ) -> ServiceCallError:
        if self._secret:
            detail = detail.replace(self._secret, _REDACTED)
        text = detail if len(detail) <= _MAX_DETAIL else detail[: _MAX_DETAIL - 1] + "…"
        return ServiceCallError(self.service, operation, kind, text, status_code=status_code)
