"""The admin shell in a real browser against a real ``lifeboat serve``: login, navigation, tokens, audit, theme."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, screenshot
from .pages import (
    NAV_SECTIONS,
    READINESS_DEPENDENCIES,
    UNBUILT_SECTIONS,
    AuditPage,
    LoginPage,
    Shell,
    TokensPage,
    path_pattern,
)

pytestmark = pytest.mark.e2e

# Filled by test_api_token_create_and_revoke; the audit test falls back to the API without it.
CREATED_TOKENS: dict[str, str] = {}


def test_login_and_overview(page: Page) -> None:
    login = LoginPage(page).open("/")
    # Signed out, the root sends you to the login form.
    expect(page).to_have_url(path_pattern("/login"))
    expect(page.get_by_role("heading", name="Lifeboat")).to_be_visible()
    expect(login.submit).to_be_disabled()
    screenshot(page, "login.png")

    error = login.login_expecting_error(ADMIN_USERNAME, "not-the-password")
    expect(error).to_contain_text(re.compile(r"\S"))
    expect(login.password).to_have_value("")
    expect(page).to_have_url(path_pattern("/login"))
    screenshot(page, "login-error.png")

    login.login(ADMIN_USERNAME, ADMIN_PASSWORD)
    expect(page).to_have_url(path_pattern("/", query=False))
    shell = Shell(page)
    shell.wait_until_shown()
    shell.wait_for_overview()
    for name in READINESS_DEPENDENCIES:
        card = shell.ready_card(name)
        expect(card.get_by_test_id("ready-status")).to_have_text("OK")
        expect(card).to_contain_text("Latency")
    expect(shell.env_badge).to_have_text("e2e")
    expect(page.get_by_test_id("system-info")).to_contain_text("e2e")
    # The operations summary: each card answers from the API (numbers or a plain empty state).
    expect(page.get_by_test_id("overview-fleet-total")).to_have_text(re.compile(r"^\d+$"))
    expect(page.get_by_test_id("overview-jobs")).to_contain_text("Active jobs")
    expect(page.get_by_test_id("overview-restore")).to_contain_text(
        re.compile(r"no server is covered|healthy|failing|overdue|never verified")
    )
    screenshot(page, "overview.png")


def test_navigation_lists_every_section_and_unbuilt_ones_say_so(admin_page: Page) -> None:
    page = admin_page
    shell = Shell(page)
    navigation = page.get_by_role("navigation").filter(has=shell.nav("overview"))
    links = navigation.get_by_role("link")
    expect(links).to_have_count(len(NAV_SECTIONS))
    for index, (key, label) in enumerate(NAV_SECTIONS):
        expect(shell.nav(key)).to_be_visible()
        expect(shell.nav(key)).to_contain_text(label)
        expect(links.nth(index)).to_have_attribute("data-testid", f"nav-{key}")

    for key, path, title in UNBUILT_SECTIONS:
        shell.go(key)
        expect(page).to_have_url(path_pattern(path))
        expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
        expect(shell.empty_state).to_be_visible()
        expect(shell.empty_state).to_contain_text("Not built yet")
        # Honest: no tables, no fake rows.
        expect(page.locator("main table")).to_have_count(0)
        if key == "config":
            screenshot(page, "placeholder.png")


def test_api_token_create_and_revoke(admin_page: Page) -> None:
    page = admin_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    Shell(page).go("settings")
    expect(page).to_have_url(path_pattern("/settings/tokens"))
    tokens = TokensPage(page)
    tokens.wait_until_shown()

    name = f"e2e-agent-{secrets.token_hex(3)}"
    tokens.open_create_form()
    tokens.fill_create_form(name=name, role="viewer", reason="e2e: token for the restore agent in dc2")
    secret_block = tokens.submit_create_form()
    secret = secret_block.inner_text().strip()
    assert secret.startswith("lb_"), secret
    expect(tokens.secret_copy).to_be_visible()
    screenshot(page, "token-secret.png")
    tokens.secret_copy.click()
    expect(tokens.secret_copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == secret
    tokens.close_secret()

    row = tokens.row(name)
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-status", "active")
    expect(row.get_by_test_id("token-status")).to_have_text("active")
    token_id = row.get_attribute("data-token-id")
    assert token_id
    # The secret is gone: not in the table, not anywhere on the page.
    expect(page.get_by_text(secret)).to_have_count(0)
    screenshot(page, "tokens.png")

    tokens.open_revoke(token_id)
    submit = tokens.fill_revoke(name=name, reason="e2e: agent decommissioned")
    screenshot(page, "token-revoke-confirm.png")
    submit.click()
    expect(submit).to_be_hidden()
    row = tokens.row_by_id(token_id)
    expect(row).to_have_attribute("data-status", "revoked")
    expect(row.get_by_test_id("token-status")).to_have_text("revoked")
    expect(page.get_by_test_id(f"token-revoke-{token_id}")).to_have_count(0)
    screenshot(page, "tokens-revoked.png")
    CREATED_TOKENS["id"] = token_id
    CREATED_TOKENS["name"] = name


def _create_token_through_api(page: Page) -> tuple[str, str]:
    """For running the audit test alone: create a token with the page's session."""
    csrf = next(cookie["value"] for cookie in page.context.cookies() if cookie["name"] == "lifeboat_csrf")
    name = f"e2e-audit-{secrets.token_hex(3)}"
    response = page.request.post(
        "/api/v1/tokens",
        data={"name": name, "role": "viewer", "environment": "*", "reason": "e2e: audit test run alone"},
        headers={"x-csrf-token": csrf},
    )
    assert response.ok, response.text()
    token_id: str = response.json()["token"]["id"]
    return token_id, name


