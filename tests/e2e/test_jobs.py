"""Jobs in a real browser: a probe job started from the API advances live on its page (SSE), one is
cancelled from the UI with a reason, self-approval is refused with the API's words, and the list
and the global search find jobs. A real ``lifeboat worker`` runs the jobs."""

from __future__ import annotations

import re
import secrets
import subprocess

import pytest
from playwright.sync_api import Page, expect

from .conftest import JobsApi, screenshot
from .pages import JobPage, JobsListPage, path_pattern

pytestmark = pytest.mark.e2e

# A shared 2-core machine: jobs get generous time to be claimed and to finish.
RUN_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def _worker(job_worker: subprocess.Popen[bytes]) -> None:
    assert job_worker.poll() is None, "the e2e job worker exited; see tests/e2e/artifacts/worker.log"


def test_probe_steps_advance_live_and_finish_with_a_receipt(admin_page: Page, jobs_api: JobsApi) -> None:
    page = admin_page
    created = jobs_api.create_probe("e2e: watch a probe advance live", steps=4, sleep_s=2.0)
    job_id = created["job"]["id"]

    job = JobPage(page).open(job_id)
    # A marker in the page's JS world: if anything reloaded the page, it would be gone.
    page.evaluate("window.__e2eNoReload = true")
    expect(page.get_by_role("heading", name="system.probe")).to_be_visible()
    expect(page.get_by_test_id("job-id")).to_contain_text(job_id)
    expect(page.get_by_test_id("job-plan")).to_contain_text("probe")

    # The steps move on their own: step 1 done while step 2 runs and step 3 still waits.
    job.expect_step(1, "succeeded", timeout=RUN_TIMEOUT_MS)
    job.expect_step(2, "running", timeout=RUN_TIMEOUT_MS)
    job.expect_step(4, "pending")
    job.expect_status("running")
    expect(job.stream).to_have_attribute("data-state", "live")
    expect(job.cancel_button).to_be_visible()
    expect(job.approve_button).to_have_count(0)
    # Log lines and the attempt count come from the event stream.
    expect(job.step(1).get_by_test_id("job-step-logs")).to_contain_text("probe step 1 attempt 1 started")
    expect(job.step(1)).to_contain_text("attempts 1/")
    expect(job.step(1)).to_contain_text("took")
    screenshot(page, "job-detail-running.png")

    job.expect_status("succeeded", timeout=RUN_TIMEOUT_MS)
    for position in range(1, 5):
        job.expect_step(position, "succeeded")
    expect(job.step(4).get_by_test_id("job-step-logs")).to_contain_text("probe step 4 attempt 1 started")
    expect(job.stream).to_have_attribute("data-state", "ended")
    expect(job.cancel_button).to_have_count(0)
    expect(job.receipt_summary).to_have_attribute("data-status", "succeeded", timeout=RUN_TIMEOUT_MS)
    expect(job.receipt_summary).to_contain_text("Effects done (4)")
    assert page.evaluate("window.__e2eNoReload === true"), "the page reloaded; the timeline must be live"
    screenshot(page, "job-detail-finished.png")

    # The server agrees with what the page showed.
    assert jobs_api.job(job_id)["job"]["status"] == "succeeded"

    # A reload of a finished job replays its history: same steps, same log lines.
    page.reload()
    job.wait_until_shown()
    job.expect_status("succeeded")
    expect(job.step(2).get_by_test_id("job-step-logs")).to_contain_text("probe step 2 attempt 1 started")


