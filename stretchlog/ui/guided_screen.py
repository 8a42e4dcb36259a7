"""What the guided routine looks like: a calm live panel on a terminal, progress lines in a pipe.

Both screens follow the engine's `View` protocol and only turn its events and status into views;
`stretchlog.ui.console` draws them.
"""

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from stretchlog.domain.guided import Event, GuidedRun, Held, Status, Step, planned_seconds
from stretchlog.ui.console import LiveRegion, Output
from stretchlog.ui.render import duration, plural
from stretchlog.ui.views import Bar, Block, Column, Items, Line, Panel, Span, Table

if TYPE_CHECKING:  # the cues are read only when the voice speaks: `start` pays for them then
    from stretchlog.domain.cues import Cue

LIVE_TICK_SECONDS = 0.1
MAX_CUES_SHOWN = 3


def where(step: Step) -> str:
    """'left side, rep 1 of 2', 'rep 2 of 2', 'left side', or '' for a single hold."""
    parts = [f"{step.side} side"] if step.side else []
    if step.reps > 1:
        parts.append(f"rep {step.rep} of {step.reps}")
    return ", ".join(parts)


def _named(step: Step) -> str:
    place = where(step)
    return f"{step.stretch.name}, {place}" if place else step.stretch.name


def _held_line(step: Step, held: int) -> Line:
    if held == 0:
        return Line.of(Span("  – ", "dim"), f"{_named(step)}: skipped")
    if held >= step.seconds:
        return Line.of(Span("  ✓ ", "good"), f"{_named(step)}: held {duration(held)}")
    return Line.of(
        Span("  ◐ ", "warn"), f"{_named(step)}: held {duration(held)} of {duration(step.seconds)}"
    )


def _stretch_heading(step: Step, count: int) -> Line:
    stretch = step.stretch
    return Line.of(
        Span(f"Stretch {step.number} of {count}: ", "dim"),
        Span(stretch.name, "strong"),
        Span(f" ({stretch.position})", "dim"),
    )


class PlainScreen:
    """Progress as lines, one per event, for pipes, logs and NO_COLOR terminals."""

    tick: float | None = None

    def __init__(self, out: Output, stretch_count: int, sound: bool) -> None:
        self.out = out
        self.stretch_count = stretch_count
        self.sound = sound
        self._announced = 0

    def report(self, event: Event, guided_run: GuidedRun) -> None:
        step = event.step
        if event.kind == "begin" and step.number > self._announced:
            self._announced = step.number
            self.out.show(_stretch_heading(step, self.stretch_count))
        if self.sound and step.is_hold and event.kind in ("begin", "end"):
            self.out.bell()
        line = self._line(event)
        if line is not None:
            self.out.show(line)

    def _line(self, event: Event) -> Line | None:
        step = event.step
        if event.kind == "pause":
            return Line.of(Span("  paused", "warn"), ": press space to resume")
        if event.kind == "resume":
            return Line.of("  resumed")
        if event.kind == "end":
            return _held_line(step, event.held) if step.is_hold else None
        if step.is_hold:
            place = f" {where(step)}" if where(step) else ""
            return Line.of(f"  hold{place}: {duration(step.seconds)}")
        return Line.of(f"  {step.cue} ({duration(step.seconds)})")

    def redraw(self, status: Status) -> None:
        """Lines do not move: there is nothing to redraw."""


class LiveScreen:
    """A panel redrawn in place: the stretch, its cues, a countdown bar, what comes next.

    Finished holds are printed above it, so a trail of what was done stays on screen.
    """

    tick: float | None = LIVE_TICK_SECONDS

    def __init__(
        self, region: LiveRegion, stretch_count: int, sound: bool, keys: bool, height: int = 40
    ) -> None:
        self.region = region
        self.stretch_count = stretch_count
        self.sound = sound
        self.keys = keys
        self.height = height

    def report(self, event: Event, guided_run: GuidedRun) -> None:
        step = event.step
        if self.sound and step.is_hold and event.kind in ("begin", "end"):
            self.region.bell()
        if event.kind == "end" and step.is_hold:
            self.region.show(_held_line(step, event.held))

    def redraw(self, status: Status) -> None:
        self.region.update(*live_frame(status, self.stretch_count, self.keys, self.height))


ROOM_FOR_CUES, ROOM_FOR_SUMMARY = 24, 16
"""Terminal heights (rows) from which the live panel shows the cues, and the summary: on a
shorter one they give way, so that the countdown and the key hints always stay in view."""


def live_frame(status: Status, stretch_count: int, keys: bool, height: int = 40) -> list[Block]:
    step = status.step
    stretch = step.stretch
    if step.is_hold:
        phase = Line.of(Span("HOLD ", "good"), where(step) or "steady, breathe")
    else:
        phase = Line.of(Span("GET READY ", "warn"), step.cue)
    left = math.ceil(status.left)
    label = "paused" if status.paused else f"{left} s left"
    panel = Panel(
        title=f"{stretch.name}",
        body=(
            *(
                [Line.of(Span(f"{stretch.position} · {stretch.summary}", "dim"))]
                if height >= ROOM_FOR_SUMMARY
                else []
            ),
            *(
                [Items("Cues", stretch.cues[:MAX_CUES_SHOWN], style="good")]
                if height >= ROOM_FOR_CUES and stretch.cues
                else []
            ),
            phase,
            Bar(
                step.seconds - status.left,
                step.seconds,
                label,
                style="warn" if status.paused or not step.is_hold else "good",
            ),
        ),
    )
    upcoming = f"Next: {_named(status.next_hold)}" if status.next_hold else "Next: done — last hold"
    overall = f"Stretch {step.number} of {stretch_count} · {duration(math.ceil(status.left_overall))} left"
    footer = [Span(overall, "dim")]
    if keys:
        space = "space resume" if status.paused else "space pause"
        footer.append(Span(f"  ·  {space}  s skip  q quit", "dim"))
    return [panel, Line.of(Span(upcoming, "accent")), Line.of(*footer)]


