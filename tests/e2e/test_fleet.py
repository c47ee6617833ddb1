"""Fleet and Tenants & Placement pages in a real browser, against a simulated fleet.

This module runs its own ``lifeboat serve`` (the package's server has no fleet secret): it shares
a fleet secret with a ``lifeboat sim`` subprocess and reads placement from a KV bucket of its
own, which the test seeds with nats-py. Services are registered through the API, as an operator
would; faults are injected through the simulator's control API.
"""

from __future__ import annotations

import os
import re
import secrets
import select
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import msgspec
import pytest
from playwright.sync_api import BrowserContext, Page, expect

from lifeboat.placement.models import PlacementKind
from tests.fleet.conftest import put_placement
from tests.live_server import (
    LifeboatServer,
    LiveServerError,
    lifeboat_command,
    live_lifeboat,
    run_async,
    stop_process_group,
)
from tests.services import TestServices

from .conftest import ADMIN_PASSWORD, ADMIN_USERNAME, ARTIFACTS, ROOT, SPA_DIR, screenshot
from .pages import FleetPage, JobPage, LoginPage, Shell, TenantPage, TenantsPage

pytestmark = pytest.mark.e2e

TENANTS = [
    "acme", "globex", "initech", "umbrella", "hooli", "stark",
    "wayne", "wonka", "cyberdyne", "soylent", "tyrell", "oscorp",
]  # fmt: skip
SIM_START_TIMEOUT_S = 60.0
ENVIRONMENT = "e2efleet"