def test_cancel_a_running_job_from_the_ui_with_a_reason(admin_page: Page, jobs_api: JobsApi) -> None:
    page = admin_page
    created = jobs_api.create_probe(
        "e2e: a long probe to cancel", steps=3, sleep_s=600.0, step_timeout_s=1200.0
    )
    job_id = created["job"]["id"]
    job = JobPage(page).open(job_id)
    job.expect_step(1, "running", timeout=RUN_TIMEOUT_MS)
    job.expect_status("running")

    submit = job.open_dialog(job.cancel_button)
    # Too short a reason keeps the action disabled.
    job.give_reason("no")
    expect(submit).to_be_disabled()
    job.give_reason("e2e: operator stops the probe")
    expect(submit).to_be_enabled()
    screenshot(page, "job-cancel-dialog.png")
    submit.click()
    expect(submit).to_be_hidden()

    job.expect_status("cancelled", timeout=RUN_TIMEOUT_MS)
    job.expect_step(1, "cancelled")
    job.expect_step(3, "cancelled")
    expect(page.get_by_test_id("job-cancel-reason")).to_contain_text("e2e: operator stops the probe")
    expect(job.cancel_button).to_have_count(0)
    expect(job.receipt_summary).to_have_attribute("data-status", "cancelled", timeout=RUN_TIMEOUT_MS)
    screenshot(page, "job-detail-cancelled.png")
    # The theme follows the OS: the same page must stay readable in dark mode.
    page.emulate_media(color_scheme="dark")
    expect(page.locator("html")).to_have_attribute("data-mantine-color-scheme", "dark")
    screenshot(page, "job-detail-cancelled-dark.png")
    assert jobs_api.job(job_id)["job"]["status"] == "cancelled"


def test_self_approval_is_refused_with_the_api_detail(admin_page: Page, jobs_api: JobsApi) -> None:
    page = admin_page
    created = jobs_api.create_probe("e2e: needs a second admin", steps=1, require_approval=True)
    job_id = created["job"]["id"]
    try:
        job = JobPage(page).open(job_id)
        job.expect_status("awaiting_approval")
        expect(job.approve_button).to_be_visible()
        expect(job.cancel_button).to_be_visible()

        submit = job.open_dialog(job.approve_button)
        job.give_reason("e2e: looks fine to me")
        expect(submit).to_be_enabled()
        submit.click()
        error = page.get_by_role("dialog").get_by_test_id("error-state")
        expect(error).to_be_visible()
        expect(error).to_contain_text("someone other than the one who created it")
        expect(error).to_contain_text("HTTP 403")
        screenshot(page, "job-approve-refused.png")
        page.keyboard.press("Escape")
        job.expect_status("awaiting_approval")
    finally:
        jobs_api.cancel(job_id, "e2e: clean up the approval probe")


def test_jobs_list_filters_and_global_search(admin_page: Page, jobs_api: JobsApi) -> None:
    page = admin_page
    correlation_id = f"e2e-corr-{secrets.token_hex(4)}"
    created = jobs_api.create_probe(
        "e2e: list and search", correlation_id=correlation_id, steps=2, sleep_s=0.5
    )
    job_id = created["job"]["id"]

    jobs = JobsListPage(page).open()
    row = jobs.row(job_id)
    expect(row).to_be_visible()
    expect(row).to_contain_text("system.probe")
    expect(row).to_contain_text("e2e: list and search")
    # The list follows the job until it ends, without a reload.
    expect(row).to_have_attribute("data-status", "succeeded", timeout=RUN_TIMEOUT_MS)
    expect(row.get_by_test_id("job-status")).to_have_text("succeeded")
    screenshot(page, "jobs-list.png")

    jobs.filter_status("succeeded")
    expect(jobs.row(job_id)).to_be_visible()
    for status in jobs.rows.evaluate_all("rows => rows.map(r => r.dataset.status)"):
        assert status == "succeeded"
    jobs.filter_kind("no.such.kind")
    expect(page.get_by_test_id("empty-state")).to_contain_text("No jobs match these filters")
    page.get_by_test_id("jobs-filter-clear").click()
    expect(jobs.row(job_id)).to_be_visible()

    # The row links to the job.
    jobs.row(job_id).get_by_test_id("job-link").click()
    expect(page).to_have_url(path_pattern(f"/jobs/{job_id}"))
    JobPage(page).wait_until_shown()

    # Global search: a job id goes to the job ...
    search = page.get_by_test_id("global-search")
    page.goto("/jobs")
    jobs.wait_until_shown()
    search.fill(job_id.upper())
    search.press("Enter")
    expect(page).to_have_url(path_pattern(f"/jobs/{job_id}"))
    JobPage(page).expect_status("succeeded")

    # ... so does the correlation id of the request that created it ...
    search.fill(correlation_id)
    search.press("Enter")
    expect(page).to_have_url(path_pattern(f"/jobs/{job_id}"))
    expect(page.get_by_test_id("job-correlation-id")).to_contain_text(correlation_id)

    # ... and anything else lands on the audit log filtered by it.
    search.fill("e2e-nothing-matches-this")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/audit\?correlation_id=e2e-nothing-matches-this"))