# Before and after


NARROW = 60
"""Below this many columns the plan folds its number, reps and hold into one dose column."""


def plan_table(
    steps: Sequence[Step], width: int | None = None, dose_from: Sequence[str] = ()
) -> Table:
    """Each stretch and side of the routine with its reps, hold and time, for --dry-run, and
    where each stretch's dose comes from (`dose_from`, by stretch number); on a terminal
    narrower than NARROW (`width`), a shorter table that still reads in rows."""
    rows: dict[tuple[int, str | None], Step] = {}
    for step in steps:
        if step.is_hold:
            rows.setdefault((step.number, step.side), step)
    if width is not None and width < NARROW:
        return Table(
            columns=(
                Column("stretch"),
                Column("side", whole=True),
                Column("dose", justify="right", whole=True),
            ),
            rows=tuple(
                (step.stretch.name, step.side or "both", f"{step.reps} × {duration(step.seconds)}")
                for step in rows.values()
            ),
        )
    return Table(
        columns=(
            Column("#", justify="right", style="dim", whole=True),
            Column("stretch"),
            Column("side", whole=True),
            Column("reps", justify="right", whole=True),
            Column("hold", justify="right", whole=True),
            Column("time", justify="right"),
            *((Column("dose from", style="dim"),) if dose_from else ()),
        ),
        rows=tuple(
            (
                str(step.number),
                step.stretch.name,
                step.side or "both",
                str(step.reps),
                duration(step.seconds),
                duration(step.seconds * step.reps),
                *((dose_from[step.number - 1],) if dose_from else ()),
            )
            for step in rows.values()
        ),
    )


def _cues_json(steps: Sequence[Step], cues: "Sequence[Cue]") -> list[dict[str, Any]]:
    from stretchlog.domain.cues import cue_times

    return [
        {"at": at, "kind": cue.kind, "text": cue.text}
        for at, cue in zip(cue_times(steps, cues), cues, strict=True)
    ]


def cue_table(steps: Sequence[Step], cues: "Sequence[Cue]") -> Table:
    from stretchlog.domain.cues import cue_times

    """What the voice says and when (minutes:seconds into the routine, pauses aside); a count
    said second by second is one row, '3, 2, 1', at its first second."""
    rows: list[list[str]] = []
    last_at, last_kind = -1, ""
    for at, cue in zip(cue_times(steps, cues), cues, strict=True):
        if last_kind == cue.kind == "count" and at == last_at + 1:
            rows[-1][1] += f", {cue.text}"
        else:
            rows.append([f"{at // 60}:{at % 60:02}", cue.text])
        last_at, last_kind = at, cue.kind
    return Table(
        title="Spoken cues",
        columns=(Column("at", justify="right", style="dim", whole=True), Column("says")),
        rows=tuple((at, says) for at, says in rows),
    )


def plan_json(
    steps: Sequence[Step], doses: Sequence[dict[str, Any]] = (), cues: "Sequence[Cue] | None" = None
) -> dict[str, Any]:
    """The plan for scripts: every timed step in order, the total, each stretch's dose, and
    with the voice, each cue with its second into the plan."""
    spoken = {} if cues is None else {"cues": _cues_json(steps, cues)}
    return {
        "seconds": planned_seconds(steps),
        "doses": list(doses),
        "steps": [
            {
                "kind": step.kind, "stretch": step.stretch.id, "number": step.number,
                "side": step.side, "rep": step.rep, "reps": step.reps, "seconds": step.seconds,
            }
            for step in steps
        ],
    } | spoken  # fmt: skip


def plan_total(steps: Sequence[Step]) -> Line:
    holds = [step for step in steps if step.is_hold]
    held = planned_seconds(holds)
    total = planned_seconds(steps)
    prep = f", {duration(total)} with getting ready" if total != held else ""
    return Line.of(
        Span("Total: ", "strong"),
        f"{plural(len(holds), 'hold')}, {duration(held)} of holding{prep}.",
    )


def summary_table(steps: Sequence[Step], held: Sequence[Held], ended_early: bool) -> Table:
    """Planned against held seconds for each stretch and side, with the totals."""
    planned: dict[tuple[int, str | None], list[int]] = {}
    names: dict[tuple[int, str | None], str] = {}
    for step in steps:
        if step.is_hold:
            key = (step.number, step.side)
            planned.setdefault(key, [0, 0])[0] += step.seconds
            names[key] = step.stretch.name
    for record in held:
        planned[(record.step.number, record.step.side)][1] += record.seconds
    rows = [
        (names[key], key[1] or "both", duration(plan), _held_cell(done, plan))
        for key, (plan, done) in planned.items()
    ]
    total_planned = sum(plan for plan, _ in planned.values())
    total_held = sum(done for _, done in planned.values())
    rows.append(("Total", "", duration(total_planned), _held_cell(total_held, total_planned)))
    return Table(
        title="Routine ended early" if ended_early else "Routine complete",
        columns=(
            Column("stretch"),
            Column("side"),
            Column("planned", justify="right", style="dim"),
            Column("held", justify="right"),
        ),
        rows=tuple(rows),
    )


def _held_cell(held: int, planned: int) -> Span:
    if held == 0:
        return Span("—", "dim")
    return Span(duration(held), "good" if held >= planned else "warn")
