"""What a day is: stretched, a rest day, or neither; never both in what the user sees.

A rest day is an entry of its own (a session of kind 'rest', with no stretches). A session logged
on a rest day *supersedes* it without removing it: the day counts and shows as stretched, and
once that session is undone, deleted or moved to another day, the rest day (with its note) is
back. The same holds wherever entries come from: logged here, imported, or (later) synced.

Every write path asks these rules before it writes. The store's reads follow them in SQL:
history hides a superseded rest day (tests hold it to the rule written out in tests/oracles.py),
and streaks and stats count a day done before they count it rested.
"""

from collections.abc import Iterable, Sequence
from datetime import date

from stretchlog.domain.sessions import Session
from stretchlog.errors import BadValue


def stretched(on_day: Iterable[Session]) -> bool:
    return any(not entry.is_rest for entry in on_day)


def rest_entry(on_day: Iterable[Session]) -> Session | None:
    """The day's rest day, whether it shows or lies under a session."""
    return next((entry for entry in on_day if entry.is_rest), None)


def check_entry(entry: Session, on_day: Sequence[Session]) -> None:
    """Whether `entry` may join the entries already on its day: any number of sessions may,
    and a rest day may lie under them, but a day has at most one rest day."""
    found = rest_entry(on_day) if entry.is_rest else None
    if found is not None:
        raise BadValue(
            f"{entry.day.isoformat()} is already a rest day (id {found.id})",
            f"to mark it again, delete it first: stretchlog delete {found.id}",
        )


def check_new_rest_day(day: date, on_day: Sequence[Session]) -> None:
    """Marking `day` as rest, by hand: refused once it is stretched, since it could never show."""
    if stretched(on_day):
        raise BadValue(
            f"you stretched on {day.isoformat()}, so it cannot be a rest day",
            "delete that session first if it was logged by mistake",
        )


def repeated_rest_days(incoming: Iterable[Session], rested: Iterable[date]) -> list[Session]:
    """The rest days of `incoming` that fall on a day already rested, in `rested` or by an earlier
    one of `incoming`: a day has at most one rest day, so these are not kept."""
    seen = set(rested)
    repeated = []
    for entry in incoming:
        if entry.is_rest:
            if entry.day in seen:
                repeated.append(entry)
            seen.add(entry.day)
    return repeated
