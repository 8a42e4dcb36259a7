"""What the log says over time: the calendar heatmap, consistency, habit strength, tightness.

Pure functions on plain data from the store; `today` always comes from the caller.
"""

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import NamedTuple

STRENGTH_DECAY = 0.5 ** (1 / 13)
"""Loop Habit Tracker's multiplier for a daily habit: a day's weight halves in 13 days."""
CONSISTENCY_WINDOWS = (7, 30, 90, 365)
HEAT_MINUTES = (5, 10, 20)
"""Shade boundaries: under 5 minutes is the lightest shade, 20 minutes or more the darkest."""
TIGHTNESS_WEEKS = 8
BUSY_WEEK_DAYS = 6


def _mean(values: Sequence[int]) -> float:
    # statistics.fmean would do, but importing statistics costs more than this whole module
    return sum(values) / len(values)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


# The calendar


class DayCell(NamedTuple):
    day: date
    seconds: int
    rest: bool
    level: int
    """0 for nothing logged, then 1 to 4 by minutes stretched (see HEAT_MINUTES)."""


def heat_level(seconds: int) -> int:
    if seconds <= 0:
        return 0
    minutes = seconds / 60
    return 1 + sum(1 for bound in HEAT_MINUTES if minutes >= bound)


def calendar_weeks(
    seconds_by_day: Mapping[date, int], rest_days: Collection[date], first: date, last: date
) -> list[tuple[DayCell | None, ...]]:
    """Whole weeks, Monday to Sunday, covering `first` to `last`; days outside are None."""
    weeks: list[tuple[DayCell | None, ...]] = []
    monday = monday_of(first)
    while monday <= last:
        week: list[DayCell | None] = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if first <= day <= last:
                seconds = seconds_by_day.get(day, 0)
                rest = day in rest_days and not seconds
                week.append(DayCell(day, seconds, rest, heat_level(seconds)))
            else:
                week.append(None)
        weeks.append(tuple(week))
        monday += timedelta(days=7)
    return weeks


# Habit strength


def habit_strength(done_days: Collection[date], rest_days: Collection[date], today: date) -> float:
    """Loop Habit Tracker's score for a daily habit, from 0.0 to 1.0.

    From the first done day, each day: score = previous * m + done * (1 - m), m = 0.5 ** (1/13);
    a rest day leaves the score as it was. Today counts only once it is done: until then the score
    is the one at the end of yesterday.
    """
    past = {day for day in done_days if day <= today}
    if not past:
        return 0.0
    rest = set(rest_days)
    last = today if today in past else today - timedelta(days=1)
    score = 0.0
    day = min(past)
    while day <= last:
        if day in past:
            score = score * STRENGTH_DECAY + (1 - STRENGTH_DECAY)
        elif day not in rest:
            score *= STRENGTH_DECAY
        day += timedelta(days=1)
    return score


# Stats


class DayTotal(NamedTuple):
    day: date
    sessions: int
    seconds: int


class StretchTotal(NamedTuple):
    stretch_id: str
    sessions: int
    seconds: int


class Rating(NamedTuple):
    """A logged tightness score: `after` is the session's score, `before` a guided one's first."""

    day: date
    after: int | None
    before: int | None


class WeekTightness(NamedTuple):
    monday: date
    average: float | None


class Tightness(NamedTuple):
    weeks: tuple[WeekTightness, ...]
    """The last TIGHTNESS_WEEKS weeks, oldest first, with their average score (None: no score)."""
    guided_change: float | None
    """Average of after minus before, over sessions rated both ways."""
    guided_sessions: int
    busy_weeks: tuple[int, float | None]
    """How many complete weeks had 6 or 7 days done, and their average score."""
    other_weeks: tuple[int, float | None]


