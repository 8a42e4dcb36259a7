"""What the log says over time: the calendar heatmap, consistency, habit strength, tightness.

Pure functions on plain data from the store; `today` always comes from the caller.
"""

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date, timedelta

from stretchlog.domain.records import Record

STRENGTH_DECAY = 0.5 ** (1 / 13)
"""Loop Habit Tracker's multiplier for a daily habit: a day's weight halves in 13 days."""
STRENGTH_MEMORY = 13 * 64
"""Days (rest days aside) after which a day weighs 2 ** -64 in habit strength: older days move
the score by less than that, so it is computed from this far back only."""
CONSISTENCY_WINDOWS = (7, 30, 90, 365)
HEAT_MINUTES = (5, 10, 20)
"""Shade boundaries: under 5 minutes is the lightest shade, 20 minutes or more the darkest."""
TIGHTNESS_WEEKS = 8
TIGHTNESS_PERIOD_DAYS = 364
"""Without --since, tightness is compared over the last 52 weeks: how the hips feel lately."""
BUSY_WEEK_DAYS = 6


def _mean(values: Sequence[int]) -> float:
    # statistics.fmean would do, but importing statistics costs more than this whole module
    return sum(values) / len(values)


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of `day`'s week, for weeks that start on `first_weekday` (0 for Monday, 6
    for Sunday: the `week_starts_on` setting)."""
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


# The calendar


class DayCell(Record):
    day: date
    seconds: int
    rest: bool
    level: int
    """0 for nothing logged, then 1 to 4 by minutes stretched (see HEAT_MINUTES)."""
    paused: bool = False
    """A day of a pause with no session (a rest day marked in a pause shows as paused)."""


def heat_level(seconds: int) -> int:
    if seconds <= 0:
        return 0
    minutes = seconds / 60
    return 1 + sum(1 for bound in HEAT_MINUTES if minutes >= bound)


def calendar_weeks(
    seconds_by_day: Mapping[date, int],
    rest_days: Collection[date],
    first: date,
    last: date,
    *,
    paused_days: Collection[date] = (),
    first_weekday: int = 0,
) -> list[tuple[DayCell | None, ...]]:
    """Whole weeks, from `first_weekday` (Monday unless told) on, covering `first` to `last`;
    days outside are None."""
    weeks: list[tuple[DayCell | None, ...]] = []
    start = week_start(first, first_weekday)
    while start <= last:
        week: list[DayCell | None] = []
        for offset in range(7):
            day = start + timedelta(days=offset)
            if first <= day <= last:
                seconds = seconds_by_day.get(day, 0)
                paused = day in paused_days and not seconds
                rest = day in rest_days and not seconds and not paused
                week.append(DayCell(day, seconds, rest, heat_level(seconds), paused))
            else:
                week.append(None)
        weeks.append(tuple(week))
        start += timedelta(days=7)
    return weeks


# Habit strength


def strength(done: Sequence[int], rest: Sequence[int], today: int) -> float:
    """Loop Habit Tracker's score for a daily habit, from 0.0 to 1.0, on sorted day numbers.

    From the first done day, each day: score = previous * m + done * (1 - m), m = 0.5 ** (1/13);
    a rest day leaves the score as it was. Today counts only once it is done: until then the score
    is the one at the end of yesterday. It jumps from one done day to the next: the days between
    decay the score once each, except rest days."""
    past = done[: bisect_right(done, today)]
    if not past:
        return 0.0
    last = today if past[-1] == today else today - 1
    score = 0.0
    previous = past[0]
    for number in past:
        score = score * STRENGTH_DECAY ** _counted_days(previous, number, rest)
        score = score * STRENGTH_DECAY + (1 - STRENGTH_DECAY)
        previous = number
    return score * STRENGTH_DECAY ** _counted_days(previous, last + 1, rest)


def strength_start(rest: Sequence[int], today: int) -> int:
    """The first day number `strength` needs: STRENGTH_MEMORY days back from `today`, not
    counting the sorted `rest` days in between (a rest day does not decay the score)."""
    first = today - STRENGTH_MEMORY
    while True:
        wanted = today - STRENGTH_MEMORY - (bisect_right(rest, today) - bisect_left(rest, first))
        if wanted >= first:
            return first
        first = wanted


def _counted_days(after: int, before: int, rest: Sequence[int]) -> int:
    """Days strictly between `after` and `before` that are not rest days."""
    if before - after <= 1:
        return 0
    rested = bisect_left(rest, before) - bisect_right(rest, after)
    return before - after - 1 - rested


# Stats


class Totals(Record):
    """Counted over a span of days, by the store."""

    sessions: int
    days: int
    """Days with a session."""
    seconds: int
    rest_days: int
    """Days marked rest with no session."""
    weekdays: tuple[int, ...]
    """Days with a session on each weekday, Monday first."""


class StretchTotal(Record):
    stretch_id: str
    sessions: int
    seconds: int


class Rating(Record):
    """A logged tightness score: `after` is the session's score, `before` a guided one's first."""

    day: int
    """The day number (`date.toordinal()`)."""
    after: int | None
    before: int | None
    sides: tuple[int, int] | None = None
    """(left, right) when `after` was scored one side at a time (it is then their mean)."""


class WeekTightness(Record):
    start: date
    """The week's first day."""
    average: float | None
    left: float | None = None
    """The average left score of the week's sessions scored by side (None: none was)."""
    right: float | None = None


