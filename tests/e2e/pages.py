"""Page objects for the admin SPA. Every selector is a ``data-testid`` (frontend/README.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

READINESS_DEPENDENCIES = ("postgres", "nats", "s3")

# (data-testid key, label) in navigation order; the labels are what an operator reads.
NAV_SECTIONS = (
    ("overview", "Overview"),
    ("tenants", "Tenants & Placement"),
    ("fleet", "Fleet"),
    ("jobs", "Jobs"),
    ("config", "Config"),
    ("drift", "Drift"),
    ("dr", "DR"),
    ("restore", "Restore"),
    ("audit", "Audit log"),
    ("settings", "Settings"),
)

# Sections that are in the navigation but not in the product yet: (key, path, page title).
UNBUILT_SECTIONS = (
    ("config", "/config", "Config"),
    ("drift", "/drift", "Drift"),
    ("dr", "/dr", "DR"),
)


def path_pattern(path: str, *, query: bool = True) -> re.Pattern[str]:
    """A URL regex for ``path`` on any origin (optionally followed by a query string)."""
    tail = r"(\?.*)?$" if query else "$"
    return re.compile(r"^https?://[^/]+" + re.escape(path) + tail)


class BasePage:
    def __init__(self, page: Page) -> None:
        self.page = page

    def testid(self, name: str) -> Locator:
        return self.page.get_by_test_id(name)


class LoginPage(BasePage):
    def open(self, path: str = "/login") -> LoginPage:
        self.page.goto(path)
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.username).to_be_visible()
        expect(self.submit).to_be_visible()

    @property
    def username(self) -> Locator:
        return self.testid("login-username")

    @property
    def password(self) -> Locator:
        return self.testid("login-password")

    @property
    def submit(self) -> Locator:
        return self.testid("login-submit")

    @property
    def error(self) -> Locator:
        return self.testid("login-error")

    def fill(self, username: str, password: str) -> None:
        self.username.fill(username)
        self.password.fill(password)

    def login(self, username: str, password: str) -> None:
        """Submit the form (the caller asserts where it lands)."""
        self.fill(username, password)
        expect(self.submit).to_be_enabled()
        self.submit.click()

    def login_expecting_error(self, username: str, password: str) -> Locator:
        self.login(username, password)
        expect(self.error).to_be_visible()
        return self.error


class Shell(BasePage):
    """The authenticated layout: header, navigation and the user menu."""

    def wait_until_shown(self) -> None:
        expect(self.nav("overview")).to_be_visible()
        expect(self.testid("user-menu")).to_be_visible()

    def nav(self, key: str) -> Locator:
        return self.testid(f"nav-{key}")

    def go(self, key: str) -> None:
        self.nav(key).click()

    @property
    def env_badge(self) -> Locator:
        return self.testid("env-badge")

    @property
    def theme_toggle(self) -> Locator:
        return self.testid("theme-toggle")

    def color_scheme(self) -> str | None:
        """What Mantine applied: ``light`` or ``dark`` on <html data-mantine-color-scheme>."""
        return self.page.locator("html").get_attribute("data-mantine-color-scheme")

    def expect_color_scheme(self, scheme: str) -> None:
        expect(self.page.locator("html")).to_have_attribute("data-mantine-color-scheme", scheme)

    def open_user_menu(self) -> None:
        self.testid("user-menu").click()
        expect(self.testid("user-menu-roles")).to_be_visible()

    def logout(self) -> None:
        self.open_user_menu()
        self.testid("logout").click()

    # Overview ---------------------------------------------------------------------------

    def ready_card(self, name: str) -> Locator:
        return self.testid(f"ready-card-{name}")

    def wait_for_overview(self) -> None:
        expect(self.page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
        for name in READINESS_DEPENDENCIES:
            expect(self.ready_card(name)).to_have_attribute("data-state", "ok")
        expect(self.testid("ready-overall")).to_have_text("Ready")
        expect(self.testid("system-info")).to_be_visible()

    # Placeholders -----------------------------------------------------------------------

    @property
    def empty_state(self) -> Locator:
        return self.testid("empty-state")


@dataclass(frozen=True)
class CreatedToken:
    id: str
    name: str
    secret: str


class TokensPage(BasePage):
    def open(self) -> TokensPage:
        self.page.goto("/settings/tokens")
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="API tokens", exact=True)).to_be_visible()
        expect(self.create_button).to_be_enabled()

    @property
    def create_button(self) -> Locator:
        return self.testid("token-create")

    @property
    def table(self) -> Locator:
        return self.testid("tokens-table")

    def row(self, name: str) -> Locator:
        return self.testid("token-row").filter(has=self.page.get_by_text(name, exact=True))

    def row_by_id(self, token_id: str) -> Locator:
        return self.page.locator(f'[data-testid="token-row"][data-token-id="{token_id}"]')

    def open_create_form(self) -> None:
        self.create_button.click()
        expect(self.testid("token-name")).to_be_visible()

    def fill_create_form(self, *, name: str, role: str, reason: str, environment: str = "*") -> None:
        self.testid("token-name").fill(name)
        self.testid("token-role").select_option(role)
        self.testid("token-environment").fill(environment)
        self.testid("token-reason").fill(reason)

    def submit_create_form(self) -> Locator:
        """Submit; returns the secret block once it is shown."""
        expect(self.testid("token-submit")).to_be_enabled()
        self.testid("token-submit").click()
        secret = self.testid("token-secret")
        expect(secret).to_be_visible()
        return secret

    @property
    def secret_copy(self) -> Locator:
        return self.testid("token-secret-copy")

    def close_secret(self) -> None:
        self.testid("token-secret-close").click()
        expect(self.testid("token-secret")).to_be_hidden()

    def open_revoke(self, token_id: str) -> Locator:
        """Open the revoke dialog; returns its (still disabled) confirm button."""
        self.testid(f"token-revoke-{token_id}").click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit

    def fill_revoke(self, *, name: str, reason: str) -> Locator:
        """Reason and the token's name typed out; returns the now enabled confirm button."""
        submit = self.testid("confirm-submit")
        self.testid("confirm-reason").fill(reason)
        # A reason alone is not enough for a dangerous action: the name must be typed.
        expect(submit).to_be_disabled()
        self.testid("confirm-typed-name").fill(name)
        expect(submit).to_be_enabled()
        return submit

    def revoke(self, token_id: str, *, name: str, reason: str) -> None:
        self.open_revoke(token_id)
        submit = self.fill_revoke(name=name, reason=reason)
        submit.click()
        expect(submit).to_be_hidden()


