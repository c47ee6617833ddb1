"""``load_settings``: LIFEBOAT_* variables are parsed by type, bad values are named, overrides win."""

from __future__ import annotations

import pytest

from lifeboat.settings import Settings, SettingsError, load_settings


def test_defaults_without_variables() -> None:
    settings = load_settings(env={})
    assert isinstance(settings, Settings)
    assert settings.port == 8000
    assert settings.cookie_secure is None  # automatic
    assert settings.secure_cookies is False  # ... and the default host is loopback
    assert settings.trusted_proxies == ""
    assert settings.login_max_failures == 5
    assert settings.login_max_failures_per_user == 50
    assert settings.ready_timeout_s == 2.0
    assert settings.s3_endpoint_url is None


def test_typed_values_are_parsed() -> None:
    settings = load_settings(
        env={
            "LIFEBOAT_PORT": "9123",
            "LIFEBOAT_DATABASE_POOL_SIZE": "3",
            "LIFEBOAT_COOKIE_SECURE": "true",
            "LIFEBOAT_READY_TIMEOUT_S": "0.75",
            "LIFEBOAT_ENVIRONMENT": "prod-eu",
            "LIFEBOAT_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
            "LIFEBOAT_LOG_FORMAT": "console",
        }
    )
    assert settings.port == 9123
    assert settings.database_pool_size == 3
    assert settings.cookie_secure is True
    assert settings.ready_timeout_s == 0.75
    assert settings.environment == "prod-eu"
    assert settings.s3_endpoint_url == "http://127.0.0.1:9000"
    assert settings.log_format == "console"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("yes", True), ("ON", True), (" True ", True), ("0", False), ("no", False), ("off", False)],
)
def test_boolean_spellings(raw: str, expected: bool) -> None:
    assert load_settings(env={"LIFEBOAT_COOKIE_SECURE": raw}).cookie_secure is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", False), ("localhost", False), ("::1", False), ("0.0.0.0", True), ("10.0.0.5", True)],
)
def test_cookies_are_secure_automatically_unless_on_loopback(host: str, expected: bool) -> None:
    assert load_settings(env={"LIFEBOAT_HOST": host}).secure_cookies is expected


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("false", False)])
@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_cookie_secure_overrides_the_automatic_choice(host: str, raw: str, expected: bool) -> None:
    settings = load_settings(env={"LIFEBOAT_HOST": host, "LIFEBOAT_COOKIE_SECURE": raw})
    assert settings.secure_cookies is expected


def test_empty_cookie_secure_keeps_the_automatic_choice() -> None:
    settings = load_settings(env={"LIFEBOAT_HOST": "0.0.0.0", "LIFEBOAT_COOKIE_SECURE": ""})
    assert settings.cookie_secure is None
    assert settings.secure_cookies is True


def test_trusted_proxies_accept_addresses_and_cidrs() -> None:
    raw = "127.0.0.1, 10.0.0.0/8,fd00::/8"
    assert load_settings(env={"LIFEBOAT_TRUSTED_PROXIES": raw}).trusted_proxies == raw


@pytest.mark.parametrize("raw", ["proxy.internal", "10.0.0.0/33", "127.0.0.1,,nope", "1.2.3.4/8/1"])
def test_bad_trusted_proxies_name_the_variable(raw: str) -> None:
    with pytest.raises(SettingsError, match="LIFEBOAT_TRUSTED_PROXIES"):
        load_settings(env={"LIFEBOAT_TRUSTED_PROXIES": raw})


@pytest.mark.parametrize(("per_client", "per_user"), [("0", "50"), ("10", "5")])
def test_login_limits_must_be_positive_and_the_ceiling_looser(per_client: str, per_user: str) -> None:
    with pytest.raises(SettingsError, match="LIFEBOAT_LOGIN_MAX_FAILURES"):
        load_settings(
            env={"LIFEBOAT_LOGIN_MAX_FAILURES": per_client, "LIFEBOAT_LOGIN_MAX_FAILURES_PER_USER": per_user}
        )


def test_empty_optional_string_means_unset() -> None:
    assert load_settings(env={"LIFEBOAT_S3_ENDPOINT_URL": ""}).s3_endpoint_url is None


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("LIFEBOAT_PORT", "abc"),
        ("LIFEBOAT_PORT", "70000"),
        ("LIFEBOAT_PORT", "0"),
        ("LIFEBOAT_PORT", ""),
        ("LIFEBOAT_COOKIE_SECURE", "maybe"),
        ("LIFEBOAT_READY_TIMEOUT_S", "fast"),
        ("LIFEBOAT_SESSION_TTL_S", "8h"),
    ],
)
def test_bad_values_name_the_variable(variable: str, raw: str) -> None:
    with pytest.raises(SettingsError) as excinfo:
        load_settings(env={variable: raw})
    assert variable in str(excinfo.value)


def test_bad_enum_value_is_a_settings_error_naming_the_setting() -> None:
    with pytest.raises(SettingsError, match="log_format"):
        load_settings(env={"LIFEBOAT_LOG_FORMAT": "xml"})


def test_empty_session_secret_is_generated_per_load() -> None:
    first = load_settings(env={"LIFEBOAT_SESSION_SECRET": ""})
    second = load_settings(env={})
    assert len(first.session_secret) >= 32
    assert len(second.session_secret) >= 32
    assert first.session_secret != second.session_secret


def test_configured_session_secret_is_kept() -> None:
    assert load_settings(env={"LIFEBOAT_SESSION_SECRET": "s3cret-value"}).session_secret == "s3cret-value"


def test_overrides_win_over_the_environment() -> None:
    settings = load_settings(
        env={"LIFEBOAT_PORT": "9000", "LIFEBOAT_ENVIRONMENT": "staging"}, port=9100, environment="test"
    )
    assert settings.port == 9100
    assert settings.environment == "test"


def test_overrides_are_validated_too() -> None:
    with pytest.raises(SettingsError, match="LIFEBOAT_PORT"):
        load_settings(env={}, port=70000)
    with pytest.raises(SettingsError):
        load_settings(env={}, port="not-a-number")


def test_explicit_env_ignores_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIFEBOAT_PORT", "1234")
    monkeypatch.setenv("LIFEBOAT_ENVIRONMENT", "from-process")
    assert load_settings(env={}).port == 8000
    from_process = load_settings()
    assert from_process.port == 1234
    assert from_process.environment == "from-process"


def test_settings_are_frozen() -> None:
    settings = load_settings(env={})
    with pytest.raises(AttributeError):
        settings.port = 1  # type: ignore[misc]