class SideTightness(Record):
    """The sessions scored one side at a time, and their average left and right scores."""

    sessions: int
    left: float | None
    right: float | None


class Tightness(Record):
    since: date | None
    """The first day the change and the comparison below look at; None for the past 52 weeks."""
    weeks: tuple[WeekTightness, ...]
    """The last TIGHTNESS_WEEKS weeks, oldest first, with their average score (None: no score)."""
    guided_change: float | None
    """Average of after minus before, over sessions rated both ways."""
    guided_sessions: int
    busy_weeks: tuple[int, float | None]
    """How many complete weeks had 6 or 7 days done, and their average score."""
    other_weeks: tuple[int, float | None]
    sides: SideTightness = SideTightness(0, None, None)
    """From `since` (or over the past 52 weeks): the left and right hip compared."""


class Stats(Record):
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
    """0 for Monday; the weekday done most often; None when none is, or several tie."""
    started: int | None
    """Days from the first day logged to today, both counted: a window longer than that
    counts since the start."""
    strength: float
    by_stretch: tuple[StretchTotal, ...]
    tightness: Tightness
    paused_days: int = 0
    """Days of a pause with no session, from the first day counted to today."""

    @property
    def average_seconds(self) -> float | None:
        return self.seconds / self.sessions if self.sessions else None


def tightness_since(today: date, since: date | None) -> date:
    """Where tightness comparisons start: --since, or 52 weeks ago."""
    return since or date.fromordinal(today.toordinal() - TIGHTNESS_PERIOD_DAYS + 1)


def days_needed_from(
    rest: Sequence[int], today: date, since: date | None, first_weekday: int = 0
) -> date:
    """The first day whose sessions `compute_stats` needs, for habit strength, consistency and
    the tightness comparison: so decades of history need not be read."""
    tightness_week = week_start(tightness_since(today, since), first_weekday).toordinal()
    now = today.toordinal()
    return date.fromordinal(
        min(strength_start(rest, now), tightness_week, now - max(CONSISTENCY_WINDOWS) + 1)
    )


def compute_stats(
    done: Sequence[int],
    rest: Sequence[int],
    first_logged: date | None,
    totals: Totals,
    stretches: Iterable[StretchTotal],
    ratings: Sequence[Rating],
    today: date,
    since: date | None = None,
    paused: Sequence[int] = (),
    first_weekday: int = 0,
) -> Stats:
    """Stats from `since` (or the first day logged) up to `today`.

    `done`, `rest` and `paused` are sorted day numbers, `done` from `days_needed_from` on at
    least; `totals` counts from `since` (or the start) to `today`. Consistency and strength always
    look at the whole log: they describe the habit as it is now, and leave out paused days as
    they do rest days.
    """
    now = today.toordinal()
    done = done[: bisect_right(done, now)]
    done_set = set(done)
    first = since or first_logged
    start = first.toordinal() if first else now + 1
    paused_days = sum(1 for number in paused if start <= number <= now and number not in done_set)
    skipped = sorted({*rest[: bisect_right(rest, now)], *paused[: bisect_right(paused, now)]})
    rest = [number for number in skipped if number not in done_set]
    weekdays = totals.weekdays
    most = max(weekdays)
    leaders = [weekday for weekday in range(7) if weekdays[weekday] == most]
    top = leaders[0] if most and len(leaders) == 1 else None
    return Stats(
        first=first,
        today=today,
        sessions=totals.sessions,
        days_done=totals.days,
        rest_days=totals.rest_days,
        seconds=totals.seconds,
        consistency={
            window: consistency(done, rest, now, window, first_logged)
            for window in CONSISTENCY_WINDOWS
        },
        top_weekday=top,
        started=now - first_logged.toordinal() + 1 if first_logged else None,
        strength=strength(done, rest, now),
        by_stretch=tuple(sorted(stretches, key=lambda s: (-s.sessions, -s.seconds, s.stretch_id))),
        tightness=tightness_trend(ratings, done_set, today, since, first_weekday),
        paused_days=paused_days,
    )


