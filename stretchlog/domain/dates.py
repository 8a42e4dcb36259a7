"""Turning what users type for WHEN ("yesterday", "3 days ago", "Nov 3") into a local calendar day.

Every function takes `today` from its caller: nothing here reads the clock.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from stretchlog.domain.fields import EARLIEST_DAY, shown
from stretchlog.errors import BadDate

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY_ABBREVIATIONS = {name[:3]: index for index, name in enumerate(WEEKDAYS)}
# Patterns stay text until used (re caches them): most commands never parse a date.
_RELATIVE = r"^(?P<count>[0-9]+|an?|one)\s+(?P<unit>days?|weeks?)\s+ago$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_NUMERIC = r"^(?P<first>[0-9]{1,2})[/.](?P<second>[0-9]{1,2})(?:[/.](?P<year>[0-9]{2,4}))?$"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FORMS = "use a date like 2026-11-03, 'Nov 3', 'yesterday', '3 days ago' or 'monday'"


def parse_when(text: str, today: date, ahead: int = 0) -> date:
    """The local calendar day `text` names, seen from `today`; never more than `ahead` days
    after `today` (none, unless the caller plans ahead, as a pause does). A month and day
    without a year ('Nov 3') is the nearest such day that may be given: the one just past when
    `ahead` is 0."""
    spoken = " ".join(text.casefold().split())
    day = _parse_spoken(spoken, today)
    if day is None:
        day = _parse_written(text.strip(), today, ahead)
    if day > today and not ahead:
        raise BadDate(f"{day.isoformat()} is in the future", "log today or an earlier day")
    if (day - today).days > ahead:
        raise BadDate(
            f"{day.isoformat()} is more than {ahead} days ahead",
            f"give a day up to {(today + timedelta(days=ahead)).isoformat()}",
        )
    if day < EARLIEST_DAY:
        raise BadDate(f"{day.isoformat()} is too long ago", f"use a day from {EARLIEST_DAY} on")
    return day


def _parse_spoken(spoken: str, today: date) -> date | None:
    if spoken in ("today", "now"):
        return today
    if spoken == "yesterday":
        return today - timedelta(days=1)
    if spoken == "tomorrow":
        return today + timedelta(days=1)  # refused as in the future, which it is
    relative = re.match(_RELATIVE, spoken)
    if relative:
        count_text = relative["count"]
        if len(count_text) > 7:  # more days than there are since year 1
            raise BadDate(f"{shown(spoken)} is too long ago", _FORMS)
        count = int(count_text) if count_text.isdigit() else 1
        days_per_unit = 7 if relative["unit"].startswith("week") else 1
        return _days_before(today, count * days_per_unit)
    words = spoken.split()
    if len(words) == 2 and words[0] == "last" and (weekday := _weekday(words[1])) is not None:
        return most_recent_weekday(today - timedelta(days=1), weekday)
    if len(words) == 1 and (weekday := _weekday(words[0])) is not None:
        return most_recent_weekday(today, weekday)
    return None


def _days_before(today: date, days: int) -> date:
    try:
        return today - timedelta(days=days)
    except OverflowError:
        raise BadDate(f"{days} days ago is too long ago", _FORMS) from None


def _weekday(word: str) -> int | None:
    if word in WEEKDAYS:
        return WEEKDAYS.index(word)
    return _WEEKDAY_ABBREVIATIONS.get(word) if len(word) == 3 else None


def most_recent_weekday(on_or_before: date, weekday: int) -> date:
    """The latest day on or before `on_or_before` that falls on `weekday` (Monday is 0)."""
    return on_or_before - timedelta(days=(on_or_before.weekday() - weekday) % 7)


def _parse_written(text: str, today: date, ahead: int) -> date:
    _refuse_ambiguous(text, today)
    if re.match(_ISO, text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise BadDate(f"{shown(text)} is not a real date", _FORMS) from None
    month, day, year = _dateutil_fields(text)
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            raise BadDate(f"{shown(text)} is not a real date", _FORMS) from None
    return _nearest(month, day, today, ahead, text)


def _refuse_ambiguous(text: str, today: date) -> None:
    """'03/11/2026' is 3 November to some and 11 March to others: both readings are asked for
    rather than one guessed. '23/11/2026' and '11/11' are clear, and fine."""
    numbers = re.match(_NUMERIC, text)
    if numbers is None:
        return
    first, second = int(numbers["first"]), int(numbers["second"])
    if first != second and first <= 12 and second <= 12:
        year = int(numbers["year"] or today.year)
        year += 2000 if year < 100 else 0
        raise BadDate(
            f"'{text}' could be {MONTHS[second - 1]} {first} or {MONTHS[first - 1]} {second}",
            f"write {year}-{second:02d}-{first:02d} or {year}-{first:02d}-{second:02d}"
            " (year-month-day), or like 'Nov 3'",
        )


def _dateutil_fields(text: str) -> tuple[int, int, int | None]:
    """Month, day and (if written) year of a free-form date, parsed by python-dateutil."""
    from dateutil import parser  # costs a noticeable import: only for free-form dates

    # Parsing twice with different defaults shows which fields the text left out.
    first_default = datetime(2004, 1, 1)
    second_default = datetime(2008, 3, 2)
    try:
        first = parser.parse(text, default=first_default)
        second = parser.parse(text, default=second_default)
    except (ValueError, OverflowError, parser.ParserError):
        raise BadDate(f"cannot read {shown(text)} as a date", _FORMS) from None
    if first.month != second.month or first.day != second.day:
        raise BadDate(
            f"{shown(text)} does not say which day", "give a month and a day, like 'Nov 3'"
        )
    year = first.year if first.year == second.year else None
    return first.month, first.day, year


def _nearest(month: int, day: int, today: date, ahead: int, text: str) -> date:
    """The `month`/`day` nearest `today` and at most `ahead` days after it: with `ahead` 0,
    'Nov 3' means the one just past; planning ahead, 'Jan 3' in late November is next year's."""
    latest = today + timedelta(days=ahead)
    candidates = []
    for year in range(latest.year, today.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue  # 29 February in a year without one
        if candidate <= latest:
            candidates.append(candidate)
    if not candidates:
        raise BadDate(f"{shown(text)} is not a real date", _FORMS)
    return min(candidates, key=lambda candidate: abs((candidate - today).days))
