"""Streak maths over plain calendar days. `today` always comes from the caller.

A day is *done* when at least one session was logged for it. A *rest day* (illness, travel) neither
breaks a run nor adds to it: done, rest, done is one run of two days.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable
from datetime import date, timedelta

from stretchlog.records import Record


class Run(Record):
    start: date
    end: date
    days: int


class StreakSummary(Record):
    current: int
    current_start: date | None
    longest: int
    longest_start: date | None
    longest_end: date | None
    today_done: bool
    at_risk: bool
    today_rest: bool
    last_7: int
    last_30: int


class _RestDays:
    """Rest days as sorted ordinals, to ask quickly whether only rest lies between two days."""

    def __init__(self, days: Iterable[date]) -> None:
        self._set = set(days)
        self._ordinals = sorted(day.toordinal() for day in self._set)

    def __contains__(self, day: object) -> bool:
        return day in self._set

    def bridge(self, after: int, before: int) -> bool:
        """True when every day strictly between ordinals `after` and `before` is a rest day."""
        between = bisect_left(self._ordinals, before) - bisect_right(self._ordinals, after)
        return between == before - after - 1


def runs(done_days: Iterable[date], rest_days: Iterable[date] = ()) -> list[Run]:
    """Maximal runs of done days, oldest first, joined across rest days."""
    rest = _RestDays(rest_days)
    ordinals = sorted({day.toordinal() for day in done_days})
    found: list[Run] = []
    start = previous = count = 0
    for ordinal in ordinals:
        if count and (ordinal == previous + 1 or rest.bridge(previous, ordinal)):
            count += 1
        else:
            if count:
                found.append(_run(start, previous, count))
            start, count = ordinal, 1
        previous = ordinal
    if count:
        found.append(_run(start, previous, count))
    return found


def _run(start: int, end: int, days: int) -> Run:
    return Run(date.fromordinal(start), date.fromordinal(end), days)


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
        today_rest=today in rest,
        last_7=days_done_within(past, today, 7),
        last_30=days_done_within(past, today, 30),
    )


def _current_run(all_runs: list[Run], today: date, rest: _RestDays) -> Run | None:
    """The run still alive today: it ends today, or only rest days (and today) follow it."""
    if not all_runs:
        return None
    last = all_runs[-1]
    if last.end == today or rest.bridge(last.end.toordinal(), today.toordinal()):
        return last
    return None


def days_done_within(done_days: Collection[date], today: date, window: int) -> int:
    """How many done days fall in the `window` days ending with `today`."""
    return sum(1 for offset in range(window) if today - timedelta(days=offset) in done_days)
