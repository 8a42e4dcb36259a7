"""The schema's history: one small function per step, applied in order, never edited once shipped.

The step names are readable without importing sqlite-utils, so read-only commands can check the
schema is current without paying for that import.
"""

from __future__ import annotations

import sqlite3

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see records.py)
if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "stretchlog"
DAY_NUMBER = "CAST(julianday({0}) - 1721424.5 AS INTEGER)"
"""SQL for a day column as Python's date.toordinal(): julianday('0001-01-01') is 1721425.5."""
MIGRATIONS_TABLE = "_sqlite_migrations"


def m001_core(db: Database) -> None:
    from sqlite_utils.db import ForeignKey

    db.table("sessions").create(
        {
            "id": int,
            "uid": str,
            "day": str,
            "logged_at": str,
            "note": str,
            "tightness": int,
            "source": str,
        },
        pk="id",
        not_null=["uid", "day", "logged_at", "source"],
    )
    db.table("sessions").create_index(["uid"], unique=True)
    db.table("sessions").create_index(["day"])
    db.table("session_stretches").create(
        {
            "id": int,
            "session_id": int,
            "position": int,
            "stretch_id": str,
            "side": str,
            "seconds": int,
            "reps": int,
        },
        pk="id",
        not_null=["session_id", "position", "stretch_id", "seconds", "reps"],
        foreign_keys=[
            ForeignKey(
                table="session_stretches",
                column="session_id",
                other_table="sessions",
                other_column="id",
                on_delete="CASCADE",
            )
        ],
    )
    db.table("session_stretches").create_index(["session_id", "position"], unique=True)
    db.table("session_stretches").create_index(["stretch_id"])
    db.table("favourites").create(
        {"stretch_id": str, "position": int}, pk="stretch_id", not_null=["position"]
    )


def m002_tightness_before(db: Database) -> None:
    """Guided sessions rate tightness before and after; `tightness` stays the one after."""
    db.table("sessions").add_column("tightness_before", int)


def m003_rest_days(db: Database) -> None:
    """A rest day is a row of `sessions` with kind 'rest' and no stretches, so it shares the ids
    that `history`, `undo` and `delete` use."""
    db.table("sessions").add_column("kind", str, not_null_default="session")
    db.table("sessions").create_index(["kind", "day"])


def m004_daily_view(db: Database) -> None:
    """A day-by-day summary for exploring the history with sqlite-utils or Datasette."""
    db.create_view(
        "daily",
        """
        SELECT s.day AS day,
               count(DISTINCT s.id) AS sessions,
               count(DISTINCT h.stretch_id) AS stretches,
               coalesce(sum(h.seconds), 0) AS seconds
        FROM sessions s LEFT JOIN session_stretches h ON h.session_id = s.id
        WHERE s.kind = 'session'
        GROUP BY s.day
        """,
    )