def consistency(
    done: Sequence[int], rest: Sequence[int], now: int, window: int, start: date | None
) -> float | None:
    """Share of the last `window` days (from `start` if later) done, rest days not counted."""
    if start is None:
        return None
    first = max(now - window + 1, start.toordinal())
    if first > now:
        return None
    rested = bisect_right(rest, now) - bisect_left(rest, first)
    done_days = bisect_right(done, now) - bisect_left(done, first)
    countable = now - first + 1 - rested
    return done_days / countable if countable else None


def tightness_trend(
    ratings: Sequence[Rating],
    done: Collection[int],
    today: date,
    since: date | None = None,
    first_weekday: int = 0,
) -> Tightness:
    """Weekly averages of the last 8 weeks (starting on `first_weekday`; of each side, too,
    where the sides were scored apart) and, from `since` (or over the past 52 weeks), the change
    within guided sessions, weeks stretched 6-7 days against the others, and the left side
    against the right."""
    now = today.toordinal()
    this_week = week_start(today, first_weekday).toordinal()
    starts = [this_week - 7 * n for n in range(TIGHTNESS_WEEKS - 1, -1, -1)]
    weekly = [rating for rating in ratings if starts[0] <= rating.day <= now]
    start = tightness_since(today, since).toordinal()
    ratings = [rating for rating in ratings if start <= rating.day <= now]
    recent = _scores_by_week(weekly, first_weekday)
    recent_sides = _sides_by_week(weekly, first_weekday)
    weeks = tuple(
        WeekTightness(
            date.fromordinal(week),
            _mean(recent[week]) if week in recent else None,
            *_side_means(recent_sides.get(week, [])),
        )
        for week in starts
    )
    by_week = _scores_by_week(ratings, first_weekday)
    sides = [rating.sides for rating in ratings if rating.sides is not None]
    changes = [r.after - r.before for r in ratings if r.after is not None and r.before is not None]
    scores: dict[bool, list[int]] = {True: [], False: []}
    weeks_seen: Counter[bool] = Counter()
    for week, week_scores in by_week.items():
        if week == this_week:
            continue  # a week still under way cannot be compared yet
        busy = sum(1 for n in range(7) if week + n in done) >= BUSY_WEEK_DAYS
        scores[busy].extend(week_scores)
        weeks_seen[busy] += 1
    return Tightness(
        since=since,
        weeks=weeks,
        guided_change=_mean(changes) if changes else None,
        guided_sessions=len(changes),
        busy_weeks=(weeks_seen[True], _mean(scores[True]) if scores[True] else None),
        other_weeks=(weeks_seen[False], _mean(scores[False]) if scores[False] else None),
        sides=SideTightness(len(sides), *_side_means(sides)),
    )


def _scores_by_week(ratings: Iterable[Rating], first_weekday: int) -> dict[int, list[int]]:
    """Scores after each session, by the day number of their week's first day (day number 1,
    1 January of year 1, is a Monday)."""
    by_week: dict[int, list[int]] = {}
    for rating in ratings:
        if rating.after is not None:
            by_week.setdefault(_week_of(rating.day, first_weekday), []).append(rating.after)
    return by_week


def _sides_by_week(
    ratings: Iterable[Rating], first_weekday: int
) -> dict[int, list[tuple[int, int]]]:
    """The (left, right) scores after each session scored by side, by their week's first day."""
    by_week: dict[int, list[tuple[int, int]]] = {}
    for rating in ratings:
        if rating.sides is not None:
            by_week.setdefault(_week_of(rating.day, first_weekday), []).append(rating.sides)
    return by_week


def _week_of(day: int, first_weekday: int) -> int:
    """The day number of the first day of `day`'s week (day number 1 is a Monday)."""
    return day - (day - 1 - first_weekday) % 7


def _side_means(sides: Sequence[tuple[int, int]]) -> tuple[float | None, float | None]:
    if not sides:
        return None, None
    return _mean([left for left, _ in sides]), _mean([right for _, right in sides])
