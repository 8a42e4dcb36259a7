"""The log over time: the calendar heatmap and stats."""

from datetime import date, timedelta
from typing import Annotated

import typer

from stretchlog.commands import status
from stretchlog.commands.app import app, state
from stretchlog.commands.options import READ, WHEN_HELP, Force, HtmlFile, JsonFlag, SvgFile
from stretchlog.domain import fields
from stretchlog.domain.dates import parse_when
from stretchlog.domain.fields import EARLIEST_DAY, check_option
from stretchlog.domain.insight import (
    TIGHTNESS_WEEKS,
    calendar_weeks,
    compute_stats,
    days_needed_from,
    tightness_since,
    week_start,
)
from stretchlog.errors import BadValue
from stretchlog.ui.render_insight import (
    calendar_blocks,
    calendar_json,
    stats_blocks,
    stats_json,
    weeks_that_fit,
)

MAX_WEEKS = 520
DEFAULT_MAX_WEEKS = 52


@app.command("calendar", rich_help_panel=READ)
def calendar_command(
    ctx: typer.Context,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            "-w",
            metavar="N",
            help="Show the last N weeks (default: what fits, up to a year).",
        ),
    ] = None,
    year: Annotated[
        int | None, typer.Option("--year", metavar="YYYY", help="Show one calendar year.")
    ] = None,
    as_json: JsonFlag = False,
    svg: SvgFile = None,
    html: HtmlFile = None,
    force: Force = False,
) -> None:
    """A heatmap of the days you stretched: weeks across, weekdays down, darker for more minutes."""
    app_state = state(ctx)
    today, first_weekday = app_state.today, app_state.first_weekday
    if weeks is not None and year is not None:
        raise BadValue("--weeks and --year cannot be used together", "pick one")
    if year is not None:
        check_option("--year", year, fields.whole(EARLIEST_DAY.year, today.year))
        first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    else:
        check_option("--weeks", weeks, fields.whole(1, MAX_WEEKS))
        count = weeks or min(weeks_that_fit(app_state.columns), DEFAULT_MAX_WEEKS)
        first, last = week_start(today, first_weekday) - timedelta(weeks=count - 1), today
    store = app_state.store
    rest = {date.fromordinal(number) for number in store.rest_numbers(since=first)}
    paused = {date.fromordinal(number) for number in app_state.store.paused_numbers(first, last)}
    grid = calendar_weeks(
        store.day_seconds(first, last),
        rest,
        first,
        last,
        paused_days=paused,
        first_weekday=first_weekday,
    )
    if as_json:
        app_state.out.json(calendar_json(grid, first, last))
    else:
        blocks = calendar_blocks(grid, today, app_state.columns, first_weekday)
        app_state.show(blocks, svg, html, force)


@app.command("stats", rich_help_panel=READ)
def stats_command(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="WHEN", help="Count from this day. " + WHEN_HELP),
    ] = None,
    as_json: JsonFlag = False,
    svg: SvgFile = None,
    html: HtmlFile = None,
    force: Force = False,
) -> None:
    """Totals, consistency, habit strength, your stretches, and how tight your hips have felt."""
    app_state = state(ctx)
    first = parse_when(since, app_state.today) if since else None
    first_weekday = app_state.first_weekday
    store = app_state.store
    rest, paused = (
        store.rest_numbers(),
        app_state.store.paused_numbers(EARLIEST_DAY, app_state.today),
    )
    skipped = sorted({*rest, *paused})  # strength reaches further back past both
    stats = compute_stats(
        store.done_numbers(since=days_needed_from(skipped, app_state.today, first, first_weekday)),
        rest,
        store.first_logged(app_state.today),
        store.totals(first, app_state.today),
        store.stretch_totals(first),
        store.ratings(
            min(
                tightness_since(app_state.today, first),
                _eight_weeks_ago(app_state.today, first_weekday),
            )
        ),
        app_state.today,
        since=first,
        paused=paused,
        first_weekday=first_weekday,
    )
    if as_json:
        app_state.out.json(stats_json(stats, app_state.catalog))
    else:
        app_state.show(stats_blocks(stats, app_state.catalog), svg, html, force)


@app.command(
    "status",
    rich_help_panel=READ,
    help=status.SUMMARY,
    add_help_option=False,
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
)
def status_command(ctx: typer.Context) -> None:
    """Hands the arguments to status's own parser, the one the console script runs."""
    if any(arg in ("-h", "--help") for arg in ctx.args):
        _show_status_help(ctx)
        return
    app_state = state(ctx)
    raise typer.Exit(status.main(ctx.args, app_state.db_path, app_state.env.now))


def _show_status_help(ctx: typer.Context) -> None:
    """The help of a command declaring status's options, so it looks like every other one."""
    from typer.core import TyperCommand, TyperOption

    help_option = ("-h", "--help", None, "Show this message and exit.")
    described = TyperCommand(
        "status",
        help=status.SUMMARY,
        params=[
            TyperOption(
                param_decls=[flag for flag in (short, long) if flag],
                is_flag=metavar is None,
                metavar=metavar,
                help=text,
            )
            for short, long, metavar, text in (*status.OPTIONS, help_option)
        ],
    )
    typer.echo(described.get_help(typer.Context(described, info_name="status", parent=ctx.parent)))


def _eight_weeks_ago(today: date, first_weekday: int) -> date:
    """The day the weekly tightness averages start on."""
    return week_start(today, first_weekday) - timedelta(weeks=TIGHTNESS_WEEKS - 1)
