"""The daily core: browse stretches, log sessions, see the streak and history, take sessions back."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import (
    READ,
    SCORE,
    WHEN_HELP,
    WRITE,
    Force,
    HoldOption,
    HtmlFile,
    JsonFlag,
    RepsOption,
    RoutineOption,
    SessionId,
    Stretches,
    SvgFile,
    When,
    Yes,
)
from stretchlog.domain import fields
from stretchlog.domain.dates import parse_when
from stretchlog.domain.days import rest_entry, stretched
from stretchlog.domain.fields import check_option
from stretchlog.domain.sessions import Session, edited_holds
from stretchlog.errors import BadValue, NotFound, UsageError
from stretchlog.ui import render
from stretchlog.ui.views import Block, Cell, Line, Span

MAX_HISTORY_LIMIT = 100_000


@app.command("today", rich_help_panel=READ)
def today_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Today's dashboard: done or not, your streak, your routine. Also what plain 'stretchlog' shows."""
    state(ctx).show_dashboard(as_json)


@app.command("log", rich_help_panel=WRITE)
def log_command(
    ctx: typer.Context,
    names: Stretches = None,
    when: When = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A note to keep with it.")
    ] = None,
    tightness: Annotated[
        str | None,
        typer.Option(
            "--tightness",
            "-t",
            metavar=SCORE,
            help="How tight your hips feel: 0 loose, 10 very tight; or each side, like left=6,right=4.",
        ),
    ] = None,
    hold: HoldOption = None,
    reps: RepsOption = None,
    routine_name: RoutineOption = None,
    yes: Yes = False,
    as_json: JsonFlag = False,
) -> None:
    """Log a session: your routine (or --routine), or the stretches you name. Today unless --date says otherwise."""
    app_state = state(ctx)
    day = app_state.today if when is None else parse_when(when, app_state.today)
    if not _far_back_confirmed(app_state, day, yes):
        app_state.out.show(Line.of(Span("Nothing logged.", "dim")))
        return
    note = check_option("--note", note, fields.note)
    scored = check_option("--tightness", tightness, fields.tightness_by_side())
    score, sides = scored or (None, None)
    plans, routine = app_state.stretches(names or [], "log", routine_name, hold, reps)
    draft = app_state.by_hand(day, plans, routine, note, score, hold, reps, tightness_sides=sides)
    logged = app_state.log(draft)
    if as_json:
        app_state.out.json(app_state.session_json(logged.session))
    else:
        app_state.show_logged(logged)


FAR_BACK_DAYS = 30
"""A day this much earlier than the first entry (or today, with none) is asked about: a
mistyped year (2025 for 2026) would otherwise start a history a year early."""


def _far_back_confirmed(app_state: AppState, day: date, yes: bool) -> bool:
    start = app_state.store.first_logged(app_state.today) or app_state.today
    if (start - day).days <= FAR_BACK_DAYS:
        return True
    question = (
        f"{day.isoformat()} is {(start - day).days} days before"
        f" {'your first entry' if start != app_state.today else 'today'} ({start.isoformat()})."
        " Log it there?"
    )
    return app_state.confirm(question, assume_yes=yes)


