"""Restore health and alerts: a failed verification raises an alert and a success clears it; the
scheduled freshness sweep raises overdue alerts and a later success clears them; alert changes
are published on NATS (a real subscription receives them) and POSTed to the group's webhook,
retried with backoff, every attempt in the delivery log."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import nats
import pytest
from aiohttp import web
from litestar import Litestar

from lifeboat.app import create_app
from tests.conftest import bearer_token, make_settings, running_app
from tests.jobs.conftest import running_worker, wait_for
from tests.restore.conftest import REPLICAS, Machine, make_machine, ok
from tests.restore.runs.test_runs import World, make_world, open_run, patch_run, verify
from tests.services import TestServices

pytestmark = pytest.mark.integration

HEALTH = "/api/v1/restore/health"
ALERTS = "/api/v1/restore/alerts"


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


async def verified_run(
    client: httpx.AsyncClient,
    consumer: Machine,
    world: World,
    outcome: str,
    run_status: str = "succeeded",
) -> dict[str, Any]:
    """Open, end and verify a run now (health orders outcomes by when the server recorded them,
    so the call order is the history)."""
    run_id = (await open_run(client, consumer, world))["run"]["id"]
    await patch_run(client, consumer, run_id, status=run_status)
    return await verify(client, consumer, run_id, outcome=outcome)


async def health_of(client: httpx.AsyncClient, headers: dict[str, str], server: str) -> dict[str, Any]:
    body = ok(await client.get(HEALTH, headers=headers), 200)
    items: dict[str, dict[str, Any]] = {i["server"]: i for i in body["items"]}
    return items[server]


async def alerts_of(
    client: httpx.AsyncClient, headers: dict[str, str], server: str
) -> dict[str, dict[str, Any]]:
    body = ok(await client.get(ALERTS, params={"server": server}, headers=headers), 200)
    return {a["kind"]: a for a in body["items"]}


@pytest.fixture
async def alert_app(
    services: TestServices, database_url: str
) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    """An app whose alert deliveries retry quickly (the backoff is still exponential)."""
    app = create_app(
        make_settings(
            services,
            database_url,
            restore_webhook_backoff_s=0.05,
            restore_webhook_max_attempts=5,
            restore_webhook_timeout_s=5.0,
        )
    )
    async with running_app(app) as client:
        yield app, client


async def test_health_statuses_and_order(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    world = await make_world(client, admin_headers, consumer, group="grp-a", server="srv-ok")
    failing = await make_world(
        client, admin_headers, consumer, group="grp-a", server="srv-bad", new_group=False
    )
    never = await make_world(
        client, admin_headers, consumer, group="grp-a", server="srv-new", new_group=False
    )
    await verified_run(client, consumer, failing, "success")
    await verified_run(client, consumer, failing, "failure")
    await verified_run(client, consumer, failing, "failure", run_status="failed")
    await verified_run(client, consumer, world, "success")

    body = ok(await client.get(HEALTH, headers=viewer_headers), 200)
    by_server = {i["server"]: i for i in body["items"]}

    assert [i["server"] for i in body["items"]] == ["srv-bad", "srv-new", "srv-ok"]
    assert by_server["srv-ok"]["status"] == "healthy"
    assert by_server["srv-ok"]["freshness_target_s"] == 7 * 86400
    assert by_server["srv-bad"]["status"] == "failing"
    assert by_server["srv-bad"]["failure_streak"] == 2
    assert by_server["srv-bad"]["last_success"] is not None
    assert by_server["srv-bad"]["active_alerts"] == ["restore_failing"]
    assert by_server["srv-new"]["status"] == "never_verified"
    assert by_server["srv-new"]["last_success"] is None
    assert never.server == "srv-new"
    only_failing = ok(await client.get(HEALTH, params={"status": "failing"}, headers=viewer_headers), 200)
    assert [i["server"] for i in only_failing["items"]] == ["srv-bad"]
    bad_filter = await client.get(HEALTH, params={"status": "broken"}, headers=viewer_headers)
    assert bad_filter.status_code == 400


async def test_failure_raises_once_and_recovery_clears_with_nats_and_webhook_delivery(
    alert_app: tuple[Litestar, httpx.AsyncClient], services: TestServices
) -> None:
    app, client = alert_app
    admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
    consumer = await make_machine("restore-consumer", "consumer-alerts")
    world = await make_world(client, admin, consumer, group="grp-a", server="srv-1")

    # A webhook that fails twice, then accepts.
    received: list[dict[str, Any]] = []
    calls = 0

    async def hook(request: web.Request) -> web.Response:
        nonlocal calls
        calls += 1
        body = await request.json()
        if calls <= 2:
            return web.Response(status=503, text="busy")
        received.append(body)
        return web.Response(status=204)

    web_app = web.Application()
    web_app.router.add_post("/hooks/restore", hook)
    runner = web.AppRunner(web_app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    set_hook = await client.patch(
        f"/api/v1/restore/groups/{world.group}/alerting",
        json={"webhook_url": f"http://127.0.0.1:{port}/hooks/restore?token=s3cr3t", "reason": "page the dba"},
        headers=admin,
    )
    assert set_hook.status_code == 200, set_hook.text
    assert set_hook.json()["subject"] == "lifeboat.alerts.restore.grp-a"

    nc = await nats.connect(services.nats_url)
    messages: list[dict[str, Any]] = []

    async def on_message(msg: Any) -> None:
        messages.append(json.loads(msg.data))

    await nc.subscribe("lifeboat.alerts.restore.grp-a", cb=on_message)
    await nc.flush()
    try:
        await verified_run(client, consumer, world, "success")
        await verified_run(client, consumer, world, "failure")
        # a second failure changes nothing: the alert is raised once
        await verified_run(client, consumer, world, "failure", run_status="failed")
        raised = await alerts_of(client, admin, world.server)
        assert raised["restore_failing"]["active"] is True
        assert [e["change"] for e in raised["restore_failing"]["events"]] == ["raised"]

        async with running_worker(app, registry=app.state.job_registry, scheduler=False):

            async def delivered() -> bool:
                return len(messages) == 1 and len(received) == 1

            await wait_for(delivered, attempts=600, interval=0.1, what="the raised alert's delivery")
            assert messages[0]["alert"] == "restore_failing"
            assert messages[0]["change"] == "raised"
            assert messages[0]["server"] == "srv-1"
            assert messages[0]["failure_streak"] == 1  # raised by the first failure
            assert received[0] == messages[0]

            await verified_run(client, consumer, world, "success")

            async def cleared() -> bool:
                return len(messages) == 2 and len(received) == 2

            await wait_for(cleared, attempts=600, interval=0.1, what="the cleared alert's delivery")
        assert messages[1]["change"] == "cleared"
        assert messages[1]["status"] == "healthy"
        health = await health_of(client, admin, world.server)
        assert health["status"] == "healthy"
        assert health["active_alerts"] == []

        alert = (await alerts_of(client, admin, world.server))["restore_failing"]
        assert alert["active"] is False
        assert alert["cleared_at"] is not None
        raise_event = next(e for e in alert["events"] if e["change"] == "raised")
        webhook = [d for d in raise_event["deliveries"] if d["channel"] == "webhook"]
        assert [(d["attempt"], d["outcome"], d["status_code"]) for d in webhook] == [
            (1, "failed", 503),
            (2, "failed", 503),
            (3, "delivered", 204),
        ]
        # the webhook URL is a secret: neither its token nor its path reaches the delivery log
        assert all("s3cr3t" not in d["target"] and "/hooks" not in d["target"] for d in webhook)
        assert webhook[0]["target"] == f"http://127.0.0.1:{port}/…"
        nats_log = [d for d in raise_event["deliveries"] if d["channel"] == "nats"]
        assert [(d["attempt"], d["outcome"]) for d in nats_log] == [(1, "delivered")]
        nats_job_id, webhook_job_id = raise_event["delivery_job_ids"]
        nats_job = ok(await client.get(f"/api/v1/jobs/{nats_job_id}", headers=admin), 200)
        webhook_job = ok(await client.get(f"/api/v1/jobs/{webhook_job_id}", headers=admin), 200)
        assert nats_job["job"]["kind"] == webhook_job["job"]["kind"] == "restore.alert_delivery"
        assert nats_job["job"]["status"] == webhook_job["job"]["status"] == "succeeded"
        assert [(s["name"], len(s["attempts"])) for s in nats_job["steps"]] == [("publish-nats", 1)]
        assert [(s["name"], len(s["attempts"])) for s in webhook_job["steps"]] == [("post-webhook", 3)]
    finally:
        await nc.close()
        await runner.cleanup()


async def test_the_scheduled_sweep_raises_overdue_and_a_later_success_clears_it(
    alert_app: tuple[Litestar, httpx.AsyncClient], database_url: str
) -> None:
    app, client = alert_app
    admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
    consumer = await make_machine("restore-consumer", "consumer-sweep")
    world = await make_world(client, admin, consumer, group="grp-s", server="srv-stale")
    # The last success is 10 days old, recorded while the declaration was disabled (the server
    # out of scope): nothing is raised until the sweep looks at it.
    run_id = (await open_run(client, consumer, world))["run"]["id"]
    off = await client.patch(
        f"{REPLICAS}/{world.declaration_id}", json={"enabled": False, "reason": "pause"}, headers=admin
    )
    assert off.status_code == 200, off.text
    await patch_run(client, consumer, run_id, status="succeeded")
    await verify(client, consumer, run_id)
    # Ten days pass: health ages a success by the server's recorded_at (an agent cannot backdate
    # or postdate it), so age the recorded row itself.
    conn = await asyncpg.connect(database_url)
    try:
        await conn.execute(
            "update restore_verification set recorded_at = recorded_at - interval '10 days' where run = $1",
            uuid.UUID(run_id),
        )
    finally:
        await conn.close()
    on = await client.patch(
        f"{REPLICAS}/{world.declaration_id}", json={"enabled": True, "reason": "resume"}, headers=admin
    )
    assert on.status_code == 200, on.text
    stale = await health_of(client, admin, world.server)
    assert stale["status"] == "overdue"
    assert stale["active_alerts"] == []  # the API computes health; only the sweep raises

    async with running_worker(app, registry=app.state.job_registry, scheduler=True, scheduler_tick_s=0.2):

        async def swept() -> dict[str, Any] | None:
            body = ok(
                await client.get("/api/v1/jobs", params={"kind": "restore.freshness_sweep"}, headers=admin),
                200,
            )
            done = [j for j in body["items"] if j["status"] == "succeeded"]
            return done[0] if done else None

        sweep_job = await wait_for(swept, attempts=600, interval=0.1, what="a scheduled freshness sweep")
        assert sweep_job["created_by"] == "schedule:restore-freshness-sweep"
        alerts = await alerts_of(client, admin, world.server)
        assert alerts["restore_overdue"]["active"] is True
        assert [e["change"] for e in alerts["restore_overdue"]["events"]] == ["raised"]
        payload = alerts["restore_overdue"]["events"][0]["payload"]
        assert payload["status"] == "overdue"
        assert payload["overdue_since"] is not None

        # Sweeping again changes nothing (raise happens once).
        from lifeboat.restore.health.service import sweep_alerts

        again = await sweep_alerts(
            delivery_kind=app.state.job_registry.get("restore.alert_delivery"), environment="test"
        )
        assert (again.raised, again.cleared, again.overdue) == (0, 0, 1)

        await verified_run(client, consumer, world, "success")
        alerts = await alerts_of(client, admin, world.server)
        assert alerts["restore_overdue"]["active"] is False
        assert [e["change"] for e in alerts["restore_overdue"]["events"]] == ["cleared", "raised"]
    healthy = await health_of(client, admin, world.server)
    assert healthy["status"] == "healthy"


async def test_alerting_config_is_validated_and_audited(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    viewer_headers: dict[str, str],
    consumer: Machine,
) -> None:
    world = await make_world(client, admin_headers, consumer, group="grp-c", server="srv-c")
    path = f"/api/v1/restore/groups/{world.group}/alerting"

    bad_scheme = await client.patch(
        path, json={"webhook_url": "ftp://x", "reason": "nope"}, headers=admin_headers
    )
    no_reason = await client.patch(
        path, json={"webhook_url": "https://hooks.example/x"}, headers=admin_headers
    )
    as_viewer = await client.patch(
        path, json={"webhook_url": "https://hooks.example/x", "reason": "viewer"}, headers=viewer_headers
    )
    unknown = await client.patch(
        "/api/v1/restore/groups/grp-none/alerting",
        json={"webhook_url": None, "reason": "remove"},
        headers=admin_headers,
    )
    set_ok = await client.patch(
        path,
        json={"webhook_url": "https://user:pw@hooks.example/x?key=zq9secret", "reason": "route alerts"},
        headers=admin_headers,
    )

    assert bad_scheme.status_code == 400
    assert no_reason.status_code == 400
    assert as_viewer.status_code == 403
    assert unknown.status_code == 404
    assert set_ok.status_code == 200
    shown = ok(await client.get(path, headers=viewer_headers), 200)
    assert shown["webhook"] == "https://hooks.example/…"  # never read back: no path, userinfo, query
    audit = ok(
        await client.get("/api/v1/audit", params={"action": "restore.group.alerting"}, headers=admin_headers),
        200,
    )
    assert len(audit["items"]) == 1
    assert "zq9secret" not in json.dumps(audit["items"][0])
    assert "pw@" not in json.dumps(audit["items"][0])
    assert audit["items"][0]["reason"] == "route alerts"
    # the same value again is a no-op (not audited twice)
    await client.patch(
        path,
        json={"webhook_url": "https://user:pw@hooks.example/x?key=zq9secret", "reason": "again"},
        headers=admin_headers,
    )
    audit = ok(
        await client.get("/api/v1/audit", params={"action": "restore.group.alerting"}, headers=admin_headers),
        200,
    )
    assert len(audit["items"]) == 1


async def test_nats_down_never_fails_the_report_and_the_webhook_still_gets_the_alert(
    services: TestServices, database_url: str
) -> None:
    received: list[dict[str, Any]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=200)

    web_app = web.Application()
    web_app.router.add_post("/hook", hook)
    runner = web.AppRunner(web_app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    # nothing listens on port 1: NATS is down for the API and for the deliveries
    app = create_app(
        make_settings(
            services,
            database_url,
            nats_url="nats://127.0.0.1:1",
            restore_webhook_backoff_s=0.05,
            restore_webhook_max_attempts=3,
        )
    )
    try:
        async with running_app(app) as client:
            admin = {"Authorization": f"Bearer {await bearer_token('admin')}"}
            consumer = await make_machine("restore-consumer", "consumer-nonats")
            world = await make_world(client, admin, consumer, group="grp-n", server="srv-n")
            hooked = await client.patch(
                f"/api/v1/restore/groups/{world.group}/alerting",
                json={"webhook_url": f"http://127.0.0.1:{port}/hook", "reason": "page"},
                headers=admin,
            )
            assert hooked.status_code == 200

            report = await verified_run(client, consumer, world, "failure")
            assert report["verification"]["outcome"] == "failure"

            async with running_worker(app, registry=app.state.job_registry, scheduler=False):

                async def settled() -> dict[str, Any] | None:
                    alert = (await alerts_of(client, admin, world.server)).get("restore_failing")
                    if alert is None:
                        return None
                    jobs = [
                        ok(await client.get(f"/api/v1/jobs/{j}", headers=admin), 200)
                        for j in alert["events"][0]["delivery_job_ids"]
                    ]
                    done = all(j["job"]["status"] in ("succeeded", "failed") for j in jobs)
                    return alert if done else None

                alert = await wait_for(settled, attempts=900, interval=0.1, what="both deliveries to settle")
            deliveries = alert["events"][0]["deliveries"]
            nats_log = [(d["attempt"], d["outcome"]) for d in deliveries if d["channel"] == "nats"]
            assert nats_log == [(1, "failed"), (2, "failed"), (3, "failed")]
            assert all(d["error"] for d in deliveries if d["channel"] == "nats")
            assert [(d["attempt"], d["outcome"]) for d in deliveries if d["channel"] == "webhook"] == [
                (1, "delivered")
            ]
            assert len(received) == 1
            assert received[0]["alert"] == "restore_failing"
            nats_job = ok(
                await client.get(f"/api/v1/jobs/{alert['events'][0]['delivery_job_ids'][0]}", headers=admin),
                200,
            )
            assert nats_job["job"]["status"] == "failed"
    finally:
        await runner.cleanup()
