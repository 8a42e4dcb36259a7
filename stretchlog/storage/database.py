"""A stretchlog database file: opened lazily, checked before it is trusted, migrated once, and
written only inside transactions. Copies (backup, restore) are taken here too.

Reads and writes use plain parameterised SQL on the standard library's sqlite3, because importing
sqlite-utils costs more than all of typer; sqlite-utils builds and migrates the schema. Paths stay
strings (no pathlib): the `status` fast path reads through this module on every shell prompt.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

from stretchlog.errors import DatabaseError
from stretchlog.storage import migrations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from typing import Any

BUSY_TIMEOUT_SECONDS = 15.0


# The context managers here are small classes, not contextlib's decorator: `status` reads
# through this module on every shell prompt, and importing contextlib costs a tenth of its budget.


class explained:
    """Turn SQLite's errors into one sentence about the user's file and what to do about it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if isinstance(error, sqlite3.Error):
            raise _explain(self.path, error) from error


def _explain(path: str, error: sqlite3.Error) -> DatabaseError:
    text = str(error)
    if "locked" in text or "busy" in text:
        return DatabaseError(
            f"the database {path} stayed locked by another program",
            "wait for it to finish and try again",
        )
    if "readonly" in text or "read-only" in text:
        return _read_only_error(path)
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


def _read_only_error(path: str) -> DatabaseError:
    return DatabaseError(
        f"the database {path} is read-only (the file or its folder)",
        "make both writable, or use --db to pick another file",
    )