def m005_quicker_history(db: Database) -> None:
    """Keep each session's total seconds on its row and each stretch's totals in a table, and
    index what stats and undo look up, so that decades of history stay quick to summarise."""
    db.table("sessions").add_column("seconds", int, not_null_default=0)
    db.execute(
        "UPDATE sessions SET seconds = coalesce("
        "(SELECT sum(seconds) FROM session_stretches WHERE session_id = sessions.id), 0)"
    )
    db.table("sessions").create_index(["kind", "day", "seconds"])
    db.table("sessions").create_index(["logged_at"])
    # The days each stretch was done on, kept by triggers too, for streak --by-stretch.
    db.execute(
        "CREATE TABLE stretch_days (stretch_id TEXT NOT NULL, day_number INTEGER NOT NULL,"
        " PRIMARY KEY (stretch_id, day_number)) WITHOUT ROWID"
    )
    db.execute(
        "INSERT OR IGNORE INTO stretch_days (stretch_id, day_number)"
        f" SELECT h.stretch_id, {DAY_NUMBER.format('s.day')}"
        " FROM session_stretches h JOIN sessions s ON s.id = h.session_id"
    )
    db.execute(
        f"""
        CREATE TRIGGER stretch_days_add AFTER INSERT ON session_stretches BEGIN
            INSERT OR IGNORE INTO stretch_days (stretch_id, day_number)
                SELECT NEW.stretch_id, {DAY_NUMBER.format("day")}
                FROM sessions WHERE id = NEW.session_id;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER session_stretches_go_first BEFORE DELETE ON sessions BEGIN
            -- while the session is still there to say which day its stretches leave
            DELETE FROM session_stretches WHERE session_id = OLD.id;
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER stretch_days_move AFTER UPDATE OF day ON sessions
        WHEN OLD.day != NEW.day BEGIN
            DELETE FROM stretch_days
            WHERE day_number = {DAY_NUMBER.format("OLD.day")}
              AND stretch_id IN (SELECT stretch_id FROM session_stretches WHERE session_id = NEW.id)
              AND NOT EXISTS (
                  SELECT 1 FROM session_stretches h JOIN sessions s ON s.id = h.session_id
                  WHERE h.stretch_id = stretch_days.stretch_id AND s.day = OLD.day);
            INSERT OR IGNORE INTO stretch_days (stretch_id, day_number)
                SELECT stretch_id, {DAY_NUMBER.format("NEW.day")}
                FROM session_stretches WHERE session_id = NEW.id;
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER stretch_days_remove AFTER DELETE ON session_stretches BEGIN
            DELETE FROM stretch_days
            WHERE stretch_id = OLD.stretch_id
              AND day_number = (
                  SELECT {DAY_NUMBER.format("day")} FROM sessions WHERE id = OLD.session_id)
              AND NOT EXISTS (
                  SELECT 1 FROM session_stretches h JOIN sessions s ON s.id = h.session_id
                  WHERE h.stretch_id = OLD.stretch_id AND h.id != OLD.id
                    AND s.day = (SELECT day FROM sessions WHERE id = OLD.session_id));
        END
        """
    )
    # Per-stretch totals, kept by triggers on every write (deletes cascading from sessions too),
    # so stats need not read every stretch ever logged.
    db.table("stretch_totals").create(
        {"stretch_id": str, "sessions": int, "seconds": int},
        pk="stretch_id",
        not_null=["sessions", "seconds"],
    )
    db.execute(
        "INSERT INTO stretch_totals (stretch_id, sessions, seconds)"
        " SELECT stretch_id, count(DISTINCT session_id), sum(seconds)"
        " FROM session_stretches GROUP BY stretch_id"
    )
    db.execute(
        """
        CREATE TRIGGER stretch_totals_add AFTER INSERT ON session_stretches BEGIN
            INSERT INTO stretch_totals (stretch_id, sessions, seconds)
                VALUES (NEW.stretch_id, 0, 0) ON CONFLICT DO NOTHING;
            UPDATE stretch_totals SET
                seconds = seconds + NEW.seconds,
                sessions = sessions + (SELECT count(*) = 1 FROM session_stretches
                    WHERE session_id = NEW.session_id AND stretch_id = NEW.stretch_id)
            WHERE stretch_id = NEW.stretch_id;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER stretch_totals_remove AFTER DELETE ON session_stretches BEGIN
            UPDATE stretch_totals SET
                seconds = seconds - OLD.seconds,
                sessions = sessions - (SELECT count(*) = 0 FROM session_stretches
                    WHERE session_id = OLD.session_id AND stretch_id = OLD.stretch_id)
            WHERE stretch_id = OLD.stretch_id;
        END
        """
    )


