"""Per-server restore health and the alert rule shared by the freshness sweep and the API.

Pure logic: the caller reads a server's verification outcomes and its declarations' freshness
targets and calls :func:`classify`; :func:`alert_changes` says which alerts to raise and clear
between the previous and the new health.

Rules of :func:`classify` (``age`` = ``now - last_success``):

=================  ===========================================================================
status             when
=================  ===========================================================================
never_verified     no outcome at all
failing            the latest outcome is a failure (whatever the age of the last success)
overdue            the latest outcome is a success and ``age > freshness_target`` (strictly:
                   exactly at the target is still healthy); ``overdue_since`` =
                   ``last_success + freshness_target``
healthy            the latest outcome is a success and ``age <= freshness_target``
=================  ===========================================================================

* "Latest" orders outcomes by ``verified_at``; a success and a failure at the same instant
  count the failure as the later one (the conservative reading). The callers pass the server's
  own ``recorded_at`` as ``verified_at`` (never an agent-reported time), so an agent's clock
  cannot reorder outcomes or age them.
* ``failure_streak`` is the number of consecutive failures at the end (0 unless failing).
* ``last_success`` / ``last_failure`` are the latest of each kind, whatever the status.
* A success with a ``verified_at`` after ``now`` (clocks of API replicas apart) has a negative
  age: healthy.
* The freshness target is per declaration (default :data:`DEFAULT_FRESHNESS_TARGET`, 7 days);
  a server covered by several declarations uses the strictest one
  (:func:`effective_freshness_target`).

Alerts (:func:`alert_changes`): the alerts that should be active are a function of the status
(failing -> ``restore_failing``, overdue -> ``restore_overdue``, otherwise none). Entering
failing or overdue raises its alert; leaving it clears it (recovery to healthy clears both).
Calling it again with the same health changes nothing, so a repeated sweep is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Final, Literal

import msgspec

HealthStatus = Literal["healthy", "failing", "overdue", "never_verified"]
OutcomeResult = Literal["success", "failure"]
AlertKind = Literal["restore_failing", "restore_overdue"]

DEFAULT_FRESHNESS_TARGET: Final = timedelta(days=7)

_ALERTS_BY_STATUS: Final[dict[HealthStatus, frozenset[AlertKind]]] = {
    "healthy": frozenset(),
    "never_verified": frozenset(),
    "failing": frozenset({"restore_failing"}),
    "overdue": frozenset({"restore_overdue"}),
}
_ALERT_ORDER: Final[tuple[AlertKind, ...]] = ("restore_failing", "restore_overdue")


class VerificationOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """One verification of a restore of the server (timezone-aware ``verified_at``)."""

    verified_at: datetime
    result: OutcomeResult
    run_id: str | None = None


class ServerHealth(msgspec.Struct, frozen=True, kw_only=True):
    """A server's restore health at ``evaluated_at``."""

    status: HealthStatus
    last_success: datetime | None
    last_failure: datetime | None
    failure_streak: int
    #: When the last success went stale (only when overdue).
    overdue_since: datetime | None
    evaluated_at: datetime


class AlertChanges(msgspec.Struct, frozen=True, kw_only=True):
    """Alerts to raise and to clear (stable order; both empty when nothing changed)."""

    raise_alerts: tuple[AlertKind, ...]
    clear_alerts: tuple[AlertKind, ...]


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


def effective_freshness_target(targets: Iterable[timedelta | None]) -> timedelta:
    """The strictest of the declarations' targets (``None`` = the default)."""
    resolved = [DEFAULT_FRESHNESS_TARGET if target is None else target for target in targets]
    return min(resolved, default=DEFAULT_FRESHNESS_TARGET)


def classify(
    outcomes: Sequence[VerificationOutcome],
    *,
    now: datetime,
    freshness_target: timedelta = DEFAULT_FRESHNESS_TARGET,
) -> ServerHealth:
    """Classify one server's restore health from all its verification outcomes (any order)."""
    _require_aware(now, "now")
    if freshness_target <= timedelta(0):
        raise ValueError("freshness_target must be positive")
    for outcome in outcomes:
        _require_aware(outcome.verified_at, "verified_at")
    if not outcomes:
        return ServerHealth(
            status="never_verified",
            last_success=None,
            last_failure=None,
            failure_streak=0,
            overdue_since=None,
            evaluated_at=now,
        )
    # Failure sorts after a success at the same instant: the conservative reading.
    ordered = sorted(outcomes, key=lambda item: (item.verified_at, item.result == "failure"))
    successes = [item.verified_at for item in ordered if item.result == "success"]
    failures = [item.verified_at for item in ordered if item.result == "failure"]
    last_success = successes[-1] if successes else None
    last_failure = failures[-1] if failures else None
    streak = 0
    for item in reversed(ordered):
        if item.result != "failure":
            break
        streak += 1
    if streak:
        status: HealthStatus = "failing"
        overdue_since = None
    else:
        assert last_success is not None  # the latest outcome is a success
        stale_at = last_success + freshness_target
        if now > stale_at:
            status, overdue_since = "overdue", stale_at
        else:
            status, overdue_since = "healthy", None
    return ServerHealth(
        status=status,
        last_success=last_success,
        last_failure=last_failure,
        failure_streak=streak,
        overdue_since=overdue_since,
        evaluated_at=now,
    )


def active_alerts(health: ServerHealth | None) -> frozenset[AlertKind]:
    """The alerts that should be active for this health (none for an unknown server)."""
    return frozenset() if health is None else _ALERTS_BY_STATUS[health.status]


def alert_changes(previous: ServerHealth | None, current: ServerHealth) -> AlertChanges:
    """Which alerts to raise and clear when a server's health goes from ``previous`` to
    ``current`` (``previous`` None = never evaluated before)."""
    before = active_alerts(previous)
    after = active_alerts(current)
    return AlertChanges(
        raise_alerts=tuple(kind for kind in _ALERT_ORDER if kind in after - before),
        clear_alerts=tuple(kind for kind in _ALERT_ORDER if kind in before - after),
    )
