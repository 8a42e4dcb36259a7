"""`stretchlog routine ...`: several named routines, each with its stretches and their doses."""

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
    Stretches,
    Yes,
)
from stretchlog.commands.routine_edits import (
    EveryOption,
    MaxOption,
    NoProgressOption,
    ProgressOption,
    RoutineName,
    change_stretches,
    set_dose,
)
from stretchlog.domain import routine as routine_list
from stretchlog.domain.routines import MAX_ROUTINES, Routine, check_name, check_size, reordered
from stretchlog.errors import BadValue, NotFound
from stretchlog.ui.views import Line, Span

routine_app = typer.Typer(
    help="Your named routines (morning, desk-break...), each with its stretches and doses.",
    invoke_without_command=True,
)
app.add_typer(routine_app, name="routine", rich_help_panel=BROWSE)

Position = Annotated[
    int | None,
    typer.Option("--at", metavar="POSITION", help="Insert here (1 = first) instead of at the end."),
]


@routine_app.callback()
def routine_root(ctx: typer.Context) -> None:
    """Your named routines, each with its stretches and their doses. Alone, it lists them."""
    if ctx.invoked_subcommand is None:
        _list(state(ctx), as_json=False)


@routine_app.command("list")
def routine_list_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Each routine: its stretches, how long its holds take, done today or not, its streak."""
    _list(state(ctx), as_json)


def _list(app_state: AppState, as_json: bool) -> None:
    from stretchlog.ui.render_routines import routine_json, routines_table

    rows = [
        (routine, app_state.planned(routine), streak.today_done, streak)
        for routine, streak, _ in app_state.store.routine_streaks(app_state.today)
    ]
    if as_json:
        app_state.out.json(
            [routine_json(r, plans, done, streak.current) for r, plans, done, streak in rows]
        )
    elif rows:
        app_state.out.show(routines_table(rows, app_state.columns if app_state.out.rich else None))
    else:
        app_state.out.show(
            Line.of(
                "No routines yet. Make one with ",
                Span("stretchlog routine new NAME STRETCH...", "accent"),
                ", or pick your favourites with ",
                Span("stretchlog fav pick", "accent"),
                ".",
            )
        )


@routine_app.command("show")
def routine_show(ctx: typer.Context, name: RoutineName, as_json: JsonFlag = False) -> None:
    """One routine: each stretch at the dose it is done at, where that comes from, and how a growing hold stands."""
    app_state = state(ctx)
    _show(app_state, app_state.routine(name), as_json)


def _show(app_state: AppState, routine: Routine, as_json: bool) -> None:
    from stretchlog.ui.render_routines import routine_blocks, routine_json

    plans = app_state.planned(routine)
    if as_json:
        app_state.out.json(routine_json(routine, plans))
    elif plans:
        width = app_state.columns if app_state.out.rich else None
        app_state.out.show(*routine_blocks(routine, plans, width))
    else:
        app_state.out.show(
            Line.of(
                f"{routine.name} has no stretches yet; add some with ",
                Span(f"stretchlog routine add {routine.name} STRETCH...", "accent"),
            )
        )


@routine_app.command("new")
def routine_new(
    ctx: typer.Context, name: RoutineName, names: Stretches = None, as_json: JsonFlag = False
) -> None:
    """Make a routine, with the stretches named (in that order) or none yet."""
    import uuid

    app_state = state(ctx)
    name = check_name(name)
    stretch_ids = list(dict.fromkeys(s.id for s in app_state.catalog.resolve_all(names or [])))
    check_size(stretch_ids, name)
    store = app_state.store
    with store.transaction():
        _check_free(app_state, name)
        if len(store.routines()) >= MAX_ROUTINES:
            raise BadValue(
                f"you have {MAX_ROUTINES} routines, the most stretchlog keeps",
                "delete one you no longer do: stretchlog routine delete NAME",
            )
        uid = uuid.uuid4().hex
        store.add_routine(uid, name)
        store.replace_doses(uid, reordered((), stretch_ids))
    if not as_json:
        app_state.out.show(Line.of(Span("Made ", "good"), f"the routine {name}."))
    _show(app_state, app_state.routine(name), as_json)


def _check_free(app_state: AppState, name: str, renaming: Routine | None = None) -> None:
    taken = app_state.store.routine(name)
    if taken is not None and taken != renaming:
        raise BadValue(
            f"you already have a routine called '{taken.name}'",
            "pick another name (case is ignored), or change that one with"
            f" 'stretchlog routine add {taken.name} STRETCH...'",
        )


@routine_app.command("add")
def routine_add(
    ctx: typer.Context,
    name: RoutineName,
    names: RequiredStretches,
    at: Position = None,
    as_json: JsonFlag = False,
) -> None:
    """Add stretches to a routine (at the end, or --at a position)."""
    from stretchlog.ui.render import favourite_moved

    app_state = state(ctx)
    added = [stretch.id for stretch in app_state.catalog.resolve_all(names)]
    routine, before, after = change_stretches(
        app_state, name, lambda ids: routine_list.add(ids, added, at, name)
    )
    if not as_json:
        app_state.out.show(
            *(
                favourite_moved(app_state.catalog, stretch_id, before, after, routine.name)
                for stretch_id in dict.fromkeys(added)
                if stretch_id in before
            )
        )
    _show(app_state, app_state.routine(routine.name), as_json)


@routine_app.command("remove")
def routine_remove(
    ctx: typer.Context, name: RoutineName, names: RequiredStretches, as_json: JsonFlag = False
) -> None:
    """Take stretches out of a routine (its logged sessions stay)."""
    app_state = state(ctx)
    gone = [stretch.id for stretch in app_state.catalog.resolve_all(names)]
    routine, _, _ = change_stretches(
        app_state, name, lambda ids: routine_list.remove(ids, gone, name)
    )
    _show(app_state, app_state.routine(routine.name), as_json)


@routine_app.command("move")
def routine_move(
    ctx: typer.Context,
    name: RoutineName,
    stretch_name: OneStretch,
    position: Annotated[int, typer.Argument(metavar="POSITION", help="Its new place: 1 is first.")],
    as_json: JsonFlag = False,
) -> None:
    """Move a stretch to another place in a routine."""
    app_state = state(ctx)
    stretch = app_state.catalog.resolve(stretch_name)
    routine, _, _ = change_stretches(
        app_state, name, lambda ids: routine_list.move(ids, stretch.id, position, name)
    )
    _show(app_state, app_state.routine(routine.name), as_json)


@routine_app.command("set")
def routine_set(
    ctx: typer.Context,
    name: RoutineName,
    stretch_name: OneStretch,
    hold: HoldOption = None,
    reps: RepsOption = None,
    progress: ProgressOption = None,
    every: EveryOption = None,
    most: MaxOption = None,
    no_progress: NoProgressOption = False,
    as_json: JsonFlag = False,
) -> None:
    """Give a stretch in a routine its own dose, or a hold that grows: --progress 5 --every 3 --max 90 adds 5 s after every 3 guided sessions that held it in full, up to 90 s."""
    app_state = state(ctx)
    routine = set_dose(
        app_state, name, stretch_name, hold, reps, (progress, every, most), no_progress
    )
    _show(app_state, routine, as_json)


@routine_app.command("rename")
def routine_rename(
    ctx: typer.Context,
    old: RoutineName,
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.")],
) -> None:
    """Rename a routine (its logged sessions follow it)."""
    app_state = state(ctx)
    new = check_name(new)
    with app_state.store.transaction():
        routine = app_state.routine(old)
        _check_free(app_state, new, renaming=routine)
        app_state.store.rename_routine(routine.uid, new)
    app_state.out.show(Line.of(Span("Renamed ", "good"), f"{routine.name} to {new}."))


@routine_app.command("default")
def routine_default(ctx: typer.Context, name: RoutineName) -> None:
    """Make a routine the default: the one 'fav', 'start' and 'log' use unless told otherwise."""
    app_state = state(ctx)
    with app_state.store.transaction():
        routine = app_state.routine(name)
        app_state.store.make_default(routine.uid)
    app_state.out.show(
        Line.of(
            Span("Now ", "good"), f"{routine.name} is your default routine (what 'fav' changes)."
        )
    )


@routine_app.command("delete")
def routine_delete(ctx: typer.Context, name: RoutineName, yes: Yes = False) -> None:
    """Delete a routine (not the default one; its logged sessions stay)."""
    app_state = state(ctx)
    routine = app_state.routine(name)
    if routine.is_default:
        raise BadValue(
            f"'{routine.name}' is your default routine, so it stays",
            "make another the default first: stretchlog routine default NAME",
        )
    if not app_state.confirm(f"Delete the routine {routine.name}?", assume_yes=yes):
        app_state.out.show(Line.of(Span("Kept it.", "dim")))
        return
    with app_state.store.transaction():
        current = app_state.store.routine(routine.name)
        if current is None or current.uid != routine.uid or current.is_default:
            raise NotFound(
                f"the routine '{routine.name}' changed meanwhile", "look again: stretchlog routine"
            )
        app_state.store.delete_routine(routine.uid)
    app_state.out.show(
        Line.of(Span("Deleted ", "good"), f"the routine {routine.name}; its sessions stay.")
    )
