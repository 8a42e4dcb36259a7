"""`stretchlog status`: one line (and an exit code) for shell prompts, cron jobs and scripts.

It runs on every prompt, so the console script sends it here before Typer or Rich are imported:
this module parses its own few options and touches nothing heavier than sqlite3. It is the only
parser of `status`; the Typer application hands its arguments straight here (see insight.py).
"""

import os
from collections.abc import Iterator, Sequence

from stretchlog.errors import ExitCode, StretchlogError, UsageError
from stretchlog.storage.paths import DB_ENV_VAR

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime, time

JSON_TEMPLATE = "\0json"
"""Stands for --json where a --format template goes (no template can hold a NUL)."""
SUMMARY = (
    "Today in one line, for shell prompts and scripts: exit 0 when done (or resting, or paused),"
    " 1 when not yet."
)
OPTIONS = (
    ("-q", "--quiet", None, "Print nothing; only the exit code."),
    (
        "-f",
        "--format",
        "TEMPLATE",
        "Print TEMPLATE with {streak} (days), {longest} (days), {done} (✓ or ✗), {at_risk}"
        " (! or nothing), {rest} (rest or nothing) and {paused} (paused or nothing) filled in.",
    ),
    (None, "--json", None, "Print JSON for scripts (the exit code is the same)."),
)
"""(short flag, long flag, metavariable, help) for `status --help`, which Typer shows like
every other command's: asking for help is the one time status goes through Typer (see cli.py)."""


def main(
    args: Sequence[str], db_path: str | None = None, now: "Callable[[], datetime] | None" = None
) -> int:
    """Run `status` with its command line (the global --db included, anywhere in it) and
    return the exit code: 0 when today is settled (stretched, resting or paused), 1 when not yet.
    `db_path` and `now` come from the application when it hands a run over."""

    def run() -> int:
        db_text, quiet, template = _parse(args, db_path or os.environ.get(DB_ENV_VAR) or None)
        return _show(db_text, quiet, template, now)

    return guarded(run)


def guarded(run: "Callable[[], int]") -> int:
    """`run()`'s exit code, or an error's as one line on stderr: the fast paths' single place
    where a failure becomes an exit status, as commands/app.py is for the others."""
    try:
        return run()
    except StretchlogError as error:
        _print_error(str(error))
        return error.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as error:
        from stretchlog.ui.console import exit_on_output_failure

        code = exit_on_output_failure(error)
        if code is not None:
            return code
        if os.environ.get("STRETCHLOG_DEBUG"):
            raise
        _print_error(f"unexpected {type(error).__name__}: {error}")
        return ExitCode.ERROR


def _parse(args: Sequence[str], db_text: str | None) -> tuple[str | None, bool, str | None]:
    """(--db, --quiet, --format); --db overrides `db_text`. --json is a template of its own:
    JSON_TEMPLATE."""
    quiet, template = False, None
    tokens = iter(args)
    for token in tokens:
        if token in ("-q", "--quiet"):
            quiet = True
        elif token == "--json":
            template = JSON_TEMPLATE
        elif token in ("-f", "--format") or token.startswith("--format="):
            template = token.partition("=")[2] if "=" in token else _value(token, tokens)
        elif token == "--db" or token.startswith("--db="):
            db_text = token.partition("=")[2] if "=" in token else _value(token, tokens)
        elif token == "--color" or token.startswith("--color="):
            _ = token.partition("=")[2] if "=" in token else _value(token, tokens)  # one plain line
        elif token != "status":
            raise UsageError(
                f"no such option or argument: {token!r}", "see 'stretchlog status --help'"
            )
    return db_text, quiet, template


def _value(option: str, tokens: Iterator[str]) -> str:
    value = next(tokens, None)
    if value is None:
        raise UsageError(f"{option} needs a value", "see 'stretchlog status --help'")
    return value


def _show(
    db_text: str | None, quiet: bool, template: str | None, now: "Callable[[], datetime] | None"
) -> int:
    from stretchlog.commands.clock import system_clock
    from stretchlog.domain.today import day_of
    from stretchlog.storage.database import Database
    from stretchlog.storage.paths import resolve_db_path
    from stretchlog.storage.runs import streak_now
    from stretchlog.ui.status import fill, settled, status_line

    today = day_of((now or system_clock())(), _day_start())
    database = Database(resolve_db_path(db_text))  # the store's streak read, without the store
    try:
        streak = streak_now(database.rows, today)
    finally:
        database.close()
    if quiet:
        pass
    elif template == JSON_TEMPLATE:
        from stretchlog.ui.status import status_json

        print(status_json(streak, today))
    else:
        print(fill(template, streak) if template is not None else status_line(streak))
    return ExitCode.OK if settled(streak) else ExitCode.ERROR


def _day_start() -> "time":
    """`day_starts_at` from config.toml. Most people have none, so a stat looks for it first; the
    settings are imported, and the file parsed, only when it could move the day's start."""
    from stretchlog.domain.today import MIDNIGHT
    from stretchlog.storage.paths import user_config_path

    path = user_config_path()
    if not os.path.exists(path):  # noqa: PTH110 (pathlib's import alone costs more than status may)
        return MIDNIGHT
    from stretchlog.storage.settings_file import load_settings

    settings, warning = load_settings(path, only_for="day_starts_at")
    if warning is not None:
        from stretchlog.ui.console import to_stderr, warning_line

        to_stderr(warning_line(warning))
    return settings.day_starts_at


def _print_error(message: str) -> None:
    from stretchlog.ui.console import error_line, to_stderr

    to_stderr(error_line(message))
