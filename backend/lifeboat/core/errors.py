"""Domain errors and their one mapping to RFC 9457 ``application/problem+json``.

Services raise ``DomainError`` subclasses; ``problem_exception_handler`` is the only code
that turns an exception into an error response, so every 4xx/5xx looks the same and
nothing internal (stack traces, SQL, secrets) leaks to a client.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
import msgspec
import structlog
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec

from lifeboat.core.context import request_ids_from_scope

PROBLEM_MEDIA_TYPE = "application/problem+json"
_URN = "urn:lifeboat:error:"

log = structlog.get_logger(__name__)


class FieldError(msgspec.Struct, frozen=True):
    """One invalid input field: a dotted/JSON path and what is wrong with it."""

    field: str
    message: str


class GateProblem(msgspec.Struct, frozen=True, kw_only=True):
    """A preflight safety gate that refused a request: its stable ``type`` URN
    (``urn:lifeboat:error:gate:<name>``), its name and what it found."""

    type: str
    name: str
    detail: str


class Problem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """RFC 9457 problem details, plus the request id so a report can be traced."""

    type: str
    title: str
    status: int
    detail: str
    request_id: str
    errors: list[FieldError] = msgspec.field(default_factory=list)
    holder: str | None = None
    gates: list[GateProblem] = msgspec.field(default_factory=list)


class DomainError(Exception):
    """Base of every error a service raises on purpose."""

    status_code = 400
    code = "bad-request"
    title = "Bad request"

    def __init__(
        self,
        detail: str,
        *,
        errors: Sequence[FieldError] = (),
        headers: Mapping[str, str] | None = None,
        holder: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.errors = list(errors)
        self.headers = dict(headers or {})
        self.holder = holder


class InvalidInput(DomainError):
    status_code = 400
    code = "validation"
    title = "Invalid input"


class Unauthenticated(DomainError):
    status_code = 401
    code = "unauthenticated"
    title = "Authentication required"


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"
    title = "Forbidden"


class NotFound(DomainError):
    status_code = 404
    code = "not-found"
    title = "Not found"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"
    title = "Conflict"


class ScopeLocked(Conflict):
    code = "scope-locked"
    title = "Scope is locked by another job"


class PreconditionFailed(DomainError):
    status_code = 412
    code = "precondition-failed"
    title = "Precondition failed"

    def __init__(self, detail: str, *, gates: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(detail, **kwargs)
        # (name, detail) of each failing preflight gate, in plan order
        self.gates = [GateProblem(type=gate_type(name), name=name, detail=text) for name, text in gates]


def gate_type(name: str) -> str:
    """The stable ``type`` URN of a failing preflight gate."""
    return f"{_URN}gate:{name}"


class Unprocessable(DomainError):
    status_code = 422
    code = "unprocessable"
    title = "Unprocessable request"


class RateLimited(DomainError):
    status_code = 429
    code = "rate-limited"
    title = "Too many requests"


class UpstreamFailed(DomainError):
    status_code = 502
    code = "upstream-failed"
    title = "Upstream dependency failed"


class Unavailable(DomainError):
    status_code = 503
    code = "unavailable"
    title = "Service unavailable"


# Stable codes for framework-raised HTTP errors.
_HTTP_CODES: dict[int, tuple[str, str]] = {
    400: ("validation", "Invalid input"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Forbidden"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    409: ("conflict", "Conflict"),
    413: ("payload-too-large", "Request body too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
    422: ("unprocessable", "Unprocessable request"),
    429: ("rate-limited", "Too many requests"),
    500: ("internal", "Internal server error"),
    503: ("unavailable", "Service unavailable"),
}


def error_type(code: str) -> str:
    """The stable ``type`` URN for an error code."""
    return _URN + code


def problem_response(
    request: Request[Any, Any, Any],
    *,
    status: int,
    code: str,
    title: str,
    detail: str,
    errors: Sequence[FieldError] = (),
    headers: Mapping[str, str] | None = None,
    holder: str | None = None,
    gates: Sequence[GateProblem] = (),
) -> Response[Problem]:
    """Build the one problem+json response shape."""
    request_id, _ = request_ids_from_scope(request.scope)
    body = Problem(
        type=error_type(code),
        title=title,
        status=status,
        detail=detail,
        request_id=request_id,
        errors=list(errors),
        holder=holder,
        gates=list(gates),
    )
    return Response(
        content=body,
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=dict(headers or {}),
    )


def _validation_errors(exc: ValidationException) -> list[FieldError]:
    out: list[FieldError] = []
    extra = exc.extra
    if isinstance(extra, list):
        for item in extra:
            if isinstance(item, Mapping):
                key = str(item.get("key") or item.get("source") or "body")
                message = str(item.get("message", "invalid value"))
                out.append(FieldError(field=key, message=message))
    return out


def _detail_for_validation(exc: ValidationException, errors: list[FieldError]) -> str:
    if errors:
        return "; ".join(f"{e.field}: {e.message}" for e in errors)
    return str(exc.detail) if exc.detail else "The request is not valid."


def _malformed_body_detail(exc: Exception) -> str | None:
    """What is wrong with a request body that the JSON decoders (msgspec in the handlers, the
    standard library in ``core.json_body``) could not read at all, or None for other errors."""
    if isinstance(exc, UnicodeDecodeError):
        return "The request body is not valid UTF-8; JSON must be sent as UTF-8."
    if isinstance(exc, RecursionError) and any(marker in str(exc) for marker in _DECODER_RECURSION):
        return "The JSON body is nested too deeply."
    return None


# How msgspec and the standard library's json name a recursion limit hit while decoding.
_DECODER_RECURSION = ("while deserializing", "while decoding a JSON")


def problem_exception_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[Problem]:
    """Map any exception to problem+json; unknown exceptions become an opaque 500."""
    if isinstance(exc, DomainError):
        return problem_response(
            request,
            status=exc.status_code,
            code=exc.code,
            title=exc.title,
            detail=exc.detail,
            errors=exc.errors,
            headers=exc.headers,
            holder=exc.holder,
            gates=exc.gates if isinstance(exc, PreconditionFailed) else (),
        )
    if isinstance(exc, ValidationException):
        errors = _validation_errors(exc)
        return problem_response(
            request,
            status=400,
            code="validation",
            title="Invalid input",
            detail=_detail_for_validation(exc, errors),
            errors=errors,
        )
    if isinstance(exc, asyncpg.exceptions.DataError):
        # The database refused a value (a NUL byte in text, an out-of-range number…): bad input.
        log.info("input_refused_by_database", sqlstate=exc.sqlstate, error=type(exc).__name__)
        return problem_response(
            request,
            status=400,
            code="validation",
            title="Invalid input",
            detail="A value in the request cannot be stored (for example a NUL character in a text field).",
        )
    malformed = _malformed_body_detail(exc)
    if malformed is not None:
        # Invalid UTF-8 or 100,000 '[': bad input, never a 500 (and no traceback in the log).
        log.info("request_body_malformed", error=type(exc).__name__)
        return problem_response(
            request, status=400, code="validation", title="Invalid input", detail=malformed
        )
    if isinstance(exc, HTTPException):
        status = exc.status_code
        code, title = _HTTP_CODES.get(status, ("http-error", "HTTP error"))
        detail = str(exc.detail) if exc.detail else title
        if status >= 500:
            log.error("http_error", status=status, error=type(exc).__name__)
            detail = "The server could not complete the request."
        headers = {k: v for k, v in (exc.headers or {}).items() if k.lower() in {"allow", "retry-after"}}
        return problem_response(
            request, status=status, code=code, title=title, detail=detail, headers=headers
        )
    log.exception("unhandled_error", error=type(exc).__name__)
    return problem_response(
        request,
        status=500,
        code="internal",
        title="Internal server error",
        detail="The server could not complete the request. Quote the request id when reporting it.",
    )


def problem_responses(*statuses: int) -> dict[int, ResponseSpec]:
    """OpenAPI declarations of the problem responses a route may return."""
    descriptions = {s: t for s, (_, t) in _HTTP_CODES.items()}
    descriptions.update({412: "Precondition failed", 502: "Upstream dependency failed"})
    return {
        status: ResponseSpec(
            data_container=Problem,
            description=descriptions.get(status, "Error"),
            media_type=PROBLEM_MEDIA_TYPE,
            generate_examples=False,
        )
        for status in statuses
    }
