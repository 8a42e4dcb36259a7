"""`stretchlog ask`: catch up on forgotten days, one question a day, on a terminal."""

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import WRITE, RoutineOption
from stretchlog.domain.catch_up import answer, walk
from stretchlog.domain.dates import parse_when
from stretchlog.errors import Interrupted, NeedsTerminal
from stretchlog.ui import render, render_catch_up

if TYPE_CHECKING:
    from stretchlog.domain.routines import Planned, Routine


@app.command("ask", rich_help_panel=WRITE)
def ask_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            help="First day to ask about (default: the day after your last entry before today).",
        ),
    ] = None,
    routine_name: RoutineOption = None,
) -> None:
    """Catch up on forgotten days: stretched, rest or skip, asked day by day (on a terminal)."""
    app_state = state(ctx)
    if not app_state.env.stdin_is_terminal:
        raise NeedsTerminal(
            "ask asks a question for each day, but stdin is not a terminal",
            "in scripts, use 'stretchlog log --date WHEN' or 'stretchlog rest --date WHEN'",
        )
    today = app_state.today
    plans, routine = app_state.stretches([], "log", routine_name)
    assert routine is not None, "no stretches were named, so they are a routine's"
    last = app_state.store.last_logged(today - timedelta(days=1))
    if since is not None:
        first: date | None = parse_when(since, today)
    else:
        first = None if last is None else last + timedelta(days=1)
    if first is None:
        app_state.out.show(render_catch_up.nothing_to_ask(None, today))
        return
    paused = (date.fromordinal(number) for number in app_state.store.paused_numbers(first, today))
    logged = {*app_state.store.logged_days(first, today), *paused}  # a paused day needs no answer
    days = walk(first, today, logged, from_first=since is not None)
    if not days.days:
        app_state.out.show(render_catch_up.nothing_to_ask(first, today))
        return
    app_state.out.show(*render_catch_up.intro(days, today, routine.name, last))
    tally: Counter[str] = Counter()
    unasked = list(days.days)
    try:
        while unasked:
            if not app_state.store.on_day(unasked[0]):  # else logged meanwhile, elsewhere
                said = _ask(app_state, unasked[0], routine.name)
                if said == "quit":
                    break
                _answer(app_state, said, unasked[0], plans, routine)
                tally[said] += 1
            unasked.pop(0)
    except KeyboardInterrupt:
        print()  # the ^C the terminal echoed ends its own line
        _show_summary(app_state, tally, unasked)
        kept = tally["yes"] + tally["rest"]
        raise Interrupted(
            "interrupted", "what was logged before it is kept" if kept else "nothing was changed"
        ) from None
    _show_summary(app_state, tally, unasked)
    if days.later and not unasked:
        app_state.out.show(render_catch_up.later(days, today))


def _answer(
    app_state: AppState, said: str, day: date, plans: "Sequence[Planned]", routine: "Routine"
) -> None:
    """Log what was said of `day`: a session of `routine`, a rest day, or nothing."""
    if said == "yes":
        session = app_state.log(app_state.by_hand(day, plans, routine)).session
        app_state.out.show(render.logged_line(session, app_state.catalog, app_state.today))
    elif said == "rest":
        app_state.out.show(render.rest_line(app_state.rest(day), app_state.today))


def _ask(app_state: AppState, day: date, routine: str) -> str:
    """The answer for `day`, asked until it is one ('quit' for Ctrl-D, the end of input)."""
    question = render_catch_up.question(day, app_state.today, routine, app_state.columns)
    while True:
        try:
            said = answer(input(question))
        except EOFError:
            print()
            return "quit"
        if said is not None:
            return said
        app_state.out.show(render_catch_up.hint(routine))


def _show_summary(app_state: AppState, tally: "Counter[str]", unasked: Sequence[date]) -> None:
    resume = unasked[0] if unasked and unasked[0] < app_state.today else None  # today: log it
    lines = [
        render_catch_up.summary(tally["yes"], tally["rest"], tally["skip"], len(unasked), resume)
    ]
    if tally["yes"] or tally["rest"]:
        lines.append(render.streak_line(app_state.streak()))
    app_state.out.show(*lines)