def m006_kept_streaks(db: Database) -> None:
    """Keep every run of days (overall and per stretch) in `runs`, so streaks are read from a
    few rows however long the history; and look up a day's other sessions from the day, not
    from the stretch, when a session leaves (which was slow on decades of history).

    Triggers only note which days changed, in `runs_stale`; the store recomputes the runs around
    them before each write commits (`Store._settle_runs`), because runs bridge rest days, a rule
    that lives in Python (`streaks.run_spans`). Readers never trust `runs` while a note remains.
    """
    db.execute("DROP TRIGGER stretch_days_move")
    db.execute("DROP TRIGGER stretch_days_remove")
    # CROSS JOIN keeps sessions outermost: found by day, a handful of rows, not by stretch.
    db.execute(
        f"""
        CREATE TRIGGER stretch_days_move AFTER UPDATE OF day ON sessions
        WHEN OLD.day != NEW.day BEGIN
            DELETE FROM stretch_days
            WHERE day_number = {DAY_NUMBER.format("OLD.day")}
              AND stretch_id IN (SELECT stretch_id FROM session_stretches WHERE session_id = NEW.id)
              AND NOT EXISTS (
                  SELECT 1 FROM sessions s CROSS JOIN session_stretches h ON h.session_id = s.id
                  WHERE s.day = OLD.day AND h.stretch_id = stretch_days.stretch_id);
            INSERT OR IGNORE INTO stretch_days (stretch_id, day_number)
                SELECT stretch_id, {DAY_NUMBER.format("NEW.day")}
                FROM session_stretches WHERE session_id = NEW.id;
        END
        """
    )
    db.execute(
        f"""
        CREATE TRIGGER stretch_days_remove AFTER DELETE ON session_stretches BEGIN
            DELETE FROM stretch_days
            WHERE stretch_id = OLD.stretch_id
              AND day_number = (
                  SELECT {DAY_NUMBER.format("day")} FROM sessions WHERE id = OLD.session_id)
              AND NOT EXISTS (
                  SELECT 1 FROM sessions s CROSS JOIN session_stretches h ON h.session_id = s.id
                  WHERE s.day = (SELECT day FROM sessions WHERE id = OLD.session_id)
                    AND h.stretch_id = OLD.stretch_id AND h.id != OLD.id);
        END
        """
    )
    db.execute(
        "CREATE TABLE runs (series TEXT NOT NULL, first_day INTEGER NOT NULL,"
        " last_day INTEGER NOT NULL, days INTEGER NOT NULL,"
        " PRIMARY KEY (series, first_day)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX runs_by_end ON runs (series, last_day)")
    db.execute("CREATE INDEX runs_by_length ON runs (series, days, first_day)")
    db.execute(
        "CREATE TABLE runs_stale (series TEXT PRIMARY KEY, first_day INTEGER NOT NULL,"
        " last_day INTEGER NOT NULL) WITHOUT ROWID"
    )
    note = (
        "INSERT INTO runs_stale (series, first_day, last_day) {0} WHERE true"
        " ON CONFLICT (series) DO UPDATE SET first_day = min(first_day, excluded.first_day),"
        " last_day = max(last_day, excluded.last_day);"
    )
    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        verb = "add" if event == "INSERT" else "remove"
        changed = f"SELECT {row}.stretch_id, {row}.day_number, {row}.day_number"
        db.execute(
            f"CREATE TRIGGER runs_stale_stretch_{verb} AFTER {event} ON stretch_days"
            f" BEGIN {note.format(changed)} END"
        )
        db.execute(
            f"CREATE TRIGGER runs_stale_session_{verb} AFTER {event} ON sessions"
            f" BEGIN {note.format(_series_on(row))} END"
        )
    db.execute(
        "CREATE TRIGGER runs_stale_session_move AFTER UPDATE OF day, kind ON sessions BEGIN"
        f" {note.format(_series_on('OLD'))} {note.format(_series_on('NEW'))} END"
    )
    # The whole history is stale: the store computes every run before this step commits.
    db.execute(
        "INSERT INTO runs_stale SELECT stretch_id, min(day_number), max(day_number)"
        " FROM stretch_days GROUP BY stretch_id"
    )
    db.execute(
        f"INSERT INTO runs_stale SELECT '', {DAY_NUMBER.format('min(day)')},"
        f" {DAY_NUMBER.format('max(day)')} FROM sessions WHERE kind = 'session' HAVING count(*)"
    )


def _series_on(row: str) -> str:
    """SQL for the series a session's day changes: the overall one ('') for a session, every
    series for a rest day, since a rest day can join the runs of each stretch."""
    day = DAY_NUMBER.format(f"{row}.day")
    return (
        f"SELECT series, {day}, {day} FROM (SELECT '' AS series UNION ALL"
        f" SELECT stretch_id FROM stretch_totals WHERE {row}.kind = 'rest')"
    )


def m007_day_totals(db: Database) -> None:
    """Keep one row per day stretched, with its sessions and seconds, so totals, weekdays and
    the days done are read as integers from a small table instead of parsed from every session."""
    db.execute(
        "CREATE TABLE day_totals (day_number INTEGER PRIMARY KEY,"
        " sessions INTEGER NOT NULL, seconds INTEGER NOT NULL)"
    )
    db.execute(
        f"INSERT INTO day_totals SELECT {DAY_NUMBER.format('day')}, count(*), sum(seconds)"
        " FROM sessions WHERE kind = 'session' GROUP BY day"
    )
    add = (
        "INSERT INTO day_totals (day_number, sessions, seconds)"
        f" SELECT {DAY_NUMBER.format('NEW.day')}, 1, NEW.seconds WHERE NEW.kind = 'session'"
        " ON CONFLICT (day_number) DO UPDATE SET sessions = sessions + 1,"
        " seconds = seconds + excluded.seconds;"
    )
    remove = (
        "UPDATE day_totals SET sessions = sessions - 1, seconds = seconds - OLD.seconds"
        f" WHERE day_number = {DAY_NUMBER.format('OLD.day')} AND OLD.kind = 'session';"
        " DELETE FROM day_totals WHERE sessions = 0"
        f" AND day_number = {DAY_NUMBER.format('OLD.day')};"
    )
    db.execute(f"CREATE TRIGGER day_totals_add AFTER INSERT ON sessions BEGIN {add} END")
    db.execute(f"CREATE TRIGGER day_totals_remove AFTER DELETE ON sessions BEGIN {remove} END")
    db.execute(
        "CREATE TRIGGER day_totals_change AFTER UPDATE OF day, kind, seconds ON sessions"
        f" BEGIN {remove} {add} END"
    )


