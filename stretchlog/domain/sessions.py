"""Logged sessions as plain data, and the rules for what a session may hold."""

from collections.abc import Iterable
from datetime import date, datetime

from stretchlog.domain import fields
from stretchlog.domain.catalog import Stretch
from stretchlog.domain.fields import MAX_HOLD_SECONDS, MAX_REPS, check_option
from stretchlog.domain.records import Record
from stretchlog.errors import BadValue


class Hold(Record):
    """One stretch on one side within a session: `seconds` is the total held over all `reps`."""

    stretch_id: str
    side: str | None
    seconds: int
    reps: int


class Session(Record):
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
    routine_uid: str | None = None
    """The routine it was logged from, or None for stretches named by hand and rest days."""
    tightness_sides: tuple[int, int] | None = None
    """(left, right) when the sides were scored apart; `tightness` is then their mean."""
    tightness_before_sides: tuple[int, int] | None = None

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
    hold_seconds = check_option("--hold", hold_seconds, fields.whole(1, MAX_HOLD_SECONDS))
    reps = check_option("--reps", reps, fields.whole(1, MAX_REPS))
    return tuple(
        Hold(
            stretch_id=stretch.id,
            side=side,
            seconds=(hold_seconds or stretch.hold_seconds) * (reps or stretch.reps),
            reps=reps or stretch.reps,
        )
        for stretch in dict.fromkeys(stretches)  # each once: 'pigeon' and 'pigeon pose' are one
        for side in stretch.sides
    )


def edited_holds(
    session: Session, added: Iterable[Stretch], removed: Iterable[Stretch]
) -> tuple[Hold, ...]:
    """`session`'s holds without the `removed` stretches (every side), with the `added` ones at
    their default dose; refuses what would leave a session empty or add what is there."""
    removed_ids = {stretch.id for stretch in removed}
    added = list(added)
    if session.is_rest and (added or removed_ids):
        raise BadValue("a rest day has no stretches to change", "log a session instead")
    missing = removed_ids - set(session.stretch_ids)
    if missing:
        raise BadValue(
            f"session {session.id} has no {', '.join(sorted(missing))} to remove",
            "see its stretches with 'stretchlog history'",
        )
    present = [s.id for s in added if s.id in session.stretch_ids and s.id not in removed_ids]
    if present:
        raise BadValue(
            f"session {session.id} already has {', '.join(present)}",
            "remove it first to log it again with another dose",
        )
    kept = tuple(hold for hold in session.holds if hold.stretch_id not in removed_ids)
    holds = kept + plan_holds(added)
    if not holds and not session.is_rest:
        raise BadValue(
            f"that would leave session {session.id} with no stretches",
            f"delete it instead: stretchlog delete {session.id}",
        )
    return holds
