"""The one family of errors stretchlog reports to its users.

Each error carries the whole message a user sees: what is wrong and how to fix it. The CLI turns
any of them into one line on stderr and the error's exit code, at a single place.
"""


class ExitCode:
    """The exit statuses stretchlog uses (plain ints: `status` cannot afford the enum import)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    INTERRUPTED = 130


class StretchlogError(Exception):
    """Something the user can fix: bad input, a missing session, an unusable database."""

    exit_code = ExitCode.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class CatalogError(StretchlogError):
    """A catalog file that cannot be used."""


class StretchNotFound(StretchlogError):
    """A stretch name that matches nothing, or more than one stretch."""


class BadDate(StretchlogError):
    """A WHEN that cannot be read, or that is in the future."""


class BadValue(StretchlogError):
    """A number or text outside what stretchlog accepts."""


class NotFound(StretchlogError):
    """A session or favourite that does not exist."""


class DatabaseError(StretchlogError):
    """A database file that stretchlog will not read or write."""


class NeedsTerminal(StretchlogError):
    """An interactive step asked for where nobody can answer."""


class UsageError(StretchlogError):
    """A command line that does not parse: an unknown option, a missing value."""

    exit_code = ExitCode.USAGE


class Interrupted(StretchlogError):
    """Stopped with Ctrl-C part way, keeping what was done before it."""

    exit_code = ExitCode.INTERRUPTED
