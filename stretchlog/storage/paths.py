"""Where stretchlog keeps its files: `--db` wins, then STRETCHLOG_DB, then the user data dir."""

from __future__ import annotations

import os
import sys

APP_NAME = "stretchlog"
DB_FILE = "stretchlog.db"
DB_ENV_VAR = "STRETCHLOG_DB"


USER_CATALOG_FILE = "stretches.toml"
CONFIG_FILE = "config.toml"


def default_db_path() -> str:
    """The database in the per-user data folder platformdirs names for this system."""
    folder = _plain_xdg_folder("XDG_DATA_HOME", ".local/share")
    if folder is None:
        from platformdirs import user_data_dir

        folder = user_data_dir(APP_NAME, appauthor=False)
    return os.path.join(folder, DB_FILE)


def user_catalog_path() -> str:
    """The user's own stretches, in the per-user config folder platformdirs names."""
    return os.path.join(_config_folder(), USER_CATALOG_FILE)


def user_config_path() -> str:
    """The user's settings, beside their own stretches."""
    return os.path.join(_config_folder(), CONFIG_FILE)


def _config_folder() -> str:
    folder = _plain_xdg_folder("XDG_CONFIG_HOME", ".config")
    if folder is None:
        from platformdirs import user_config_dir

        folder = user_config_dir(APP_NAME, appauthor=False)
    return folder


def _plain_xdg_folder(variable: str, under_home: str) -> str | None:
    """On Linux, in the usual case (an absolute $XDG_... or an absolute $HOME), stretchlog's
    folder as platformdirs would name it; None for anything else, which platformdirs settles.

    Importing platformdirs takes longer than all of `stretchlog status` may, and status runs on
    every shell prompt. A test holds this to platformdirs' answer.
    """
    if sys.platform != "linux" or "ANDROID_DATA" in os.environ:
        return None
    base = os.environ.get(variable, "")
    if not os.path.isabs(base):
        home = os.environ.get("HOME", "")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, under_home)
    return os.path.join(base, APP_NAME)


def resolve_db_path(given: str | os.PathLike[str] | None) -> str:
    """The database to use: `given` (from --db or STRETCHLOG_DB) or the per-user default."""
    text = os.fspath(given) if given is not None else ""
    return os.path.expanduser(text) if text else default_db_path()
