"""Typed settings, loaded once from ``LIFEBOAT_*`` environment variables and passed down.

No module reads the environment at import time: ``load_settings()`` is called by the CLI
(or a test) and the resulting frozen object is handed to ``create_app`` and the worker.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import msgspec

from lifeboat.core.context import parse_trusted_proxies

LogFormat = Literal["json", "console"]


class SettingsError(ValueError):
    """A ``LIFEBOAT_*`` variable has a value that cannot be used."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every knob of a Lifeboat process. Field docs are the README's settings table."""

    environment: str = "dev"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "postgresql://postgres@127.0.0.1:5432/lifeboat"
    database_pool_size: int = 10
    nats_url: str = "nats://127.0.0.1:4222"
    s3_endpoint_url: str | None = None
    s3_region: str = "us-east-1"
    s3_bucket: str = "lifeboat"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    sts_endpoint_url: str | None = None
    sts_role_arn: str | None = None
    restore_credentials_duration_s: int = 900
    restore_credentials_rate_limit: int = 30
    restore_credentials_rate_window_s: int = 60
    restore_evidence_max_bytes: int = 10 * 1024 * 1024
    restore_sweep_interval_s: float = 300.0
    restore_webhook_timeout_s: float = 5.0
    restore_webhook_max_attempts: int = 5
    restore_webhook_backoff_s: float = 2.0
    session_secret: str = ""
    session_ttl_s: int = 8 * 3600
    # None = automatic: Secure cookies unless the app listens on loopback only.
    cookie_secure: bool | None = None
    login_max_failures: int = 5
    login_max_failures_per_user: int = 50
    login_window_s: int = 300
    # Comma-separated proxy addresses/CIDRs whose X-Forwarded-For is believed (empty: none).
    trusted_proxies: str = ""
    # Comma-separated CIDRs/hosts outbound calls (fleet probes, webhooks) may reach besides
    # public addresses; link-local/metadata is always refused. `lifeboat dev` adds loopback.
    outbound_allow: str = ""
    # `file:` repository password references must resolve inside this directory.
    secrets_dir: str | None = None
    # HMAC key of the audit chain (kept outside the database, >= 32 characters). `lifeboat dev`
    # keeps one in the dev dir; without one serve/worker refuse to start outside dev/test (there
    # the chain is keyed by an ephemeral key, with a warning).
    audit_key: str | None = None
    audit_checkpoint_rows: int = 100
    audit_checkpoint_interval_s: float = 300.0
    oidc_jwks_url: str | None = None
    oidc_issuer: str | None = None
    oidc_audience: str | None = None
    oidc_role_claim: str = "roles"
    log_level: str = "info"
    log_format: LogFormat = "json"
    otlp_endpoint: str | None = None
    max_body_bytes: int = 1_048_576
    spa_dir: str | None = None
    dev_dir: str = ".lifeboat"
    dev_root_token: str | None = None
    git_sha: str = "unknown"
    ready_timeout_s: float = 2.0
    sse_heartbeat_s: float = 15.0
    fleet_secret: str | None = None
    fleet_probe_timeout_s: float = 2.0
    placement_bucket: str = "lifeboat_placement"
    placement_file: str | None = None
    placement_resync_s: float = 5.0
    ops_poll_s: float = 0.5
    migrate_max_lag_s: float = 5.0
    migrate_max_inflight: int = 1000

    @property
    def secure_cookies(self) -> bool:
        """Cookies carry ``Secure`` unless set off, or (automatic) the app listens on loopback only."""
        if self.cookie_secure is not None:
            return self.cookie_secure
        return self.host not in {"127.0.0.1", "localhost", "::1"}

    @property
    def oidc_enabled(self) -> bool:
        """OIDC bearer validation is on when a JWKS URL is configured."""
        return bool(self.oidc_jwks_url)


# name -> (field, parser)
_ENV_PREFIX = "LIFEBOAT_"
# Boolean settings whose default is None (automatic); an empty value keeps the automatic choice.
_OPTIONAL_BOOLS = frozenset({"cookie_secure"})


