"""Simple, obviously right versions of rules the package computes quickly, to test it against.

They walk every day, where the package reads kept runs or jumps between done days; they live
here because nothing in stretchlog itself needs them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from stretchlog.domain.days import stretched
from stretchlog.domain.insight import strength
from stretchlog.domain.routines import Attempt
from stretchlog.domain.sessions import Session
from stretchlog.domain.streaks import StreakSummary, latest_and_longest, run_spans, summarize_runs


class Run(NamedTuple):
    start: date
    end: date
    days: int


Span = tuple[date, date | None]
"""A pause: its first day and its last (None while open)."""


def paused_days(pauses: Iterable[Span], until: date) -> set[date]:
    """Every day of `pauses`, walked one by one; an open pause runs to `until`."""
    found = set()
    for first, last in pauses:
        day = first
        while day <= (until if last is None else last):
            found.add(day)
            day += timedelta(days=1)
    return found


def runs(
    done_days: Iterable[date], rest_days: Iterable[date] = (), pauses: Iterable[Span] = ()
) -> list[Run]:
    """Maximal runs of done days, oldest first, joined across rest days and paused days."""
    done = sorted({day.toordinal() for day in done_days})
    until = date.fromordinal(done[-1]) if done else date.min
    bridging = {day.toordinal() for day in {*rest_days, *paused_days(pauses, until)}}
    return [
        Run(date.fromordinal(start), date.fromordinal(end), days)
        for start, end, days in run_spans(done, bridging)
    ]


def summarize(
    done_days: Iterable[date],
    today: date,
    rest_days: Iterable[date] = (),
    pauses: Iterable[Span] = (),
) -> StreakSummary:
    """Current and longest streak as of `today`, walking every day; days after `today` are
    ignored. The store reads the same from the runs it keeps."""
    now = today.toordinal()
    done = sorted({number for number in map(date.toordinal, done_days) if number <= now})
    paused = {day.toordinal() for day in paused_days(pauses, today)}
    rest = [day.toordinal() for day in rest_days]
    latest, longest = latest_and_longest(run_spans(done, {*rest, *paused}))
    return summarize_runs(latest, longest, done, rest, today, paused)


def habit_strength(
    done_days: Collection[date],
    rest_days: Collection[date],
    today: date,
    paused: Collection[date] = (),
) -> float:
    """Loop Habit Tracker's score for a daily habit, from 0.0 to 1.0, on dates; paused days are
    left out of it as rest days are."""
    return strength(
        sorted({day.toordinal() for day in done_days}),
        sorted({day.toordinal() for day in {*rest_days, *paused}}),
        today.toordinal(),
    )


def shown(on_day: list[Session]) -> list[Session]:
    """The entries of one day as the user sees them: a rest day under a session is hidden."""
    if not stretched(on_day):
        return list(on_day)
    return [entry for entry in on_day if not entry.is_rest]


def grown_hold(
    start: int,
    step: int,
    every: int,
    most: int,
    reps: int,
    sides: Sequence[str | None],
    attempts: Sequence[Attempt],
    today: date,
) -> tuple[int, int]:
    """(hold, full sessions counted) by walking every day from the first attempt to today, as
    the rule is written: each hold of a guided session of the routine held to the target counts,
    unless the hips ended tighter; `every` of them grow the hold by `step` up to `most`; seven
    days in a row without the stretch step it back once, never below `start`."""
    hold, counted, days_without = start, 0, 0
    if not attempts:
        return hold, counted
    day = attempts[0].day
    while day <= today:
        on_day = [attempt for attempt in attempts if attempt.day == day]
        if not on_day and day < today:  # today is not over: it is not yet a day without
            days_without += 1
            if days_without == 7:  # the step back comes once the seventh empty day is over
                hold, counted = max(start, hold - step), 0
        days_without = 0 if on_day else days_without
        for attempt in on_day:
            held = {side: (seconds, done) for side, seconds, done in attempt.sides}
            full = all(
                side in held and held[side][1] >= reps and held[side][0] >= hold * reps
                for side in sides
            )
            if attempt.counts and not attempt.worse and full:
                counted += 1
                if counted == every:
                    hold, counted = min(most, hold + step), 0
        day += timedelta(days=1)
    return hold, counted


def day_by_walking_back(wall_clock: datetime, day_starts_at: time) -> date:
    """The day a wall-clock moment counts for, found by walking back minute by minute to the
    latest moment the clock showed `day_starts_at`: the date it showed then."""
    moment = wall_clock.replace(second=0, microsecond=0, tzinfo=None)
    while moment.time() != day_starts_at:
        moment -= timedelta(minutes=1)
    return moment.date()
