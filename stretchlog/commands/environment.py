"""The outside world a command sees: the time, the clock, keys and the terminal.

Commands never read these directly; tests hand the CLI an `Environment` with a pinned "now", a fake
clock and scripted keys, so nothing depends on the real date or on sleeping.
"""

import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import NamedTuple

from stretchlog.domain.guided import KeyReader
from stretchlog.errors import BadValue

NOW_ENV_VAR = "STRETCHLOG_NOW"


def system_clock() -> Callable[[], datetime]:
    """A clock giving the local time, aware of its UTC offset; frozen when STRETCHLOG_NOW is set."""
    text = os.environ.get(NOW_ENV_VAR)
    if not text:
        return _local_now
    try:
        moment = datetime.fromisoformat(text).astimezone()
    except ValueError:
        raise BadValue(
            f"{NOW_ENV_VAR}={text!r} is not an ISO date and time",
            "unset it or write it like 2026-11-25T08:30:00+01:00",
        ) from None
    return lambda: moment


def _local_now() -> datetime:
    return datetime.now().astimezone()


def _system_keys() -> AbstractContextManager[KeyReader]:
    """Single key presses from the terminal, or plain waiting when stdin is not one."""
    from stretchlog.ui.keys import no_keys, terminal_keys

    if sys.stdin.isatty():
        return terminal_keys(sys.stdin)
    return nullcontext(no_keys)


class Environment(NamedTuple):
    now: Callable[[], datetime]
    """The current local time, aware of its UTC offset."""
    monotonic: Callable[[], float] = time.monotonic
    keys: Callable[[], AbstractContextManager[KeyReader]] = _system_keys
    """Opens the keyboard for single key presses (the guided routine), restoring it after."""
    stdin_is_terminal: bool = False
    stdout_is_terminal: bool = False
    no_color: bool = False
    width: int | None = None

    @classmethod
    def from_system(cls) -> "Environment":
        return cls(
            now=system_clock(),
            stdin_is_terminal=sys.stdin.isatty(),
            stdout_is_terminal=sys.stdout.isatty(),
            no_color="NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb",
        )

    @property
    def rich_output(self) -> bool:
        return self.stdout_is_terminal and not self.no_color