class AuditPage(BasePage):
    def open(self, query: str = "") -> AuditPage:
        self.page.goto("/audit" + query)
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="Audit log", exact=True)).to_be_visible()
        expect(self.testid("audit-filter-apply")).to_be_visible()

    @property
    def table(self) -> Locator:
        return self.testid("audit-table")

    @property
    def rows(self) -> Locator:
        return self.testid("audit-row")

    @property
    def action_cells(self) -> Locator:
        """The Action column (third) of every row."""
        return self.page.locator('[data-testid="audit-row"] > td:nth-child(3)')

    def row_for_target(self, target: str) -> Locator:
        return self.rows.filter(has=self.page.get_by_text(target, exact=True))

    def filter_by_action(self, action: str) -> None:
        self.testid("audit-filter-action").fill(action)
        self.testid("audit-filter-apply").click()
        # The filters live in the URL (deep-linkable); the table follows once the URL has them.
        expect(self.page).to_have_url(re.compile(r"[?&]action="))

    def expand(self, row: Locator) -> Locator:
        """Expand ``row``; returns the details panel that follows it."""
        expect(row).to_have_attribute("aria-expanded", "false")
        row.click()
        expect(row).to_have_attribute("aria-expanded", "true")
        details = self.testid("audit-row-details")
        expect(details).to_be_visible()
        return details

    def verify_chain(self) -> Locator:
        self.testid("audit-verify").click()
        result = self.testid("audit-verify-result")
        expect(result).to_be_visible()
        return result


