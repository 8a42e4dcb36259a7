"""Catching up on forgotten days (`stretchlog ask`): which days are asked about, and the answers.

A walk asks about each day without an entry (no session, no rest day), oldest first, up to today:
today too, since a day not logged yet may be one already stretched. Without a first day, it starts
the day after the last entry. One walk asks about at most `MOST_DAYS` days: the latest of them
when it starts after the last entry (they decide the streak), the earliest from a first day given.
"""

from collections.abc import Collection
from datetime import date, timedelta
from typing import NamedTuple

MOST_DAYS = 60
ANSWERS = {"y": "yes", "r": "rest", "s": "skip", "q": "quit"}
"""Each answer by its letter; the whole word is taken too, in any case."""


class Walk(NamedTuple):
    days: tuple[date, ...]
    """The days to ask about, oldest first."""
    older: int
    """Days without an entry before the walk, left for a walk with an earlier first day."""
    later: int
    """Days without an entry after the walk, left for the next walk."""


def walk(first: date, today: date, logged: Collection[date], from_first: bool) -> Walk:
    """The days from `first` to `today` that have no entry in `logged`, at most MOST_DAYS of
    them: from `first` on when `from_first` (a day the user named), else the latest."""
    count = (today - first).days + 1
    unlogged = [d for d in (first + timedelta(days=n) for n in range(count)) if d not in logged]
    if len(unlogged) <= MOST_DAYS:
        return Walk(tuple(unlogged), 0, 0)
    if from_first:
        return Walk(tuple(unlogged[:MOST_DAYS]), 0, len(unlogged) - MOST_DAYS)
    return Walk(tuple(unlogged[-MOST_DAYS:]), len(unlogged) - MOST_DAYS, 0)


def answer(text: str) -> str | None:
    """What a typed answer means ('yes', 'rest', 'skip' or 'quit'), or None if it is none of them."""
    typed = text.strip().casefold()
    meaning = ANSWERS.get(typed)
    if meaning is None and typed in ANSWERS.values():
        meaning = typed
    return meaning