def _parse_bool(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise SettingsError(f"{name} must be a boolean (true/false), got {raw!r}")


def load_settings(env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build ``Settings`` from ``LIFEBOAT_*`` variables (``env`` defaults to ``os.environ``).

    ``overrides`` win over the environment; they are how tests and ``lifeboat dev`` adjust
    a setting without touching the process environment.
    """
    source = os.environ if env is None else env
    values: dict[str, object] = {}
    for field in msgspec.structs.fields(Settings):
        var = _ENV_PREFIX + field.name.upper()
        if var not in source:
            continue
        raw = source[var]
        default = field.default
        if isinstance(default, bool) or field.name in _OPTIONAL_BOOLS:
            values[field.name] = None if raw.strip() == "" and default is None else _parse_bool(var, raw)
        elif isinstance(default, int):
            try:
                values[field.name] = int(raw)
            except ValueError as exc:
                raise SettingsError(f"{var} must be an integer, got {raw!r}") from exc
        elif isinstance(default, float):
            try:
                values[field.name] = float(raw)
            except ValueError as exc:
                raise SettingsError(f"{var} must be a number, got {raw!r}") from exc
        else:
            values[field.name] = raw if raw != "" or default is not None else None
    values.update(overrides)
    try:
        settings = msgspec.convert(values, Settings)
    except msgspec.ValidationError as exc:
        raise SettingsError(f"invalid LIFEBOAT_* setting: {exc}") from exc
    if not settings.session_secret:
        # An ephemeral secret is safe (sessions just do not survive a restart) but say so.
        settings = msgspec.structs.replace(settings, session_secret=secrets.token_urlsafe(32))
    if settings.sse_heartbeat_s <= 0:
        raise SettingsError(f"LIFEBOAT_SSE_HEARTBEAT_S must be positive, got {settings.sse_heartbeat_s}")
    if settings.placement_resync_s <= 0:
        raise SettingsError(
            f"LIFEBOAT_PLACEMENT_RESYNC_S must be positive, got {settings.placement_resync_s}"
        )
    if settings.fleet_probe_timeout_s <= 0:
        raise SettingsError(
            f"LIFEBOAT_FLEET_PROBE_TIMEOUT_S must be positive, got {settings.fleet_probe_timeout_s}"
        )
    if settings.ops_poll_s <= 0:
        raise SettingsError(f"LIFEBOAT_OPS_POLL_S must be positive, got {settings.ops_poll_s}")
    if settings.migrate_max_lag_s < 0 or settings.migrate_max_inflight < 0:
        raise SettingsError(
            "LIFEBOAT_MIGRATE_MAX_LAG_S and LIFEBOAT_MIGRATE_MAX_INFLIGHT must not be negative"
        )
    if not 900 <= settings.restore_credentials_duration_s <= 43_200:
        raise SettingsError(
            "LIFEBOAT_RESTORE_CREDENTIALS_DURATION_S must be 900..43200 (STS refuses shorter sessions), "
            f"got {settings.restore_credentials_duration_s}"
        )
    if settings.restore_credentials_rate_limit < 1 or settings.restore_credentials_rate_window_s < 1:
        raise SettingsError(
            "LIFEBOAT_RESTORE_CREDENTIALS_RATE_LIMIT and LIFEBOAT_RESTORE_CREDENTIALS_RATE_WINDOW_S must be positive"
        )
    if (
        settings.restore_evidence_max_bytes < 1
        or settings.restore_sweep_interval_s <= 0
        or settings.restore_webhook_timeout_s <= 0
        or settings.restore_webhook_max_attempts < 1
        or settings.restore_webhook_backoff_s < 0
    ):
        raise SettingsError(
            "LIFEBOAT_RESTORE_EVIDENCE_MAX_BYTES, _SWEEP_INTERVAL_S, _WEBHOOK_TIMEOUT_S and "
            "_WEBHOOK_MAX_ATTEMPTS must be positive (_WEBHOOK_BACKOFF_S not negative)"
        )
    if settings.login_max_failures < 1 or settings.login_max_failures_per_user < settings.login_max_failures:
        raise SettingsError(
            "LIFEBOAT_LOGIN_MAX_FAILURES must be positive and LIFEBOAT_LOGIN_MAX_FAILURES_PER_USER "
            "at least as large"
        )
    try:
        parse_trusted_proxies(settings.trusted_proxies)
    except ValueError as exc:
        raise SettingsError(f"LIFEBOAT_TRUSTED_PROXIES must be IP addresses or CIDRs: {exc}") from exc
    if settings.audit_key is not None and len(settings.audit_key.strip()) < 32:
        raise SettingsError(
            "LIFEBOAT_AUDIT_KEY must be at least 32 characters (e.g. `openssl rand -base64 48`)"
        )
    if settings.audit_checkpoint_rows < 1 or settings.audit_checkpoint_interval_s <= 0:
        raise SettingsError(
            "LIFEBOAT_AUDIT_CHECKPOINT_ROWS and LIFEBOAT_AUDIT_CHECKPOINT_INTERVAL_S must be positive"
        )
    if settings.secrets_dir is not None and os.path.realpath(settings.secrets_dir) == "/":
        raise SettingsError(
            "LIFEBOAT_SECRETS_DIR must be a directory of secrets, not / (it would confine nothing)"
        )
    if not 1 <= settings.port <= 65535:
        raise SettingsError(f"LIFEBOAT_PORT must be 1..65535, got {settings.port}")
    from lifeboat.core.outbound import OutboundPolicy  # imports httpx: only when settings load

    try:
        OutboundPolicy.parse(settings.outbound_allow)
    except ValueError as exc:
        raise SettingsError(f"LIFEBOAT_OUTBOUND_ALLOW: {exc}") from exc
    return settings


def default_spa_dir() -> Path:
    """Where ``make frontend`` puts the compiled SPA in a source checkout."""
    return Path(__file__).resolve().parents[2] / "frontend" / "dist"
