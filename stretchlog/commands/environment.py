"""The outside world a command sees: the time, the clock, keys and the terminal.

Commands never read these directly; tests hand the CLI an `Environment` with a pinned "now", a fake
clock and scripted keys, so nothing depends on the real date or on sleeping.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from typing import TYPE_CHECKING

from stretchlog.commands.clock import system_clock
from stretchlog.domain.records import Record

if TYPE_CHECKING:
    from stretchlog.domain.guided import KeyReader


COLOR_CHOICES = ("auto", "always", "never")


def _system_keys() -> AbstractContextManager[KeyReader]:
    """Single key presses from the terminal, or plain waiting when stdin is not one."""
    from stretchlog.ui.keys import no_keys, terminal_keys

    if sys.stdin.isatty():
        return terminal_keys(sys.stdin)
    return nullcontext(no_keys)


class Environment(Record):
    now: Callable[[], datetime]
    """The current local time, aware of its UTC offset."""
    monotonic: Callable[[], float] = time.monotonic
    keys: Callable[[], AbstractContextManager[KeyReader]] = _system_keys
    """Opens the keyboard for single key presses (the guided routine), restoring it after."""
    stdin_is_terminal: bool = False
    stdout_is_terminal: bool = False
    no_color: bool = False
    width: int | None = None
    force_color: bool = False
    """Colour and tables even where stdout is not a terminal (FORCE_COLOR, --color always)."""

    @classmethod
    def from_system(cls) -> Environment:
        return cls(
            now=system_clock(),
            stdin_is_terminal=sys.stdin.isatty(),
            stdout_is_terminal=sys.stdout.isatty(),
            no_color="NO_COLOR" in os.environ or os.environ.get("TERM") == "dumb",
            force_color=bool(os.environ.get("FORCE_COLOR")),
        )

    def with_color(self, choice: str) -> Environment:
        """As --color says: 'auto' leaves it to the terminal and the environment (FORCE_COLOR
        before NO_COLOR), 'always' and 'never' decide."""
        from stretchlog.domain.fields import check_option
        from stretchlog.domain.fields import choice as one_of

        check_option("--color", choice, one_of(COLOR_CHOICES))
        if choice == "always":
            return self._replace(force_color=True, no_color=False)
        if choice == "never":
            return self._replace(force_color=False, no_color=True)
        return self._replace(no_color=self.no_color and not self.force_color)

    @property
    def rich_output(self) -> bool:
        return (self.stdout_is_terminal or self.force_color) and not self.no_color