@app.command("rest", rich_help_panel=WRITE)
def rest_command(
    ctx: typer.Context,
    when: When = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="Why: ill, injured, travelling...")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark a rest day (illness, injury, travel): it neither breaks nor extends your streak."""
    app_state = state(ctx)
    day = app_state.today if when is None else parse_when(when, app_state.today)
    rest = app_state.rest(day, check_option("--note", note, fields.note))
    if as_json:
        app_state.out.json(app_state.session_json(rest))
    else:
        app_state.out.show(*render.rest_lines(rest, app_state.streak(), app_state.today))


@app.command("streak", rich_help_panel=READ)
def streak_command(
    ctx: typer.Context,
    by_stretch: Annotated[
        bool, typer.Option("--by-stretch", help="The current and longest streak of each stretch.")
    ] = False,
    by_routine: Annotated[
        bool, typer.Option("--by-routine", help="The current and longest streak of each routine.")
    ] = False,
    as_json: JsonFlag = False,
    svg: SvgFile = None,
    html: HtmlFile = None,
    force: Force = False,
) -> None:
    """Your current and longest streak, and how many days you stretched lately."""
    app_state = state(ctx)
    if by_stretch and by_routine:
        raise UsageError("give --by-stretch or --by-routine, not both", "stretchlog streak --help")
    if by_stretch:
        _show_stretch_streaks(app_state, as_json, svg, html, force)
        return
    if by_routine:
        _show_routine_streaks(app_state, as_json, svg, html, force)
        return
    streak = app_state.streak()
    if as_json:
        app_state.out.json(render.streak_json(streak, app_state.today))
    else:
        blocks: list[Block] = [
            render.streak_table(streak, app_state.today),
            render.streak_line(streak),
        ]
        app_state.show(blocks, svg, html, force)


def _show_routine_streaks(
    app_state: AppState, as_json: bool, svg: Path | None, html: Path | None, force: bool
) -> None:
    from stretchlog.ui.render_routines import routine_streaks_json, routine_streaks_table

    streaks = app_state.store.routine_streaks(app_state.today)
    if as_json:
        app_state.out.json(routine_streaks_json(streaks))
    else:
        app_state.show([routine_streaks_table(streaks, app_state.today)], svg, html, force)


def _show_stretch_streaks(
    app_state: AppState, as_json: bool, svg: Path | None, html: Path | None, force: bool
) -> None:
    from stretchlog.ui.render_insight import stretch_streaks_json, stretch_streaks_table

    streaks = sorted(
        app_state.store.stretch_streaks(app_state.today),
        key=lambda found: (-found[1].current, -found[1].longest, found[0]),
    )
    if as_json:
        app_state.out.json(stretch_streaks_json(streaks, app_state.catalog))
    elif streaks:
        app_state.show(
            [stretch_streaks_table(streaks, app_state.catalog, app_state.today)], svg, html, force
        )
    else:
        app_state.out.show(Line.of(Span("No sessions logged", "dim"), " yet."))


@app.command("history", rich_help_panel=READ)
def history_command(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option("--since", metavar="WHEN", help="First day to show. " + WHEN_HELP)
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="WHEN", help="Last day to show.")
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", "-l", metavar="N", help="Show at most N sessions.")
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output on a terminal.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Logged sessions, newest first, with their stretches, note and tightness. On a terminal, one line each, paged when longer than the screen."""
    app_state = state(ctx)
    first = parse_when(since, app_state.today) if since else None
    last = parse_when(until, app_state.today) if until else None
    if first and last and first > last:
        raise BadValue(f"--since {first} is after --until {last}", "swap them")
    check_option("--limit", limit, fields.whole(1, MAX_HISTORY_LIMIT))
    sessions = app_state.store.sessions(first, last, limit)
    if as_json:
        app_state.out.json([app_state.session_json(s) for s in sessions])
        return
    pauses = _history_pauses(app_state, sessions, first, last, limit)
    if sessions or pauses:
        out = app_state.out
        table = render.history_table(
            sessions, app_state.catalog, compact=out.rich, width=app_state.columns, others=pauses
        )
        if no_pager:
            out.show(table)
        else:
            out.page([table], app_state.rows)
    else:
        app_state.out.show(
            Line.of(
                Span("No sessions logged", "dim"),
                " yet." if not (first or last) else " in that range.",
            )
        )


def _history_pauses(
    app_state: AppState,
    sessions: list[Session],
    first: date | None,
    last: date | None,
    limit: int | None,
) -> list[tuple[date, tuple[Cell, ...]]]:
    """The rows of the pauses begun in the days shown (up to today: a planned one is not history
    yet), and of one under way at the start of them."""
    from stretchlog.ui.render_pauses import history_row

    today = app_state.today
    if limit is not None and len(sessions) == limit:
        first = max(first or date.min, sessions[-1].day)  # the older days are not shown
    pauses = app_state.pauses.between(first or date.min, min(last or today, today))
    return [history_row(pause, today) for pause in pauses]


