"""Simple, obviously right versions of rules the package computes quickly, to test it against.

They walk every day, where the package reads kept runs or jumps between done days; they live
here because nothing in stretchlog itself needs them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date
from typing import NamedTuple

from stretchlog.domain.days import stretched
from stretchlog.domain.insight import strength
from stretchlog.domain.sessions import Session
from stretchlog.domain.streaks import StreakSummary, latest_and_longest, run_spans, summarize_runs


class Run(NamedTuple):
    start: date
    end: date
    days: int


def runs(done_days: Iterable[date], rest_days: Iterable[date] = ()) -> list[Run]:
    """Maximal runs of done days, oldest first, joined across rest days."""
    done = sorted({day.toordinal() for day in done_days})
    rest = {day.toordinal() for day in rest_days}
    return [
        Run(date.fromordinal(start), date.fromordinal(end), days)
        for start, end, days in run_spans(done, rest)
    ]


def summarize(
    done_days: Iterable[date], today: date, rest_days: Iterable[date] = ()
) -> StreakSummary:
    """Current and longest streak as of `today`, walking every day; days after `today` are
    ignored. The store reads the same from the runs it keeps."""
    now = today.toordinal()
    done = sorted({number for number in map(date.toordinal, done_days) if number <= now})
    rest = [day.toordinal() for day in rest_days]
    latest, longest = latest_and_longest(run_spans(done, set(rest)))
    return summarize_runs(latest, longest, done, rest, today)


def habit_strength(done_days: Collection[date], rest_days: Collection[date], today: date) -> float:
    """Loop Habit Tracker's score for a daily habit, from 0.0 to 1.0, on dates."""
    return strength(
        sorted({day.toordinal() for day in done_days}),
        sorted({day.toordinal() for day in rest_days}),
        today.toordinal(),
    )


def shown(on_day: list[Session]) -> list[Session]:
    """The entries of one day as the user sees them: a rest day under a session is hidden."""
    if not stretched(on_day):
        return list(on_day)
    return [entry for entry in on_day if not entry.is_rest]
