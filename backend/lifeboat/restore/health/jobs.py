"""Restore health job kinds: ``restore.freshness_sweep`` (scheduled: classifies every server and
raises/clears the overdue alerts) and ``restore.alert_delivery`` (one alert change on one
channel, NATS or the group's webhook, retried with exponential backoff, every attempt in the
delivery log)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

import httpx
import msgspec
import nats
import structlog

from lifeboat.core.outbound import (
    OutboundPolicy,
    OutboundRefused,
    classify_error,
    classify_status,
    outbound_client,
)
from lifeboat.jobs.definitions import (
    CancelContext,
    JobKind,
    RetryPolicy,
    Schedule,
    StepContext,
    StepDefinition,
    StepError,
    StepResult,
)
from lifeboat.restore.health import alerts, delivery, service
from lifeboat.restore.health.models import AlertDeliveryParams, FreshnessSweepParams
from lifeboat.settings import Settings

FRESHNESS_SWEEP = "restore.freshness_sweep"
ALERT_DELIVERY = "restore.alert_delivery"
#: One NATS delivery attempt (connect, publish, flush) at most.
NATS_PUBLISH_TIMEOUT_S = 10.0
log = structlog.get_logger(__name__)


async def _log_nats_error(exc: Exception) -> None:
    """One warning line instead of nats-py's default traceback (the step reports the failure)."""
    log.warning("alert_nats_error", error=str(exc) or type(exc).__name__)


class DeliveryFailed(StepError):
    """A delivery attempt failed (retried per the step's policy)."""


@dataclass(frozen=True)
class RestoreDeps:
    """What the restore kinds need, from settings: the NATS URL, the webhook timeout and retry
    policy, the sweep interval and the environment named in alert payloads."""

    nats_url: str | None
    environment: str
    webhook_timeout_s: float = 5.0
    webhook_max_attempts: int = 5
    webhook_backoff_s: float = 2.0
    sweep_interval_s: float = 300.0
    # Where webhooks may go (LIFEBOAT_OUTBOUND_ALLOW); checked on every delivery attempt.
    outbound: OutboundPolicy = field(default_factory=OutboundPolicy)

    @classmethod
    def from_settings(cls, settings: Settings) -> RestoreDeps:
        """Deps from the process's settings."""
        return cls(
            nats_url=settings.nats_url or None,
            environment=settings.environment,
            webhook_timeout_s=settings.restore_webhook_timeout_s,
            webhook_max_attempts=settings.restore_webhook_max_attempts,
            webhook_backoff_s=settings.restore_webhook_backoff_s,
            sweep_interval_s=settings.restore_sweep_interval_s,
            outbound=OutboundPolicy.parse(settings.outbound_allow),
        )

    @property
    def delivery_retry(self) -> RetryPolicy:
        """Deliveries: exponential backoff from ``webhook_backoff_s``, capped at 5 minutes."""
        return RetryPolicy(
            max_attempts=self.webhook_max_attempts,
            initial_backoff_s=self.webhook_backoff_s,
            multiplier=2.0,
            max_backoff_s=300.0,
            jitter=0.1,
        )


