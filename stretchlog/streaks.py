"""Streak maths over plain calendar days. `today` always comes from the caller.

A day is *done* when at least one session was logged for it. A *rest day* (illness, travel) neither
breaks a run nor adds to it: done, rest, done is one run of two days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Run:
    start: date
    end: date
    days: int


@dataclass(frozen=True)
class StreakSummary:
    current: int
    current_start: date | None
    longest: int
    longest_start: date | None
    longest_end: date | None
    today_done: bool
    at_risk: bool
    last_7: int
    last_30: int


class _RestDays:
    """Sorted rest days, to ask quickly whether every day between two days is a rest day."""

    def __init__(self, days: Iterable[date]) -> None:
        self._set = set(days)
        self._days = sorted(self._set)

    def __contains__(self, day: object) -> bool:
        return day in self._set

    def count_between(self, after: date, before: date) -> int:
        """How many rest days fall strictly between `after` and `before`."""
        return bisect_left(self._days, before) - bisect_right(self._days, after)

    def bridge(self, after: date, before: date) -> bool:
        """True when nothing but rest days lies strictly between the two days."""
        return self.count_between(after, before) == (before - after).days - 1


def runs(done_days: Iterable[date], rest_days: Iterable[date] = ()) -> list[Run]:
    """Maximal runs of done days, oldest first, joined across rest days."""
    rest = _RestDays(rest_days)
    found: list[Run] = []
    for day in sorted(set(done_days)):
        if found and rest.bridge(found[-1].end, day):
            last = found[-1]
            found[-1] = Run(last.start, day, last.days + 1)
        else:
            found.append(Run(day, day, 1))
    return found


def summarize(
    done_days: Collection[date], today: date, rest_days: Iterable[date] = ()
) -> StreakSummary:
    """Current and longest streak as of `today`; days after `today` are ignored."""
    past = {day for day in done_days if day <= today}
    rest_list = [day for day in rest_days if day <= today and day not in past]
    rest = _RestDays(rest_list)
    all_runs = runs(past, rest_list)
    today_done = today in past
    current = _current_run(all_runs, today, rest)
    longest = max(reversed(all_runs), key=lambda run: run.days, default=None)
    return StreakSummary(
        current=current.days if current else 0,
        current_start=current.start if current else None,
        longest=longest.days if longest else 0,
        longest_start=longest.start if longest else None,
        longest_end=longest.end if longest else None,
        today_done=today_done,
        at_risk=current is not None and not today_done and today not in rest,
        last_7=days_done_within(past, today, 7),
        last_30=days_done_within(past, today, 30),
    )


def _current_run(all_runs: list[Run], today: date, rest: _RestDays) -> Run | None:
    """The run still alive today: it ends today, or only rest days (and today) follow it."""
    if not all_runs:
        return None
    last = all_runs[-1]
    if last.end == today or rest.bridge(last.end, today):
        return last
    return None


def days_done_within(done_days: Collection[date], today: date, window: int) -> int:
    """How many done days fall in the `window` days ending with `today`."""
    first = today - timedelta(days=window - 1)
    return sum(1 for day in done_days if first <= day <= today)
