"""Logged sessions as plain data, and the rules for what a session may hold."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import NamedTuple

from stretchlog.catalog import MAX_HOLD_SECONDS, MAX_REPS, Stretch
from stretchlog.errors import BadValue

SOURCES = ("manual", "guided", "import")
KINDS = ("session", "rest")
TIGHTNESS_RANGE = range(0, 11)
MAX_NOTE_CHARS = 4000


class Hold(NamedTuple):
    """One stretch on one side within a session: `seconds` is the total held over all `reps`."""

    stretch_id: str
    side: str | None
    seconds: int
    reps: int


class Session(NamedTuple):
    """A logged session. `id` is 0 until the store saves it; `uid` is the identity that survives
    export and import, given by the store when left empty. `tightness` is how tight the hips felt
    at the end (or at all); a guided session may also keep `tightness_before` it."""

    day: date
    logged_at: datetime
    note: str | None
    tightness: int | None
    source: str
    holds: tuple[Hold, ...]
    id: int = 0
    uid: str = ""
    tightness_before: int | None = None
    kind: str = "session"
    """'session', or 'rest' for a rest day: a day off that neither breaks nor extends a streak."""

    @property
    def is_rest(self) -> bool:
        return self.kind == "rest"

    @property
    def seconds(self) -> int:
        return sum(hold.seconds for hold in self.holds)

    @property
    def stretch_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(hold.stretch_id for hold in self.holds))


def plan_holds(
    stretches: Iterable[Stretch], hold_seconds: int | None = None, reps: int | None = None
) -> tuple[Hold, ...]:
    """The holds of doing each stretch once as planned: every side, every rep."""
    hold_seconds = check_whole("hold", hold_seconds, 1, MAX_HOLD_SECONDS)
    reps = check_whole("reps", reps, 1, MAX_REPS)
    return tuple(
        Hold(
            stretch_id=stretch.id,
            side=side,
            seconds=(hold_seconds or stretch.hold_seconds) * (reps or stretch.reps),
            reps=reps or stretch.reps,
        )
        for stretch in stretches
        for side in stretch.sides
    )


def check_whole(what: str, value: int | None, low: int, high: int) -> int | None:
    if value is not None and not low <= value <= high:
        raise BadValue(
            f"{what} must be from {low} to {high}, not {value}", f"pick a {what} in range"
        )
    return value


def check_tightness(value: int | None) -> int | None:
    if value is not None and value not in TIGHTNESS_RANGE:
        raise BadValue(
            f"tightness must be from 0 (loose) to 10 (very tight), not {value}",
            "rate how tight your hips feel on that scale",
        )
    return value


def check_note(note: str | None) -> str | None:
    """A note as given, or None for none; refuses what cannot be stored faithfully."""
    if note is None or note == "":
        return None
    if len(note) > MAX_NOTE_CHARS:
        raise BadValue(
            f"the note is {len(note)} characters long, more than {MAX_NOTE_CHARS}",
            "shorten it",
        )
    try:
        note.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue("the note holds characters that are not valid text", "retype it") from None
    return note
