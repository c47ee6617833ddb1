"""structlog configuration: JSON lines with request context and a redaction processor.

The redaction processor runs last before rendering, on every event (ours and the stdlib
loggers' routed through structlog), so a secret that reaches a log call is removed anyway:
credentials by key name and value shape, the userinfo of any URL, and, in the lines of the
HTTP client loggers (httpx, httpcore, which log full request URLs), every URL's path and query
(webhook URLs are secrets). Those loggers are also kept at WARNING.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping, MutableMapping
from typing import Any, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from lifeboat.core.outbound import redact_urls_in

REDACTED = "[REDACTED]"
_SECRET_KEYS = re.compile(
    r"(authorization|password|passwd|secret|token|cookie|api[_-]?key|session|csrf|credential|private[_-]?key)",
    re.IGNORECASE,
)
# Values that are secrets whatever key they sit under.
_SECRET_VALUES = (
    re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=\-]+"),
    re.compile(r"\blb_[A-Za-z0-9_\-]{8,}"),
    re.compile(r"(?i)(password|secret|token)=([^\s&;]+)"),
)
# Loggers that write request URLs: their URLs lose path and query too.
_HTTP_CLIENT_LOGGERS = ("httpx", "httpcore")
# Keys that look secret by name but hold ids we want in every line.
_ALLOWED_KEYS = frozenset(
    {"request_id", "correlation_id", "trace_id", "token_id", "token_prefix", "session_ttl_s"}
)


def _scrub_text(value: str, *, urls: bool = False) -> str:
    value = redact_urls_in(value, keep_paths=not urls)
    for pattern in _SECRET_VALUES:
        value = pattern.sub(lambda m: (m.group(1) + " " if m.lastindex else "") + REDACTED, value)
    return value


def redact(value: Any, key: str | None = None, *, urls: bool = False) -> Any:
    """Return ``value`` with secrets removed (by key name and by value shape), recursively;
    ``urls``: also reduce every URL to scheme + host + ``/…`` (HTTP client log lines)."""
    if key is not None and key not in _ALLOWED_KEYS and _SECRET_KEYS.search(key):
        return REDACTED
    if isinstance(value, str):
        return _scrub_text(value, urls=urls)
    if isinstance(value, Mapping):
        return {k: redact(v, str(k), urls=urls) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, urls=urls) for v in value]
    if isinstance(value, bytes):
        return _scrub_text(value.decode("utf-8", "replace"), urls=urls)
    return value


def _is_http_client_logger(name: object) -> bool:
    return isinstance(name, str) and any(
        name == prefix or name.startswith(prefix + ".") for prefix in _HTTP_CLIENT_LOGGERS
    )


def redaction_processor(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog processor: redact every field of the event (URLs fully in HTTP client lines)."""
    urls = _is_http_client_logger(event_dict.get("logger"))
    return {k: redact(v, k if k != "event" else None, urls=urls) for k, v in event_dict.items()}


def _add_principal(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    event_dict.setdefault("principal_id", None)
    return event_dict


def configure_logging(level: str = "info", fmt: str = "json", stream: TextIO | None = None) -> None:
    """Configure structlog and route stdlib logging through the same processors."""
    out = stream or sys.stdout
    shared: list[Processor] = [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_principal,
        structlog.processors.format_exc_info,
    ]
    renderer: Processor = (
        structlog.processors.JSONRenderer() if fmt == "json" else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[*shared, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=False,
    )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=shared,
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            redaction_processor,
            renderer,
        ],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    for existing in list(root.handlers):
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("uvicorn.access", "botocore", "aiobotocore", "urllib3", "asyncio", "nats", "piccolo"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
    # They log every request URL at INFO/DEBUG (a webhook URL is a secret): WARNING and up only,
    # and their lines are redacted URL by URL anyway.
    for client in _HTTP_CLIENT_LOGGERS:
        logging.getLogger(client).setLevel(max(logging.WARNING, root.level))
    logging.getLogger("uvicorn.error").setLevel(root.level)


def bind_principal(principal_id: str | None, tenant_id: str | None = None) -> None:
    """Add the authenticated principal (and tenant, when scoped) to every later log line."""
    values: MutableMapping[str, Any] = {"principal_id": principal_id}
    if tenant_id is not None:
        values["tenant_id"] = tenant_id
    structlog.contextvars.bind_contextvars(**values)
