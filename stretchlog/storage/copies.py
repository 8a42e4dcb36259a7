"""Checking a backup before it replaces anything: sound, stretchlog's, and holding only values
stretchlog would write, as it will be once brought up to date (which happens aside, on a copy)."""

import os
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from stretchlog.errors import DatabaseError
from stretchlog.storage.database import (
    Database,
    connect,
    explained,
    read_only_connection,
    schema_is_current,
)


def _one_of(column: str, options: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(option) for option in options)})"


def _whole(column: str, low: int, high: int, nullable: bool = False) -> str:
    whole = f"(typeof({column}) = 'integer' AND {column} BETWEEN {low} AND {high})"
    return f"({column} IS NULL OR {whole})" if nullable else whole


SCORED_SIDES = ("left", "right", "before_left", "before_right")
"""The columns `tightness_*` that keep the score of each side (both sides, or neither)."""


def _damaged_entry() -> str:
    """SQL for the first session holding a value no stretchlog writes (a day that is not a
    date, a blob for a note, text for a tightness): the rules of domain.fields, as SQL."""
    from stretchlog.domain import fields  # only when checking a copy

    sides = " AND ".join(
        _whole(f"s.tightness_{side}", fields.TIGHTNESS_LOW, fields.TIGHTNESS_HIGH, nullable=True)
        for side in SCORED_SIDES
    )
    return f"""
SELECT s.id FROM sessions s LEFT JOIN session_stretches h ON h.session_id = s.id WHERE NOT (
    typeof(s.day) = 'text' AND date(s.day) IS s.day AND s.day >= '{fields.EARLIEST_DAY}'
    AND typeof(s.logged_at) = 'text' AND datetime(s.logged_at) IS NOT NULL
    AND typeof(s.uid) = 'text' AND typeof(s.note) IN ('text', 'null')
    AND {_whole("s.tightness", fields.TIGHTNESS_LOW, fields.TIGHTNESS_HIGH, nullable=True)}
    AND {_whole("s.tightness_before", fields.TIGHTNESS_LOW, fields.TIGHTNESS_HIGH, nullable=True)}
    AND {sides}
    AND (s.tightness_left IS NULL) = (s.tightness_right IS NULL)
    AND (s.tightness_before_left IS NULL) = (s.tightness_before_right IS NULL)
    AND {_one_of("s.kind", fields.KINDS)} AND {_one_of("s.source", fields.SOURCES)}
    AND (h.id IS NULL OR (
        typeof(h.stretch_id) = 'text' AND (h.side IS NULL OR {_one_of("h.side", fields.SIDES)})
        AND {_whole("h.seconds", 1, fields.MAX_HOLD_TOTAL)}
        AND {_whole("h.reps", 1, fields.MAX_REPS)}
    ))
) LIMIT 1
"""


@contextmanager
def checked_copy(path: str) -> Iterator[tuple[str, "Copy"]]:
    """While the block runs: a copy of the backup at `path`, brought up to date aside and
    checked, and how many entries it holds. The backup itself is only ever read."""
    if not os.path.isfile(path):  # os.path: a name too long is simply no file
        raise DatabaseError(f"there is no file {path}", "check the path")
    _check_kind(path)
    with tempfile.TemporaryDirectory() as folder:
        trial = str(Path(folder) / "trial.db")
        with explained(path):
            source = read_only_connection(path)
            try:
                schema_is_current(conn=source, path=path)  # refuses foreign and newer files
                verdict = source.execute("PRAGMA integrity_check").fetchone()[0]
                if verdict != "ok":
                    raise DatabaseError(f"{path} is damaged ({verdict})", "pick another backup")
                target = connect(trial, "rwc")
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        try:
            Database(trial).upgrade()  # checks the schema is one stretchlog writes, too
            with explained(path):
                upgraded = connect(trial, "ro")
                try:
                    entries = _checked_entries(upgraded, path)
                finally:
                    upgraded.close()
        except DatabaseError as error:
            raise DatabaseError(error.message.replace(trial, path), error.hint) from None
        yield trial, entries


def _checked_entries(conn: sqlite3.Connection, path: str) -> "Copy":
    """What an up-to-date copy holds, once none of its entries holds a damaged value."""
    damaged = conn.execute(_damaged_entry()).fetchone()
    if damaged is not None:
        raise DatabaseError(
            f"{path} holds a damaged entry (session {damaged[0]}): a value stretchlog"
            " would never write",
            "pick another backup",
        )
    entries, first, last = conn.execute(
        "SELECT count(*), min(day), max(day) FROM sessions"
    ).fetchone()
    return Copy(int(entries), first, last)


class Copy(NamedTuple):
    """What a backup holds: how many entries, from its first day to its last (ISO dates)."""

    entries: int
    first: str | None
    last: str | None


def _check_kind(path: str) -> None:
    """Refuse, with advice about restoring, a file that is no SQLite database at all; an export
    is pointed to `import`, which is what brings it in."""
    try:
        with Path(path).open("rb") as stream:
            start = stream.read(64)
    except OSError as error:
        raise DatabaseError(f"cannot read {path}: {error.strerror}", "check the path") from None
    if start.startswith(b"SQLite format 3\x00"):
        return
    text = start.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith((b"{", b"date,logged_at,")):
        raise DatabaseError(
            f"{path} is an export, not a backup", f"bring it in with: stretchlog import {path}"
        )
    raise DatabaseError(
        f"{path} is not a stretchlog backup", "give a file made by 'stretchlog backup'"
    )


def set_aside(path: str, kept: str, prepared: str) -> None:
    """Move a database that cannot be used to `kept` (with its -wal and -shm), and put a copy of
    `prepared` where it was, whole or not at all."""
    import shutil

    draft = Path(f"{path}.restoring")
    shutil.copyfile(prepared, draft)
    draft.chmod(0o600)
    for suffix in ("", "-wal", "-shm", "-journal"):
        damaged = Path(path + suffix)
        if os.path.lexists(damaged):
            damaged.replace(kept + suffix)
    draft.replace(path)
