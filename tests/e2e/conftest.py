"""Browser e2e fixtures: a real ``lifeboat serve`` on loopback and Debian's Chromium (CONVENTIONS rule 19).

Everything here is synchronous (Playwright's sync API in plain test functions). Two things keep it
out of the way of pytest-asyncio's session loop, which the rest of the suite runs in:

- the database is created and dropped by asyncpg on a worker thread with its own loop, so no
  async fixture has to run while Playwright is alive;
- Playwright, the browser and the server live for this package only. While the sync API is
  started it marks its own loop as the thread's running loop, which would make every later
  async test of a whole-suite run (``make test``) fail with "another loop is running".
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import subprocess
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

from tests.live_server import (
    LifeboatServer,
    LiveServerError,
    lifeboat_command,
    live_lifeboat,
    stop_process_group,
)
from tests.services import TestServices

from .pages import LoginPage, Shell

T = TypeVar("T")

E2E_DIR = Path(__file__).resolve().parent
ROOT = E2E_DIR.parents[1]
SPA_DIR = ROOT / "frontend" / "dist"
SCREENSHOTS = E2E_DIR / "screenshots"
ARTIFACTS = E2E_DIR / "artifacts"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "e2e-correct-horse-battery-staple"

# Assertions retry until this long; a real server on loopback answers well within it.
expect.set_options(timeout=10_000)


# --- server ----------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def e2e_prerequisites() -> None:
    """Skip the browser tests, saying why, when the SPA is not built or Chromium is missing."""
    if not (SPA_DIR / "index.html").is_file():
        pytest.skip(
            f"e2e: {SPA_DIR / 'index.html'} is missing; build the SPA first "
            "(`cd frontend && npm ci && npm run build`, or `make test`, which builds it)"
        )
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"e2e: {CHROMIUM} is missing (apt-get install chromium; never `playwright install`)")


@pytest.fixture(scope="package")
def lifeboat_server(e2e_prerequisites: None, services: TestServices) -> Iterator[LifeboatServer]:
    """``lifeboat migrate``, an admin user and a real ``lifeboat serve`` on loopback, own database."""
    try:
        with live_lifeboat(
            services,
            environment="e2e",
            log_path=ARTIFACTS / "server.log",
            spa_dir=SPA_DIR,
            admin_username=ADMIN_USERNAME,
            admin_password=ADMIN_PASSWORD,
        ) as server:
            yield server
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)


# --- browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="package")
def playwright_instance(lifeboat_server: LifeboatServer) -> Iterator[Playwright]:
    # Depends on the server so that every async step (database setup) is done before the sync
    # API takes over this thread's running loop.
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="package")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class OpenPages:
    """Every page a test opened, for the failure screenshots and the page-error check."""

    pages: list[Page]
    errors: list[str]


@pytest.fixture
def new_context(
    request: pytest.FixtureRequest, browser: Browser, lifeboat_server: LifeboatServer
) -> Iterator[Callable[..., BrowserContext]]:
    """Make a fresh browser context (own cookies and storage) on the server; closed after the test."""
    contexts: list[BrowserContext] = []
    opened = OpenPages(pages=[], errors=[])
    request.node.e2e_pages = opened

    def make(**options: Any) -> BrowserContext:
        settings: dict[str, Any] = {
            "base_url": lifeboat_server.base_url,
            "viewport": VIEWPORT,
            "color_scheme": "light",
            "locale": "en-US",
            "timezone_id": "UTC",
        }
        settings.update(options)
        context = browser.new_context(**settings)
        context.set_default_timeout(15_000)
        context.on("page", lambda page: _track(page, opened))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        with contextlib.suppress(Exception):
            context.close()
    if opened.errors:
        pytest.fail("uncaught errors in the page:\n" + "\n".join(opened.errors), pytrace=False)


def _track(page: Page, opened: OpenPages) -> None:
    opened.pages.append(page)
    page.on("pageerror", lambda error: opened.errors.append(f"{page.url}: {error}"))


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def admin_page(page: Page) -> Page:
    """A page signed in as the admin, on the Overview."""
    login_as_admin(page)
    return page


def login_as_admin(page: Page) -> None:
    login = LoginPage(page).open()
    login.login(ADMIN_USERNAME, ADMIN_PASSWORD)
    Shell(page).wait_until_shown()


def screenshot(page: Page, name: str) -> Path:
    """Save ``tests/e2e/screenshots/<name>`` (whole page) for a human to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=path, full_page=True, animations="disabled", caret="initial")
    return path