def m008_ids_never_reused(db: Database) -> None:
    """Give each new session an id no session ever had, so an id a script noted never comes to
    name another session: SQLite's own rowids would reuse the highest one once it is deleted."""
    db.execute(
        "CREATE TABLE id_high_water (name TEXT PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID"
    )
    db.execute("INSERT INTO id_high_water SELECT 'sessions', coalesce(max(id), 0) FROM sessions")
    db.execute(
        "CREATE TRIGGER sessions_high_water AFTER INSERT ON sessions BEGIN"
        " UPDATE id_high_water SET last = max(last, NEW.id) WHERE name = 'sessions'; END"
    )


def m009_routines(db: Database) -> None:
    """Named routines, each stretch in one with its own dose and the rule its hold grows by; the
    favourites become the default routine 'favourites'. A session keeps the uid of the routine it
    came from, and each score of tightness may be kept per side."""
    db.execute(
        "CREATE TABLE routines (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
        " name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE,"
        " is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)))"
    )
    db.execute("CREATE UNIQUE INDEX routines_one_default ON routines (is_default) WHERE is_default")
    db.execute(
        "CREATE TABLE routine_stretches ("
        " routine_id INTEGER NOT NULL REFERENCES routines (id) ON DELETE CASCADE,"
        " position INTEGER NOT NULL, stretch_id TEXT NOT NULL,"
        " hold_seconds INTEGER, reps INTEGER,"
        " progress_seconds INTEGER, progress_every INTEGER, progress_max INTEGER,"
        " PRIMARY KEY (routine_id, stretch_id)) WITHOUT ROWID"
    )
    # The same uid on every machine, so two copies of one history agree on what it names.
    db.execute(
        "INSERT INTO routines (id, uid, name, name_key, is_default)"
        " VALUES (1, 'favourites', 'favourites', 'favourites', 1)"
    )
    db.execute(
        "INSERT INTO routine_stretches (routine_id, position, stretch_id)"
        " SELECT 1, position, stretch_id FROM favourites"
    )
    db.execute("DROP TABLE favourites")
    for column in ("left", "right", "before_left", "before_right"):
        db.execute(f"ALTER TABLE sessions ADD COLUMN tightness_{column} INTEGER")
    db.execute("ALTER TABLE sessions ADD COLUMN routine_uid TEXT")
    db.execute("CREATE INDEX sessions_routine_day ON sessions (routine_uid, day)")
    db.execute("DROP VIEW daily")
    db.create_view(
        "daily",
        """
        SELECT s.day AS day,
               count(DISTINCT s.id) AS sessions,
               count(DISTINCT h.stretch_id) AS stretches,
               coalesce(sum(h.seconds), 0) AS seconds,
               (SELECT group_concat(name, ', ') FROM routines
                WHERE uid IN (SELECT routine_uid FROM sessions
                              WHERE day = s.day AND kind = 'session')) AS routines
        FROM sessions s LEFT JOIN session_stretches h ON h.session_id = s.id
        WHERE s.kind = 'session'
        GROUP BY s.day
        """,
    )


