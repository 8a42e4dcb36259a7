"""The one place that knows SQL: opening, checking, migrating, reading and writing the database.

Reads and writes use plain parameterised SQL on the standard library's sqlite3, because importing
sqlite-utils costs more than all of typer; sqlite-utils builds and migrates the schema.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime

from stretchlog import migrations
from stretchlog.errors import DatabaseError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see records.py)
if TYPE_CHECKING:
    from typing import Any

    from stretchlog.insight import Rating, StretchTotal, Totals
    from stretchlog.sessions import Hold, Session
    from stretchlog.streaks import RunSpan

# Domain types are imported where rows become them, and paths stay strings (no pathlib): the
# `status` fast path reads through this module on every shell prompt.

BUSY_TIMEOUT_SECONDS = 15.0
SQLITE_MAX_INTEGER = 2**63 - 1


def _day_number(column: str) -> str:
    return migrations.DAY_NUMBER.format(column)


_SESSION_COLUMNS = "id, uid, day, logged_at, note, tightness, source, tightness_before, kind"


class _Schema:
    """How a stretchlog database's schema stands against this version's migrations."""

    BEHIND = "behind"
    CURRENT = "current"


@contextmanager
def _explained(path: str) -> Iterator[None]:
    """Turn SQLite's errors into one sentence about the user's file and what to do about it."""
    try:
        yield
    except sqlite3.Error as error:
        raise _explain(path, error) from error


def _explain(path: str, error: sqlite3.Error) -> DatabaseError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"the database {path} stayed locked by another program",
            "wait for it to finish and try again",
        )
    if "readonly" in text or "read-only" in text:
        return DatabaseError(
            f"the database {path} is read-only", "make it writable or use --db to pick another file"
        )
    if "not a database" in text or "malformed" in text:
        return DatabaseError(
            f"{path} is not a usable stretchlog database ({text})",
            "move it aside or use --db to pick another file",
        )
    if "unable to open" in text:
        return DatabaseError(
            f"cannot open the database {path}",
            "check that the path is a file you can read and write, or use --db",
        )
    return DatabaseError(f"the database {path} failed: {text}", "use --db to pick another file")


class Store:
    """A stretchlog database, opened lazily: a command that reads nothing never touches the disk."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        self._schema: str | None = None
        self.read_only = False

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # Opening and checking

    def _connect(self) -> sqlite3.Connection:
        """Open the existing file: read-write, or read-only when the user may only read it."""
        if self._conn is None:
            self._check_file()
            self.read_only = not os.access(self.path, os.W_OK)
            with _explained(self.path):
                if self.read_only:
                    conn = _read_only(self.path)
                else:
                    conn = sqlite3.connect(
                        self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
                    )
                conn.execute("PRAGMA foreign_keys = ON")
            self._conn = conn
        return self._conn

    def _check_file(self) -> None:
        """Refuse, before SQLite touches it, what cannot be a stretchlog database."""
        if os.path.isdir(self.path):
            raise DatabaseError(
                f"{self.path} is a directory, not a database file",
                "give --db the path of a file inside it",
            )
        if not os.access(self.path, os.R_OK):
            raise DatabaseError(
                f"cannot read the database {self.path}: permission denied",
                "check its permissions (ls -l) or use --db to pick another file",
            )
        if os.path.getsize(self.path) == 0:
            raise DatabaseError(
                f"{self.path} is empty (0 bytes), not a stretchlog database",
                "delete it if nothing should be there, or use --db to pick another file",
            )

    def _check_schema(self, conn: sqlite3.Connection) -> str:
        """Where this file stands against our migrations; refuses files that are not ours."""
        with _explained(self.path):
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            applied: set[str] = set()
            if migrations.MIGRATIONS_TABLE in tables:
                applied = {
                    row[0]
                    for row in conn.execute(
                        f"SELECT name FROM {migrations.MIGRATIONS_TABLE} WHERE migration_set = ?",
                        [migrations.MIGRATION_SET],
                    )
                }
        if not tables:
            raise DatabaseError(
                f"{self.path} is an empty SQLite database, not stretchlog's",
                "delete it if nothing should be there, or use --db to pick another file",
            )
        if not applied:
            raise DatabaseError(
                f"{self.path} is a SQLite database of another program, not stretchlog's",
                "use --db to pick another file",
            )
        if not applied <= set(migrations.NAMES):
            raise DatabaseError(
                f"{self.path} was written by a newer stretchlog",
                "upgrade stretchlog (pip install -U stretchlog) to use it",
            )
        return _Schema.CURRENT if len(applied) == len(migrations.NAMES) else _Schema.BEHIND

    def _reader(self) -> sqlite3.Connection | None:
        """A connection to read from, or None while no database has been written yet."""
        if self._conn is None and not os.path.exists(self.path):
            return None
        conn = self._connect()
        if self._schema is None:
            self._schema = self._check_schema(conn)
        if self._schema is _Schema.BEHIND:
            if self.read_only:
                raise DatabaseError(
                    f"{self.path} was written by an older stretchlog and is read-only",
                    "make it writable once, so stretchlog can bring it up to date",
                )
            with self.transaction():
                pass  # opening a transaction brings the schema up to date
        return conn

    def _create_database(self) -> None:
        """Make a new database, private to the user, with its whole schema, then move it into
        place in one step: no other process ever sees a half-made file, and if one made it first,
        theirs is kept."""
        import tempfile  # only on the very first write

        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            handle, draft = tempfile.mkstemp(prefix=".stretchlog-new-", suffix=".db", dir=folder)
            os.close(handle)
        except OSError as error:
            raise DatabaseError(
                f"cannot create the database {self.path}: {error.strerror}",
                "check the folder's permissions or use --db to pick another place",
            ) from error
        try:
            with _explained(draft):
                conn = sqlite3.connect(draft, isolation_level=None)
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("BEGIN IMMEDIATE")
                    migrations.apply(conn)
                    conn.execute("COMMIT")
                finally:
                    conn.close()
            _place(draft, self.path)
        finally:
            with suppress(FileNotFoundError):
                os.unlink(draft)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside happen together or not at all, with the write lock taken up front."""
        if self._conn is None and not os.path.exists(self.path):
            self._create_database()
        conn = self._connect()
        if self.read_only:
            raise DatabaseError(
                f"the database {self.path} is read-only",
                "make it writable or use --db to pick another file",
            )
        with _explained(self.path):
            self._check_schema(conn)  # before waiting for the lock: refuse foreign files at once
            conn.execute("BEGIN IMMEDIATE")
            try:
                if self._check_schema(conn) is _Schema.BEHIND:
                    migrations.apply(conn)
                self._schema = _Schema.CURRENT
                yield
                self._settle_runs(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        conn = self._reader()
        if conn is None:
            return []
        with _explained(self.path):
            return conn.execute(sql, params).fetchall()

    def _write(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        conn = self._connect()
        if not conn.in_transaction:  # pragma: no cover - a programming error, not a user's
            raise RuntimeError("writes must happen inside Store.transaction()")
        return conn.execute(sql, params)

    # Copies

    def exists(self) -> bool:
        return self._conn is not None or os.path.exists(self.path)

    def count_sessions(self) -> int:
        rows = self._rows("SELECT count(*) FROM sessions")
        return int(rows[0][0]) if rows else 0

    def backup_to(self, target: str) -> None:
        """A consistent copy made with SQLite's online backup API, safe while others write.

        The copy is created private to the user, and never over an existing file.
        """
        source = self._reader()
        if source is None:
            raise DatabaseError(
                f"there is nothing to back up: {self.path} holds no stretchlog data yet",
                "log a session first",
            )
        try:
            os.close(os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            raise DatabaseError(f"{target} already exists", "pick another file name") from None
        except OSError as error:
            raise DatabaseError(
                f"cannot create the backup {target}: {error.strerror}", "pick another place"
            ) from error
        with _explained(target):
            copy = sqlite3.connect(target)
            try:
                source.backup(copy)
            finally:
                copy.close()

    def check_copy(self) -> int:
        """How many sessions a backup file holds, after checking it is a sound stretchlog database;
        opened read-only, so the file is never changed."""
        if not os.path.isfile(self.path):
            raise DatabaseError(f"there is no file {self.path}", "check the path")
        with _explained(self.path):
            conn = _read_only(self.path)
            try:
                self._check_schema(conn)
                verdict = conn.execute("PRAGMA integrity_check").fetchone()[0]
                if verdict != "ok":
                    raise DatabaseError(
                        f"{self.path} is damaged ({verdict})", "pick another backup"
                    )
                return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])
            finally:
                conn.close()

    def restore_from(self, backup: str) -> None:
        """Replace this database's contents with the backup's, in one step, then bring the
        schema up to date. Check the backup with `Store(backup).check_copy()` first."""
        if self._conn is None and not os.path.exists(self.path):
            self._create_database()
        target = self._connect()
        if self.read_only:
            raise DatabaseError(
                f"the database {self.path} is read-only", "make it writable to restore into it"
            )
        with _explained(self.path):
            source = _read_only(backup)
            try:
                source.backup(target)
            finally:
                source.close()
        self._schema = None
        with self.transaction():
            pass  # migrates a backup made by an older stretchlog

    # Favourites

    def favourite_ids(self) -> list[str]:
        return [row[0] for row in self._rows("SELECT stretch_id FROM favourites ORDER BY position")]

    def replace_favourites(self, stretch_ids: Sequence[str]) -> None:
        self._write("DELETE FROM favourites")
        for position, stretch_id in enumerate(stretch_ids, 1):
            self._write(
                "INSERT INTO favourites (stretch_id, position) VALUES (?, ?)",
                [stretch_id, position],
            )

    # Sessions

    def add_session(self, draft: Session) -> Session:
        """Store `draft` (its id is ignored) and return it as stored, with its id and uid."""
        import uuid

        uid = draft.uid or uuid.uuid4().hex
        cursor = self._write(
            "INSERT INTO sessions"
            " (uid, day, logged_at, note, tightness, source, tightness_before, kind, seconds)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                uid,
                draft.day.isoformat(),
                _utc_text(draft.logged_at),
                draft.note,
                draft.tightness,
                draft.source,
                draft.tightness_before,
                draft.kind,
                draft.seconds,
            ],
        )
        session_id = cursor.lastrowid
        assert session_id is not None
        self._add_holds(session_id, draft.holds)
        stored = self.session(session_id)
        assert stored is not None
        return stored

    def _add_holds(self, session_id: int, holds: Iterable[Hold]) -> None:
        for position, hold in enumerate(holds, 1):
            self._write(
                "INSERT INTO session_stretches"
                " (session_id, position, stretch_id, side, seconds, reps)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [session_id, position, hold.stretch_id, hold.side, hold.seconds, hold.reps],
            )

    def replace_session(self, session_id: int, edited: Session) -> Session:
        """Change a stored session's day, note, tightness and stretches, keeping its identity."""
        self._write(
            "UPDATE sessions SET day = ?, note = ?, tightness = ?, seconds = ? WHERE id = ?",
            [edited.day.isoformat(), edited.note, edited.tightness, edited.seconds, session_id],
        )
        self._write("DELETE FROM session_stretches WHERE session_id = ?", [session_id])
        self._add_holds(session_id, edited.holds)
        stored = self.session(session_id)
        assert stored is not None
        return stored

    def uids(self) -> set[str]:
        return {row[0] for row in self._rows("SELECT uid FROM sessions")}

    def delete_session(self, session_id: int) -> None:
        self._write("DELETE FROM sessions WHERE id = ?", [session_id])

    def session(self, session_id: int) -> Session | None:
        if not 0 < session_id <= SQLITE_MAX_INTEGER:  # no row has it, and SQLite cannot hold it
            return None
        found = self._sessions("WHERE id = ?", [session_id])
        return found[0] if found else None

    def latest_logged(self) -> Session | None:
        """The session logged last, whatever day it was logged for."""
        found = self._sessions("", [], order="logged_at DESC, id DESC", limit=1)
        return found[0] if found else None

    def sessions(
        self, since: date | None = None, until: date | None = None, limit: int | None = None
    ) -> list[Session]:
        """Sessions from `since` to `until` (both included), newest day first."""
        where = "WHERE day >= ? AND day <= ?"
        params = [(since or date.min).isoformat(), (until or date.max).isoformat()]
        return self._sessions(where, params, limit=limit)

    def done_days(self) -> list[date]:
        """Days with at least one stretching session."""
        return [date.fromordinal(number) for number in self.done_numbers()]

    def rest_days(self) -> list[date]:
        return [date.fromordinal(number) for number in self.rest_numbers()]

    def done_numbers(self, since: date | None = None) -> list[int]:
        """The days stretched (from `since` on), as sorted day numbers (`date.toordinal()`):
        cheap for years of history."""
        return self._day_numbers(date.min if since is None else since, date.max)

    def rest_numbers(self, since: date | None = None) -> list[int]:
        return self._rest_numbers(date.min if since is None else since, date.max)

    def _day_numbers(self, first: date, last: date) -> list[int]:
        # One joined string instead of a row per day: fetching rows costs more than the query.
        rows = self._rows(  # day_totals is kept by triggers (see migrations)
            "SELECT group_concat(day_number) FROM day_totals WHERE day_number BETWEEN ? AND ?",
            [first.toordinal(), last.toordinal()],
        )
        return _sorted_numbers(rows)

    def _rest_numbers(self, first: date, last: date) -> list[int]:
        rows = self._rows(
            f"SELECT group_concat(n) FROM (SELECT DISTINCT {_day_number('day')} AS n FROM sessions"
            " WHERE kind = 'rest' AND day BETWEEN ? AND ?)",
            [first.isoformat(), last.isoformat()],
        )
        return _sorted_numbers(rows)

    def _series_numbers(self, series: str, first: int, last: int) -> list[int]:
        """The days (as numbers, from `first` to `last`) done: overall for the series '', or of
        the stretch it names."""
        if not series:
            return self._day_numbers(date.fromordinal(first), date.fromordinal(last))
        rows = self._rows(
            "SELECT group_concat(day_number) FROM stretch_days"
            " WHERE stretch_id = ? AND day_number BETWEEN ? AND ?",
            [series, first, last],
        )
        return _sorted_numbers(rows)

    # Streaks. `runs` holds every run of days done, overall (series '') and per stretch; the
    # triggers note what changed in `runs_stale` and each write settles it before committing.

    def _settle_runs(self, conn: sqlite3.Connection) -> None:
        """Recompute the runs around the days noted as changed since the last commit."""
        stale = conn.execute("SELECT series, first_day, last_day FROM runs_stale").fetchall()
        if not stale:
            return
        from stretchlog.streaks import run_spans

        for series, first, last in stale:
            # A run that ends before the changes and is not next to them is cut off from them
            # by a day that was neither done nor rested, and still is: only the runs touching
            # the changed days, or one step either side, can change.
            first = conn.execute(
                "SELECT coalesce(max(first_day), ?) FROM runs WHERE series = ? AND first_day < ?",
                [first, series, first],
            ).fetchone()[0]
            last = conn.execute(
                "SELECT coalesce(min(last_day), ?) FROM runs WHERE series = ? AND last_day > ?",
                [last, series, last],
            ).fetchone()[0]
            done = self._series_numbers(series, first, last)
            rest = self._rest_numbers(date.fromordinal(first), date.fromordinal(last))
            conn.execute(
                "DELETE FROM runs WHERE series = ? AND first_day BETWEEN ? AND ?",
                [series, first, last],
            )
            conn.executemany(
                "INSERT INTO runs (series, first_day, last_day, days) VALUES (?, ?, ?, ?)",
                [(series, *span) for span in run_spans(done, set(rest))],
            )
        conn.execute("DELETE FROM runs_stale")

    def streak_runs(
        self, today: date, stretch_id: str | None = None
    ) -> tuple[RunSpan | None, RunSpan | None]:
        """The latest run up to `today` and the longest (the most recent on a tie), overall or
        for one stretch. Read from the kept runs in a few rows; walked from every day done when
        those cannot say: a change made outside stretchlog, or days logged after `today`."""
        series = stretch_id or ""
        kept = self._rows(
            "SELECT first_day, last_day, days FROM runs WHERE series = ?"
            " ORDER BY first_day DESC LIMIT 1",
            [series],
        )
        latest = kept[0] if kept else None
        now = today.toordinal()
        if (latest is None or latest[1] <= now) and not self._rows(
            "SELECT 1 FROM runs_stale LIMIT 1"
        ):
            longest = self._rows(
                "SELECT first_day, last_day, days FROM runs WHERE series = ?"
                " ORDER BY days DESC, first_day DESC LIMIT 1",
                [series],
            )
            return latest, longest[0] if longest else None
        from stretchlog.streaks import latest_and_longest, run_spans

        done = self._series_numbers(series, 1, now)
        return latest_and_longest(run_spans(done, set(self.rest_numbers())))

    def recent_numbers(self, today: date, stretch_id: str | None = None) -> list[int]:
        """The days done in the 30 days up to `today`, overall or for one stretch."""
        now = today.toordinal()
        return self._series_numbers(stretch_id or "", now - 29, now)

    def stretches_done(self) -> list[str]:
        """Every stretch logged at least once."""
        return [
            row[0] for row in self._rows("SELECT stretch_id FROM stretch_totals WHERE sessions > 0")
        ]

    # Aggregates for stats and the calendar: summed in SQL, so years of history stay quick

    def day_seconds(self, first: date, last: date) -> dict[date, int]:
        """Seconds stretched on each day from `first` to `last` that has any."""
        rows = self._rows(
            "SELECT day_number, seconds FROM day_totals WHERE day_number BETWEEN ? AND ?",
            [first.toordinal(), last.toordinal()],
        )
        return {date.fromordinal(number): seconds for number, seconds in rows}

    def totals(self, first: date | None, last: date) -> Totals:
        """Sessions, days stretched (also by weekday), seconds held and rest days, from `first`
        (or the start) to `last`."""
        from stretchlog.insight import Totals

        by_weekday = self._rows(  # day number 1 was a Monday
            "SELECT (day_number - 1) % 7, count(*), sum(sessions), sum(seconds) FROM day_totals"
            " WHERE day_number BETWEEN ? AND ? GROUP BY 1",
            [(first or date.min).toordinal(), last.toordinal()],
        )
        rest = self._rows(
            "SELECT count(DISTINCT day) FROM sessions AS marked"
            " WHERE kind = 'rest' AND day BETWEEN ? AND ? AND NOT EXISTS"
            " (SELECT 1 FROM sessions WHERE kind = 'session' AND day = marked.day)",
            [(first or date.min).isoformat(), last.isoformat()],
        )
        weekdays = [0] * 7
        for weekday, days, _, _ in by_weekday:
            weekdays[weekday] = days
        return Totals(
            sessions=sum(row[2] for row in by_weekday),
            days=sum(weekdays),
            seconds=sum(row[3] for row in by_weekday),
            rest_days=rest[0][0] if rest else 0,
            weekdays=tuple(weekdays),
        )

    def first_logged(self, until: date) -> date | None:
        """The first day with a session or a rest day, up to `until`."""
        rows = self._rows("SELECT min(day) FROM sessions WHERE day <= ?", [until.isoformat()])
        return date.fromisoformat(rows[0][0]) if rows and rows[0][0] else None

    def stretch_totals(self, since: date | None = None) -> list[StretchTotal]:
        """Per stretch: the sessions it was part of and the seconds held."""
        from stretchlog.insight import StretchTotal

        if since is None:  # kept up to date by triggers (see migrations.m005_quicker_history)
            rows = self._rows(
                "SELECT stretch_id, sessions, seconds FROM stretch_totals WHERE sessions > 0"
            )
        else:
            rows = self._rows(  # CROSS JOIN: from the sessions in range, not every stretch done
                "SELECT h.stretch_id, count(DISTINCT s.id), sum(h.seconds)"
                " FROM sessions s CROSS JOIN session_stretches h ON h.session_id = s.id"
                " WHERE s.day >= ? GROUP BY h.stretch_id",
                [since.isoformat()],
            )
        return [StretchTotal(*row) for row in rows]

    def ratings(self, since: date) -> list[Rating]:
        """Every tightness score logged from `since` on, by day number."""
        from stretchlog.insight import Rating

        rows = self._rows(
            f"SELECT {_day_number('day')}, tightness, tightness_before FROM sessions"
            " WHERE kind = 'session' AND day >= ?"
            " AND (tightness IS NOT NULL OR tightness_before IS NOT NULL)",
            [since.isoformat()],
        )
        return [Rating(*row) for row in rows]

    def on_day(self, day: date) -> list[Session]:
        """The sessions and rest day logged for `day`."""
        return self._sessions("WHERE day = ?", [day.isoformat()])

    def delete_rest_day(self, day: date) -> int:
        """Unmark `day` as a rest day; returns how many marks were removed."""
        cursor = self._write(
            "DELETE FROM sessions WHERE kind = 'rest' AND day = ?", [day.isoformat()]
        )
        return cursor.rowcount

    def _sessions(
        self,
        where: str,
        params: list[Any],
        order: str = "day DESC, logged_at DESC, id DESC",
        limit: int | None = None,
    ) -> list[Session]:
        chosen = f"SELECT id FROM sessions {where} ORDER BY {order} LIMIT ?"
        params = [*params, -1 if limit is None else limit]
        rows = self._rows(
            f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id IN ({chosen}) ORDER BY {order}",
            params,
        )
        holds = _group_holds(
            self._rows(
                "SELECT session_id, stretch_id, side, seconds, reps FROM session_stretches"
                f" WHERE session_id IN ({chosen}) ORDER BY session_id, position",
                params,
            )
        )
        return [_session(row, holds.get(row[0], ())) for row in rows]


