"""Named routines: names, doses, and holds that grow, checked as pure rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchlog.domain.routines import Attempt, Progression, check_name, name_key, target
from stretchlog.errors import BadValue
from tests.oracles import grown_hold

TODAY = date(2026, 11, 25)
BOTH = ("left", "right")


def full(day: date, hold: int, reps: int = 2, sides: tuple[str | None, ...] = BOTH) -> Attempt:
    return Attempt(day, counts=True, sides=tuple((side, hold * reps, reps) for side in sides))


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize("name", ["morning", "Desk-break", "abend_2", "Übungen"])
def test_a_name_is_letters_digits_dashes_and_underscores(name: str) -> None:
    assert check_name(f"  {name} ") == name


@pytest.mark.parametrize(
    "name", ["", "two words", "a/b", "x" * 41, "[red]", "tab\tname", "-r", "--help", "_x"]
)
def test_other_names_are_refused_with_an_example(name: str) -> None:
    with pytest.raises(BadValue, match="such as 'morning'"):
        check_name(name)


def test_names_ignore_case() -> None:
    assert name_key("Morning") == name_key("MORNING") == "morning"


RULE = Progression(step=5, every=3, most=45)


def test_every_third_full_session_grows_the_hold_up_to_its_maximum() -> None:
    attempts = [full(days_ago(20 - day), 30) for day in range(3)]
    assert target(30, RULE, 2, BOTH, attempts, TODAY - timedelta(days=17)).hold == 35
    two_more = [*attempts, full(days_ago(16), 35), full(days_ago(15), 35)]
    now = target(30, RULE, 2, BOTH, two_more, days_ago(15))
    assert (now.hold, now.full, now.needed(RULE), now.next_hold(RULE)) == (35, 2, 1, 40)
    many = [full(days_ago(40 - day), 30 + 5 * (day // 3)) for day in range(30)]
    assert target(30, RULE, 2, BOTH, many, days_ago(11)).hold == 45  # never past --max


def test_short_skipped_or_worse_sessions_do_not_count() -> None:
    short = Attempt(days_ago(3), True, (("left", 59, 2), ("right", 60, 2)))
    one_side = Attempt(days_ago(2), True, (("left", 60, 2),))
    worse = Attempt(days_ago(1), True, (("left", 60, 2), ("right", 60, 2)), worse=True)
    by_hand = Attempt(TODAY, False, (("left", 60, 2), ("right", 60, 2)))
    now = target(30, RULE, 2, BOTH, [short, one_side, worse, by_hand], TODAY)
    assert (now.hold, now.full) == (30, 0)


def test_a_week_without_the_stretch_steps_back_once_never_below_the_start() -> None:
    grown = [full(days_ago(60 - day), 30 + 5 * (day // 3)) for day in range(6)]  # now 40
    assert target(30, RULE, 2, BOTH, grown, days_ago(55)).hold == 40
    assert target(30, RULE, 2, BOTH, grown, days_ago(55 - 7)).hold == 40  # six days without
    assert target(30, RULE, 2, BOTH, grown, days_ago(55 - 8)).hold == 35  # seven: one step
    assert target(30, RULE, 2, BOTH, grown, TODAY).hold == 35  # once per gap
    fresh = [full(days_ago(30), 30)]
    assert target(30, RULE, 2, BOTH, fresh, TODAY).hold == 30


def test_the_hold_the_last_session_was_held_to_is_kept_for_announcing() -> None:
    three = [full(days_ago(3 - day), 30) for day in range(3)]
    now = target(30, RULE, 2, BOTH, three, TODAY)
    assert (now.previous, now.hold) == (30, 35)
    assert target(30, RULE, 2, BOTH, [], TODAY).previous is None


attempt_days = st.lists(st.integers(0, 60), max_size=25).map(sorted)


@st.composite
def histories(
    draw: st.DrawFn,
) -> tuple[Progression, int, int, tuple[str | None, ...], list[Attempt]]:
    start = draw(st.integers(5, 60))
    rule = Progression(
        draw(st.integers(1, 15)), draw(st.integers(1, 4)), start + draw(st.integers(1, 60))
    )
    reps = draw(st.integers(1, 3))
    sides = draw(st.sampled_from([(None,), BOTH]))
    attempts = []
    for offset in draw(attempt_days):
        done_sides = draw(st.sampled_from([sides, sides[:1]]))
        per_hold = draw(st.integers(start - 5, rule.most + 5))
        attempts.append(
            Attempt(
                days_ago(60 - offset),
                counts=draw(st.booleans()),
                sides=tuple((side, per_hold * reps, reps) for side in done_sides),
                worse=draw(st.booleans()),
            )
        )
    return rule, start, reps, sides, attempts


@settings(max_examples=400, deadline=None)
@given(histories(), st.integers(0, 20))
def test_the_replay_agrees_with_walking_every_day(
    history: tuple[Progression, int, int, tuple[str | None, ...], list[Attempt]], after: int
) -> None:
    rule, start, reps, sides, attempts = history
    today = days_ago(-after) if attempts else TODAY
    today = max([today, *(attempt.day for attempt in attempts)])
    found = target(start, rule, reps, sides, attempts, today)
    assert (found.hold, found.full) == grown_hold(
        start, rule.step, rule.every, rule.most, reps, sides, attempts, today
    )
