"""The daily core: browse stretches, log sessions, see the streak and history, take sessions back."""

from pathlib import Path
from typing import Annotated

import typer

from stretchlog import render
from stretchlog.app import AppState, app, state
from stretchlog.catalog import Stretch
from stretchlog.commands.options import (
    READ,
    WHEN_HELP,
    WRITE,
    HtmlFile,
    JsonFlag,
    SessionId,
    Stretches,
    SvgFile,
    When,
    Yes,
)
from stretchlog.dates import parse_when
from stretchlog.errors import BadValue, NotFound
from stretchlog.sessions import (
    Session,
    check_note,
    check_tightness,
    edited_holds,
    plan_holds,
)
from stretchlog.streak_reads import streak_now, stretch_streaks
from stretchlog.streaks import StreakSummary
from stretchlog.views import Block, Line, Span

MAX_HISTORY_LIMIT = 100_000


def routine_stretches(app_state: AppState) -> list[Stretch]:
    """The favourites in routine order, skipping any that left the catalog."""
    favourite_ids = app_state.store.favourite_ids()
    found = (app_state.catalog.get(stretch_id) for stretch_id in favourite_ids)
    return [stretch for stretch in found if stretch is not None] if favourite_ids else []


def streak_summary(app_state: AppState) -> StreakSummary:
    return streak_now(app_state.store, app_state.today)


def show_dashboard(app_state: AppState, as_json: bool) -> None:
    streak = streak_summary(app_state)
    routine = routine_stretches(app_state)
    if as_json:
        app_state.out.json(
            {
                "streak": render.streak_json(streak, app_state.today),
                "routine": render.favourites_json(routine),
            }
        )
    else:
        app_state.out.show(*render.dashboard(streak, routine, app_state.today))


@app.command("today", rich_help_panel=READ)
def today_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Today's dashboard: done or not, your streak, your routine. Also what plain 'stretchlog' shows."""
    show_dashboard(state(ctx), as_json)


