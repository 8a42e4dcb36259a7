"""Where stretchlog keeps its files: `--db` wins, then STRETCHLOG_DB, then the user data dir."""

from __future__ import annotations

from pathlib import Path

APP_NAME = "stretchlog"
DB_ENV_VAR = "STRETCHLOG_DB"


def default_db_path() -> Path:
    from platformdirs import user_data_path  # only paid when no --db or STRETCHLOG_DB is given

    return user_data_path(APP_NAME, appauthor=False) / "stretchlog.db"


def resolve_db_path(given: Path | None) -> Path:
    """The database to use: `given` (from --db or STRETCHLOG_DB) or the per-user default."""
    return given.expanduser() if given and str(given) else default_db_path()
