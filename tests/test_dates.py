from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchlog.domain.dates import parse_when
from stretchlog.errors import BadDate

TODAY = date(2026, 11, 25)  # a Wednesday
todays = st.dates(min_value=date(1980, 1, 1), max_value=date(2100, 12, 31))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TODAY),
        ("Today", TODAY),
        ("yesterday", date(2026, 11, 24)),
        ("3 days ago", date(2026, 11, 22)),
        ("1 day ago", date(2026, 11, 24)),
        ("a week ago", date(2026, 11, 18)),
        ("2 weeks ago", date(2026, 11, 11)),
        ("0 days ago", TODAY),
        ("monday", date(2026, 11, 23)),
        ("wednesday", TODAY),
        ("thursday", date(2026, 11, 19)),
        ("wed", TODAY),
        ("last wednesday", date(2026, 11, 18)),
        ("last monday", date(2026, 11, 23)),
        ("2026-11-03", date(2026, 11, 3)),
        ("Nov 3", date(2026, 11, 3)),
        ("3 November 2026", date(2026, 11, 3)),
        ("November 25", TODAY),
        ("Dec 3", date(2025, 12, 3)),
        ("Feb 29", date(2024, 2, 29)),
        ("2024/02/29", date(2024, 2, 29)),
    ],
)
def test_when_forms(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tomorrow", "is in the future"),
        ("2026-11-26", "is in the future"),
        ("Nov 26 2026", "is in the future"),
        ("2026-02-30", "not a real date"),
        ("November", "does not say which day"),
        ("", "cannot read"),
        ("99999 days ago", "too long ago"),
        ("999999999999 days ago", "too long ago"),
        ("1969-12-31", "too long ago"),
        ("banana", "cannot read"),
    ],
)
def test_bad_or_future_dates_are_refused_with_the_forms_to_use(text: str, message: str) -> None:
    with pytest.raises(BadDate, match=message):
        parse_when(text, TODAY)


@given(todays, st.integers(min_value=0, max_value=3000))
def test_days_ago_counts_back_whole_days(today: date, count: int) -> None:
    assert parse_when(f"{count} days ago", today) == today - timedelta(days=count)
    assert parse_when(f"{count // 7} weeks ago", today) == today - timedelta(weeks=count // 7)


def _brute_force_weekday(today: date, weekday: int, strictly_before: bool) -> date:
    day = today - timedelta(days=1) if strictly_before else today
    while day.weekday() != weekday:
        day -= timedelta(days=1)
    return day


@given(todays, st.integers(min_value=0, max_value=6), st.booleans())
def test_weekday_names_match_a_day_by_day_walk_back(today: date, weekday: int, last: bool) -> None:
    text = ("last " if last else "") + WEEKDAYS[weekday]
    assert parse_when(text, today) == _brute_force_weekday(today, weekday, strictly_before=last)


def _brute_force_month_day(today: date, month: int, day: int) -> date:
    candidate = today
    while (candidate.month, candidate.day) != (month, day):
        candidate -= timedelta(days=1)
    return candidate


@given(todays, st.dates(min_value=date(2000, 1, 1), max_value=date(2000, 12, 31)))
def test_a_date_without_a_year_is_its_most_recent_occurrence(today: date, month_day: date) -> None:
    text = f"{MONTHS[month_day.month - 1]} {month_day.day}"
    assert parse_when(text, today) == _brute_force_month_day(today, month_day.month, month_day.day)


@given(todays, st.dates(min_value=date(1970, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_are_taken_as_written_unless_in_the_future(today: date, day: date) -> None:
    if day <= today:
        assert parse_when(day.isoformat(), today) == day
    else:
        with pytest.raises(BadDate, match="in the future"):
            parse_when(day.isoformat(), today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("23/11/2026", date(2026, 11, 23)), ("11/23/2026", date(2026, 11, 23)),
     ("11/11", date(2026, 11, 11)), ("2026-11-03", date(2026, 11, 3))],
)  # fmt: skip
def test_numeric_dates_with_one_reading_are_fine(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


@pytest.mark.parametrize("text", ["03/11/2026", "3/11", "12.1.26", "1/2"])
def test_numeric_dates_with_two_readings_are_refused_with_both(text: str) -> None:
    with pytest.raises(BadDate, match="could be") as error:
        parse_when(text, TODAY)
    assert "(year-month-day)" in str(error.value)
