"""Per-server restore health (healthy, failing, overdue, never_verified) and the alert rule."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from lifeboat.restore.health.rules import (
    DEFAULT_FRESHNESS_TARGET,
    AlertChanges,
    AlertKind,
    HealthStatus,
    ServerHealth,
    VerificationOutcome,
    active_alerts,
    alert_changes,
    classify,
    effective_freshness_target,
)

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def ok(at: datetime) -> VerificationOutcome:
    return VerificationOutcome(verified_at=at, result="success")


def bad(at: datetime) -> VerificationOutcome:
    return VerificationOutcome(verified_at=at, result="failure")


def health(status: HealthStatus) -> ServerHealth:
    return ServerHealth(
        status=status,
        last_success=None,
        last_failure=None,
        failure_streak=1 if status == "failing" else 0,
        overdue_since=None,
        evaluated_at=NOW,
    )


# --- statuses --------------------------------------------------------------------------------


def test_no_outcome_is_never_verified() -> None:
    result = classify([], now=NOW)
    assert result == ServerHealth(
        status="never_verified",
        last_success=None,
        last_failure=None,
        failure_streak=0,
        overdue_since=None,
        evaluated_at=NOW,
    )


def test_recent_success_is_healthy() -> None:
    result = classify([bad(NOW - 3 * DAY), ok(NOW - DAY)], now=NOW)
    assert result.status == "healthy"
    assert result.last_success == NOW - DAY
    assert result.last_failure == NOW - 3 * DAY  # kept, though it no longer decides the status
    assert result.failure_streak == 0
    assert result.overdue_since is None


def test_latest_failure_is_failing_even_after_a_fresh_success() -> None:
    result = classify([ok(NOW - 2 * DAY), bad(NOW - DAY)], now=NOW)
    assert result.status == "failing"
    assert result.last_success == NOW - 2 * DAY
    assert result.last_failure == NOW - DAY
    assert result.failure_streak == 1
    assert result.overdue_since is None


def test_only_failures_is_failing_with_no_last_success() -> None:
    result = classify([bad(NOW - 3 * DAY), bad(NOW - 2 * DAY)], now=NOW)
    assert result.status == "failing"
    assert result.last_success is None
    assert result.failure_streak == 2


def test_stale_success_is_overdue_since_the_target_passed() -> None:
    result = classify([ok(NOW - 10 * DAY)], now=NOW)
    assert result.status == "overdue"
    assert result.last_success == NOW - 10 * DAY
    assert result.overdue_since == NOW - 3 * DAY
    assert result.failure_streak == 0


def test_failing_wins_over_overdue() -> None:
    result = classify([ok(NOW - 30 * DAY), bad(NOW - 20 * DAY)], now=NOW)
    assert result.status == "failing"
    assert result.overdue_since is None


def test_default_freshness_target_is_seven_days() -> None:
    assert timedelta(days=7) == DEFAULT_FRESHNESS_TARGET
    assert classify([ok(NOW - 7 * DAY + timedelta(seconds=1))], now=NOW).status == "healthy"
    assert classify([ok(NOW - 7 * DAY - timedelta(seconds=1))], now=NOW).status == "overdue"


# --- boundaries ------------------------------------------------------------------------------


def test_exactly_at_the_freshness_target_is_still_healthy() -> None:
    target = timedelta(hours=36)
    assert classify([ok(NOW - target)], now=NOW, freshness_target=target).status == "healthy"


def test_one_microsecond_past_the_freshness_target_is_overdue() -> None:
    target = timedelta(hours=36)
    result = classify([ok(NOW - target - timedelta(microseconds=1))], now=NOW, freshness_target=target)
    assert result.status == "overdue"
    assert result.overdue_since == NOW - timedelta(microseconds=1)


def test_per_declaration_target_decides_overdue() -> None:
    outcomes = [ok(NOW - 2 * DAY)]
    assert classify(outcomes, now=NOW, freshness_target=DAY).status == "overdue"
    assert classify(outcomes, now=NOW, freshness_target=3 * DAY).status == "healthy"


def test_strictest_declaration_target_applies() -> None:
    assert effective_freshness_target([]) == DEFAULT_FRESHNESS_TARGET
    assert effective_freshness_target([None]) == DEFAULT_FRESHNESS_TARGET
    assert effective_freshness_target([None, 2 * DAY, 10 * DAY]) == 2 * DAY
    assert effective_freshness_target([30 * DAY, None]) == DEFAULT_FRESHNESS_TARGET


def test_success_and_failure_at_the_same_instant_count_as_failing() -> None:
    for outcomes in ([ok(NOW - DAY), bad(NOW - DAY)], [bad(NOW - DAY), ok(NOW - DAY)]):
        result = classify(outcomes, now=NOW)
        assert result.status == "failing"
        assert result.failure_streak == 1


def test_success_from_the_future_is_healthy() -> None:
    assert classify([ok(NOW + timedelta(minutes=5))], now=NOW).status == "healthy"


# --- streaks ---------------------------------------------------------------------------------


def test_failure_streak_counts_consecutive_failures_since_the_last_success() -> None:
    outcomes = [bad(NOW - 9 * DAY), ok(NOW - 8 * DAY), bad(NOW - 3 * DAY), bad(NOW - 2 * DAY), bad(NOW - DAY)]
    result = classify(outcomes, now=NOW)
    assert result.status == "failing"
    assert result.failure_streak == 3
    assert result.last_success == NOW - 8 * DAY
    assert result.last_failure == NOW - DAY


def test_a_success_resets_the_streak() -> None:
    outcomes = [bad(NOW - 3 * DAY), bad(NOW - 2 * DAY), ok(NOW - DAY)]
    result = classify(outcomes, now=NOW)
    assert (result.status, result.failure_streak) == ("healthy", 0)


def test_order_of_the_outcomes_does_not_matter() -> None:
    outcomes = [bad(NOW - k * DAY) for k in (1, 2, 4)] + [ok(NOW - k * DAY) for k in (3, 5, 6)]
    expected = classify(sorted(outcomes, key=lambda o: o.verified_at), now=NOW)
    assert (expected.status, expected.failure_streak) == ("failing", 2)
    shuffler = random.Random(7)
    for _ in range(20):
        shuffled = outcomes[:]
        shuffler.shuffle(shuffled)
        assert classify(shuffled, now=NOW) == expected


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("target", [timedelta(0), timedelta(seconds=-1)])
def test_non_positive_target_is_rejected(target: timedelta) -> None:
    with pytest.raises(ValueError, match="freshness_target"):
        classify([ok(NOW)], now=NOW, freshness_target=target)


def test_naive_timestamps_are_rejected() -> None:
    with pytest.raises(ValueError, match="now"):
        classify([], now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError, match="verified_at"):
        classify([ok(NOW.replace(tzinfo=None))], now=NOW)


# --- alerts ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("previous", "current", "raised", "cleared"),
    [
        (None, "failing", ("restore_failing",), ()),
        (None, "overdue", ("restore_overdue",), ()),
        (None, "healthy", (), ()),
        (None, "never_verified", (), ()),
        ("healthy", "failing", ("restore_failing",), ()),
        ("healthy", "overdue", ("restore_overdue",), ()),
        ("never_verified", "failing", ("restore_failing",), ()),
        ("failing", "healthy", (), ("restore_failing",)),
        ("overdue", "healthy", (), ("restore_overdue",)),
        ("overdue", "failing", ("restore_failing",), ("restore_overdue",)),
        ("failing", "overdue", ("restore_overdue",), ("restore_failing",)),
        ("failing", "never_verified", (), ("restore_failing",)),
        ("failing", "failing", (), ()),
        ("overdue", "overdue", (), ()),
        ("healthy", "healthy", (), ()),
    ],
)
def test_alert_transitions(
    previous: HealthStatus | None,
    current: HealthStatus,
    raised: tuple[AlertKind, ...],
    cleared: tuple[AlertKind, ...],
) -> None:
    before = None if previous is None else health(previous)
    assert alert_changes(before, health(current)) == AlertChanges(raise_alerts=raised, clear_alerts=cleared)


def test_sweep_sequence_raises_once_and_clears_on_recovery() -> None:
    """A server fails, keeps failing, goes stale after a late success, then recovers."""
    timeline = [
        (NOW, [ok(NOW - DAY)]),
        (NOW + DAY, [ok(NOW - DAY), bad(NOW + DAY)]),
        (NOW + 2 * DAY, [ok(NOW - DAY), bad(NOW + DAY), bad(NOW + 2 * DAY)]),
        (NOW + 20 * DAY, [ok(NOW - DAY), bad(NOW + DAY), bad(NOW + 2 * DAY), ok(NOW + 3 * DAY)]),
        (NOW + 21 * DAY, [ok(NOW + 21 * DAY)]),
    ]
    previous: ServerHealth | None = None
    events: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = []
    for now, outcomes in timeline:
        current = classify(outcomes, now=now)
        changes = alert_changes(previous, current)
        events.append((current.status, changes.raise_alerts, changes.clear_alerts))
        previous = current
    assert events == [
        ("healthy", (), ()),
        ("failing", ("restore_failing",), ()),
        ("failing", (), ()),  # still failing: raised once, not again
        ("overdue", ("restore_overdue",), ("restore_failing",)),
        ("healthy", (), ("restore_overdue",)),
    ]
    assert active_alerts(previous) == frozenset()


def test_active_alerts_by_status() -> None:
    assert active_alerts(None) == frozenset()
    assert active_alerts(health("failing")) == {"restore_failing"}
    assert active_alerts(health("overdue")) == {"restore_overdue"}
    assert active_alerts(health("healthy")) == frozenset()
    assert active_alerts(health("never_verified")) == frozenset()
