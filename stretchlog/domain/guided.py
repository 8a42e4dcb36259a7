"""The guided routine as a plain engine: a list of timed steps run against deadlines.

Each step's deadline is the previous one's plus its length, read off a monotonic clock the caller
passes in, so however late a tick arrives no drift accumulates. Pausing moves every deadline on by
the pause; skipping starts the next step at once. The engine never sleeps, reads keys or draws:
`run` does the waiting through injected callables and reports to a view.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from stretchlog.domain import fields
from stretchlog.domain.catalog import Stretch
from stretchlog.domain.fields import MAX_HOLD_SECONDS, MAX_PREP_SECONDS, MAX_REPS, check_option
from stretchlog.domain.records import Record
from stretchlog.domain.sessions import Hold

PAUSE_KEYS = (" ",)
SKIP_KEYS = ("s", "S")
QUIT_KEYS = ("q", "Q")

KeyReader = Callable[[float | None], str | None]
"""Waits up to the given seconds (None: for ever) for keys; returns what was typed, or None."""


class Step(Record):
    """One timed part of the routine: getting ready for a hold (`prep`), or the hold itself."""

    kind: str  # "prep" or "hold"
    stretch: Stretch
    number: int
    """Which stretch of the routine this is, from 1."""
    side: str | None
    rep: int
    reps: int
    seconds: int
    cue: str = ""
    """For a prep step: what to do now — get into position, switch sides, or go again."""

    @property
    def is_hold(self) -> bool:
        return self.kind == "hold"


class Held(Record):
    """A hold as it went: the seconds actually held, out of the planned ones."""

    step: Step
    seconds: int


def plan_steps(
    stretches: Sequence[Stretch], hold: int | None, reps: int | None, prep: int
) -> tuple[Step, ...]:
    """Every stretch in order, each side left then right, each rep, with a prep step before each
    hold that says what to do: get into position, switch sides, or release and go again."""
    hold = check_option("--hold", hold, fields.whole(1, MAX_HOLD_SECONDS))
    reps = check_option("--reps", reps, fields.whole(1, MAX_REPS))
    prep = check_option("--prep", prep, fields.whole(0, MAX_PREP_SECONDS)) or 0
    steps: list[Step] = []
    for number, stretch in enumerate(stretches, 1):
        rounds = reps or stretch.reps
        for side_index, side in enumerate(stretch.sides):
            for rep in range(1, rounds + 1):
                hold_step = Step(
                    "hold", stretch, number, side, rep, rounds, hold or stretch.hold_seconds
                )
                cue = _prep_cue(side, first_side=side_index == 0, rep=rep)
                if prep:
                    steps.append(hold_step._replace(kind="prep", seconds=prep, cue=cue))
                steps.append(hold_step._replace(cue=cue))
    return tuple(steps)


def _prep_cue(side: str | None, first_side: bool, rep: int) -> str:
    if rep > 1:
        return "release, breathe, and go again"
    if side and not first_side:
        return f"switch sides: {side} side now"
    return f"get into position, {side} side first" if side else "get into position"


def planned_seconds(steps: Iterable[Step]) -> int:
    return sum(step.seconds for step in steps)


class Event(Record):
    """Something the screen should tell: a step began, ended (a hold with the whole seconds
    actually held), paused or resumed."""

    kind: str  # "begin", "end", "pause" or "resume"
    step: Step
    held: int = 0


class Status(Record):
    """What the screen shows at one moment."""

    step: Step
    left: float
    """Seconds left in this step."""
    left_overall: float
    paused: bool
    next_hold: Step | None


class GuidedRun:
    """The state of a routine in progress. Every method takes the current monotonic time.

    What happens is queued as events (`take_events`) for whoever draws the screen.
    """

    def __init__(self, steps: Sequence[Step], now: float) -> None:
        self.steps = tuple(steps)
        self.index = 0
        self.step_started = now
        self.deadline = now
        self.paused_at: float | None = None
        self.held: list[Held] = []
        self.ended_early = False
        self._events: list[Event] = []
        if self.steps:
            self._begin(now)

    @property
    def finished(self) -> bool:
        return self.index >= len(self.steps)

    @property
    def paused(self) -> bool:
        return self.paused_at is not None

    @property
    def current(self) -> Step:
        return self.steps[self.index]

    def take_events(self) -> list[Event]:
        events, self._events = self._events, []
        return events

    def advance(self, now: float) -> None:
        """Close every step whose deadline has passed, each next one starting at that deadline."""
        while not self.finished and not self.paused and now >= self.deadline:
            self._end_step(self.current.seconds, next_starts=self.deadline)

    def seconds_to_deadline(self, now: float) -> float | None:
        """How long until the current step ends; None while paused (it never does)."""
        return None if self.paused else max(self.deadline - now, 0.0)

    def toggle_pause(self, now: float) -> None:
        if self.finished:
            return
        if self.paused_at is None:
            self.paused_at = now
            self._events.append(Event("pause", self.current))
        else:
            shift = now - self.paused_at
            self.deadline += shift
            self.step_started += shift
            self.paused_at = None
            self._events.append(Event("resume", self.current))

    def skip(self, now: float) -> None:
        """End the current step now, keeping the seconds held so far; a pause carries on."""
        if not self.finished:
            was_paused = self.paused
            self._end_step(int(self._elapsed(now)), next_starts=now)
            self.paused_at = now if was_paused else None

    def quit(self, now: float) -> None:
        """End the routine now, keeping the seconds of the hold in progress."""
        if self.finished:
            return
        step = self.current
        if step.is_hold:
            self._record(step, int(self._elapsed(now)))
        self.index = len(self.steps)
        self.ended_early = True

    def status(self, now: float) -> Status:
        left = self.current.seconds - self._elapsed(now)
        later = self.steps[self.index + 1 :]
        return Status(
            step=self.current,
            left=left,
            left_overall=left + planned_seconds(later),
            paused=self.paused,
            next_hold=next((step for step in later if step.is_hold), None),
        )

    def _elapsed(self, now: float) -> float:
        moment = now if self.paused_at is None else self.paused_at
        return min(max(moment - self.step_started, 0.0), float(self.current.seconds))

    def _begin(self, now: float) -> None:
        self.step_started = now
        self.deadline = now + self.current.seconds
        self._events.append(Event("begin", self.current))

    def _end_step(self, seconds: int, next_starts: float) -> None:
        step = self.current
        if step.is_hold:
            self._record(step, seconds)
        else:
            self._events.append(Event("end", step))
        self.index += 1
        if not self.finished:
            self._begin(next_starts)

    def _record(self, step: Step, seconds: int) -> None:
        self.held.append(Held(step, seconds))
        self._events.append(Event("end", step, seconds))


def held_holds(held: Iterable[Held]) -> tuple[Hold, ...]:
    """The holds to log: per stretch and side, the seconds held and the reps actually begun."""
    totals: dict[tuple[str, str | None], list[int]] = {}
    for record in held:
        if record.seconds > 0:
            key = (record.step.stretch.id, record.step.side)
            totals.setdefault(key, []).append(record.seconds)
    return tuple(
        Hold(stretch_id, side, sum(seconds), len(seconds))
        for (stretch_id, side), seconds in totals.items()
    )


class View(Protocol):
    """What the engine tells the screen while it runs."""

    @property
    def tick(self) -> float | None:
        """How often to redraw, in seconds; None to wake only when something happens. Read
        after each redraw, so a view may ask to wake sooner for something of its own."""

    def report(self, event: Event, guided_run: GuidedRun) -> None: ...

    def redraw(self, status: Status) -> None: ...


Clock = Callable[[], float]


def run(guided_run: GuidedRun, clock: Clock, wait_for_keys: KeyReader, view: View) -> None:
    """Drive `guided_run` to its end: wait for deadlines and keys, and tell the view what happens.

    Ctrl-C (KeyboardInterrupt) ends the routine like `q`, keeping what was held.
    """
    try:
        while True:
            now = clock()
            guided_run.advance(now)
            for event in guided_run.take_events():
                view.report(event, guided_run)
            if guided_run.finished:
                return
            view.redraw(guided_run.status(now))
            keys = wait_for_keys(_timeout(guided_run.seconds_to_deadline(now), view.tick))
            for key in keys or "":
                _press(guided_run, key, clock())
    except KeyboardInterrupt:
        guided_run.quit(clock())
    for event in guided_run.take_events():
        view.report(event, guided_run)


def _timeout(to_deadline: float | None, tick: float | None) -> float | None:
    if to_deadline is None or tick is None:
        return tick if to_deadline is None else to_deadline
    return min(to_deadline, tick)


def _press(guided_run: GuidedRun, key: str, now: float) -> None:
    if key in PAUSE_KEYS:
        guided_run.toggle_pause(now)
    elif key in SKIP_KEYS:
        guided_run.skip(now)
    elif key in QUIT_KEYS:
        guided_run.quit(now)