def m010_pauses(db: Database) -> None:
    """Pauses: spans of days away whose days bridge streaks like rest days. A pause open at the
    end has no last day yet. Its id is never given again, like a session's. Adding, moving or
    removing one notes its days as changed for every series of runs, as a rest day does."""
    db.execute(
        "CREATE TABLE pauses (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
        " first_day TEXT NOT NULL, last_day TEXT, reason TEXT, created_at TEXT NOT NULL)"
    )
    db.execute("INSERT INTO id_high_water VALUES ('pauses', 0)")
    db.execute(
        "CREATE TRIGGER pauses_high_water AFTER INSERT ON pauses BEGIN"
        " UPDATE id_high_water SET last = max(last, NEW.id) WHERE name = 'pauses'; END"
    )

    def note(first: str, last: str) -> str:
        return (
            f"INSERT INTO runs_stale (series, first_day, last_day) SELECT series, {first}, {last}"
            " FROM (SELECT '' AS series UNION ALL SELECT stretch_id FROM stretch_totals)"
            " WHERE true ON CONFLICT (series) DO UPDATE SET"
            " first_day = min(first_day, excluded.first_day),"
            " last_day = max(last_day, excluded.last_day);"
        )

    def first(row: str) -> str:
        return DAY_NUMBER.format(f"{row}.first_day")

    def last(row: str) -> str:  # an open pause runs on for ever
        return DAY_NUMBER.format(f"coalesce({row}.last_day, '9999-12-31')")

    for event, row in (("INSERT", "NEW"), ("DELETE", "OLD")):
        db.execute(
            f"CREATE TRIGGER runs_stale_pause_{event.lower()} AFTER {event} ON pauses"
            f" BEGIN {note(first(row), last(row))} END"
        )
    # One note for both spans (every SQLite connection parses each trigger, status's included).
    both = note(f"min({first('OLD')}, {first('NEW')})", f"max({last('OLD')}, {last('NEW')})")
    db.execute(
        "CREATE TRIGGER runs_stale_pause_update AFTER UPDATE OF first_day, last_day ON pauses"
        f" BEGIN {both} END"
    )


def m011_reminders(db: Database) -> None:
    """Reminders: a time of day (minutes after midnight), the days of the week it is due (one
    bit a day, Monday the lowest), and the routine it is for (its uid; NULL for the default)."""
    db.execute(
        "CREATE TABLE reminders (id INTEGER PRIMARY KEY,"
        " minute INTEGER NOT NULL CHECK (minute BETWEEN 0 AND 1439),"
        " days INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),"
        " routine_uid TEXT)"
    )
    db.execute(
        "CREATE UNIQUE INDEX reminders_once ON reminders (minute, days, coalesce(routine_uid, ''))"
    )


def m012_sync(db: Database) -> None:
    """Sync through a folder (see domain/sync.py). `sync_device` has its one row once this
    database first syncs: its device id, the highest clock stamp made or seen here, and how many
    of its changes it has published. `sync_entities` holds the change that wins for each entity,
    as text; `seq` is NULL for a change of this device's not yet published. `sync_files` is how
    far each file of the folder has been read; `sync_peers` what each device sent."""
    db.execute(
        "CREATE TABLE sync_device (id INTEGER PRIMARY KEY CHECK (id = 1), uid TEXT NOT NULL,"
        " clock INTEGER NOT NULL, published INTEGER NOT NULL)"
    )
    db.execute(
        "CREATE TABLE sync_entities (kind TEXT NOT NULL, key TEXT NOT NULL,"
        " stamp INTEGER NOT NULL, device TEXT NOT NULL, state TEXT, seq INTEGER,"
        " PRIMARY KEY (kind, key)) WITHOUT ROWID"
    )
    db.execute("CREATE INDEX sync_unpublished ON sync_entities (stamp) WHERE seq IS NULL")
    db.execute(
        "CREATE TABLE sync_files (name TEXT PRIMARY KEY, device TEXT NOT NULL,"
        " offset INTEGER NOT NULL, size INTEGER NOT NULL, tail BLOB NOT NULL) WITHOUT ROWID"
    )
    db.execute(
        "CREATE TABLE sync_peers (device TEXT PRIMARY KEY, changes INTEGER NOT NULL,"
        " last_stamp INTEGER NOT NULL, synced_at TEXT NOT NULL, refused INTEGER NOT NULL,"
        " problem TEXT) WITHOUT ROWID"
    )


STEPS = (
    m001_core,
    m002_tightness_before,
    m003_rest_days,
    m004_daily_view,
    m005_quicker_history,
    m006_kept_streaks,
    m007_day_totals,
    m008_ids_never_reused,
    m009_routines,
    m010_pauses,
    m011_reminders,
    m012_sync,
)
NAMES = tuple(step.__name__ for step in STEPS)


def apply(conn: sqlite3.Connection) -> None:
    """Apply every pending step. The caller holds the write lock, so steps run exactly once."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for step in STEPS:
        migrations()(step)
    migrations.apply(Database(conn, execute_plugins=False))
