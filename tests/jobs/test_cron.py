"""The 5-field cron parser and the scheduler's next-tick arithmetic (pure functions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lifeboat.jobs.cron import Cron, CronError
from lifeboat.jobs.definitions import KindRegistry, Schedule
from lifeboat.jobs.kinds import default_registry
from lifeboat.jobs.probe import ProbeParams
from lifeboat.jobs.scheduler import first_run, next_run


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("expression", "after", "expected"),
    [
        ("* * * * *", "2026-11-22T10:15:30", "2026-11-22T10:16:00"),
        ("*/15 * * * *", "2026-11-22T10:15:00", "2026-11-22T10:30:00"),
        ("0 3 * * *", "2026-11-22T03:00:00", "2026-11-23T03:00:00"),
        ("30 2 1 * *", "2026-11-22T00:00:00", "2026-12-01T02:30:00"),
        ("0 0 1 1 *", "2026-11-22T00:00:00", "2027-01-01T00:00:00"),
        ("0 9 * * 1-5", "2026-11-21T12:00:00", "2026-11-23T09:00:00"),  # Saturday -> Monday
        ("0 0 * * 7", "2026-11-22T00:00:00", "2026-11-29T00:00:00"),  # 7 is Sunday too
        ("0 0 29 2 *", "2026-03-01T00:00:00", "2028-02-29T00:00:00"),  # next leap day
        ("5,10-12 4 * * *", "2026-11-22T04:10:00", "2026-11-22T04:11:00"),
    ],
)
def test_next_after(expression: str, after: str, expected: str) -> None:
    assert Cron.parse(expression).next_after(at(after)) == at(expected)


def test_day_of_month_or_day_of_week_when_both_restricted() -> None:
    # Vixie cron: the 13th of the month OR any Friday
    cron = Cron.parse("0 0 13 * 5")
    assert cron.next_after(at("2026-11-22T00:00:00")) == at("2026-11-27T00:00:00")  # a Friday
    assert cron.matches(at("2026-12-13T00:00:00"))  # a Sunday, but the 13th


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("* * * *", "must have 5 fields"),
        ("60 * * * *", "out of range"),
        ("* 24 * * *", "out of range"),
        ("*/0 * * * *", "out of range"),
        ("5-1 * * * *", "out of range"),
        ("a * * * *", "bad minute field"),
        ("1,,2 * * * *", "empty item"),
        ("0 0 31 2 *", "never matches"),
    ],
)
def test_invalid_expressions_are_refused(expression: str, message: str) -> None:
    with pytest.raises(CronError, match=message):
        Cron.parse(expression).next_after(at("2026-01-01T00:00:00"))


def test_interval_next_run_collapses_missed_ticks() -> None:
    tick = at("2026-11-22T10:00:00")
    # on time: the next period
    assert next_run(interval_s=60, cron=None, tick_at=tick, now=tick) == at("2026-11-22T10:01:00")
    # 10.5 periods late: one tick now, the next on the period grid after now (no backlog)
    late = tick + timedelta(seconds=630)
    assert next_run(interval_s=60, cron=None, tick_at=tick, now=late) == at("2026-11-22T10:11:00")


def test_cron_next_run_is_in_the_future_after_downtime() -> None:
    tick = at("2026-11-20T03:00:00")
    now = at("2026-11-22T12:00:00")
    assert next_run(interval_s=None, cron="0 3 * * *", tick_at=tick, now=now) == at("2026-11-23T03:00:00")


def test_first_run() -> None:
    now = at("2026-11-22T10:15:30")
    interval = Schedule(name="a", kind="system.probe", params=ProbeParams(steps=1), interval_s=30)
    cron = Schedule(name="b", kind="system.probe", params=ProbeParams(steps=1), cron="0 * * * *")
    assert first_run(interval, now) == now
    assert first_run(cron, now) == at("2026-11-22T11:00:00")


def test_schedule_declarations_are_checked() -> None:
    params = ProbeParams(steps=1)
    with pytest.raises(ValueError, match="exactly one of"):
        Schedule(name="x", kind="system.probe", params=params)
    with pytest.raises(ValueError, match="exactly one of"):
        Schedule(name="x", kind="system.probe", params=params, interval_s=5, cron="* * * * *")
    with pytest.raises(ValueError, match="positive"):
        Schedule(name="x", kind="system.probe", params=params, interval_s=0)
    with pytest.raises(CronError):
        Schedule(name="x", kind="system.probe", params=params, cron="61 * * * *")
    registry = default_registry()
    registry.add_schedule(Schedule(name="x", kind="system.probe", params=params, interval_s=5))
    with pytest.raises(ValueError, match="already declared"):
        registry.add_schedule(Schedule(name="x", kind="system.probe", params=params, interval_s=5))
    with pytest.raises(ValueError, match="unregistered kind"):
        KindRegistry().add_schedule(Schedule(name="y", kind="system.probe", params=params, interval_s=5))
