"""Single key presses from a terminal, without waiting for Enter, for the guided routine."""

import os
import select
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from stretchlog.domain.guided import KeyReader


def no_keys(timeout: float | None) -> str | None:
    """No keyboard to read (stdin is not a terminal): just wait."""
    time.sleep(max(timeout or 0.0, 0.0))
    return None


@contextmanager
def terminal_keys(stream: TextIO) -> Iterator[KeyReader]:
    """Put the terminal in cbreak mode (keys arrive at once, unechoed; Ctrl-C still interrupts)
    and give a reader that waits for keys; the terminal is restored however the block ends."""
    try:
        import termios
        import tty
    except ImportError:  # not a POSIX terminal: no single keys, only waiting
        yield no_keys
        return
    fd = stream.fileno()
    saved = termios.tcgetattr(fd)
    tty.setcbreak(fd)

    def wait_for_keys(timeout: float | None) -> str | None:
        ready, _, _ = select.select([fd], [], [], timeout)
        if not ready:
            return None
        return os.read(fd, 64).decode("utf-8", errors="replace") or None

    try:
        yield wait_for_keys
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)
