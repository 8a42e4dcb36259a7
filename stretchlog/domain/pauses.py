"""Pauses: days away (travel, an injury) that neither extend nor break a streak.

A pause is a span of days, from its first to its last (or open, while its end is not known). Its
days bridge streaks as rest days do (see streaks.py), overall, per stretch and per routine, and
habit strength leaves them out; a session logged on one still counts as usual. Pauses never
overlap, so a day is paused by at most one. `today` always comes from the caller.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from stretchlog.domain.records import Record
from stretchlog.errors import BadValue, NotFound

MAX_AHEAD_DAYS = 365
"""A pause may be planned (or end) up to a year ahead; a later day is a typing mistake."""


class Pause(Record):
    """`id` is 0 until the store saves it; `uid` is the identity that survives export and import,
    given by the store when left empty. `last` is None while the pause is open."""

    first: date
    last: date | None
    reason: str | None
    id: int = 0
    uid: str = ""

    def overlaps(self, other: "Pause") -> bool:
        return (self.last is None or other.first <= self.last) and (
            other.last is None or self.first <= other.last
        )

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)

    @property
    def span(self) -> tuple[int, int | None]:
        """(first day number, last day number or None), as streaks.paused_numbers reads it."""
        return self.first.toordinal(), None if self.last is None else self.last.toordinal()


def describe(pause: Pause) -> str:
    """'pause 2 (2026-11-10 to 2026-11-17)', or '(from 2026-11-10, open)'."""
    if pause.last is None:
        return f"pause {pause.id} (from {pause.first.isoformat()}, open)"
    if pause.last == pause.first:
        return f"pause {pause.id} ({pause.first.isoformat()})"
    return f"pause {pause.id} ({pause.first.isoformat()} to {pause.last.isoformat()})"


def check_new(pause: Pause, existing: Iterable[Pause]) -> None:
    """Whether `pause` may be added beside the `existing` ones: it ends no earlier than it
    starts, and shares no day with another."""
    if pause.last is not None and pause.last < pause.first:
        raise BadValue(
            f"the pause would end on {pause.last.isoformat()}, before it starts on"
            f" {pause.first.isoformat()}",
            "give --to a day on or after --from",
        )
    clash = first_overlap(pause, existing)
    if clash is not None:
        raise BadValue(
            f"a pause {_days(pause._replace(id=0))} would overlap {describe(clash)}",
            f"pick other days, or end or delete that one first (stretchlog pause delete {clash.id})",
        )


def first_overlap(pause: Pause, existing: Iterable[Pause]) -> Pause | None:
    return next((other for other in existing if other.overlaps(pause)), None)


def to_end(pauses: Sequence[Pause], today: date) -> Pause:
    """The pause `pause end` ends: the open one, or else the one today falls in."""
    found = next((p for p in pauses if p.last is None), None)
    found = found or next((p for p in pauses if p.covers(today)), None)
    if found is None:
        raise NotFound(
            "no pause is open or under way today",
            "see your pauses with 'stretchlog pause list'",
        )
    return found


def ended(pause: Pause, back: date) -> Pause:
    """`pause` ended by coming back on `back`: its last day is the day before."""
    last = back - timedelta(days=1)
    if last < pause.first:
        raise BadValue(
            f"{describe(pause)} starts on {pause.first.isoformat()}, so ending it on"
            f" {back.isoformat()} would leave no day paused",
            f"to drop it altogether: stretchlog pause delete {pause.id}",
        )
    if pause.last is not None and last >= pause.last:
        raise BadValue(
            f"{describe(pause)} already ends on {pause.last.isoformat()}",
            "give --date the day you are back, on or before its last day",
        )
    return pause._replace(last=last)


def overlapping_import(incoming: Sequence[Pause], here: Sequence[Pause]) -> str | None:
    """What is wrong with adding `incoming` (pauses new here) beside `here`: a pause that
    overlaps one already here or another incoming one, named; None when they all fit."""
    kept = list(here)
    for pause in incoming:
        clash = first_overlap(pause, kept)
        if clash is not None:
            shown = pause._replace(id=0)
            return (
                f"the file's pause {_days(shown)} overlaps"
                f" {describe(clash) if clash.id else 'another pause of the file'}"
            )
        kept.append(pause)
    return None


def _days(pause: Pause) -> str:
    return describe(pause).removeprefix("pause 0 ")
