"""What the voice says in a guided routine, and when: a pure function of the plan's steps, so
that `start --dry-run --voice` lists exactly what the live routine will say.

Each cue belongs to a step and is due some whole seconds into it, so a pause or a skip moves it
with its step. Stretch names may be the user's own text: they are made speakable here (no
control characters, bounded, never starting with '-', which an engine would read as an option).
"""

from collections.abc import Mapping, Sequence

from stretchlog.domain.fields import MAX_HOLD_SECONDS, Invalid
from stretchlog.domain.guided import Step
from stretchlog.domain.records import Record

COUNTS_ON_FROM = 5
"""A countdown number up to this counts on down to 1 (3 says 3, 2, 1); a larger one is said once."""
MAX_SPOKEN_NAME = 60
"""Characters of a stretch name spoken; a longer one is cut (the screen still shows it all)."""


class Cue(Record):
    step: int
    """The index of the step it is said in; one past the last step for the closing words."""
    offset: int
    """Seconds into that step."""
    text: str
    kind: str  # "hold", "prep", "count" or "done"


def countdown(value: object) -> tuple[int, ...]:
    """`--countdown`: the seconds left in a hold at which a count is said, largest first; '10,3'
    says 10, then 3, 2, 1; 'off' says none."""
    text = value.strip().casefold() if isinstance(value, str) else ""
    if text == "off":
        return ()
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isascii() and part.isdigit() and len(part) < 5 for part in parts):
        raise Invalid("seconds left separated by commas, like 10,3, or off")
    said: set[int] = set()
    for number in map(int, parts):
        if not 1 <= number <= MAX_HOLD_SECONDS:
            raise Invalid(f"seconds from 1 to {MAX_HOLD_SECONDS}, like 10,3, or off")
        said.update(range(1, number + 1) if number <= COUNTS_ON_FROM else (number,))
    return tuple(sorted(said, reverse=True))


def plan_cues(
    steps: Sequence[Step], counts: Sequence[int], new_holds: Mapping[int, int] | None = None
) -> tuple[Cue, ...]:
    """Every cue of the routine in order. A hold begins with the stretch, side and length; a
    prep says what to do (a new stretch's, after the last one ended, says 'next'); `counts` are
    said as seconds left in each hold longer than them; a stretch whose hold is new since last
    time (`new_holds`: its number to the hold it had) says so with its first cue. Nothing is
    due at the same moment as anything else: without a prep, the hold's own cue names the next
    stretch, and a count never falls on a hold's first second."""
    new_holds = new_holds or {}
    cues: list[Cue] = []
    for index, step in enumerate(steps):
        name = speakable(step.stretch.name)
        if step.is_hold:
            side = f", {step.side} side" if step.side else ""
            text = f"{name}{side}, {spoken_seconds(step.seconds)}"
        else:
            text = _capitalised(step.cue)
        if index == 0 or steps[index - 1].number != step.number:
            if not step.is_hold:
                text = f"{'Next: ' if index else ''}{name}. {text}"
            if step.number in new_holds:
                hold = next(later for later in steps[index:] if later.is_hold)
                text += ". " + _new_hold(new_holds[step.number], hold.seconds)
        cues.append(Cue(index, 0, text, step.kind))
        if step.is_hold:
            cues += (
                Cue(index, step.seconds - left, _count(left), "count")
                for left in counts
                if left < step.seconds
            )
    return tuple(cues)


def closing_words(held_seconds: int, streak_days: int) -> str:
    """What is said when the routine is done: the time held and the streak it makes."""
    streak = f"{streak_days} days in a row" if streak_days > 1 else "a new streak begins"
    return f"Done. {spoken_seconds(held_seconds)} held, {streak}."


def cue_times(steps: Sequence[Step], cues: Sequence[Cue]) -> list[int]:
    """When each cue is due, in seconds from the start of the plan (without pauses)."""
    starts = [0]
    for step in steps:
        starts.append(starts[-1] + step.seconds)
    return [starts[cue.step] + cue.offset for cue in cues]


def spoken_seconds(seconds: int) -> str:
    """'45 seconds', '1 minute', '2 minutes 30 seconds': a duration as it is said."""
    minutes, rest = divmod(seconds, 60)
    parts = [_counted(minutes, "minute")] if minutes else []
    if rest or not minutes:
        parts.append(_counted(rest, "second"))
    return " ".join(parts)


def speakable(name: str) -> str:
    """A name as it can be handed to a speech engine: one line, bounded, no leading dash."""
    words = "".join(char if char.isprintable() else " " for char in name).split()
    return " ".join(words)[:MAX_SPOKEN_NAME].lstrip("-– ") or "this stretch"


def _counted(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


def _count(left: int) -> str:
    """A count that runs on to 1 is the bare number; one said alone says what it counts."""
    return str(left) if left <= COUNTS_ON_FROM else f"{spoken_seconds(left)} left"


def _new_hold(previous: int, seconds: int) -> str:
    """What changed since last time (the hold's new length is said as it begins)."""
    if seconds > previous:
        return f"New target, up from {spoken_seconds(previous)}"
    return f"A step back after a break, from {spoken_seconds(previous)}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]