class Stats(NamedTuple):
    first: date | None
    """The first day counted: --since, or the first day logged."""
    today: date
    sessions: int
    days_done: int
    rest_days: int
    seconds: int
    consistency: dict[int, float | None]
    """Share of days done over the last N days (from the first day logged, if later), not counting
    rest days; None when there is no day to count."""
    top_weekday: int | None
    """0 for Monday; the weekday done most often, the earlier one on a tie."""
    strength: float
    by_stretch: tuple[StretchTotal, ...]
    tightness: Tightness

    @property
    def average_seconds(self) -> float | None:
        return self.seconds / self.sessions if self.sessions else None


def compute_stats(
    days: Sequence[DayTotal],
    rest_days: Collection[date],
    stretches: Iterable[StretchTotal],
    ratings: Sequence[Rating],
    today: date,
    since: date | None = None,
) -> Stats:
    """Stats over `since` (or the whole log) up to `today`.

    Consistency and strength always look at the whole log: they describe the habit as it is now.
    """
    all_done = {total.day for total in days if total.day <= today}
    rest = {day for day in rest_days if day <= today and day not in all_done}
    first_logged = min(all_done | rest, default=None)
    first = since or first_logged
    counted = [
        total for total in days if (first is None or total.day >= first) and total.day <= today
    ]
    weekdays = Counter(total.day.weekday() for total in counted)
    top = max(weekdays, key=lambda weekday: (weekdays[weekday], -weekday), default=None)
    return Stats(
        first=first,
        today=today,
        sessions=sum(total.sessions for total in counted),
        days_done=len(counted),
        rest_days=sum(1 for day in rest if first is None or day >= first),
        seconds=sum(total.seconds for total in counted),
        consistency={
            window: consistency(all_done, rest, today, window, first_logged)
            for window in CONSISTENCY_WINDOWS
        },
        top_weekday=top,
        strength=habit_strength(all_done, rest, today),
        by_stretch=tuple(sorted(stretches, key=lambda s: (-s.sessions, -s.seconds, s.stretch_id))),
        tightness=tightness_trend(
            [r for r in ratings if (first is None or r.day >= first) and r.day <= today],
            all_done,
            today,
        ),
    )


def consistency(
    done: Collection[date], rest: Collection[date], today: date, window: int, start: date | None
) -> float | None:
    first = today - timedelta(days=window - 1)
    if start is not None and start > first:
        first = start
    if start is None or first > today:
        return None
    span = (today - first).days + 1
    rested = sum(1 for day in rest if first <= day <= today)
    done_days = sum(1 for day in done if first <= day <= today)
    countable = span - rested
    return done_days / countable if countable else None


def tightness_trend(ratings: Sequence[Rating], done: Collection[date], today: date) -> Tightness:
    this_monday = monday_of(today)
    mondays = [this_monday - timedelta(weeks=n) for n in range(TIGHTNESS_WEEKS - 1, -1, -1)]
    by_week: dict[date, list[int]] = {}
    for rating in ratings:
        if rating.after is not None:
            by_week.setdefault(monday_of(rating.day), []).append(rating.after)
    weeks = tuple(
        WeekTightness(monday, _mean(by_week[monday]) if monday in by_week else None)
        for monday in mondays
    )
    changes = [r.after - r.before for r in ratings if r.after is not None and r.before is not None]
    scores: dict[bool, list[int]] = {True: [], False: []}
    weeks_seen: Counter[bool] = Counter()
    for monday, week_scores in by_week.items():
        if monday == this_monday:
            continue  # a week still under way cannot be compared yet
        busy = sum(1 for n in range(7) if monday + timedelta(days=n) in done) >= BUSY_WEEK_DAYS
        scores[busy].extend(week_scores)
        weeks_seen[busy] += 1
    return Tightness(
        weeks=weeks,
        guided_change=_mean(changes) if changes else None,
        guided_sessions=len(changes),
        busy_weeks=(weeks_seen[True], _mean(scores[True]) if scores[True] else None),
        other_weeks=(weeks_seen[False], _mean(scores[False]) if scores[False] else None),
    )
