"""Where stretchlog keeps its files: `--db` wins, then STRETCHLOG_DB, then the user data dir."""

from __future__ import annotations

import os
import sys

APP_NAME = "stretchlog"
DB_FILE = "stretchlog.db"
DB_ENV_VAR = "STRETCHLOG_DB"


def default_db_path() -> str:
    """The database in the per-user data folder platformdirs names for this system."""
    data_home = _plain_xdg_data_home()
    if data_home is None:
        from platformdirs import user_data_dir

        data_home = os.path.dirname(user_data_dir(APP_NAME, appauthor=False))
    return os.path.join(data_home, APP_NAME, DB_FILE)


def _plain_xdg_data_home() -> str | None:
    """On Linux, in the usual case (absolute $XDG_DATA_HOME, or an absolute $HOME), the folder
    platformdirs would name; None for anything else, which platformdirs then settles.

    Importing platformdirs takes longer than all of `stretchlog status` may, and status runs on
    every shell prompt. A test holds this to platformdirs' answer.
    """
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    xdg_data_home = os.environ.get("XDG_DATA_HOME", "")
    if os.path.isabs(xdg_data_home):
        return xdg_data_home
    home = os.environ.get("HOME", "")
    return os.path.join(home, ".local", "share") if os.path.isabs(home) else None


def resolve_db_path(given: str | os.PathLike[str] | None) -> str:
    """The database to use: `given` (from --db or STRETCHLOG_DB) or the per-user default."""
    text = os.fspath(given) if given is not None else ""
    return os.path.expanduser(text) if text else default_db_path()
