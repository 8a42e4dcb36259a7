from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from stretchlog.domain.streaks import StreakSummary
from tests.oracles import Run, runs, summarize

TODAY = date(2026, 11, 25)


def d(offset: int) -> date:
    """The day `offset` days before TODAY."""
    return TODAY - timedelta(days=offset)


def test_no_days_means_no_streak() -> None:
    assert summarize([], TODAY) == StreakSummary(
        0, None, 0, None, None, False, False, False, 0, 0, False
    )


def test_a_run_ending_today_is_current_and_done() -> None:
    summary = summarize([d(0), d(1), d(2), d(5)], TODAY)
    assert (summary.current, summary.current_start) == (3, d(2))
    assert summary.today_done and not summary.at_risk
    assert (summary.longest, summary.longest_start, summary.longest_end) == (3, d(2), d(0))


def test_a_run_ending_yesterday_is_current_but_at_risk() -> None:
    summary = summarize([d(1), d(2)], TODAY)
    assert (summary.current, summary.current_start) == (2, d(2))
    assert summary.at_risk and not summary.today_done


def test_a_gap_before_yesterday_ends_the_streak() -> None:
    summary = summarize([d(2), d(3)], TODAY)
    assert summary.current == 0 and summary.current_start is None and not summary.at_risk
    assert summary.longest == 2


def test_several_sessions_on_a_day_count_once_and_backdating_joins_runs() -> None:
    assert summarize([d(0), d(0), d(2)], TODAY).current == 1
    assert summarize([d(0), d(0), d(2), d(1)], TODAY).current == 3


def test_longest_tie_goes_to_the_most_recent_run() -> None:
    summary = summarize([d(10), d(11), d(5), d(6)], TODAY)
    assert (summary.longest_start, summary.longest_end) == (d(6), d(5))


def test_recent_day_counts() -> None:
    summary = summarize([d(0), d(6), d(7), d(29), d(30)], TODAY)
    assert (summary.last_7, summary.last_30) == (2, 4)


def test_rest_days_bridge_runs_without_counting() -> None:
    assert runs([d(2), d(0)], rest_days=[d(1)]) == [Run(d(2), d(0), 2)]
    summary = summarize([d(3), d(1)], TODAY, rest_days=[d(2), d(0)])
    assert (summary.current, summary.today_done, summary.at_risk) == (2, False, False)


def test_future_days_are_ignored() -> None:
    assert summarize([d(-1)], TODAY).longest == 0


# Property tests against a day-by-day walk.


def oracle(
    done: set[date], rest: set[date], today: date, paused: frozenset[date] = frozenset()
) -> StreakSummary:
    done = {day for day in done if day <= today}
    rest = {day for day in rest if day <= today and day not in done}
    paused = {day for day in paused if day <= today and day not in done}
    bridging = rest | paused
    day = today if today in done or today in bridging else today - timedelta(days=1)
    current, current_start = 0, None
    while day in done or day in bridging:
        if day in done:
            current, current_start = current + 1, day
        day -= timedelta(days=1)
    best: tuple[int, date | None, date | None] = (0, None, None)
    length, start = 0, None
    day = min(done, default=today)
    while day <= today:
        if day in done:
            if length == 0:
                start = day
            length += 1
            if length >= best[0]:
                best = (length, start, day)
        elif day not in bridging:
            length = 0
        day += timedelta(days=1)
    return StreakSummary(
        current=current,
        current_start=current_start,
        longest=best[0],
        longest_start=best[1],
        longest_end=best[2],
        today_done=today in done,
        at_risk=current > 0 and today not in done and today not in bridging,
        today_rest=today in rest and today not in paused,
        last_7=sum(1 for offset in range(7) if today - timedelta(days=offset) in done),
        last_30=sum(1 for offset in range(30) if today - timedelta(days=offset) in done),
        today_paused=today in paused,
    )


offsets = st.sets(st.integers(min_value=-3, max_value=60), max_size=50)


@given(offsets)
def test_summary_matches_a_day_by_day_walk(done: set[int]) -> None:
    days = {d(offset) for offset in done}
    assert summarize(days, TODAY) == oracle(days, set(), TODAY)


@given(offsets, offsets)
def test_summary_with_rest_days_matches_a_day_by_day_walk(done: set[int], rest: set[int]) -> None:
    done_days, rest_days = {d(o) for o in done}, {d(o) for o in rest}
    assert summarize(done_days, TODAY, rest_days) == oracle(done_days, rest_days, TODAY)


pause_spans = st.lists(
    st.tuples(st.integers(-3, 60), st.one_of(st.none(), st.integers(0, 10))), max_size=3
)


@given(offsets, offsets, pause_spans)
def test_summary_with_pauses_matches_a_day_by_day_walk(
    done: set[int], rest: set[int], spans: list[tuple[int, int | None]]
) -> None:
    """Paused days bridge like rest days, a session on one counts, and today paused is told
    apart from today rested; an open pause runs on to today."""
    pauses = [(d(start), None if length is None else d(start - length)) for start, length in spans]
    paused = frozenset(
        d(offset)
        for start, length in spans
        for offset in range(start, (-3 if length is None else start - length) - 1, -1)
    )
    done_days, rest_days = {d(o) for o in done}, {d(o) for o in rest}
    assert summarize(done_days, TODAY, rest_days, pauses) == oracle(
        done_days, rest_days, TODAY, paused
    )


def test_a_pause_bridges_a_week_away_and_an_open_one_keeps_the_streak_safe() -> None:
    summary = summarize([d(10), d(9), d(1)], TODAY, pauses=[(d(8), d(2))])
    assert (summary.current, summary.current_start, summary.at_risk) == (3, d(10), True)
    summary = summarize([d(3), d(2)], TODAY, pauses=[(d(1), None)])
    assert (summary.current, summary.today_paused, summary.at_risk, summary.today_rest) == (
        2, True, False, False,
    )  # fmt: skip
    logged = summarize([d(1), d(0)], TODAY, pauses=[(d(1), None)])
    assert (logged.current, logged.today_done, logged.today_paused) == (2, True, False)


@given(offsets)
def test_runs_partition_the_done_days(done: set[int]) -> None:
    days = {d(offset) for offset in done}
    found = runs(days)
    assert sum(run.days for run in found) == len(days)
    for run in found:
        assert (run.end - run.start).days + 1 == run.days
    for earlier, later in pairwise(found):
        assert (later.start - earlier.end).days > 1
