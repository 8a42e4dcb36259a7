"""`stretchlog pause ...`: days away (travel, an injury) that neither break nor extend a streak."""

from typing import Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import WHEN_HELP, WRITE, JsonFlag, Yes
from stretchlog.domain import fields
from stretchlog.domain.dates import parse_when
from stretchlog.domain.fields import check_option
from stretchlog.domain.pauses import MAX_AHEAD_DAYS, Pause, ended, to_end
from stretchlog.errors import NotFound, UsageError
from stretchlog.ui import render_pauses
from stretchlog.ui.views import Line, Span

pause_app = typer.Typer(
    help="Pause for travel or an injury: paused days neither break nor extend your streak.",
    invoke_without_command=True,
)
app.add_typer(pause_app, name="pause", rich_help_panel=WRITE)

AHEAD = f" Up to {MAX_AHEAD_DAYS} days ahead."
PauseId = Annotated[
    int, typer.Argument(metavar="ID", help="The pause's id, from 'stretchlog pause list'.")
]


@pause_app.callback()
def pause_root(
    ctx: typer.Context,
    first: Annotated[
        str | None,
        typer.Option("--from", metavar="WHEN", help="The first day away. " + WHEN_HELP + AHEAD),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option(
            "--to", metavar="WHEN", help="The last day away (leave out while you do not know)."
        ),
    ] = None,
    reason: Annotated[
        str | None,
        typer.Option("--reason", "-n", metavar="TEXT", help="Why: travelling, a sprained ankle..."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Pause from a day (to a day, or open until 'pause end'): those days neither break nor extend your streak. Alone, it lists your pauses."""
    app_state = state(ctx)
    if ctx.invoked_subcommand is not None:
        if first or last or reason or as_json:
            raise UsageError(
                f"--from, --to, --reason and --json go after 'pause {ctx.invoked_subcommand}'"
                " or with 'pause' alone",
                "see 'stretchlog pause --help'",
            )
        return
    if first is None:
        if last is not None or reason is not None:
            raise UsageError(
                "a pause needs --from, its first day", "stretchlog pause --from today --to WHEN"
            )
        _list(app_state, as_json)
        return
    today = app_state.today
    draft = Pause(
        first=parse_when(first, today, ahead=MAX_AHEAD_DAYS),
        last=None if last is None else parse_when(last, today, ahead=MAX_AHEAD_DAYS),
        reason=check_option("--reason", reason, fields.note),
    )
    with app_state.store.transaction():
        pause = app_state.pauses.add(draft, app_state.now)
    if as_json:
        app_state.out.json(render_pauses.pause_json(pause))
    else:
        app_state.out.show(
            *render_pauses.added_lines(pause),
        )


@pause_app.command("end")
def pause_end(
    ctx: typer.Context,
    back: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="WHEN",
            help="The day you are back, the first not paused (default: today)." + AHEAD,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """End the open pause (or the one under way today): its last day is the day before you are back."""
    app_state = state(ctx)
    today = app_state.today
    day = today if back is None else parse_when(back, today, ahead=MAX_AHEAD_DAYS)
    with app_state.store.transaction():
        pause = ended(to_end(app_state.pauses.all(), today), day)
        assert pause.last is not None
        app_state.pauses.end(pause.id, pause.last)
    if as_json:
        app_state.out.json(render_pauses.pause_json(pause))
    else:
        app_state.out.show(render_pauses.ended_line(pause))


@pause_app.command("list")
def pause_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every pause, the latest first: its days, whether it is under way, and why."""
    _list(state(ctx), as_json)


def _list(app_state: AppState, as_json: bool) -> None:
    pauses = app_state.pauses.all()
    if as_json:
        app_state.out.json([render_pauses.pause_json(pause) for pause in pauses])
    elif pauses:
        width = app_state.columns if app_state.out.rich else None
        app_state.out.show(*render_pauses.pause_list(pauses, app_state.today, width))
    else:
        app_state.out.show(
            Line.of(
                Span("No pauses yet. ", "dim"),
                "Going away? ",
                Span("stretchlog pause --from WHEN --to WHEN", "accent"),
            )
        )


@pause_app.command("delete")
def pause_delete(
    ctx: typer.Context, pause_id: PauseId, yes: Yes = False, as_json: JsonFlag = False
) -> None:
    """Remove a pause by its id, after asking: its days count as missed again."""
    app_state = state(ctx)
    pause = _existing(app_state, pause_id)
    question = f"Remove pause {pause.id}, {render_pauses.span_text(pause)}?"
    if not app_state.confirm_removal(question, yes, as_json):
        return
    with app_state.store.transaction():
        _existing(app_state, pause_id)  # still there: another process may have removed it
        app_state.pauses.delete(pause_id)
    if as_json:
        app_state.out.json({"removed": render_pauses.pause_json(pause)})
        return
    from stretchlog.ui.render import streak_line

    app_state.out.show(
        Line.of(Span("Removed ", "good"), f"pause {pause.id}."),
        streak_line(app_state.streak()),
    )


def _existing(app_state: AppState, pause_id: int) -> Pause:
    pause = app_state.pauses.get(pause_id)
    if pause is None:
        raise NotFound(f"there is no pause {pause_id}", "see the ids with 'stretchlog pause list'")
    return pause