@app.command("log", rich_help_panel=WRITE)
def log_command(
    ctx: typer.Context,
    names: Stretches = None,
    when: When = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="A note to keep with it.")
    ] = None,
    tightness: Annotated[
        int | None,
        typer.Option(
            "--tightness",
            "-t",
            metavar="0-10",
            help="How tight your hips feel: 0 loose, 10 very tight.",
        ),
    ] = None,
    hold: Annotated[
        int | None,
        typer.Option(
            "--hold", metavar="SECONDS", help="Seconds per hold, if not the stretch's default."
        ),
    ] = None,
    reps: Annotated[
        int | None, typer.Option("--reps", metavar="N", help="Holds per side, if not the default.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Log a session: your routine, or the stretches you name. Today unless --date says otherwise."""
    app_state = state(ctx)
    day = parse_when(when, app_state.today) if when else app_state.today
    note, tightness = check_note(note), check_tightness(tightness)
    stretches = app_state.catalog.resolve_all(names) if names else routine_or_hint(app_state, "log")
    draft = Session(
        day=day,
        logged_at=app_state.now,
        note=note,
        tightness=tightness,
        source="manual",
        holds=plan_holds(stretches, hold, reps),
    )
    with app_state.store.transaction():
        was_rest = app_state.store.delete_rest_day(day) > 0
        session = app_state.store.add_session(draft)
    if as_json:
        app_state.out.json(render.session_json(session, app_state.catalog))
        return
    streak = streak_summary(app_state)
    app_state.out.show(*render.logged_lines(session, streak, app_state.catalog, app_state.today))
    if was_rest:
        app_state.out.show(render.no_longer_rest(day, app_state.today))


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
    day = parse_when(when, app_state.today) if when else app_state.today
    note = check_note(note)
    store = app_state.store
    with store.transaction():
        logged = store.on_day(day)
        if any(not entry.is_rest for entry in logged):
            raise BadValue(
                f"you stretched on {day.isoformat()}, so it cannot be a rest day",
                "delete that session first if it was logged by mistake",
            )
        if logged:
            raise BadValue(
                f"{day.isoformat()} is already a rest day (id {logged[0].id})",
                "delete it with 'stretchlog delete ID' to mark it again",
            )
        rest = store.add_session(
            Session(
                day=day, logged_at=app_state.now, note=note, tightness=None,
                source="manual", holds=(), kind="rest",
            )
        )  # fmt: skip
    if as_json:
        app_state.out.json(render.session_json(rest, app_state.catalog))
    else:
        streak = streak_summary(app_state)
        app_state.out.show(*render.rest_lines(rest, streak, app_state.today))


def routine_or_hint(app_state: AppState, command: str) -> list[Stretch]:
    """The favourites, or an error saying how to name stretches or pick favourites instead."""
    routine = routine_stretches(app_state)
    if not routine:
        raise NotFound(
            f"you have no favourites to {command}",
            f"name the stretches (stretchlog {command} pigeon) or pick favourites with 'stretchlog fav pick'",
        )
    return routine


@app.command("streak", rich_help_panel=READ)
def streak_command(
    ctx: typer.Context,
    by_stretch: Annotated[
        bool, typer.Option("--by-stretch", help="The current and longest streak of each stretch.")
    ] = False,
    as_json: JsonFlag = False,
    svg: SvgFile = None,
    html: HtmlFile = None,
) -> None:
    """Your current and longest streak, and how many days you stretched lately."""
    app_state = state(ctx)
    if by_stretch:
        _show_stretch_streaks(app_state, as_json, svg, html)
        return
    streak = streak_summary(app_state)
    if as_json:
        app_state.out.json(render.streak_json(streak, app_state.today))
    else:
        blocks: list[Block] = [
            render.streak_table(streak, app_state.today),
            render.streak_line(streak),
        ]
        app_state.show(blocks, svg, html)


def _show_stretch_streaks(
    app_state: AppState, as_json: bool, svg: Path | None, html: Path | None
) -> None:
    from stretchlog.render_insight import stretch_streaks_json, stretch_streaks_table

    streaks = sorted(
        stretch_streaks(app_state.store, app_state.today),
        key=lambda found: (-found[1].current, -found[1].longest, found[0]),
    )
    if as_json:
        app_state.out.json(stretch_streaks_json(streaks, app_state.catalog))
    elif streaks:
        app_state.show(
            [stretch_streaks_table(streaks, app_state.catalog, app_state.today)], svg, html
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
    as_json: JsonFlag = False,
) -> None:
    """Logged sessions, newest first, with their stretches, note and tightness."""
    app_state = state(ctx)
    first = parse_when(since, app_state.today) if since else None
    last = parse_when(until, app_state.today) if until else None
    if first and last and first > last:
        raise BadValue(f"--since {first} is after --until {last}", "swap them")
    if limit is not None and not 1 <= limit <= MAX_HISTORY_LIMIT:
        raise BadValue(
            f"--limit must be from 1 to {MAX_HISTORY_LIMIT}, not {limit}", "pick another N"
        )
    sessions = app_state.store.sessions(first, last, limit)
    if as_json:
        app_state.out.json([render.session_json(s, app_state.catalog) for s in sessions])
    elif sessions:
        app_state.out.show(render.history_table(sessions, app_state.catalog))
    else:
        app_state.out.show(
            Line.of(
                Span("No sessions logged", "dim"),
                " yet." if not (first or last) else " in that range.",
            )
        )


@app.command("edit", rich_help_panel=WRITE)
def edit_command(
    ctx: typer.Context,
    session_id: SessionId,
    when: When = None,
    note: Annotated[
        str | None, typer.Option("--note", "-n", help="The new note ('' removes it).")
    ] = None,
    tightness: Annotated[
        int | None, typer.Option("--tightness", "-t", metavar="0-10", help="The new tightness.")
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
    session = store.session(session_id)
    if session is None:
        raise NotFound(f"there is no session {session_id}", "see the ids with 'stretchlog history'")
    day = parse_when(when, app_state.today) if when else session.day
    holds = edited_holds(
        session,
        added=app_state.catalog.resolve_all(add or []),
        removed=app_state.catalog.resolve_all(remove or []),
    )
    edited = session._replace(
        day=day,
        note=session.note if note is None else check_note(note),
        tightness=session.tightness if tightness is None else check_tightness(tightness),
        holds=holds,
    )
    with store.transaction():
        was_rest = not session.is_rest and day != session.day and store.delete_rest_day(day) > 0
        if session.is_rest and day != session.day and store.on_day(day):
            raise BadValue(
                f"{day.isoformat()} already has an entry, so the rest day cannot move there",
                "delete it first, or pick another day",
            )
        saved = store.replace_session(session.id, edited)
    if as_json:
        app_state.out.json(render.session_json(saved, app_state.catalog))
        return
    app_state.out.show(
        render.session_panel(saved, app_state.catalog, app_state.today),
        render.streak_line(streak_summary(app_state)),
    )
    if was_rest:
        app_state.out.show(render.no_longer_rest(day, app_state.today))


@app.command("undo", rich_help_panel=WRITE)
def undo_command(ctx: typer.Context, yes: Yes = False) -> None:
    """Remove the session or rest day you logged last, after showing it."""
    app_state = state(ctx)
    session = app_state.store.latest_logged()
    if session is None:
        raise NotFound(
            "there is nothing to undo: no session is logged", "log one with 'stretchlog log'"
        )
    _remove_session(app_state, session.id, yes)


@app.command("delete", rich_help_panel=WRITE)
def delete_command(
    ctx: typer.Context,
    session_id: SessionId,
    yes: Yes = False,
) -> None:
    """Remove one session or rest day by its id, after showing it."""
    _remove_session(state(ctx), session_id, yes)


def _remove_session(app_state: AppState, session_id: int, yes: bool) -> None:
    session = app_state.store.session(session_id)
    if session is None:
        raise NotFound(
            f"there is no session or rest day {session_id}", "see the ids with 'stretchlog history'"
        )
    app_state.out.show(render.session_panel(session, app_state.catalog, app_state.today))
    what = "rest day" if session.is_rest else "session"
    if not app_state.confirm(f"Remove this {what}?", assume_yes=yes):
        app_state.out.show(Line.of(Span("Nothing removed.", "dim")))
        return
    with app_state.store.transaction():
        app_state.store.delete_session(session.id)
    app_state.out.show(
        Line.of(Span("Removed ", "good"), f"{what} {session.id}."),
        render.streak_line(streak_summary(app_state)),
    )