class JobsListPage(BasePage):
    def open(self, query: str = "") -> JobsListPage:
        self.page.goto("/jobs" + query)
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="Jobs", exact=True)).to_be_visible()
        expect(self.testid("jobs-filter-apply")).to_be_visible()

    @property
    def table(self) -> Locator:
        return self.testid("jobs-table")

    @property
    def rows(self) -> Locator:
        return self.testid("job-row")

    def row(self, job_id: str) -> Locator:
        return self.page.locator(f'[data-testid="job-row"][data-job-id="{job_id}"]')

    def filter_status(self, status: str) -> None:
        self.testid("jobs-filter-status").select_option(status)
        expect(self.page).to_have_url(re.compile(r"[?&]status=" + re.escape(status)))

    def filter_kind(self, kind: str) -> None:
        self.testid("jobs-filter-kind").fill(kind)
        self.testid("jobs-filter-apply").click()
        expect(self.page).to_have_url(re.compile(r"[?&]kind="))


class JobPage(BasePage):
    """One job: facts, the live step timeline, plan, receipt, cancel and approve."""

    def open(self, job_id: str) -> JobPage:
        self.page.goto(f"/jobs/{job_id}")
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.detail).to_be_visible()
        expect(self.testid("job-timeline")).to_be_visible()

    @property
    def detail(self) -> Locator:
        """The page root; ``data-status`` is the job's status as the page shows it."""
        return self.testid("job-detail")

    def step(self, position: int) -> Locator:
        return self.page.locator(f'[data-testid="job-step"][data-position="{position}"]')

    def expect_step(self, position: int, status: str, timeout: float = 30_000) -> None:
        expect(self.step(position)).to_have_attribute("data-status", status, timeout=timeout)

    def expect_status(self, status: str, timeout: float = 30_000) -> None:
        expect(self.detail).to_have_attribute("data-status", status, timeout=timeout)

    @property
    def stream(self) -> Locator:
        return self.testid("job-stream")

    @property
    def cancel_button(self) -> Locator:
        return self.testid("job-cancel")

    @property
    def approve_button(self) -> Locator:
        return self.testid("job-approve")

    @property
    def receipt_summary(self) -> Locator:
        return self.testid("job-receipt-summary")

    def open_dialog(self, button: Locator) -> Locator:
        """Click ``button``; returns the dialog's confirm button, disabled until a reason is given."""
        button.click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit

    def give_reason(self, reason: str) -> Locator:
        submit = self.testid("confirm-submit")
        self.testid("confirm-reason").fill(reason)
        return submit


class FleetPage(BasePage):
    """The Fleet page: services grouped by site and kind, auto-refreshed."""

    def open(self) -> FleetPage:
        self.page.goto("/fleet")
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="Fleet", exact=True)).to_be_visible()

    def site(self, site: str) -> Locator:
        return self.page.locator(f'[data-testid="fleet-site"][data-site="{site}"]')

    def service(self, name: str) -> Locator:
        return self.page.locator(f'[data-testid="service-row"][data-service="{name}"]')

    def expect_health(self, name: str, health: str, timeout: float = 30_000) -> None:
        expect(self.service(name)).to_have_attribute("data-health", health, timeout=timeout)

    def open_reload(self, site: str, kind: str | None = None) -> Locator:
        """Open the reload dialog; returns its (disabled) confirm button."""
        key = f"fleet-reload-{site}" + (f"-{kind}" if kind else "")
        self.testid(key).click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit


class TenantsPage(BasePage):
    """Tenants & Placement: placement maps, search, the tenants table."""

    def open(self, query: str = "") -> TenantsPage:
        self.page.goto("/tenants" + query)
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="Tenants & Placement", exact=True)).to_be_visible()
        expect(self.testid("tenants-search")).to_be_visible()

    @property
    def rows(self) -> Locator:
        return self.testid("tenant-row")

    def row(self, tenant: str) -> Locator:
        return self.page.locator(f'[data-testid="tenant-row"][data-tenant="{tenant}"]')

    def search(self, text: str) -> None:
        self.testid("tenants-search").fill(text)
        self.testid("tenants-search-apply").click()
        expect(self.page).to_have_url(re.compile(r"[?&]q="))