@dataclass(frozen=True)
class SimulatedFleet:
    control_url: str
    secret: str
    services: list[dict[str, Any]]

    def names(self, *, kind: str | None = None, site: str | None = None) -> list[str]:
        return sorted(
            s["name"]
            for s in self.services
            if (kind is None or s["kind"] == kind) and (site is None or s["site"] == site)
        )

    def set_fault(self, service: str, fault: str, **params: Any) -> None:
        response = httpx.put(
            f"{self.control_url}/services/{service}/faults/{fault}",
            json=params,
            headers={"Authorization": f"Bearer {self.secret}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text

    def clear_faults(self, service: str) -> None:
        response = httpx.delete(
            f"{self.control_url}/services/{service}/faults",
            headers={"Authorization": f"Bearer {self.secret}"},
            timeout=10,
        )
        assert response.status_code == 200, response.text


@dataclass(frozen=True)
class FleetSetup:
    server: LifeboatServer
    fleet: SimulatedFleet
    bucket: str
    env: dict[str, str]  # the fleet settings the server has (for a worker next to it)
    placement: dict[PlacementKind, dict[str, str]]


def _read_first_line(process: subprocess.Popen[bytes], timeout_s: float) -> bytes:
    """The simulator's --print-json line (bounded; the pipe is read without blocking forever)."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    buffer = b""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                break
            buffer += chunk
            if b"\n" in buffer:
                return buffer.split(b"\n", 1)[0]
    raise LiveServerError(f"lifeboat sim printed no service list (exit {process.poll()}): {buffer[-500:]!r}")


def _spread(tenants: list[str], services: list[str]) -> dict[str, str]:
    return {tenant: services[index % len(services)] for index, tenant in enumerate(sorted(tenants))}


class AdminApi:
    """The API as an admin's script uses it: a session login and the CSRF header."""

    def __init__(self, server: LifeboatServer) -> None:
        self.client = httpx.Client(base_url=server.base_url, timeout=20.0)
        response = self.client.post(
            "/api/v1/auth/login", json={"username": server.admin_username, "password": server.admin_password}
        )
        response.raise_for_status()

    def post(self, path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> httpx.Response:
        sent = {"x-csrf-token": self.client.cookies.get("lifeboat_csrf") or "", **(headers or {})}
        return self.client.post(path, json=body, headers=sent)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def close(self) -> None:
        self.client.close()


@pytest.fixture(scope="module")
def fleet_setup(e2e_prerequisites: None, services: TestServices) -> Iterator[FleetSetup]:
    secret = secrets.token_urlsafe(24)
    bucket = f"lifeboat_placement_e2e_{secrets.token_hex(6)}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sim_log = (ARTIFACTS / "fleet-sim.log").open("wb")
    command = [
        *lifeboat_command(), "sim", "--print-json",
        "--secret", secret,
        "--nats-url", services.nats_url,
        "--placement-bucket", bucket,
        "--seed", "3",
        "--tick", "0.1",
    ]  # fmt: skip
    sim = subprocess.Popen(
        command,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=sim_log,
        start_new_session=True,
    )
    try:
        listing = msgspec.json.decode(_read_first_line(sim, SIM_START_TIMEOUT_S))
        fleet = SimulatedFleet(
            control_url=listing["control_url"], secret=secret, services=listing["services"]
        )
        placement: dict[PlacementKind, dict[str, str]] = {
            kind: _spread(TENANTS, fleet.names(kind=kind, site="primary"))
            for kind in ("aggregate", "projection", "runner")
        }
        for kind, tenants in placement.items():
            run_async(
                lambda kind=kind, tenants=tenants: put_placement(services.nats_url, bucket, kind, tenants)
            )
        env = {"LIFEBOAT_FLEET_SECRET": secret, "LIFEBOAT_PLACEMENT_BUCKET": bucket}
        with live_lifeboat(
            services,
            environment=ENVIRONMENT,
            log_path=ARTIFACTS / "fleet-server.log",
            spa_dir=SPA_DIR,
            admin_username=ADMIN_USERNAME,
            admin_password=ADMIN_PASSWORD,
            extra_env=env,
        ) as server:
            api = AdminApi(server)
            try:
                for service in fleet.services:
                    response = api.post(
                        "/api/v1/fleet/services",
                        {
                            "name": service["name"],
                            "kind": service["kind"],
                            "site": service["site"],
                            "environment": ENVIRONMENT,
                            "base_url": service["base_url"],
                            "reason": "e2e: register the simulated fleet",
                        },
                    )
                    assert response.status_code == 201, response.text
            finally:
                api.close()
            yield FleetSetup(server=server, fleet=fleet, bucket=bucket, env=env, placement=placement)
    except LiveServerError as exc:
        pytest.fail(str(exc), pytrace=False)
    finally:
        stop_process_group(sim)
        if sim.stdout is not None:
            sim.stdout.close()
        sim_log.close()


@pytest.fixture
def fleet_page(fleet_setup: FleetSetup, new_context: Callable[..., BrowserContext]) -> Page:
    """A page signed in as the admin on this module's server."""
    context = new_context(base_url=fleet_setup.server.base_url)
    page = context.new_page()
    LoginPage(page).open().login(ADMIN_USERNAME, ADMIN_PASSWORD)
    Shell(page).wait_until_shown()
    return page


def test_fleet_page_shows_both_sites_healthy(fleet_page: Page, fleet_setup: FleetSetup) -> None:
    fleet = FleetPage(fleet_page).open()
    for site in ("primary", "dr"):
        expect(fleet.site(site)).to_be_visible()
        expect(fleet.site(site)).to_have_attribute("data-health", "ok")
    expect(fleet.testid("fleet-total")).to_have_text(str(len(fleet_setup.fleet.services)))
    expect(fleet.testid("service-row")).to_have_count(len(fleet_setup.fleet.services))
    for name in fleet_setup.fleet.names():
        expect(fleet.service(name)).to_have_attribute("data-health", "ok")
    # Placed services report their tenants; the DR site stands by with none.
    primary_aggregate = fleet_setup.fleet.names(kind="aggregate", site="primary")[0]
    expect(fleet.service(primary_aggregate).get_by_test_id("service-tenants")).to_have_text("4")
    expect(fleet.service(primary_aggregate).get_by_test_id("service-ready")).to_have_text("ready")
    expect(fleet.service(primary_aggregate)).to_contain_text("1.0.0")
    # The page refreshes by itself: the sparkline gains points without a reload.
    sparkline = fleet.service(primary_aggregate).get_by_test_id("latency-sparkline")
    expect(sparkline).to_have_attribute("data-points", re.compile(r"^([2-9]|\d{2,})$"), timeout=30_000)
    screenshot(fleet_page, "fleet.png")


def test_an_unreachable_service_shows_as_unreachable(fleet_page: Page, fleet_setup: FleetSetup) -> None:
    victim = fleet_setup.fleet.names(kind="runner", site="dr")[-1]
    fleet = FleetPage(fleet_page).open()
    fleet.expect_health(victim, "ok")
    fleet_setup.fleet.set_fault(victim, "unreachable", mode="refuse")
    try:
        fleet.expect_health(victim, "unreachable")  # picked up by the auto-refresh
        expect(fleet.site("dr")).to_have_attribute("data-health", "unreachable")
        expect(fleet.service(victim).get_by_test_id("service-error")).to_contain_text("unreachable")
        expect(fleet.testid("fleet-count-unreachable")).to_contain_text("1")
        screenshot(fleet_page, "fleet-unreachable.png")
    finally:
        fleet_setup.fleet.clear_faults(victim)
    fleet.expect_health(victim, "ok")


def test_tenants_page_lists_and_searches(fleet_page: Page, fleet_setup: FleetSetup) -> None:
    tenants = TenantsPage(fleet_page).open()
    expect(tenants.rows).to_have_count(len(TENANTS))
    expect(tenants.testid("placement-source")).to_have_text("NATS KV")
    expect(tenants.testid("placement-map")).to_have_count(3)
    acme = fleet_setup.placement["aggregate"]["acme"]
    expect(tenants.row("acme").get_by_test_id("tenant-aggregate")).to_have_text(acme)
    screenshot(fleet_page, "tenants.png")

    tenants.search("glob")
    expect(tenants.rows).to_have_count(1)
    expect(tenants.row("globex")).to_be_visible()
    # A service name finds the tenants placed on it.
    runner = fleet_setup.fleet.names(kind="runner", site="primary")[1]
    tenants.search(runner)
    placed_on = [t for t, s in fleet_setup.placement["runner"].items() if s == runner]
    expect(tenants.rows).to_have_count(len(placed_on))
    tenants.search("no-such-tenant")
    expect(tenants.testid("tenants-empty")).to_be_visible()
    # Deep link: the search is in the URL.
    TenantsPage(fleet_page).open("?q=stark")
    expect(tenants.rows).to_have_count(1)
    tenants.row("stark").get_by_test_id("tenant-link").click()
    TenantPage(fleet_page).wait_until_shown()
    expect(fleet_page.get_by_role("heading", name="stark", exact=True)).to_be_visible()


def test_tenant_detail_shows_placement_and_live_inflight(fleet_page: Page, fleet_setup: FleetSetup) -> None:
    tenant = TenantPage(fleet_page).open("initech")
    for kind, tenants in fleet_setup.placement.items():
        expect(tenant.placement(kind)).to_have_attribute("data-service", tenants["initech"])
    serving = fleet_setup.placement["aggregate"]["initech"]
    row = tenant.activity(serving)
    expect(row).to_be_visible()
    expect(row).to_have_attribute("data-reachable", "true")
    expect(row.get_by_test_id("activity-acquiring")).to_have_text("acquiring")
    expect(row.get_by_test_id("activity-inflight")).to_have_text(re.compile(r"^\d+$"))
    expect(tenant.testid("tenant-inflight-total")).to_contain_text("inflight")
    # Services not serving the tenant are hidden until asked for.
    other = next(n for n in fleet_setup.fleet.names(kind="aggregate", site="dr"))
    expect(tenant.activity(other)).to_have_count(0)
    tenant.testid("activity-show-all").click()
    expect(tenant.activity(other)).to_be_visible()
    screenshot(fleet_page, "tenant-detail.png")


@pytest.fixture(scope="module")
def fleet_worker(fleet_setup: FleetSetup, services: TestServices) -> Iterator[subprocess.Popen[bytes]]:
    """``lifeboat worker`` on this module's database, with the fleet secret and placement bucket."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIFEBOAT_")}
    env.update(
        {
            "LIFEBOAT_ENVIRONMENT": ENVIRONMENT,
            "LIFEBOAT_DATABASE_URL": fleet_setup.server.database_url,
            "LIFEBOAT_NATS_URL": services.nats_url,
            "LIFEBOAT_S3_ENDPOINT_URL": services.s3_endpoint_url,
            "LIFEBOAT_S3_REGION": services.s3_region,
            "LIFEBOAT_S3_ACCESS_KEY_ID": services.s3_access_key_id,
            "LIFEBOAT_S3_SECRET_ACCESS_KEY": services.s3_secret_access_key,
            "LIFEBOAT_S3_BUCKET": f"lifeboat-e2e-fleet-worker-{secrets.token_hex(4)}",
            "LIFEBOAT_AUDIT_KEY": fleet_setup.server.audit_key,  # the server's chain key
            "LIFEBOAT_OUTBOUND_ALLOW": "127.0.0.0/8,::1",  # the simulated fleet is on loopback
            "LIFEBOAT_LOG_FORMAT": "json",
            **fleet_setup.env,
        }
    )
    with (ARTIFACTS / "fleet-worker.log").open("wb") as log:
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


def test_migrate_a_tenant_from_the_ui(
    fleet_page: Page, fleet_setup: FleetSetup, fleet_worker: subprocess.Popen[bytes]
) -> None:
    worker = fleet_worker
    assert worker.poll() is None, "the fleet worker exited; see tests/e2e/artifacts/fleet-worker.log"
    tenant_id = "wayne"
    source = fleet_setup.placement["aggregate"][tenant_id]
    target = next(n for n in fleet_setup.fleet.names(kind="aggregate", site="primary") if n != source)

    tenant = TenantPage(fleet_page).open(tenant_id)
    expect(tenant.placement("aggregate")).to_have_attribute("data-service", source)
    submit = tenant.open_migrate("aggregate")
    tenant.testid("migrate-target").select_option(target)
    expect(tenant.testid("job-plan-preview")).to_have_attribute("data-ok", "true", timeout=20_000)
    expect(tenant.testid("job-plan-gate").first).to_be_visible()
    tenant.testid("confirm-reason").fill("e2e: rebalance aggregate load")
    expect(submit).to_be_disabled()  # the tenant's name is not typed yet
    tenant.testid("confirm-typed-name").fill(tenant_id)
    expect(submit).to_be_enabled()
    screenshot(fleet_page, "tenant-migrate-dialog.png")
    submit.click()

    expect(fleet_page).to_have_url(re.compile(r"/jobs/[0-9a-f-]{36}$"), timeout=20_000)
    job = JobPage(fleet_page)
    job.wait_until_shown()
    job.expect_status("succeeded", timeout=150_000)
    screenshot(fleet_page, "tenant-migrate-job.png")

    tenant = TenantPage(fleet_page).open(tenant_id)
    expect(tenant.placement("aggregate")).to_have_attribute("data-service", target, timeout=20_000)
    expect(tenant.activity(target)).to_be_visible(timeout=20_000)
    expect(tenant.activity(target).get_by_test_id("activity-acquiring")).to_have_text(
        "acquiring", timeout=20_000
    )
    screenshot(fleet_page, "tenant-migrated.png")
