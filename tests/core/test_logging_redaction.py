"""The redaction processor removes secrets from every log line, ours and the stdlib loggers'."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import structlog

from lifeboat.core.logging import REDACTED, configure_logging
from tests.conftest import ADMIN_PASSWORD, bearer_token

_TUNED_LOGGERS = (
    "uvicorn.access",
    "uvicorn.error",
    "botocore",
    "aiobotocore",
    "urllib3",
    "asyncio",
    "nats",
    "httpx",
    "httpcore",
)


@contextlib.contextmanager
def capture_logs(level: str = "info") -> Iterator[io.StringIO]:
    """Route every log line (structlog and stdlib) as JSON into a buffer; restore the config after.

    The previous configuration (structlog's, the root logger's handlers and the levels
    ``configure_logging`` tunes) is put back exactly, so other tests see what they saw before.
    """
    saved_structlog = structlog.get_config()
    root = logging.getLogger()
    saved_handlers = list(root.handlers)
    saved_level = root.level
    saved_levels = {name: logging.getLogger(name).level for name in _TUNED_LOGGERS}
    buffer = io.StringIO()
    configure_logging(level=level, fmt="json", stream=buffer)
    try:
        yield buffer
    finally:
        structlog.contextvars.clear_contextvars()
        structlog.configure(**saved_structlog)
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved_handlers:
            root.addHandler(handler)
        root.setLevel(saved_level)
        for name, value in saved_levels.items():
            logging.getLogger(name).setLevel(value)


def log_lines(buffer: io.StringIO) -> list[dict[str, Any]]:
    """Every captured line, parsed (each line must be one JSON object)."""
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


SECRETS = (
    "abc.def.ghi",
    "lb_SECRETSECRETSECRET",
    "hunter2",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "xyz123",
    "lb_abcdefghijklmnop",
    "sts-session-token-value",
)


def test_structlog_event_is_redacted_but_ids_are_kept() -> None:
    with capture_logs() as buffer:
        structlog.contextvars.bind_contextvars(
            request_id="req-keep-1", correlation_id="corr-keep-1", trace_id="0af7651916cd43dd8448eb211c80319c"
        )
        structlog.get_logger("lifeboat.test").info(
            "calling upstream with Authorization: Bearer xyz123 and key lb_abcdefghijklmnop",
            authorization="Bearer abc.def.ghi",
            token="lb_SECRETSECRETSECRET",
            password="hunter2",
            upstream={
                "region": "eu-west-1",
                "credentials": {"access_key_id": "AKIDEXAMPLE"},
                "sts": {
                    "secret_access_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    "session_token": "sts-session-token-value",
                },
            },
            token_id="tok-id-visible",
            url="https://example.test/cb?password=hunter2&x=1",
        )
    output = buffer.getvalue()
    for secret in SECRETS:
        assert secret not in output, f"{secret!r} leaked into the log: {output}"
    assert REDACTED in output
    (line,) = log_lines(buffer)
    assert line["request_id"] == "req-keep-1"
    assert line["correlation_id"] == "corr-keep-1"
    assert line["trace_id"] == "0af7651916cd43dd8448eb211c80319c"
    assert line["token_id"] == "tok-id-visible"
    assert line["authorization"] == REDACTED
    assert line["password"] == REDACTED
    assert line["upstream"]["region"] == "eu-west-1"
    assert "Bearer" in line["event"]
    assert "xyz123" not in line["event"]


def test_stdlib_logging_is_redacted_too() -> None:
    with capture_logs() as buffer:
        structlog.contextvars.bind_contextvars(request_id="req-keep-2", correlation_id="corr-keep-2")
        stdlib = logging.getLogger("thirdparty.client")
        stdlib.warning(
            "retrying request: headers=%s token=%s password=%s",
            {"Authorization": "Bearer abc.def.ghi"},
            "lb_SECRETSECRETSECRET",
            "hunter2",
        )
        stdlib.info("raw header line: Authorization: Bearer xyz123 (key lb_abcdefghijklmnop)")
        try:
            raise RuntimeError("upstream said: invalid token lb_abcdefghijklmnop for Bearer xyz123")
        except RuntimeError:
            stdlib.exception("request failed")
    output = buffer.getvalue()
    for secret in SECRETS:
        assert secret not in output, f"{secret!r} leaked into the log: {output}"
    lines = log_lines(buffer)
    assert len(lines) == 3
    assert all(REDACTED in json.dumps(line) for line in lines)
    assert all(line["request_id"] == "req-keep-2" for line in lines)
    assert all(line["correlation_id"] == "corr-keep-2" for line in lines)
    assert lines[0]["logger"] == "thirdparty.client"


WEBHOOK = "https://user:pw@hooks.example.com/T000/B000/XXXXSECRET?token=abc"
WEBHOOK_PARTS = ("XXXXSECRET", "T000/B000", "token=abc", "user:pw")


def test_http_client_loggers_are_quiet_and_their_urls_are_redacted_anyway() -> None:
    with capture_logs() as buffer:
        # configure_logging keeps the HTTP client loggers (which log every request URL) at WARNING.
        assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
        assert logging.getLogger("httpcore").getEffectiveLevel() >= logging.WARNING
        assert logging.getLogger("httpcore.connection").getEffectiveLevel() >= logging.WARNING
        logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 200 OK"', WEBHOOK)
        assert buffer.getvalue() == ""
        # Turned up by hand (or a debug run), the lines still lose every URL's path and query.
        logging.getLogger("httpx").setLevel(logging.INFO)
        logging.getLogger("httpcore.http11").setLevel(logging.DEBUG)
        logging.getLogger("httpx").info('HTTP Request: POST %s "HTTP/1.1 503 Service Unavailable"', WEBHOOK)
        logging.getLogger("httpcore.http11").debug("send_request_headers.started request=%s", WEBHOOK)
        # Any logger: the userinfo of a URL is removed (paths of our own lines stay readable).
        logging.getLogger("lifeboat.test").warning("delivering to %s", WEBHOOK)
        structlog.get_logger("lifeboat.test").info("webhook_configured", url=WEBHOOK)
    output = buffer.getvalue()
    lines = log_lines(buffer)
    assert len(lines) == 4, output
    assert (
        lines[0]["event"]
        == 'HTTP Request: POST https://hooks.example.com/… "HTTP/1.1 503 Service Unavailable"'
    )
    assert lines[1]["event"] == "send_request_headers.started request=https://hooks.example.com/…"
    assert "user:pw" not in lines[2]["event"]
    assert "hooks.example.com" in lines[2]["event"]
    assert "user:pw" not in json.dumps(lines[3])
    for part in WEBHOOK_PARTS[:3]:
        assert part not in json.dumps(lines[:2]), f"{part!r} leaked from an HTTP client logger"
    assert "user:pw" not in output


async def test_requests_with_credentials_leave_no_secret_in_the_logs(
    client: httpx.AsyncClient, admin_user: str
) -> None:
    with capture_logs(level="debug") as buffer:
        admin_secret = await bearer_token("admin", name="redaction-admin")
        headers = {"Authorization": f"Bearer {admin_secret}"}
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
        created = await client.post(
            "/api/v1/tokens",
            json={"name": "minted-in-test", "role": "viewer", "reason": "redaction test"},
            headers=headers,
        )
        assert created.status_code == 201, created.text
        minted_secret = created.json()["secret"]
        wrong = await client.post(
            "/api/v1/auth/login", json={"username": "admin", "password": "wrong-Pa55word-xyz"}
        )
        assert wrong.status_code == 401
        login = await client.post(
            "/api/v1/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}
        )
        assert login.status_code == 200, login.text
        session_cookie = login.cookies.get("lifeboat_session")
        assert session_cookie
        assert (await client.get("/api/v1/auth/me")).status_code == 200
        client.cookies.clear()
        # An unauthenticated request with a bogus bearer must not echo it into the log either.
        bogus = await client.get("/api/v1/auth/me", headers={"Authorization": "Bearer lb_bogusbogusbogus99"})
        assert bogus.status_code == 401
    output = buffer.getvalue()
    routes = {line.get("route") for line in log_lines(buffer) if line.get("event") == "http_request"}
    assert {"/api/v1/auth/me", "/api/v1/tokens", "/api/v1/auth/login"} <= routes, output
    for secret in (admin_secret, minted_secret, ADMIN_PASSWORD, "wrong-Pa55word-xyz", session_cookie):
        assert secret not in output, "a credential reached the log output"
    assert "lb_bogusbogusbogus99" not in output
