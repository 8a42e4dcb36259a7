"""`stretchlog remind ...`: reminders kept in the database and handed to the operating system's own
scheduler (systemd, launchd or cron), which runs `remind fire` at their times. No daemon of ours.
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from stretchlog.commands import remind_fire
from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import WRITE, JsonFlag
from stretchlog.domain import fields
from stretchlog.domain.fields import check_option
from stretchlog.domain.reminders import Reminder, check_room, clock_text, days_text
from stretchlog.domain.schedules import SCHEDULERS
from stretchlog.errors import BadValue, NotFound
from stretchlog.ui.render_reminders import (
    no_reminders,
    reminder_json,
    reminders_table,
)
from stretchlog.ui.views import Line, Span

remind_app = typer.Typer(
    help="Reminders to stretch, run by your system's scheduler only when today is not done.",
    invoke_without_command=True,
)
app.add_typer(remind_app, name="remind", rich_help_panel=WRITE)

SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        metavar="systemd|launchd|cron",
        help="Which scheduler (default: launchd on macOS, systemd where it runs, else cron).",
        show_default=False,
    ),
]


@remind_app.callback()
def remind_root(ctx: typer.Context) -> None:
    """Reminders to stretch, run by your system's scheduler. Alone, it lists them."""
    if ctx.invoked_subcommand is None:
        _list(state(ctx), as_json=False)


@remind_app.command("add")
def remind_add(
    ctx: typer.Context,
    time: Annotated[
        str, typer.Argument(metavar="TIME", help="The time of day, HH:MM from 00:00 to 23:59.")
    ],
    days: Annotated[
        str,
        typer.Option(
            "--days", metavar="DAYS", help="daily, weekdays, weekends, or days like mon,wed,fri."
        ),
    ] = "daily",
    routine: Annotated[
        str | None,
        typer.Option(
            "--routine", metavar="NAME", help="The routine to remind you of (default: yours)."
        ),
    ] = None,
) -> None:
    """Add a reminder at TIME (HH:MM) on some days of the week."""
    app_state = state(ctx)
    minute = check_option("TIME", time, fields.clock_time)
    day_numbers = check_option("--days", days, fields.weekdays)
    store = app_state.store
    with store.transaction():
        routine_uid = app_state.routine(routine).uid if routine is not None else None
        check_room(store.reminders(), minute, day_numbers)
        added = store.add_reminder(minute, day_numbers, routine_uid)
    app_state.out.show(
        Line.of(
            f"Added reminder {added}: {clock_text(minute)} {days_text(day_numbers)}, for ",
            Span(_routine_names(app_state, [routine_uid])[0], "accent"),
            ".",
        ),
        _install_hint(),
    )


@remind_app.command("list")
def remind_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Your reminders: id, time, days and routine."""
    _list(state(ctx), as_json)


def _list(app_state: AppState, as_json: bool) -> None:
    reminders = app_state.store.reminders()
    names = _routine_names(app_state, [r.routine_uid for r in reminders])
    rows = list(zip(reminders, names, strict=True))
    if as_json:
        app_state.out.json([reminder_json(reminder, name) for reminder, name in rows])
    elif rows:
        app_state.out.show(reminders_table(rows))
    else:
        app_state.out.show(no_reminders())


@remind_app.command("remove")
def remind_remove(
    ctx: typer.Context,
    reminder_id: Annotated[int, typer.Argument(metavar="ID", help="Its id in 'remind list'.")],
) -> None:
    """Remove a reminder."""
    app_state = state(ctx)
    with app_state.store.transaction():
        if not app_state.store.remove_reminder(reminder_id):
            raise NotFound(
                f"there is no reminder {reminder_id}", "see yours with 'stretchlog remind list'"
            )
    app_state.out.show(Line.of(f"Removed reminder {reminder_id}."), _install_hint())


@remind_app.command("fire")
def remind_fire_command(
    ctx: typer.Context,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", "-n", help="Say what it would do and why; notify nothing."),
    ] = False,
) -> None:
    """What the scheduler runs: a notification, unless today is done or a rest day."""
    app_state = state(ctx)
    raise typer.Exit(remind_fire.fire(app_state.db_path, dry_run, app_state.env.now))


@remind_app.command("install")
def remind_install(
    ctx: typer.Context,
    scheduler: SchedulerOption = None,
    print_only: Annotated[
        bool, typer.Option("--print", help="Show what would be written; change nothing.")
    ] = False,
    enable: Annotated[
        bool,
        typer.Option("--enable", help="Also run the commands that turn the timer on."),
    ] = False,
) -> None:
    """Hand your reminders to the scheduler (again after each change; nothing is doubled)."""
    from stretchlog.commands.remind_install import install

    app_state = state(ctx)
    chosen = _scheduler(scheduler)
    reminders: list[Reminder] = app_state.store.reminders()
    if not reminders:
        raise NotFound(
            "you have no reminders to install", "add one with 'stretchlog remind add 10:30'"
        )
    install(app_state, chosen, reminders, _scheduled_command(ctx, app_state), print_only, enable)


@remind_app.command("uninstall")
def remind_uninstall(ctx: typer.Context, scheduler: SchedulerOption = None) -> None:
    """Take out of the scheduler exactly what install put there; your reminders are kept.

    Every scheduler's, unless --scheduler names one.
    """
    from stretchlog.commands.remind_install import uninstall

    chosen = [_scheduler(scheduler)] if scheduler is not None else list(SCHEDULERS)
    uninstall(state(ctx), chosen)


def _scheduler(given: str | None) -> str:
    if given is not None:
        return str(check_option("--scheduler", given, fields.choice(SCHEDULERS)))
    if sys.platform == "darwin":
        return "launchd"
    from stretchlog.storage.schedulers import systemd_usable

    return "systemd" if systemd_usable() else "cron"


def _scheduled_command(ctx: typer.Context, app_state: AppState) -> list[str]:
    """What the scheduler runs: this stretchlog by its absolute path (or this Python with
    `-m stretchlog`), with the database given to this run, if one was."""
    program = Path(sys.argv[0]).absolute() if sys.argv and sys.argv[0] else None
    if program and program.name.startswith("stretchlog") and os.access(program, os.X_OK):
        command = [str(program)]
    elif sys.executable:
        command = [str(Path(sys.executable).absolute()), "-m", "stretchlog"]
    else:
        raise BadValue(
            "cannot tell where this stretchlog is installed",
            "run it by its full path, such as ~/.local/bin/stretchlog remind install",
        )
    if ctx.find_root().params.get("db"):
        command += ["--db", str(Path(app_state.db_path).absolute())]
    return [*command, "remind", "fire"]


def _routine_names(app_state: AppState, uids: list[str | None]) -> list[str]:
    """The name of the routine of each uid: None, or a routine since deleted, is the default."""
    routines = app_state.store.routines()
    default = next((r.name for r in routines if r.is_default), "favourites")
    names = {r.uid: r.name for r in routines}
    return [names.get(uid, default) if uid is not None else default for uid in uids]


def _install_hint() -> Line:
    return Line.of(
        Span("Hand your reminders to the scheduler with ", "dim"),
        Span("stretchlog remind install", "accent"),
        Span(".", "dim"),
    )
