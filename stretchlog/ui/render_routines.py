"""What a person sees of routines: the list, one routine with its doses, and a hold that grew."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from stretchlog.domain.routines import Planned, Routine
from stretchlog.ui.render import day_label, days, dose, duration, plural
from stretchlog.ui.views import Block, Column, Line, Span, Table

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from stretchlog.domain.streaks import StreakSummary

SOURCES = {
    "stretch": "the stretch's own",
    "routine": "this routine's",
    "progression": "grown",
    "this run": "--hold/--reps",
}


def dose_from(plan: Planned) -> str:
    """Where a stretch's dose comes from, in a few words: 'this routine's', 'grown'; when the
    hold and the reps come from two places, those that are not the stretch's own."""
    sources = dict.fromkeys((plan.hold_from, plan.reps_from))
    if len(sources) > 1:
        sources.pop("stretch", None)
    return " + ".join(SOURCES[source] for source in sources)


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


ROUTINE_DROPS = (("grows", 120), ("from", 96), ("name", 64), ("#", 64), ("id", 48))
"""The columns of `routine show` that give way first on a terminal narrower than the width
given, so that ids and doses never break; what they held goes to lines under the table. Below
48 columns a long id no longer fits beside a dose, so the name (which wraps) stands for it."""


def routine_blocks(routine: Routine, plans: Sequence[Planned], width: int | None) -> list[Block]:
    """One routine's stretches with the dose each is done at, where it comes from, and what a
    growing hold needs next; on a terminal of `width` columns, without the columns it has no
    room for (a pipe gets them all)."""
    dropped = {name for name, needs in ROUTINE_DROPS if width is not None and width < needs}
    if "id" in dropped:
        dropped.discard("name")
    columns = {
        "#": Column("#", justify="right", style="dim", whole=True),
        "id": Column("id", style="accent", whole=True),
        "name": Column("name"),
        "dose": Column("dose", whole=True),
        "from": Column("from", style="dim"),
        "grows": Column("grows", style="dim"),
    }
    kept = [name for name in columns if name not in dropped]

    def cells(number: int, plan: Planned) -> dict[str, str]:
        return {"#": str(number), "id": plan.stretch.id, "name": plan.stretch.name,
                "dose": dose(plan.stretch), "from": dose_from(plan), "grows": next_step(plan)}  # fmt: skip

    table = Table(
        columns=tuple(columns[name] for name in kept),
        rows=tuple(
            tuple(cells(number, plan)[name] for name in kept)
            for number, plan in enumerate(plans, 1)
        ),
    )
    blocks: list[Block] = [Line.of(Span(routine_title(routine, plans), "strong")), table]
    for plan in plans:
        told = [
            text
            for column, text in (("from", f"{dose_from(plan)} dose"), ("grows", next_step(plan)))
            if column in dropped
            and text
            and (column, text) != ("from", f"{SOURCES['stretch']} dose")
        ]
        if told:
            label = plan.stretch.name if "id" in dropped else plan.stretch.id
            blocks.append(Line.of(Span(f"{label}: ", "accent"), "; ".join(told)))
    return blocks


def routine_title(routine: Routine, plans: Sequence[Planned]) -> str:
    held = sum(plan.stretch.default_seconds for plan in plans)
    default = " (default)" if routine.is_default else ""
    count = plural(len(plans), "stretch", "stretches")
    return f"{routine.name}{default}: {count}, about {duration(held)} of holds"


def routines_table(
    rows: Sequence[tuple[Routine, Sequence[Planned], bool, StreakSummary]], width: int | None
) -> Table:
    """Every routine: its stretches (how many, on a terminal narrower than 72 columns; none
    below 56), how long its holds take, done today or not, its streak."""
    narrow = width is not None and width < 72
    listed = width is None or width >= 56

    def stretches(plans: Sequence[Planned]) -> str:
        if narrow:
            return plural(len(plans), "stretch", "stretches")
        return ", ".join(plan.stretch.name for plan in plans) or "(none yet)"

    return Table(
        title="Your routines",
        columns=(
            Column("", style="good", whole=True),
            Column("name", style="accent", whole=True),
            *((Column("stretches", whole=narrow),) if listed else ()),
            Column("holds", justify="right", whole=True),
            Column("streak", justify="right", whole=True),
        ),
        rows=tuple(
            (
                "✓" if done else "",
                routine.name + (" ★" if routine.is_default else ""),
                *((stretches(plans),) if listed else ()),
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


def routine_streaks_table(
    streaks: Sequence[tuple[Routine, StreakSummary, date | None]], today: date
) -> Table:
    return Table(
        title="Streaks by routine",
        columns=(
            Column("routine", style="accent", whole=True),
            Column("current", justify="right", whole=True),
            Column("longest", justify="right", whole=True),
            Column("last done"),
        ),
        rows=tuple(
            (
                routine.name,
                Span(days(streak.current), "good" if streak.current else "dim"),
                days(streak.longest),
                day_label(last, today) if last else "never",
            )
            for routine, streak, last in streaks
        ),
    )


def routine_streaks_json(
    streaks: Sequence[tuple[Routine, StreakSummary, date | None]],
) -> list[dict[str, Any]]:
    return [
        {
            "name": routine.name,
            "uid": routine.uid,
            "current": streak.current,
            "longest": streak.longest,
            "today_done": streak.today_done,
            "last_done": last.isoformat() if last else None,
        }
        for routine, streak, last in streaks
    ]