def health_kinds(deps: RestoreDeps) -> list[JobKind]:
    """The freshness sweep and alert delivery kinds, closing over ``deps``."""
    delivery_holder: list[JobKind] = []

    async def sweep(ctx: StepContext) -> StepResult:
        result = await service.sweep_alerts(delivery_kind=delivery_holder[0], environment=deps.environment)
        await ctx.log(
            f"classified {result.servers} servers: {result.overdue} overdue; "
            f"{result.raised} alerts raised, {result.cleared} cleared"
        )
        return StepResult(output=msgspec.to_builtins(result))

    async def publish_nats(ctx: StepContext) -> StepResult:
        params: AlertDeliveryParams = ctx.params
        target = await delivery.delivery_target(params.event_id)
        if not deps.nats_url:
            await ctx.log("no NATS configured: nothing to publish")
            return StepResult(output={"skipped": "no NATS configured"})
        try:
            # One short connection per delivery: alerts are rare and this survives any NATS
            # restart. Bounded here: nats-py can keep retrying a first connection on its own.
            async with asyncio.timeout(NATS_PUBLISH_TIMEOUT_S):
                nc = await nats.connect(
                    deps.nats_url,
                    name="lifeboat-alerts",
                    connect_timeout=2,
                    allow_reconnect=False,
                    max_reconnect_attempts=0,
                    error_cb=_log_nats_error,
                )
                try:
                    await nc.publish(
                        target.subject, target.body, headers={"Nats-Msg-Id": str(target.event_id)}
                    )
                    await nc.flush(timeout=5)
                finally:
                    await nc.close()
        except Exception as exc:
            error = (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[:300]
            await delivery.record_delivery(
                target.event_id,
                channel="nats",
                attempt=ctx.attempt,
                target=target.subject,
                outcome="failed",
                error=error,
            )
            raise DeliveryFailed(f"NATS publish to {target.subject} failed: {error}") from exc
        await delivery.record_delivery(
            target.event_id, channel="nats", attempt=ctx.attempt, target=target.subject, outcome="delivered"
        )
        return StepResult(output={"subject": target.subject})

    async def post_webhook(ctx: StepContext) -> StepResult:
        params: AlertDeliveryParams = ctx.params
        target = await delivery.delivery_target(params.event_id)
        if target.webhook_url is None:
            return StepResult(output={"skipped": "the group has no webhook"})
        shown = alerts.redacted_target(target.webhook_url)
        status_code: int | None = None
        error: str | None = None
        try:
            # Policy-checked (resolved once, every address vetted, the vetted one connected to),
            # no redirects: the URL is a secret and must not be bounced elsewhere either.
            async with outbound_client(deps.outbound, timeout=deps.webhook_timeout_s) as client:
                response = await client.post(
                    target.webhook_url,
                    content=target.body,
                    headers={
                        "Content-Type": "application/json",
                        "Idempotency-Key": str(target.event_id),
                        "X-Lifeboat-Alert-Event": str(target.event_id),
                    },
                )
            status_code = response.status_code
            refused = classify_status(status_code)
            if refused is not None:
                error = f"{refused} (HTTP {status_code})"
        except httpx.InvalidURL:
            error = "refused-by-policy (not a valid URL)"
        except (httpx.HTTPError, OutboundRefused) as exc:
            # Classified, never the exception's text: it may quote the URL (a secret) or the answer.
            error = classify_error(exc)
            if isinstance(exc, OutboundRefused):
                error += f" ({exc.detail})"
        await delivery.record_delivery(
            target.event_id,
            channel="webhook",
            attempt=ctx.attempt,
            target=shown,
            outcome="failed" if error else "delivered",
            status_code=status_code,
            error=error,
        )
        if error:
            raise DeliveryFailed(f"webhook {shown}: {error}")
        return StepResult(output={"status_code": status_code})

    def delivery_steps(params: AlertDeliveryParams) -> list[StepDefinition]:
        if params.channel == "nats":
            return [StepDefinition("publish-nats", publish_nats, timeout_s=30.0, retry=deps.delivery_retry)]
        return [
            StepDefinition(
                "post-webhook",
                post_webhook,
                timeout_s=deps.webhook_timeout_s + 10.0,
                retry=deps.delivery_retry,
            )
        ]

    async def log_cancelled_delivery(ctx: CancelContext) -> None:
        params: AlertDeliveryParams = ctx.params
        await delivery.record_delivery_cancelled(
            params.event_id,
            channel=params.channel,
            attempts=ctx.attempts,
            cancelled_by=ctx.actor_name,
            reason=ctx.reason,
        )

    delivery_kind = JobKind(
        name=ALERT_DELIVERY,
        params_type=AlertDeliveryParams,
        steps=delivery_steps,
        mutating=False,
        # Cancelling a delivery suppresses an alert: admins only, and never silently.
        min_role="admin",
        on_cancel=log_cancelled_delivery,
        description="Deliver one restore alert change to NATS and the group's webhook.",
    )
    delivery_holder.append(delivery_kind)
    sweep_kind = JobKind(
        name=FRESHNESS_SWEEP,
        params_type=FreshnessSweepParams,
        steps=lambda p: [
            StepDefinition("classify", sweep, timeout_s=600.0, retry=RetryPolicy(max_attempts=3))
        ],
        lock_scope=lambda p: "restore:freshness-sweep",
        mutating=False,
        min_role="operator",
        description="Classify every server's restore health; raise and clear overdue alerts.",
    )
    return [sweep_kind, delivery_kind]


def restore_schedules(deps: RestoreDeps) -> list[Schedule]:
    """The periodic freshness sweep."""
    return [
        Schedule(
            name="restore-freshness-sweep",
            kind=FRESHNESS_SWEEP,
            params=FreshnessSweepParams(),
            interval_s=deps.sweep_interval_s,
            reason="periodic restore freshness sweep",
        )
    ]