class Database:
    """One database file. Nothing touches the disk until something is read or written."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = os.fspath(path)
        self._conn: sqlite3.Connection | None = None
        self._schema_current = False
        self.read_only = False
        self.created = False
        """This run made the database file (it was not there before)."""
        self.changes: set[tuple[str, str]] = set()
        """(kind, key) of each entity written in the open transaction: sync records them."""

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def exists(self) -> bool:
        return self._conn is not None or os.path.exists(self.path)

    # Opening and checking

    def _connect(self) -> sqlite3.Connection:
        """Open the existing file: read-write, or read-only when the user may only read it."""
        if self._conn is None:
            check_file(self.path)
            # Writing needs the folder too, for the -wal, -shm or -journal file beside it.
            folder = os.path.dirname(os.path.abspath(self.path))
            self.read_only = not (os.access(self.path, os.W_OK) and os.access(folder, os.W_OK))
            with explained(self.path):
                if not self.read_only and os.path.exists(self.path + "-wal"):
                    self._check_before_writing()
                if self.read_only:
                    conn = read_only_connection(self.path)
                else:
                    conn = connect(self.path, "rw", timeout=BUSY_TIMEOUT_SECONDS)
                conn.execute("PRAGMA foreign_keys = ON")
            self._conn = conn
        return self._conn

    def _check_before_writing(self) -> None:
        """With a write-ahead log beside it, look at the file read-only first: a connection
        that may write folds the log into the file when it closes, and a file that is not
        stretchlog's must be left exactly as it was."""
        probe = read_only_connection(self.path)
        try:
            schema_is_current(probe, self.path)
        finally:
            probe.close()

    def _reader(self) -> sqlite3.Connection | None:
        """A connection to read from, or None while no database has been written yet."""
        if self._conn is None and not os.path.exists(self.path):
            return None
        conn = self._connect()
        if not self._schema_current:
            if schema_is_current(conn, self.path):
                self._schema_current = True
            elif self.read_only:
                raise DatabaseError(
                    f"{self.path} was written by an older stretchlog and is read-only",
                    "make it writable once, so stretchlog can bring it up to date",
                )
            else:
                self.upgrade()
        return conn

    def upgrade(self) -> None:
        """Bring the schema up to date now (a transaction migrates before anything else)."""
        with self.transaction():
            pass

    def _create(self) -> None:
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
            with explained(self.path):  # the user knows this name, not the draft's
                conn = connect(draft, "rw")
                try:
                    conn.execute("PRAGMA journal_mode = WAL")
                    conn.execute("BEGIN IMMEDIATE")
                    migrations.apply(conn)
                    conn.execute("COMMIT")
                finally:
                    conn.close()
            self.created = _place(draft, self.path)
        finally:
            _remove(draft)

    def _writer(self) -> sqlite3.Connection:
        """A connection that may write, creating the database on the very first write."""
        if self._conn is None and not os.path.exists(self.path):
            self._create()
        conn = self._connect()
        if self.read_only:
            raise _read_only_error(self.path)
        return conn

    def transaction(self) -> _Transaction:
        """All writes inside happen together or not at all, with the write lock taken up front.
        A schema that is behind is brought up to date first, under the same lock."""
        return _Transaction(self)

    def note_change(self, kind: str, key: str) -> None:
        """Note that the entity `key` of `kind` (see domain/sync.py) was written."""
        self.changes.add((kind, key))

    def record_changes(self) -> None:
        """What sync keeps of the changes noted, inside their transaction (see storage/sync_log.py)."""
        self.changes.clear()

    def snapshot(self) -> _Snapshot:
        """Reads inside see the database as it was at one moment, whatever other processes
        commit meanwhile (an export, a session and its stretches read in two queries)."""
        return _Snapshot(self)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """The rows `sql` selects; none while the database does not exist yet."""
        conn = self._reader()
        if conn is None:
            return []
        with explained(self.path):
            return conn.execute(sql, params).fetchall()

    def write(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        conn = self._connect()
        if not conn.in_transaction:  # pragma: no cover - a programming error, not a user's
            raise RuntimeError("writes must happen inside Database.transaction()")
        return conn.execute(sql, params)

    def write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        conn = self._connect()
        if not conn.in_transaction:  # pragma: no cover - a programming error, not a user's
            raise RuntimeError("writes must happen inside Database.transaction()")
        conn.executemany(sql, rows)

    # Copies

    def backup_to(self, target: str, source: sqlite3.Connection | None = None) -> int:
        """A consistent copy made with SQLite's online backup API, safe while others write;
        returns how many entries the copy holds.

        The copy is created private to the user, never over an existing file, and a copy that
        fails (a full disk, say) is removed again.
        """
        source = source or self._reader()
        if source is None:
            raise DatabaseError(
                f"there is nothing to back up: {self.path} holds no stretchlog data yet",
                "log a session first",
            )
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        try:
            os.close(os.open(target, flags, 0o600))
        except FileExistsError:
            raise DatabaseError(f"{target} already exists", "pick another file name") from None
        except OSError as error:
            raise DatabaseError(
                f"cannot create the backup {target}: {error.strerror}", "pick another place"
            ) from error
        try:
            with explained(target):
                copy = connect(target, "rw")
                try:
                    source.backup(copy)
                    return int(copy.execute("SELECT count(*) FROM sessions").fetchone()[0])
                finally:
                    copy.close()
        except BaseException:
            _remove(target)
            raise

    def unreadable(self, error: Exception) -> Exception:
        """The error for a row that holds what stretchlog never writes."""
        return DatabaseError(
            f"{self.path} holds an entry stretchlog cannot read ({error})",
            "restore a backup, or fix the row with sqlite-utils",
        )

    def replace_with(self, prepared: str, keep: str | None) -> None:
        """Replace everything this database holds with what the up-to-date database `prepared`
        holds, after copying what it held to `keep`: both under one write lock, so a session
        another process logs meanwhile lands in the kept copy or after the replacement, never
        in between. Kept tables (streak runs, totals) are rebuilt by the triggers."""
        conn = self._writer()
        with explained(self.path):
            conn.execute("ATTACH DATABASE ? AS incoming", [_uri(prepared, "ro")])
        try:
            with self.transaction():
                if keep is not None:
                    self._copy_committed_to(keep)
                for table in (*_REPLACED, *_KEPT_BY_TRIGGERS):
                    conn.execute(f"DELETE FROM main.{table}")
                for table in reversed(_REPLACED):
                    columns = ", ".join(
                        row[1] for row in conn.execute(f"PRAGMA table_info({table})")
                    )
                    conn.execute(
                        f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM incoming.{table}"
                    )
                conn.execute(  # ids stay unused, those of the replaced entries included
                    "UPDATE main.id_high_water SET last = max(last, coalesce((SELECT last"
                    " FROM incoming.id_high_water AS i WHERE i.name = id_high_water.name), 0))"
                )
        finally:
            conn.execute("DETACH DATABASE incoming")

    def _copy_committed_to(self, keep: str) -> None:
        """Copy what is committed to `keep`, through a second connection: the write lock this one
        holds stops anything new from being committed meanwhile."""
        reader = connect(self.path, "ro")
        try:
            self.backup_to(keep, source=reader)
        finally:
            reader.close()


class _Transaction:
    """See Database.transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.conn: sqlite3.Connection | None = None

    def __enter__(self) -> None:
        db = self.db
        conn = self.conn = db._writer()
        with explained(db.path):
            schema_is_current(conn, db.path)  # before waiting for the lock: refuse foreign files
            conn.execute("BEGIN IMMEDIATE")
            try:
                if not schema_is_current(conn, db.path):
                    migrations.apply(conn)
                check_known_schema(conn, db.path)
            except BaseException:
                self._roll_back()
                raise
        db._schema_current = True

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        from stretchlog.storage.runs import settle_runs

        db, conn = self.db, self.conn
        assert conn is not None
        try:
            with explained(db.path):
                if error is not None:
                    self._roll_back()
                    return  # raised on, as SQLite's error explained below if it is one
                if db.changes:
                    db.record_changes()
                settle_runs(conn)
                conn.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise
        finally:
            db.changes.clear()
            if isinstance(error, sqlite3.Error):
                raise _explain(db.path, error) from error

    def _roll_back(self) -> None:
        if self.conn is not None and self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


class _Snapshot:
    """See Database.snapshot."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.began: sqlite3.Connection | None = None

    def __enter__(self) -> None:
        conn = self.db._reader()
        if conn is None or conn.in_transaction:
            return
        with explained(self.db.path):
            conn.execute("BEGIN")
        self.began = conn

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if self.began is not None and self.began.in_transaction:
            self.began.execute("COMMIT")


def _remove(path: str) -> None:
    try:  # noqa: SIM105 (contextlib.suppress: see the note on context managers above)
        os.unlink(path)
    except FileNotFoundError:
        pass


_REPLACED = (
    "pauses",
    "reminders",
    "routine_stretches",
    "routines",
    "session_stretches",
    "sessions",
    "sync_entities",
    "sync_files",
    "sync_peers",
)
"""The tables a restore replaces, those that point at others first. Sync's go back with the
entries, so that the next sync reads again what came after the backup, this device's own lines
included: nothing synced is lost. `sync_device` stays, so numbering goes on after the highest
sequence number this device ever wrote."""
_KEPT_BY_TRIGGERS = ("stretch_days", "stretch_totals", "day_totals", "runs", "runs_stale")


def check_file(path: str) -> None:
    """Refuse, before SQLite touches it, what cannot be a stretchlog database."""
    import stat

    if os.path.islink(path) and not os.path.exists(path):
        raise DatabaseError(
            f"{path} is a link to a file that is not there", "mend the link or use --db"
        )
    if os.path.isdir(path):
        raise DatabaseError(
            f"{path} is a directory, not a database file", "give --db the path of a file inside it"
        )
    if not os.access(path, os.R_OK):
        raise DatabaseError(
            f"cannot read the database {path}: permission denied",
            "check its permissions (ls -l) or use --db to pick another file",
        )
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise DatabaseError(
            f"{path} is not a regular file (a pipe or a device)",
            "use --db to pick a database file",
        )
    if os.path.getsize(path) == 0:
        raise DatabaseError(
            f"{path} is empty (0 bytes), not a stretchlog database",
            "delete it if nothing should be there, or use --db to pick another file",
        )


def schema_is_current(conn: sqlite3.Connection, path: str) -> bool:
    """Whether every migration of this version is applied (False: some are still to come);
    refuses files that are not stretchlog's, or that a newer stretchlog wrote."""
    with explained(path):
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
            f"{path} is an empty SQLite database, not stretchlog's",
            "delete it if nothing should be there, or use --db to pick another file",
        )
    if not applied:
        raise DatabaseError(
            f"{path} is a SQLite database of another program, not stretchlog's",
            "use --db to pick another file",
        )
    if not applied <= set(migrations.NAMES):
        raise DatabaseError(
            f"{path} was written by a newer stretchlog",
            "upgrade stretchlog (pip install -U stretchlog) to use it",
        )
    return len(applied) == len(migrations.NAMES)


