"""Named routines: what a routine's name may be, the dose of each stretch in one, and how a
stretch's hold grows with the sessions that held it to its target (progression).

A routine is an ordered list of stretches (the list operations are in domain/routine.py). Each
stretch in it may carry its own dose, which wins over the stretch's default, and a rule for its
hold to grow. The target a rule has reached is never stored: it is replayed from the logged
sessions, so edits, deletes, imports and sync all give the same answer.
"""

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from stretchlog.domain.catalog import Stretch
from stretchlog.domain.fields import (
    MAX_HOLD_SECONDS,
    MAX_ROUTINE_NAME_CHARS,
    Invalid,
    routine_name,
)
from stretchlog.domain.records import Record
from stretchlog.errors import BadValue

DEFAULT_NAME = "favourites"
"""The routine the favourites became: `fav` acts on whichever routine is the default."""
MAX_ROUTINES = 100
MAX_ROUTINE_STRETCHES = 100
"""More stretches than anyone holds in one routine: a bound on what a file or a script adds."""
MAX_EVERY = 100
GAP_DAYS = 7
"""This many days in a row without a stretch steps its target back."""


def check_name(text: str) -> str:
    """A routine's name as typed, stripped (NFC), by the rule every input shares."""
    try:
        return routine_name(text.strip())
    except Invalid as invalid:
        shown = text if len(text) <= MAX_ROUTINE_NAME_CHARS else text[:MAX_ROUTINE_NAME_CHARS] + "…"
        raise BadValue(f"'{shown}' cannot name a routine", f"use {invalid.expected}") from None


def name_key(name: str) -> str:
    """What makes two names the same routine: case is ignored ('Morning' is 'morning')."""
    return unicodedata.normalize("NFC", name).casefold()


class Progression(Record):
    """Grow the hold by `step` seconds after every `every` full sessions, up to `most`."""

    step: int
    every: int
    most: int


class Dose(Record):
    """One stretch in a routine: its own hold and reps (None: the stretch's default) and the
    rule its hold grows by, if any."""

    stretch_id: str
    hold: int | None = None
    reps: int | None = None
    progression: Progression | None = None


class Routine(Record):
    uid: str
    name: str
    is_default: bool
    doses: tuple[Dose, ...]

    @property
    def stretch_ids(self) -> list[str]:
        return [dose.stretch_id for dose in self.doses]

    def dose(self, stretch_id: str) -> Dose:
        return next((d for d in self.doses if d.stretch_id == stretch_id), Dose(stretch_id))


def check_size(stretch_ids: Sequence[str], name: str) -> None:
    if len(stretch_ids) > MAX_ROUTINE_STRETCHES:
        raise BadValue(
            f"that would give {name} {len(stretch_ids)} stretches, more than the"
            f" {MAX_ROUTINE_STRETCHES} a routine holds",
            "make another routine for the rest",
        )


def reordered(doses: Sequence[Dose], stretch_ids: Iterable[str]) -> tuple[Dose, ...]:
    """The doses for `stretch_ids` in that order: a stretch that stays keeps its dose."""
    kept = {dose.stretch_id: dose for dose in doses}
    return tuple(kept.get(stretch_id, Dose(stretch_id)) for stretch_id in stretch_ids)


def with_dose(
    dose: Dose,
    hold: int | None,
    reps: int | None,
    progression: Progression | None,
    *,
    stop_progress: bool,
    default_hold: int,
) -> Dose:
    """`dose` changed as `routine set` asks: only what is given changes."""
    changed = dose._replace(
        hold=dose.hold if hold is None else hold,
        reps=dose.reps if reps is None else reps,
        progression=None if stop_progress else (progression or dose.progression),
    )
    start = changed.hold or default_hold
    touched = hold is not None or progression is not None  # --reps alone leaves the rule be
    if touched and changed.progression and not grows_from(start, changed.progression):
        raise BadValue(
            f"--max {changed.progression.most} s is not above the starting hold of {start} s",
            "give a --max longer than the hold it grows from",
        )
    return changed


def grows_from(start: int, rule: Progression) -> bool:
    """Whether `rule` can grow a hold that starts at `start` seconds: its --max is above it."""
    return rule.most > start


def check_progression(step: int | None, every: int | None, most: int | None) -> Progression | None:
    """The rule from --progress, --every and --max: all three, or none of them."""
    given = [value is not None for value in (step, every, most)]
    if not any(given):
        return None
    if not all(given):
        raise BadValue(
            "a hold that grows needs --progress, --every and --max together",
            "for example: --progress 5 --every 3 --max 90",
        )
    assert step is not None and every is not None and most is not None
    return Progression(step, every, most)


