"""Streak maths over plain calendar days. `today` always comes from the caller.

A day is *done* when at least one session was logged for it. A *rest day* (illness, travel) neither
breaks a run nor adds to it: done, rest, done is one run of two days. A *paused* day (a day of a
pause: a week away, an injury) bridges runs the same way; a session logged on it still counts.

The work is done on day numbers (`date.toordinal()`). The store keeps every run `run_spans`
finds in its `runs` table, so a command reads the latest and the longest run in a few rows and
`summarize_runs` finishes the summary (tests hold it to a walk over every day).
"""

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date

from stretchlog.domain.records import Record


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
    today_paused: bool


def _only_rest_between(after: int, before: int, rest: Collection[int]) -> bool:
    """True when every day strictly between `after` and `before` is a rest day."""
    # The first day decides almost every gap, so check it before building a range.
    return before - after == 1 or (
        after + 1 in rest and all(day in rest for day in range(after + 2, before))
    )


def paused_numbers(pauses: Iterable[tuple[int, int | None]], first: int, last: int) -> list[int]:
    """The sorted day numbers from `first` to `last` that fall in one of `pauses`, each its
    (first day number, last day number or None while it is open)."""
    found: list[int] = []
    for start, end in pauses:
        found.extend(range(max(start, first), min(last if end is None else end, last) + 1))
    return sorted(found)


RunSpan = tuple[int, int, int]
"""(first day number, last day number, days done) of one run."""


def run_spans(done: list[int], rest: Collection[int]) -> Iterator[RunSpan]:
    """Each maximal run of the sorted day numbers `done`, oldest first, joined across rest."""
    start = previous = count = 0
    for number in done:
        if count and (number == previous + 1 or _only_rest_between(previous, number, rest)):
            count += 1
        else:
            if count:
                yield start, previous, count
            start, count = number, 1
        previous = number
    if count:
        yield start, previous, count


def latest_and_longest(spans: Iterable[RunSpan]) -> tuple[RunSpan | None, RunSpan | None]:
    """The last of the runs, oldest first, and the longest (the most recent on a tie)."""
    latest = longest = None
    for found in spans:
        if longest is None or found[2] >= longest[2]:
            longest = found
        latest = found
    return latest, longest


def summarize_runs(
    latest: RunSpan | None,
    longest: RunSpan | None,
    recent_done: Sequence[int],
    rest_numbers: Iterable[int],
    today: date,
    paused: Collection[int] = (),
) -> StreakSummary:
    """The summary from the runs that matter, as the store keeps them: the `latest` run and the
    `longest` (the most recent on a tie), both up to `today`, plus the sorted day numbers done in
    the last 30 days (more are fine), the rest days and the paused days (any, a superset is
    fine): both bridge the runs."""
    now = today.toordinal()
    rest = {number for number in rest_numbers if number <= now}
    today_paused = now in paused
    rest.update(number for number in paused if number <= now)
    today_done = latest is not None and latest[1] == now
    # Nothing is done after the latest run, so only rest days may lie between it and today.
    current = (
        latest if latest and (today_done or _only_rest_between(latest[1], now, rest)) else None
    )
    today_rest = now in rest and not today_done and not today_paused
    today_paused = today_paused and not today_done
    return StreakSummary(
        current=current[2] if current else 0,
        current_start=date.fromordinal(current[0]) if current else None,
        longest=longest[2] if longest else 0,
        longest_start=date.fromordinal(longest[0]) if longest else None,
        longest_end=date.fromordinal(longest[1]) if longest else None,
        today_done=today_done,
        at_risk=current is not None and not today_done and not today_rest and not today_paused,
        today_rest=today_rest,
        last_7=_done_within(recent_done, now, 7),
        last_30=_done_within(recent_done, now, 30),
        today_paused=today_paused,
    )


def _done_within(done: Sequence[int], now: int, window: int) -> int:
    """How many of the sorted `done` fall in the `window` days ending with `now`."""
    return bisect_right(done, now) - bisect_left(done, now - window + 1)