def check_known_schema(conn: sqlite3.Connection, path: str) -> None:
    """Refuse a database holding tables, indexes, triggers or views this version does not make,
    or triggers and views whose code differs: a crafted file must not plant behaviour (a trigger
    deleting sessions on each insert) that passes every other check. Checked before anything is
    written and before a copy is restored: reading runs no trigger. Statistics from ANALYZE are
    fine."""
    from stretchlog.storage.known_schema import CODE, OBJECTS

    with explained(path):
        objects = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()

    for kind, name, table, sql in objects:
        if name.startswith("sqlite_stat"):
            continue
        if (kind, name, table) not in OBJECTS or (name in CODE and sql != CODE[name]):
            raise DatabaseError(
                f"{path} holds a {kind} '{name}' that stretchlog did not write",
                "restore a backup you trust, or use --db to pick another file",
            )
    if len({(k, n, t) for k, n, t, _ in objects if not n.startswith("sqlite_stat")}) < len(OBJECTS):
        raise DatabaseError(
            f"{path} lacks parts of stretchlog's schema", "restore a backup you trust"
        )


def _place(draft: str, path: str) -> bool:
    """Move the finished `draft` to `path` unless a file is already there; whether it moved."""
    import errno

    try:
        try:
            os.link(draft, path)
        except FileExistsError:
            return False  # another stretchlog created it at the same moment: use theirs
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.EXDEV, errno.ENOTSUP, errno.EMLINK):
                raise
            if os.path.exists(path):  # a file system without hard links
                return False
            os.replace(draft, path)
    except OSError as error:
        raise DatabaseError(
            f"cannot create the database {path}: {error.strerror}",
            "use --db to pick another place (a shorter name, a folder you can write to)",
        ) from error
    return True


def read_only_connection(path: str) -> sqlite3.Connection:
    """A connection that cannot write. With no write-ahead log pending beside the file, it is
    opened as immutable, since SQLite would otherwise need to create a -shm file next to it,
    which a read-only folder forbids."""
    wal = path + "-wal"
    settled = not os.path.exists(wal) or os.path.getsize(wal) == 0
    options = "ro&immutable=1" if settled else "ro"
    return connect(path, options)


def connect(path: str, options: str, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection to the file at `path`, taken as a path whatever it looks like: SQLite would
    read a name like 'file:x.db?mode=memory' as a URI and open something else entirely."""
    return sqlite3.connect(_uri(path, options), uri=True, timeout=timeout, isolation_level=None)


def _uri(path: str, options: str) -> str:
    name = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
    return f"file:{name}?mode={options}"