class TenantPage(BasePage):
    """One tenant: placement per kind, live work per service, drain and migrate."""

    def open(self, tenant: str) -> TenantPage:
        self.page.goto(f"/tenants/{tenant}")
        self.wait_until_shown()
        return self

    def wait_until_shown(self) -> None:
        expect(self.testid("tenant-detail")).to_be_visible()
        expect(self.testid("tenant-placement")).to_be_visible()

    def placement(self, kind: str) -> Locator:
        return self.page.locator(f'[data-testid="tenant-placement-row"][data-kind="{kind}"]')

    def activity(self, service: str) -> Locator:
        return self.page.locator(f'[data-testid="activity-row"][data-service="{service}"]')

    def open_migrate(self, kind: str) -> Locator:
        """Open the migrate dialog for ``kind``; returns its (disabled) confirm button."""
        self.testid(f"tenant-migrate-{kind}").click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit


class RestorePage(BasePage):
    """Restore: the Replicas, Consumers and Catalog tabs (one URL each), dialogs with a reason."""

    def open(self, tab: str = "replicas", query: str = "") -> RestorePage:
        self.page.goto(f"/restore/{tab}{query}")
        self.wait_until_shown()
        expect(self.tab(tab)).to_have_attribute("aria-selected", "true")
        return self

    def wait_until_shown(self) -> None:
        expect(self.page.get_by_role("heading", name="Restore", exact=True)).to_be_visible()
        expect(self.tab("replicas")).to_be_visible()

    def tab(self, name: str) -> Locator:
        return self.testid(f"restore-tab-{name}")

    # Replicas ---------------------------------------------------------------------------

    @property
    def declare_button(self) -> Locator:
        return self.testid("replica-declare")

    @property
    def replica_rows(self) -> Locator:
        return self.testid("replica-row")

    def replica(self, replica_id: str) -> Locator:
        return self.page.locator(f'[data-testid="replica-row"][data-replica-id="{replica_id}"]')

    def replica_for(self, *, server: str | None, intent: str) -> Locator:
        """The row of a declaration by its scope (server, or 'all live servers') and intent."""
        scope = server if server is not None else "all live servers"
        rows = self.page.locator(f'[data-testid="replica-row"][data-intent="{intent}"]')
        exact = re.compile("^" + re.escape(scope) + "$")
        return rows.filter(has=self.page.locator('[data-testid="replica-scope"]', has_text=exact))

    def open_declare(self) -> Locator:
        """Open the declare dialog; returns its (still disabled) submit button."""
        self.declare_button.click()
        submit = self.testid("declare-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit

    def intent_option(self, intent: str) -> Locator:
        return self.testid("declare-intent").locator(f'option[value="{intent}"]')

    def fill_declare(
        self,
        *,
        consumer_id: str,
        group: str,
        server: str | None,
        backup_type: str,
        intent: str,
        reason: str,
        notes: str = "",
    ) -> Locator:
        """Pick consumer, group, scope, type and intent and give the reason; returns the submit button."""
        self.testid("declare-consumer").select_option(consumer_id)
        self.testid("declare-group").select_option(group)
        if server is not None:
            # The server list is loaded for the chosen group.
            expect(self.testid("declare-server").locator(f'option[value="{server}"]')).to_have_count(1)
            self.testid("declare-server").select_option(server)
        self.testid("declare-backup-type").select_option(backup_type)
        self.testid("declare-intent").select_option(intent)
        if notes:
            self.testid("declare-notes").fill(notes)
        self.testid("declare-reason").fill(reason)
        return self.testid("declare-submit")

    def toggle(self, row: Locator) -> Locator:
        """Click the row's enabled switch; returns the confirm dialog's (disabled) button."""
        # Mantine's switch input is zero-sized; an operator clicks its track.
        row.locator(".mantine-Switch-track").click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit

    def open_delete(self, row: Locator) -> Locator:
        row.get_by_test_id("replica-delete").click()
        submit = self.testid("confirm-submit")
        expect(submit).to_be_visible()
        expect(submit).to_be_disabled()
        return submit

    def confirm(self, reason: str) -> None:
        submit = self.testid("confirm-submit")
        self.testid("confirm-reason").fill(reason)
        expect(submit).to_be_enabled()
        submit.click()
        expect(submit).to_be_hidden()

    # Consumers and catalog --------------------------------------------------------------

    def consumer(self, consumer_id: str) -> Locator:
        return self.page.locator(f'[data-testid="consumer-row"][data-consumer-id="{consumer_id}"]')

    def group_row(self, name: str) -> Locator:
        return self.page.locator(f'[data-testid="group-row"][data-group="{name}"]')

    def server_row(self, name: str) -> Locator:
        return self.page.locator(f'[data-testid="server-row"][data-server="{name}"]')


class RestoreRunsPage(BasePage):
    """Restore health and runs (tabs of Restore) and one run's decision-first page."""

    # Health -----------------------------------------------------------------------------

    def open_health(self, query: str = "") -> RestoreRunsPage:
        self.page.goto("/restore/health" + query)
        expect(self.testid("restore-tab-health")).to_have_attribute("aria-selected", "true")
        expect(self.testid("health-filters")).to_be_visible()
        return self

    @property
    def health_rows(self) -> Locator:
        return self.testid("health-row")

    def health_row(self, server: str) -> Locator:
        return self.page.locator(f'[data-testid="health-row"][data-server="{server}"]')

    def alert(self, server: str, kind: str) -> Locator:
        return self.page.locator(f'[data-testid="restore-alert"][data-server="{server}"][data-kind="{kind}"]')

    # Runs -------------------------------------------------------------------------------

    def open_runs(self, query: str = "") -> RestoreRunsPage:
        self.page.goto("/restore/runs" + query)
        expect(self.testid("restore-tab-runs")).to_have_attribute("aria-selected", "true")
        expect(self.testid("runs-filters")).to_be_visible()
        return self

    def run_row(self, run_id: str) -> Locator:
        return self.page.locator(f'[data-testid="run-row"][data-run-id="{run_id}"]')

    # One run ----------------------------------------------------------------------------

    def open_run(self, run_id: str) -> RestoreRunsPage:
        self.page.goto(f"/restore/runs/{run_id}")
        self.wait_for_run(run_id)
        return self

    def wait_for_run(self, run_id: str) -> None:
        expect(self.page.locator(f'[data-testid="run-detail"][data-run-id="{run_id}"]')).to_be_visible()
        expect(self.decision).to_be_visible()

    @property
    def decision(self) -> Locator:
        """The decision block; ``data-state`` is the resolved decision state."""
        return self.testid("run-decision")

    @property
    def decision_label(self) -> Locator:
        return self.testid("decision-label")

    @property
    def next_action(self) -> Locator:
        return self.testid("decision-next-action")

    def evidence_row(self, evidence_id: str) -> Locator:
        return self.page.locator(f'[data-testid="evidence-row"][data-evidence-id="{evidence_id}"]')

    @property
    def evidence_viewer(self) -> Locator:
        """The in-page evidence viewer (fetched, shown as text); ``data-evidence-id``, ``data-view``."""
        return self.testid("evidence-viewer")

    def download_evidence(self, evidence_id: str) -> bytes:
        """Click a row's Download (fetch + Blob, no navigation) and return the saved bytes."""
        with self.page.expect_download() as saved:
            self.evidence_row(evidence_id).get_by_test_id("evidence-download").click()
        return Path(saved.value.path()).read_bytes()

    def expect_on_first_screen(self, locator: Locator) -> None:
        """``locator`` is laid out inside the viewport without scrolling (the page is at its top)."""
        box = locator.bounding_box()
        viewport = self.page.viewport_size
        assert box is not None
        assert viewport is not None
        assert box["y"] >= 0, box
        assert box["y"] + box["height"] <= viewport["height"], (box, viewport)

    @property
    def diagnostics_json(self) -> Locator:
        return self.testid("run-diagnostics-json")

    def open_diagnostics(self) -> Locator:
        expect(self.diagnostics_json).to_be_hidden()
        self.testid("run-diagnostics-toggle").click()
        expect(self.diagnostics_json).to_be_visible()
        return self.diagnostics_json