def test_audit_log_shows_the_token_and_verifies_the_chain(admin_page: Page) -> None:
    page = admin_page
    if "id" in CREATED_TOKENS:
        token_id, name = CREATED_TOKENS["id"], CREATED_TOKENS["name"]
    else:
        token_id, name = _create_token_through_api(page)
    target = f"token:{token_id}"

    Shell(page).go("audit")
    audit = AuditPage(page)
    audit.wait_until_shown()
    expect(audit.table).to_be_visible()
    audit.filter_by_action("token.create")
    expect(audit.rows.first).to_be_visible()
    # Only token.create rows are left (retried until the filtered page replaced the first one).
    expect(audit.action_cells.filter(has_not_text="token.create")).to_have_count(0)
    expect(audit.action_cells.first).to_have_text("token.create")

    row = audit.row_for_target(target)
    expect(row).to_have_count(1)
    expect(row.get_by_test_id("audit-outcome")).to_have_text("success")
    expect(row).to_contain_text(ADMIN_USERNAME)
    details = audit.expand(row)
    expect(details.get_by_test_id("audit-details-json")).to_contain_text(f'"name": "{name}"')

    result = audit.verify_chain()
    expect(result).to_have_attribute("data-ok", "true")
    expect(result).to_contain_text("Chain intact")
    expect(result).to_contain_text(re.compile(r"[1-9]\d* entr(y|ies) checked"))
    screenshot(page, "audit.png")


def test_dark_theme_survives_a_reload(admin_page: Page) -> None:
    page = admin_page
    shell = Shell(page)
    shell.wait_for_overview()
    shell.expect_color_scheme("light")
    shell.theme_toggle.click()
    shell.expect_color_scheme("dark")
    page.reload()
    shell.wait_until_shown()
    shell.wait_for_overview()
    shell.expect_color_scheme("dark")
    assert page.evaluate("localStorage.getItem('lifeboat-color-scheme')") == "dark"
    # Move the pointer off the toggle so its tooltip is not in the picture.
    page.mouse.move(700, 600)
    expect(page.get_by_role("tooltip")).to_have_count(0)
    screenshot(page, "overview-dark.png")


def test_deep_link_while_signed_out_returns_there_after_login(
    new_context: Callable[..., BrowserContext],
) -> None:
    page = new_context().new_page()
    page.goto("/audit")
    expect(page).to_have_url(re.compile(r"/login\?redirect=%2Faudit$"))
    login = LoginPage(page)
    login.wait_until_shown()
    login.login(ADMIN_USERNAME, ADMIN_PASSWORD)
    expect(page).to_have_url(path_pattern("/audit"))
    AuditPage(page).wait_until_shown()


def test_logout_returns_to_login(admin_page: Page) -> None:
    page = admin_page
    shell = Shell(page)
    shell.logout()
    expect(page).to_have_url(path_pattern("/login"))
    LoginPage(page).wait_until_shown()
    # The session is really gone: the shell sends you back to the login form.
    page.goto("/settings/tokens")
    expect(page).to_have_url(re.compile(r"/login\?redirect=%2Fsettings%2Ftokens$"))
