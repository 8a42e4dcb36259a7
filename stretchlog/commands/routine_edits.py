"""Changing a routine, shared by `routine ...` and `fav ...` (which changes the default one)."""

from collections.abc import Callable
from typing import Annotated

import typer

from stretchlog.commands.app import AppState
from stretchlog.commands.options import complete_routine
from stretchlog.domain import fields
from stretchlog.domain.fields import MAX_HOLD_SECONDS, MAX_REPS, check_option
from stretchlog.domain.routines import (
    MAX_EVERY,
    Routine,
    check_progression,
    check_size,
    reordered,
    with_dose,
)
from stretchlog.errors import BadValue, NotFound

# The options of `routine set` and `fav set`, and a routine's name as an argument

RoutineName = Annotated[
    str,
    typer.Argument(
        metavar="NAME", help="A routine's name (case is ignored).", autocompletion=complete_routine
    ),
]
ProgressOption = Annotated[
    int | None,
    typer.Option(
        "--progress",
        metavar="SECONDS",
        help="Let the hold grow by this much (with --every and --max).",
    ),
]
EveryOption = Annotated[
    int | None,
    typer.Option(
        "--every", metavar="N", help="Grow after every N guided sessions that held it in full."
    ),
]
MaxOption = Annotated[
    int | None, typer.Option("--max", metavar="SECONDS", help="The longest the hold grows to.")
]
NoProgressOption = Annotated[
    bool, typer.Option("--no-progress", help="Stop the hold growing (it goes back to its dose).")
]


def change_stretches(
    app_state: AppState, name: str | None, change: Callable[[list[str]], list[str]]
) -> tuple[Routine, list[str], list[str]]:
    """Change which stretches the routine `name` (None: the default one) holds and their order,
    read and written under one lock: (the routine, its stretch ids before, and after). A
    stretch that stays keeps its dose."""
    store = app_state.store
    with store.transaction():
        if name is None:
            before = store.favourite_ids()
            after = change(before)
            check_size(after, "your favourites")
            store.replace_favourites(after)
            return app_state.routine(), before, after
        routine = app_state.routine(name)
        before = routine.stretch_ids
        after = change(before)
        check_size(after, routine.name)
        store.replace_doses(routine.uid, reordered(routine.doses, after))
    return routine, before, after


def set_dose(
    app_state: AppState,
    name: str | None,
    stretch_name: str,
    hold: int | None,
    reps: int | None,
    growth: tuple[int | None, int | None, int | None],
    stop_growing: bool,
) -> Routine:
    """Give a stretch of the routine `name` (None: the default one) its own dose, or a hold that
    grows by `growth` (--progress, --every, --max)."""
    hold = check_option("--hold", hold, fields.whole(1, MAX_HOLD_SECONDS))
    reps = check_option("--reps", reps, fields.whole(1, MAX_REPS))
    step, every, most = growth
    step = check_option("--progress", step, fields.whole(1, MAX_HOLD_SECONDS))
    every = check_option("--every", every, fields.whole(1, MAX_EVERY))
    most = check_option("--max", most, fields.whole(1, MAX_HOLD_SECONDS))
    rule = check_progression(step, every, most)
    if stop_growing and rule is not None:
        raise BadValue(
            "--no-progress cannot go with --progress, --every or --max", "give one or the other"
        )
    if hold is None and reps is None and rule is None and not stop_growing:
        raise BadValue(
            "nothing to set", "give --hold, --reps, --progress/--every/--max or --no-progress"
        )
    stretch = app_state.catalog.resolve(stretch_name)
    with app_state.store.transaction():
        routine = app_state.routine(name)
        if stretch.id not in routine.stretch_ids:
            where = "your favourites" if name is None else f"the routine '{routine.name}'"
            adding = "fav add" if name is None else f"routine add {routine.name}"
            raise NotFound(
                f"{stretch.name} is not in {where}",
                f"add it first: stretchlog {adding} {stretch.id}",
            )
        changed = with_dose(
            routine.dose(stretch.id),
            hold,
            reps,
            rule,
            stop_progress=stop_growing,
            default_hold=stretch.hold_seconds,
        )
        doses = tuple(changed if d.stretch_id == stretch.id else d for d in routine.doses)
        app_state.store.replace_doses(routine.uid, doses)
    return app_state.routine(name)