# Progression


class Attempt(Record):
    """A logged session holding the stretch: `counts` when it is a guided session of the
    routine, `full` when each hold reached the target it had then, given as the held seconds of
    each side (None: a side done as one) over `reps` holds."""

    day: date
    counts: bool
    sides: tuple[tuple[str | None, int, int], ...]
    """(side, seconds held over all reps, reps) for each side done."""
    worse: bool = False
    """The tightness after was worse than before."""


class Target(Record):
    """Where a stretch's growing hold stands: `hold` seconds now, `full` full sessions counted
    towards the next step, and `previous`, the hold the last session was held to (None before
    the first), so a change can be announced."""

    hold: int
    full: int
    previous: int | None

    def needed(self, rule: Progression) -> int:
        return rule.every - self.full

    def next_hold(self, rule: Progression) -> int | None:
        return min(self.hold + rule.step, rule.most) if self.hold < rule.most else None


def is_full(attempt: Attempt, hold: int, reps: int, sides: Sequence[str | None]) -> bool:
    """Every side done, each of its `reps` holds held for `hold` seconds (nothing skipped,
    nothing ended early)."""
    done = {side: (seconds, done_reps) for side, seconds, done_reps in attempt.sides}
    return all(
        side in done and done[side][1] >= reps and done[side][0] >= hold * reps for side in sides
    )


def target(
    start: int,
    rule: Progression,
    reps: int,
    sides: Sequence[str | None],
    attempts: Iterable[Attempt],
    today: date,
) -> Target:
    """Replay the rule over `attempts` (oldest first) to today. A full session counts (unless
    it left the hips tighter); every `rule.every` of them the hold grows by `rule.step`, up to
    `rule.most`. A gap of GAP_DAYS days or more without the stretch steps it back one step,
    never below `start`, and starts the count again."""
    hold, full, previous, last_day = start, 0, None, None
    for attempt in attempts:
        if last_day is not None and _gap(last_day, attempt.day):
            hold, full = max(start, hold - rule.step), 0
        last_day, previous = attempt.day, hold
        if attempt.counts and not attempt.worse and is_full(attempt, hold, reps, sides):
            full += 1
            if full >= rule.every:
                hold, full = min(rule.most, hold + rule.step), 0
    if last_day is not None and _gap(last_day, today):
        hold, full = max(start, hold - rule.step), 0
    return Target(min(max(hold, start), MAX_HOLD_SECONDS), full, previous)


def _gap(last: date, day: date) -> bool:
    """Whether GAP_DAYS or more days passed between `last` and `day`, neither of them counted."""
    return (day - last).days - 1 >= GAP_DAYS


# The dose a stretch is done at


class Planned(Record):
    """A stretch of a routine as it will be done: `stretch` carries the hold and reps used, and
    `hold_from` and `reps_from` say where each came from ('stretch', 'routine', 'progression',
    or 'this run' for --hold and --reps)."""

    stretch: Stretch
    hold_from: str
    reps_from: str
    target: Target | None = None
    rule: Progression | None = None

    @property
    def announced(self) -> bool:
        """The hold is a new one since the stretch was last done: grown, or stepped back."""
        return (
            self.hold_from == "progression"
            and self.target is not None
            and self.target.previous not in (None, self.target.hold)
        )


def planned(
    stretch: Stretch,
    dose: Dose,
    attempts: Callable[[], Iterable[Attempt]],
    today: date,
    run_hold: int | None = None,
    run_reps: int | None = None,
) -> Planned:
    """`stretch` at the dose it is done at: this run's --hold and --reps win, then the hold a
    growing stretch has reached (replayed from `attempts`), then the routine's dose, then the
    stretch's own."""
    reps, reps_from = _first(
        (run_reps, "this run"), (dose.reps, "routine"), (stretch.reps, "stretch")
    )
    start, start_from = _first((dose.hold, "routine"), (stretch.hold_seconds, "stretch"))
    reached = None
    if dose.progression is not None:
        full_reps = dose.reps or stretch.reps  # what a full session is, whatever this run does
        reached = target(start, dose.progression, full_reps, stretch.sides, attempts(), today)
    grown = reached.hold if reached and reached.hold != start else None
    hold, hold_from = _first((run_hold, "this run"), (grown, "progression"), (start, start_from))
    return Planned(
        stretch._replace(hold_seconds=hold, reps=reps),
        hold_from,
        reps_from,
        reached,
        dose.progression,
    )


def _first(*choices: tuple[int | None, str]) -> tuple[int, str]:
    return next((value, source) for value, source in choices if value is not None)