# --- failure screenshots ---------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call" and report.failed:
        opened: OpenPages | None = getattr(item, "e2e_pages", None)
        pages = [page for page in (opened.pages if opened else []) if not page.is_closed()]
        safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name)
        for index, page in enumerate(pages):
            suffix = "" if index == 0 else f"-{index + 1}"
            with contextlib.suppress(Exception):
                path = screenshot(page, f"failed-{safe}{suffix}.png")
                report.sections.append(("e2e", f"screenshot: {path} (url {page.url})"))
    return report


# --- jobs: a worker next to the server, and the API as a script would use it -------------------


@pytest.fixture(scope="package")
def job_worker(lifeboat_server: LifeboatServer, services: TestServices) -> Iterator[subprocess.Popen[bytes]]:
    """``lifeboat worker`` on the e2e server's database, so jobs started in the tests run.

    Receipts go to a bucket of its own (the server's is private to ``live_lifeboat``); the API
    writes a missing receipt itself on first read, so the UI still shows every receipt.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env.update(
        {
            "LIFEBOAT_ENVIRONMENT": "e2e",
            "LIFEBOAT_DATABASE_URL": lifeboat_server.database_url,
            "LIFEBOAT_NATS_URL": services.nats_url,
            "LIFEBOAT_S3_ENDPOINT_URL": services.s3_endpoint_url,
            "LIFEBOAT_S3_REGION": services.s3_region,
            "LIFEBOAT_S3_ACCESS_KEY_ID": services.s3_access_key_id,
            "LIFEBOAT_S3_SECRET_ACCESS_KEY": services.s3_secret_access_key,
            "LIFEBOAT_S3_BUCKET": f"lifeboat-e2e-worker-{secrets.token_hex(4)}",
            "LIFEBOAT_AUDIT_KEY": lifeboat_server.audit_key,  # the server's chain key
            "LIFEBOAT_LOG_FORMAT": "json",
        }
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with (ARTIFACTS / "worker.log").open("wb") as log:
        process = subprocess.Popen(
            [*lifeboat_command(), "worker", "--concurrency", "2"],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop_process_group(process)


class JobsApi:
    """The jobs API as an operator's script uses it: a session login, the CSRF header, JSON."""

    def __init__(self, server: LifeboatServer) -> None:
        self.client = httpx.Client(base_url=server.base_url, timeout=15.0)
        response = self.client.post(
            "/api/v1/auth/login", json={"username": server.admin_username, "password": server.admin_password}
        )
        response.raise_for_status()

    def _headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        headers = {"x-csrf-token": self.client.cookies.get("lifeboat_csrf") or ""}
        headers.update(extra or {})
        return headers

    def create_probe(
        self, reason: str, *, correlation_id: str | None = None, **params: Any
    ) -> dict[str, Any]:
        """POST /api/v1/jobs for a ``system.probe`` job; returns the created job detail."""
        extra = {"Idempotency-Key": secrets.token_hex(16)}
        if correlation_id:
            extra["x-correlation-id"] = correlation_id
        response = self.client.post(
            "/api/v1/jobs",
            json={"kind": "system.probe", "params": params, "reason": reason},
            headers=self._headers(extra),
        )
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def job(self, job_id: str) -> dict[str, Any]:
        response = self.client.get(f"/api/v1/jobs/{job_id}")
        response.raise_for_status()
        found: dict[str, Any] = response.json()
        return found

    def cancel(self, job_id: str, reason: str) -> None:
        response = self.client.post(
            f"/api/v1/jobs/{job_id}/cancel", json={"reason": reason}, headers=self._headers()
        )
        assert response.status_code in (200, 409), response.text

    def close(self) -> None:
        self.client.close()


@pytest.fixture(scope="package")
def jobs_api(lifeboat_server: LifeboatServer) -> Iterator[JobsApi]:
    api = JobsApi(lifeboat_server)
    try:
        yield api
    finally:
        api.close()