def _sorted_numbers(rows: list[tuple[Any, ...]]) -> list[int]:
    """Day numbers from a one-row group_concat, sorted."""
    joined = rows[0][0] if rows else None
    return sorted(map(int, joined.split(","))) if joined else []


def _place(draft: str, path: str) -> None:
    """Move the finished `draft` to `path` unless a file is already there."""
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another stretchlog created it at the same moment: use theirs
    except OSError:  # a file system without hard links
        if not os.path.exists(path):
            os.replace(draft, path)


def _read_only(path: str) -> sqlite3.Connection:
    """A connection that cannot write. With no write-ahead log pending beside the file, it is
    opened as immutable, since SQLite would otherwise need to create a -shm file next to it,
    which a read-only folder forbids."""
    from urllib.parse import quote  # only for read-only files and copies

    wal = path + "-wal"
    settled = not os.path.exists(wal) or os.path.getsize(wal) == 0
    options = "mode=ro&immutable=1" if settled else "mode=ro"
    return sqlite3.connect(f"file:{quote(os.path.abspath(path))}?{options}", uri=True)


def _group_holds(rows: Iterable[tuple[Any, ...]]) -> dict[int, tuple[Hold, ...]]:
    from stretchlog.sessions import Hold

    grouped: dict[int, list[Hold]] = {}
    for session_id, stretch_id, side, seconds, reps in rows:
        grouped.setdefault(session_id, []).append(Hold(stretch_id, side, seconds, reps))
    return {session_id: tuple(holds) for session_id, holds in grouped.items()}


def _session(row: tuple[Any, ...], holds: tuple[Hold, ...]) -> Session:
    from stretchlog.sessions import Session

    session_id, uid, day, logged_at, note, tightness, source, tightness_before, kind = row
    return Session(
        id=session_id,
        uid=uid,
        day=date.fromisoformat(day),
        logged_at=datetime.fromisoformat(logged_at),
        note=note,
        tightness=tightness,
        source=source,
        holds=holds,
        tightness_before=tightness_before,
        kind=kind,
    )


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