@app.command("edit", rich_help_panel=WRITE)
def edit_command(
    ctx: typer.Context,
    session_id: SessionId,
    when: When = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="The new note ('' removes it).")
    ] = None,
    tightness: Annotated[
        str | None,
        typer.Option(
            "--tightness",
            "-t",
            metavar=SCORE,
            help="The new tightness: 0-10, or each side, like left=6,right=4.",
        ),
    ] = None,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add", metavar="STRETCH", help="Add a stretch, at its default dose (repeat)."
        ),
    ] = None,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", metavar="STRETCH", help="Remove a stretch, every side (repeat)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a logged session: its day, note, tightness or stretches. Streaks follow."""
    app_state = state(ctx)
    store = app_state.store
    _existing(app_state, session_id)  # before the transaction, which would create a database
    scored = check_option("--tightness", tightness, fields.tightness_by_side())
    added = app_state.catalog.resolve_all(add or [])
    removed = app_state.catalog.resolve_all(remove or [])
    with store.transaction():  # read and changed under one lock: nothing slips in between
        session = _existing(app_state, session_id)
        day = session.day if when is None else parse_when(when, app_state.today)
        edited = session._replace(
            day=day,
            note=session.note if note is None else check_option("--note", note, fields.note),
            holds=edited_holds(session, added=added, removed=removed),
        )
        if scored is not None:
            edited = edited._replace(tightness=scored[0], tightness_sides=scored[1])
        moved = day != session.day
        was_rest = moved and rest_entry(store.on_day(day)) is not None and not session.is_rest
        rest_back = moved and _rest_under(app_state, session)
        saved = store.replace_session(session.id, edited) if edited != session else session
    if as_json:
        app_state.out.json(app_state.session_json(saved))
        return
    app_state.out.show(
        render.updated_line(session, saved, app_state.catalog),
        render.session_panel(saved, app_state.catalog, app_state.today),
        render.streak_line(app_state.streak()),
    )
    if was_rest:
        app_state.out.show(render.no_longer_rest(day, app_state.today))
    if rest_back:
        app_state.out.show(render.rest_again(session.day, app_state.today))


def _existing(app_state: AppState, session_id: int) -> Session:
    session = app_state.store.session(session_id)
    if session is None:
        raise NotFound(
            f"there is no session or rest day {session_id}", "see the ids with 'stretchlog history'"
        )
    return session


def _rest_under(app_state: AppState, session: Session) -> bool:
    """Whether a rest day shows again on `session`'s day once the session leaves it."""
    others = [e for e in app_state.store.on_day(session.day) if e.id != session.id]
    return not session.is_rest and rest_entry(others) is not None and not stretched(others)


@app.command("undo", rich_help_panel=WRITE)
def undo_command(ctx: typer.Context, yes: Yes = False, as_json: JsonFlag = False) -> None:
    """Remove the session or rest day you logged last, after showing it."""
    app_state = state(ctx)
    session = app_state.store.latest_logged()
    if session is None:
        raise NotFound(
            "there is nothing to undo: no session is logged", "log one with 'stretchlog log'"
        )
    _remove_session(app_state, session.id, yes, as_json)


@app.command("delete", rich_help_panel=WRITE)
def delete_command(
    ctx: typer.Context,
    session_id: SessionId,
    yes: Yes = False,
    as_json: JsonFlag = False,
) -> None:
    """Remove one session or rest day by its id, after showing it."""
    _remove_session(state(ctx), session_id, yes, as_json)


def _remove_session(app_state: AppState, session_id: int, yes: bool, as_json: bool) -> None:
    """Show the entry, ask, remove it; with `as_json`, print what was removed (or null)."""
    session = _existing(app_state, session_id)
    if not as_json:
        app_state.out.show(render.session_panel(session, app_state.catalog, app_state.today))
    what = "rest day" if session.is_rest else "session"
    if not app_state.confirm_removal(f"Remove this {what}?", yes, as_json):
        return
    with app_state.store.transaction():
        _existing(app_state, session_id)  # still there: another process may have removed it
        rest_back = _rest_under(app_state, session)
        app_state.store.delete_session(session.id)
    if as_json:
        app_state.out.json({"removed": app_state.session_json(session)})
        return
    app_state.out.show(
        Line.of(Span("Removed ", "good"), f"{what} {session.id}."),
        render.streak_line(app_state.streak()),
    )
    if rest_back:
        app_state.out.show(render.rest_again(session.day, app_state.today))
