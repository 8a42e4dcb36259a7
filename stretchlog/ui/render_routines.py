"""What a person sees of routines: the list, one routine with its doses, and a hold that grew."""

from collections.abc import Sequence
from typing import Any

from stretchlog.domain.routines import Planned, Routine
from stretchlog.domain.streaks import StreakSummary
from stretchlog.ui.render import dose, duration, plural
from stretchlog.ui.views import Column, Line, Span, Table

SOURCES = {
    "stretch": "the stretch's own",
    "routine": "this routine's",
    "progression": "grown",
    "this run": "--hold/--reps",
}


def dose_from(plan: Planned) -> str:
    """Where a stretch's dose comes from, in a few words: 'this routine's', 'grown'."""
    if plan.hold_from == plan.reps_from:
        return SOURCES[plan.hold_from]
    return f"hold: {SOURCES[plan.hold_from]}, reps: {SOURCES[plan.reps_from]}"


def next_step(plan: Planned) -> str:
    """What a growing hold needs next: '2 more full sessions to 35 s'."""
    if plan.rule is None or plan.target is None:
        return ""
    coming = plan.target.next_hold(plan.rule)
    if coming is None:
        return f"at its longest, {duration(plan.rule.most)}"
    sessions = plural(plan.target.needed(plan.rule), "more full session", "more full sessions")
    return f"{sessions} to {duration(coming)}"


def announcement(plan: Planned) -> Line:
    """The line `start` shows when a hold grew, or stepped back after a break."""
    previous = plan.target.previous if plan.target else None
    grew = previous is not None and plan.stretch.hold_seconds > previous
    return Line.of(
        Span("↑ " if grew else "↓ ", "good" if grew else "warn"),
        Span(plan.stretch.name, "strong"),
        f": now {duration(plan.stretch.hold_seconds)} per hold",
        Span("" if grew else " (a step back after a week without it)", "dim"),
    )


def routine_table(routine: Routine, plans: Sequence[Planned]) -> Table:
    """One routine's stretches with the dose each is done at, where it comes from, and what a
    growing hold needs next."""
    return Table(
        title=routine_title(routine, plans),
        columns=(
            Column("#", justify="right", style="dim", whole=True),
            Column("id", style="accent", whole=True),
            Column("name"),
            Column("dose", whole=True),
            Column("from", style="dim"),
            Column("grows", style="dim"),
        ),
        rows=tuple(
            (
                str(number),
                plan.stretch.id,
                plan.stretch.name,
                dose(plan.stretch),
                dose_from(plan),
                next_step(plan),
            )
            for number, plan in enumerate(plans, 1)
        ),
    )


def routine_title(routine: Routine, plans: Sequence[Planned]) -> str:
    held = sum(plan.stretch.default_seconds for plan in plans)
    default = " (default)" if routine.is_default else ""
    count = plural(len(plans), "stretch", "stretches")
    return f"{routine.name}{default}: {count}, about {duration(held)} of holds"


def routines_table(rows: Sequence[tuple[Routine, Sequence[Planned], bool, StreakSummary]]) -> Table:
    """Every routine: its stretches, how long its holds take, done today or not, its streak."""
    return Table(
        title="Your routines",
        columns=(
            Column("", style="good", whole=True),
            Column("name", style="accent", whole=True),
            Column("stretches"),
            Column("holds", justify="right", whole=True),
            Column("streak", justify="right", whole=True),
        ),
        rows=tuple(
            (
                "✓" if done else "",
                routine.name + (" ★" if routine.is_default else ""),
                ", ".join(plan.stretch.name for plan in plans) or "(none yet)",
                duration(sum(plan.stretch.default_seconds for plan in plans)),
                plural(streak.current, "day"),
            )
            for routine, plans, done, streak in rows
        ),
    )


def routine_json(
    routine: Routine, plans: Sequence[Planned], done: bool | None = None, streak: int | None = None
) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "name": routine.name,
        "uid": routine.uid,
        "default": routine.is_default,
        "seconds": sum(plan.stretch.default_seconds for plan in plans),
        "stretches": [dose_json(plan, position) for position, plan in enumerate(plans, 1)],
    }
    if done is not None:
        shown["done_today"] = done
    if streak is not None:
        shown["streak"] = streak
    return shown


def dose_json(plan: Planned, position: int) -> dict[str, Any]:
    rule, reached = plan.rule, plan.target
    return {
        "position": position,
        "id": plan.stretch.id,
        "name": plan.stretch.name,
        "per_side": plan.stretch.per_side,
        "hold_seconds": plan.stretch.hold_seconds,
        "reps": plan.stretch.reps,
        "hold_from": plan.hold_from,
        "reps_from": plan.reps_from,
        "progression": None
        if rule is None or reached is None
        else {
            "step_seconds": rule.step,
            "every": rule.every,
            "max_seconds": rule.most,
            "full_sessions": reached.full,
            "next_hold_seconds": reached.next_hold(rule),
        },
    }
