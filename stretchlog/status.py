"""`stretchlog status`: one line (and an exit code) for shell prompts, cron jobs and scripts.

It runs on every prompt, so the console script sends it here before Typer or Rich are imported:
this module parses its own few options and touches nothing heavier than sqlite3.
"""

import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date

from stretchlog.errors import ExitCode, StretchlogError, error_line
from stretchlog.paths import DB_ENV_VAR
from stretchlog.streaks import StreakSummary

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see records.py)
if TYPE_CHECKING:
    from stretchlog.store import Store

USAGE = """\
Usage: stretchlog status [--quiet] [--format TEMPLATE]

  Today in one line, for prompts and scripts. Exit code 0 when today is done
  (or a rest day), 1 when it is not yet.

Options:
  -q, --quiet            Print nothing; only the exit code.
  -f, --format TEMPLATE  Print TEMPLATE with {streak} (days), {longest} (days),
                         {done} (✓ or ✗), {at_risk} (! or nothing) and
                         {rest} (rest or nothing) filled in.
  -h, --help             Show this message and exit.
"""


class UsageError(StretchlogError):
    exit_code = ExitCode.USAGE


def status_line(streak: StreakSummary) -> str:
    """'stretched · 12-day streak', 'not yet today · 12-day streak at risk', ..."""
    streak_text = f"{streak.current}-day streak" if streak.current else ""
    if streak.today_done:
        state = "stretched"
    elif streak.today_rest:
        state = "rest day"
    else:
        state = "not yet today"
        streak_text += " at risk" if streak.at_risk else ""
    return f"{state} · {streak_text}" if streak_text else state


def fill(template: str, streak: StreakSummary) -> str:
    values = {
        "streak": streak.current,
        "longest": streak.longest,
        "done": "✓" if streak.today_done or streak.today_rest else "✗",
        "at_risk": "!" if streak.at_risk else "",
        "rest": "rest" if streak.today_rest else "",
    }
    if not template.isprintable() and any("\ud800" <= ch <= "\udfff" for ch in template):
        raise UsageError(
            "the --format template holds characters that are not valid text", "retype it"
        )
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as error:
        raise UsageError(
            f"the --format template {template!r} cannot be filled in ({error})",
            "use only {streak}, {longest}, {done}, {at_risk} and {rest}; write {{ for a brace",
        ) from None


def is_settled(streak: StreakSummary) -> bool:
    """Nothing left to do today: stretched, or resting."""
    return streak.today_done or streak.today_rest


def report(store: "Store", today: date, quiet: bool, template: str | None) -> int:
    """Print today's status and return the exit code: 0 settled, 1 not yet."""
    from stretchlog.streak_reads import streak_now

    streak = streak_now(store, today)
    if not quiet:
        print(fill(template, streak) if template is not None else status_line(streak))
    return ExitCode.OK if is_settled(streak) else ExitCode.ERROR


def _run(db: str | None, quiet: bool, template: str | None) -> int:
    from stretchlog.clock import system_clock
    from stretchlog.paths import resolve_db_path
    from stretchlog.store import Store

    today = system_clock()().date()
    store = Store(resolve_db_path(db))
    try:
        return report(store, today, quiet, template)
    finally:
        store.close()


def main(args: Sequence[str]) -> int:
    """The whole command line (global --db included), parsed by hand to stay fast."""
    db_text = os.environ.get(DB_ENV_VAR) or None
    quiet, template = False, None
    tokens = iter(args)
    try:
        for token in tokens:
            if token in ("-h", "--help"):
                print(USAGE, end="")
                return ExitCode.OK
            if token in ("-q", "--quiet"):
                quiet = True
            elif token in ("-f", "--format") or token.startswith("--format="):
                template = token.partition("=")[2] if "=" in token else _value(token, tokens)
            elif token == "--db" or token.startswith("--db="):
                db_text = token.partition("=")[2] if "=" in token else _value(token, tokens)
            elif token != "status":
                raise UsageError(
                    f"no such option or argument: {token!r}", "see 'stretchlog status --help'"
                )
        return _run(db_text, quiet, template)
    except StretchlogError as error:
        print(error_line(str(error)), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Exception as error:
        if os.environ.get("STRETCHLOG_DEBUG"):
            raise
        print(error_line(f"unexpected {type(error).__name__}: {error}"), file=sys.stderr)
        return ExitCode.ERROR


def _value(option: str, tokens: Iterator[str]) -> str:
    value = next(tokens, None)
    if value is None:
        raise UsageError(f"{option} needs a value", "see 'stretchlog status --help'")
    return value
