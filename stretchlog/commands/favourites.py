"""`stretchlog fav ...`: choosing and ordering the favourites that make up the daily routine."""

from collections.abc import Callable, Sequence
from typing import Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import (
    BROWSE,
    HoldOption,
    JsonFlag,
    OneStretch,
    RepsOption,
    RequiredStretches,
    Yes,
)
from stretchlog.commands.routine_edits import (
    EveryOption,
    MaxOption,
    NoProgressOption,
    ProgressOption,
    change_stretches,
    set_dose,
)
from stretchlog.domain import routine
from stretchlog.domain.catalog import Stretch
from stretchlog.errors import NeedsTerminal, StretchlogError
from stretchlog.ui import render
from stretchlog.ui.views import Column, Line, Span, Table

fav_app = typer.Typer(
    help="Your favourites, in order: the routine you log and run each day.",
    invoke_without_command=True,
)
app.add_typer(fav_app, name="fav", rich_help_panel=BROWSE)


@fav_app.callback()
def fav_root(ctx: typer.Context) -> None:
    """Your favourites, in order: the routine you log and run each day. Alone, it lists them."""
    if ctx.invoked_subcommand is None:
        _show_routine(state(ctx), as_json=False)


def _show_routine(app_state: AppState, as_json: bool) -> None:
    stretches = app_state.favourites()
    if as_json:
        app_state.out.json(render.favourites_json(stretches))
    elif stretches:
        width = app_state.columns if app_state.out.rich else None
        title = render.routine_title(stretches)
        app_state.out.show(render.routine_table(stretches, title=title, width=width))
    else:
        app_state.out.show(render.no_favourites_hint())


def _change(
    app_state: AppState, change: Callable[[list[str]], list[str]]
) -> tuple[list[str], list[str]]:
    """Change the favourites, read and written under one lock; (before, after)."""
    _, before, after = change_stretches(app_state, None, change)
    return before, after


def _save(
    app_state: AppState, change: Callable[[list[str]], list[str]], as_json: bool = False
) -> None:
    _change(app_state, change)
    _show_routine(app_state, as_json)


@fav_app.command("ls", hidden=True)
@fav_app.command("list")
def fav_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show your routine in order."""
    _show_routine(state(ctx), as_json)


@fav_app.command("add")
def fav_add(
    ctx: typer.Context,
    names: RequiredStretches,
    at: Annotated[
        int | None,
        typer.Option(
            "--at", metavar="POSITION", help="Insert here (1 = first) instead of at the end."
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Add stretches to your routine (at the end, or --at a position)."""
    app_state = state(ctx)
    added = [stretch.id for stretch in app_state.catalog.resolve_all(names)]
    before, after = _change(app_state, lambda ids: routine.add(ids, added, at))
    notes = [
        render.favourite_moved(app_state.catalog, stretch_id, before, after)
        for stretch_id in dict.fromkeys(added)
        if stretch_id in before
    ]
    if not as_json:
        app_state.out.show(*notes)
    _show_routine(app_state, as_json)


@fav_app.command("rm", hidden=True)
@fav_app.command("remove")
def fav_remove(ctx: typer.Context, names: RequiredStretches, as_json: JsonFlag = False) -> None:
    """Take stretches out of your routine."""
    app_state = state(ctx)
    gone = [stretch.id for stretch in app_state.catalog.resolve_all(names)]
    _save(app_state, lambda ids: routine.remove(ids, gone), as_json)


@fav_app.command("move")
def fav_move(
    ctx: typer.Context,
    name: OneStretch,
    position: Annotated[int, typer.Argument(metavar="POSITION", help="Its new place: 1 is first.")],
    as_json: JsonFlag = False,
) -> None:
    """Move a stretch to another place in your routine."""
    app_state = state(ctx)
    stretch = app_state.catalog.resolve(name)
    _save(app_state, lambda ids: routine.move(ids, stretch.id, position), as_json)


@fav_app.command("set")
def fav_set(
    ctx: typer.Context,
    name: OneStretch,
    hold: HoldOption = None,
    reps: RepsOption = None,
    progress: ProgressOption = None,
    every: EveryOption = None,
    most: MaxOption = None,
    no_progress: NoProgressOption = False,
    as_json: JsonFlag = False,
) -> None:
    """Give a favourite its own dose, or a hold that grows (see 'stretchlog routine set')."""
    app_state = state(ctx)
    set_dose(app_state, None, name, hold, reps, (progress, every, most), no_progress)
    _show_routine(app_state, as_json)


@fav_app.command("clear")
def fav_clear(ctx: typer.Context, yes: Yes = False) -> None:
    """Empty your routine (your logged sessions stay)."""
    app_state = state(ctx)
    if not app_state.store.favourite_ids():
        app_state.out.show(Line.of(Span("Your routine is already empty.", "dim")))
        return
    if app_state.confirm("Remove every favourite from your routine?", assume_yes=yes):
        _save(app_state, lambda ids: [])
    else:
        app_state.out.show(Line.of(Span("Kept your routine as it was.", "dim")))


@fav_app.command("pick")
def fav_pick(ctx: typer.Context) -> None:
    """Choose your routine from a numbered list of every stretch (on a terminal)."""
    app_state = state(ctx)
    if not app_state.env.stdin_is_terminal:
        raise NeedsTerminal(
            "fav pick asks questions, but stdin is not a terminal",
            "use 'stretchlog fav add STRETCH...' in scripts",
        )
    stretches = list(app_state.catalog)
    current = app_state.store.favourite_ids()
    app_state.out.show(_pick_table(stretches, current))
    chosen = _ask_for_picks(app_state, len(stretches))
    if chosen is None:
        app_state.out.show(Line.of(Span("Kept your routine as it was.", "dim")))
        return
    _save(app_state, lambda ids: [stretches[index].id for index in chosen])


def _pick_table(stretches: Sequence[Stretch], current: Sequence[str]) -> Table:
    def place(stretch: Stretch) -> str:
        return f"★ {current.index(stretch.id) + 1}" if stretch.id in current else ""

    return Table(
        title="Pick your routine (★ n = its place in your routine now)",
        columns=(
            Column("#", justify="right", style="accent"),
            Column("name"),
            Column("position"),
            Column("dose", style="dim"),
            Column("", style="good"),
        ),
        rows=tuple(
            (str(number), s.name, s.position, render.dose(s), place(s))
            for number, s in enumerate(stretches, 1)
        ),
    )


def _ask_for_picks(app_state: AppState, choices: int) -> list[int] | None:
    """Numbers in routine order, asked until they make sense; None keeps the routine."""
    while True:
        answer = typer.prompt(
            "Numbers in the order you will do them (e.g. 1 6 3); Enter keeps your routine",
            default="",
            show_default=False,
        )
        if not answer.strip():
            return None
        try:
            return routine.parse_picks(answer, choices)
        except StretchlogError as error:
            app_state.out.show(Line.of(Span(str(error), "warn")))
