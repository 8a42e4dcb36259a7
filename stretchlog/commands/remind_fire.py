"""`stretchlog remind fire`: what the scheduler runs at each reminder's time.

Most fires find today done and say nothing, so, like `status`, the console script sends it here
before Typer or Rich are imported: this module parses its own few options, and a fire that finds
nothing to do costs about what `status` does. The Typer application hands its runs here too.
"""

import os
from collections.abc import Iterator, Sequence

from stretchlog.errors import ExitCode, UsageError
from stretchlog.storage.paths import DB_ENV_VAR

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime, time

HELP = "see 'stretchlog remind fire --help'"


def is_fire(args: Sequence[str]) -> bool:
    """Whether `args` (global options first) run `remind fire`."""
    from stretchlog.commands.argv import GLOBAL_OPTIONS_WITH_VALUES

    words: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token in GLOBAL_OPTIONS_WITH_VALUES:
            next(tokens, None)
        elif not token.startswith("-"):
            words.append(token)
            if len(words) == 2:
                break
    return words == ["remind", "fire"]


def main(
    args: Sequence[str],
    db_path: str | None = None,
    now: "Callable[[], datetime] | None" = None,
) -> int:
    """Run `remind fire` with its command line (the global --db included, anywhere in it)."""
    from stretchlog.commands.status import guarded

    def run() -> int:
        db_text, dry_run = _parse(args, db_path or os.environ.get(DB_ENV_VAR) or None)
        return fire(db_text, dry_run, now)

    return guarded(run)


def _parse(args: Sequence[str], db_text: str | None) -> tuple[str | None, bool]:
    """(--db, --dry-run); --db overrides `db_text`."""
    dry_run = False
    words = ["remind", "fire"]
    tokens = iter(args)
    for token in tokens:
        if token in ("-n", "--dry-run"):
            dry_run = True
        elif token == "--db" or token.startswith("--db="):
            db_text = token.partition("=")[2] if "=" in token else _value(token, tokens)
        elif token == "--color" or token.startswith("--color="):
            _ = token.partition("=")[2] if "=" in token else _value(token, tokens)  # plain text
        elif words and token == words[0]:
            words.pop(0)
        else:
            raise UsageError(f"no such option or argument: {token!r}", HELP)
    if db_text is not None and not db_text.strip():
        raise UsageError("--db is empty", "give a database file, or leave --db out")
    return db_text, dry_run


def _value(option: str, tokens: Iterator[str]) -> str:
    value = next(tokens, None)
    if value is None:
        raise UsageError(f"{option} needs a value", HELP)
    return value


def fire(db_text: str | None, dry_run: bool, now: "Callable[[], datetime] | None") -> int:
    """Remind the user to stretch, unless today needs no reminder; with `dry_run`, only say
    what would happen and why."""
    from stretchlog.commands.clock import system_clock
    from stretchlog.domain.reminders import decide, due_reminder, reminder_text
    from stretchlog.domain.today import day_of
    from stretchlog.storage.database import Database
    from stretchlog.storage.paths import resolve_db_path
    from stretchlog.storage.reminders import reminders_in, routine_name_in
    from stretchlog.storage.runs import streak_now

    moment = (now or system_clock())()
    minute = moment.hour * 60 + moment.minute
    day_start, quiet_hours = _settings()
    database = Database(resolve_db_path(db_text))
    try:
        streak = streak_now(database.rows, day_of(moment, day_start))
        decision = decide(
            done_today=streak.today_done,
            rest_today=streak.today_rest,
            paused_today=streak.today_paused,
            quiet_hours=quiet_hours,
            minute=minute,
        )
        if not decision.notify:
            if dry_run:
                print(f"No reminder now: {decision.reason}.")
            return ExitCode.OK
        due = due_reminder(reminders_in(database.rows), moment.weekday(), minute)
        text = reminder_text(
            routine_name_in(database.rows, due and due.routine_uid), streak.current
        )
    finally:
        database.close()
    if dry_run:
        print(f"Would remind you now ({decision.reason}): {text}")
    else:
        from stretchlog.ui.notify import notify

        if notify(text) == "none":
            print(text)  # where the scheduler keeps output: cron mails it, systemd logs it
    return ExitCode.OK


def _settings() -> "tuple[time, tuple[int, int] | None]":
    """When the user's day starts, and their quiet hours (as minutes after midnight), from
    config.toml: the defaults, without reading any settings, when there is none."""
    from stretchlog.domain.today import MIDNIGHT
    from stretchlog.storage.paths import user_config_path

    if not os.path.exists(user_config_path()):  # noqa: PTH110 (no pathlib on the fast path)
        return MIDNIGHT, None
    from stretchlog.domain.today import clock_time
    from stretchlog.storage.settings_file import load_settings

    settings, warning = load_settings()
    if warning is not None:
        from stretchlog.ui.console import to_stderr, warning_line

        to_stderr(warning_line(warning))
    if settings.quiet_hours is None:
        return settings.day_starts_at, None
    start, end = (clock_time(part) for part in settings.quiet_hours.split("-"))
    assert start is not None and end is not None, "the settings keep quiet hours as HH:MM-HH:MM"
    return settings.day_starts_at, (start.hour * 60 + start.minute, end.hour * 60 + end.minute)
