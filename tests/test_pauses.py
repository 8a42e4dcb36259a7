"""Pauses: days away that neither extend nor break a streak."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchlog.domain.dates import parse_when
from stretchlog.domain.pauses import Pause, check_new, ended, overlapping_import, to_end
from stretchlog.errors import BadDate, BadValue, NotFound
from tests.conftest import TODAY


def d(offset: int) -> date:
    """The day `offset` days before the pinned today (negative: after it)."""
    return TODAY - timedelta(days=offset)


# The rules


def test_a_pause_may_not_end_before_it_starts_or_share_a_day_with_another() -> None:
    here = [Pause(d(10), d(5), "travel", id=1), Pause(d(2), None, None, id=2)]
    check_new(Pause(d(4), d(3), None), here)  # between them: fine
    with pytest.raises(BadValue, match="before it starts"):
        check_new(Pause(d(3), d(4), None), here)
    with pytest.raises(BadValue, match=r"overlaps pause 1 \(2026-11-15 to 2026-11-20\)"):
        check_new(Pause(d(12), d(10), None), here)
    with pytest.raises(BadValue, match=r"overlaps pause 2 \(from 2026-11-23, open\)"):
        check_new(Pause(d(-30), d(-40), None), here)


@given(
    st.tuples(st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.integers(0, 20), st.integers(0, 25)),
)
def test_overlap_is_a_shared_day(first: tuple[int, int], second: tuple[int, int]) -> None:
    """Two pauses overlap exactly when some day lies in both (25 stands for open)."""

    def pause(start: int, length: int) -> Pause:
        return Pause(d(-start), None if length > 20 else d(-start - length), None)

    one, other = pause(*first), pause(*second)
    shared = any(one.covers(d(-n)) and other.covers(d(-n)) for n in range(0, 60))
    assert one.overlaps(other) == other.overlaps(one) == shared


def test_ending_a_pause_keeps_the_days_before_the_day_back() -> None:
    open_pause = Pause(d(5), None, None, id=3)
    assert ended(open_pause, TODAY) == open_pause._replace(last=d(1))
    with pytest.raises(BadValue, match="would leave no day paused; to drop it"):
        ended(open_pause, d(5))
    planned = Pause(d(5), d(-3), None, id=4)
    assert ended(planned, d(-1)).last == TODAY
    with pytest.raises(BadValue, match="already ends on 2026-11-28"):
        ended(planned, d(-10))


def test_pause_end_takes_the_open_pause_or_the_one_under_way() -> None:
    under_way = Pause(d(3), d(-3), None, id=1)
    later = Pause(d(-10), None, None, id=2)
    assert to_end([under_way, later], TODAY) == later
    assert to_end([under_way], TODAY) == under_way
    with pytest.raises(NotFound, match="no pause is open or under way today"):
        to_end([Pause(d(9), d(8), None, id=5)], TODAY)


def test_an_import_must_fit_beside_the_pauses_here_and_its_own() -> None:
    here = [Pause(d(10), d(5), None, id=1)]
    assert overlapping_import([Pause(d(4), d(3), None)], here) is None
    assert overlapping_import([Pause(d(6), d(6), None)], here) == (
        "the file's pause (2026-11-19) overlaps pause 1 (2026-11-15 to 2026-11-20)"
    )
    assert overlapping_import([Pause(d(4), None, None), Pause(d(3), d(3), None)], here) == (
        "the file's pause (2026-11-22) overlaps another pause of the file"
    )


# Planning ahead


def test_a_pause_may_be_planned_ahead_within_a_year() -> None:
    assert parse_when("tomorrow", TODAY, ahead=365) == d(-1)
    assert parse_when("Jan 3", TODAY, ahead=365) == date(2027, 1, 3)  # the nearest Jan 3
    assert parse_when("Nov 3", TODAY, ahead=365) == date(2026, 11, 3)  # just past is nearer
    with pytest.raises(BadDate, match="2027-11-26 is more than 365 days ahead"):
        parse_when("2027-11-26", TODAY, ahead=365)
    with pytest.raises(BadDate, match="in the future"):
        parse_when("tomorrow", TODAY)
    assert parse_when("Jan 3", TODAY) == date(2026, 1, 3)
