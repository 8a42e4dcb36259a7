"""The current time: the machine's, or the one pinned by STRETCHLOG_NOW for demos and tests.

Small on purpose: `status` reads it on every shell prompt.
"""

import os
from collections.abc import Callable
from datetime import datetime

from stretchlog.errors import BadValue

NOW_ENV_VAR = "STRETCHLOG_NOW"


def system_clock() -> Callable[[], datetime]:
    """A clock giving the local time, aware of its UTC offset; frozen when STRETCHLOG_NOW is set."""
    text = os.environ.get(NOW_ENV_VAR)
    if not text:
        return _local_now
    try:
        moment = datetime.fromisoformat(text).astimezone()
    except (ValueError, OverflowError):
        raise BadValue(
            f"{NOW_ENV_VAR}={text!r} is not an ISO date and time",
            "unset it or write it like 2026-11-25T08:30:00+01:00",
        ) from None
    return lambda: moment


def _local_now() -> datetime:
    return datetime.now().astimezone()
