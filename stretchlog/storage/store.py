"""The store: sessions, rest days, routines and pauses, read and written in SQL.

Every write of a day's entries passes the day rules (`domain.days`) before it happens. Domain types
are imported where rows become them: the `status` fast path reads through this module on every
shell prompt.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime

from stretchlog.storage import migrations, runs
from stretchlog.storage.reminders import ReminderStore
from stretchlog.storage.routines import RoutineStore
from stretchlog.storage.runs import done_numbers, rest_numbers

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from typing import Any

    from stretchlog.domain.insight import Rating, StretchTotal, Totals
    from stretchlog.domain.sessions import Hold, Session
    from stretchlog.domain.streaks import StreakSummary

SQLITE_MAX_INTEGER = 2**63 - 1
BULK_HOLDS = 1000
HoldRow = tuple[int, int, str, "str | None", int, int]
"""A row of session_stretches: session id, position, stretch id, side, seconds, reps."""
"""From this many stretches at once, their per-stretch totals are added up after they go in."""
_SESSION_COLUMNS = (
    "id, uid, day, logged_at, note, tightness, source, tightness_before, kind, routine_uid,"
    " tightness_left, tightness_right, tightness_before_left, tightness_before_right"
)
SHOWN = (
    "NOT (kind = 'rest' AND EXISTS"
    " (SELECT 1 FROM sessions AS over WHERE over.kind = 'session' AND over.day = sessions.day))"
)
"""SQL for the entries a user sees: a rest day under a session is hidden (see domain.days)."""


def _day_number(column: str) -> str:
    return migrations.DAY_NUMBER.format(column)


class Store(RoutineStore, ReminderStore):
    """A stretchlog database, opened lazily: a command that reads nothing never touches the disk."""

    def count_sessions(self) -> int:
        rows = self.rows("SELECT count(*) FROM sessions")
        return int(rows[0][0]) if rows else 0

    # Favourites: the default routine

    def favourite_ids(self) -> list[str]:
        """The default routine's stretch ids, in order (read without building routines: the
        catalog marks them on every listing)."""
        rows = self.rows(
            "SELECT stretch_id FROM routine_stretches JOIN routines ON routines.id = routine_id"
            " WHERE is_default ORDER BY position"
        )
        return [row[0] for row in rows]

    def replace_favourites(self, stretch_ids: Sequence[str]) -> None:
        """Make the default routine `stretch_ids`, in order; a stretch that stays keeps its dose."""
        from stretchlog.domain.routines import DEFAULT_NAME, reordered

        default = self.default_routine()
        if default is None:  # only a database edited by hand has none
            self.add_routine(DEFAULT_NAME, DEFAULT_NAME, is_default=True)
            default = self.default_routine()
            assert default is not None
        self.replace_doses(default.uid, reordered(default.doses, stretch_ids))

    # Writing sessions and rest days

    def add_session(self, draft: Session) -> Session:
        """Store `draft` (its id is ignored) and return it as stored, with its id and uid. A new
        id is never one a session had before, even one since deleted."""
        from stretchlog.domain.days import check_entry

        check_entry(draft, self.on_day(draft.day))
        stored = self._stored(self._insert_session(draft))
        self.note_change("session", stored.uid)
        return stored

    def _insert_session(self, draft: Session) -> int:
        return self._insert_sessions([draft])[0]

    def _insert_sessions(self, drafts: Iterable[Session]) -> list[int]:
        """Insert each draft, then all their stretches at once (an import of decades is mostly
        stretches); the ids given, in order."""
        ids: list[int] = []
        holds: list[HoldRow] = []
        for draft in drafts:
            cursor = self.write(
                f"INSERT INTO sessions (id, {_WRITTEN_COLUMNS})"
                " VALUES ((SELECT last + 1 FROM id_high_water WHERE name = 'sessions'),"
                " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                _written_values(draft),
            )
            session_id = cursor.lastrowid
            assert session_id is not None
            ids.append(session_id)
            holds += _hold_rows(session_id, draft.holds)
        self._write_holds(holds)
        return ids

    def overwrite_session(self, session: Session) -> None:
        """Make the entry with `session`'s uid exactly `session`, as another device has it,
        keeping its id here: no day rule refuses it, since the rules apply to what every device
        holds together (a rest day under a session shows as a stretched day)."""
        session_id = self.rows("SELECT id FROM sessions WHERE uid = ?", [session.uid])[0][0]
        assignments = ", ".join(f"{column} = ?" for column in _WRITTEN_COLUMNS.split(", "))
        self.write(
            f"UPDATE sessions SET {assignments} WHERE id = ?",
            [*_written_values(session), session_id],
        )
        self.write("DELETE FROM session_stretches WHERE session_id = ?", [session_id])
        self._add_holds(session_id, session.holds)

    def delete_session_uid(self, uid: str) -> None:
        self.write("DELETE FROM sessions WHERE uid = ?", [uid])

    def mark_rest_day(self, draft: Session) -> Session:
        """Store a rest day marked by hand: refused on a day already stretched or rested."""
        from stretchlog.domain.days import check_new_rest_day

        check_new_rest_day(draft.day, self.on_day(draft.day))
        return self.add_session(draft)

    def _add_holds(self, session_id: int, holds: Iterable[Hold]) -> None:
        self._write_holds(_hold_rows(session_id, holds))

    def _write_holds(self, rows: list[HoldRow]) -> None:
        """Insert stretches of sessions just inserted (the rows of `_hold_rows`). From
        BULK_HOLDS rows on (an import of years), the triggers that keep the per-stretch tables
        are set aside while they go in, and the same is added up in two statements instead of
        twice a row: a quarter of the time. The triggers are made again, as they were, in the
        same transaction, so a failure anywhere leaves them as it found them."""
        insert = (
            "INSERT INTO session_stretches (session_id, position, stretch_id, side, seconds, reps)"
            " VALUES (?, ?, ?, ?, ?, ?)"
        )
        if len(rows) < BULK_HOLDS:
            self.write_many(insert, rows)
            return
        kept_by_row = self.rows(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND name IN ('stretch_days_add', 'stretch_totals_add') ORDER BY name"
        )
        for name, _ in kept_by_row:
            self.write(f"DROP TRIGGER {name}")
        self.write_many(insert, rows)
        first = min(row[0] for row in rows)
        self.write(
            "INSERT OR IGNORE INTO stretch_days (stretch_id, day_number)"
            f" SELECT h.stretch_id, {_day_number('s.day')}"
            " FROM session_stretches h JOIN sessions s ON s.id = h.session_id"
            " WHERE h.session_id >= ?",
            [first],
        )
        self.write(
            "INSERT INTO stretch_totals (stretch_id, sessions, seconds)"
            " SELECT stretch_id, count(DISTINCT session_id), sum(seconds) FROM session_stretches"
            " WHERE session_id >= ? GROUP BY stretch_id ON CONFLICT (stretch_id) DO UPDATE SET"
            " sessions = sessions + excluded.sessions, seconds = seconds + excluded.seconds",
            [first],
        )
        for _, sql in kept_by_row:
            self.write(sql)

    def add_checked(self, entries: Iterable[Session]) -> None:
        """Store new entries whose day rules were settled as a whole: an import's plan, or what
        every device holds together once synced (a rest day under a session shows as a
        stretched day). Import and sync both store their entries this way."""
        entries = list(entries)
        self._insert_sessions(entries)
        for entry in entries:
            self.note_change("session", entry.uid)

    def replace_session(self, session_id: int, edited: Session) -> Session:
        """Change a stored entry's day, note, tightness and stretches, keeping its identity; a
        rest day moves only where one could be marked."""
        if edited.is_rest:
            from stretchlog.domain.days import check_entry, check_new_rest_day

            elsewhere = [entry for entry in self.on_day(edited.day) if entry.id != session_id]
            check_new_rest_day(edited.day, elsewhere)
            check_entry(edited, elsewhere)
        self.write(
            "UPDATE sessions SET day = ?, note = ?, tightness = ?, seconds = ?,"
            " tightness_left = ?, tightness_right = ? WHERE id = ?",
            [
                edited.day.isoformat(),
                edited.note,
                edited.tightness,
                edited.seconds,
                *(edited.tightness_sides or (None, None)),
                session_id,
            ],
        )
        self.write("DELETE FROM session_stretches WHERE session_id = ?", [session_id])
        self._add_holds(session_id, edited.holds)
        stored = self._stored(session_id)
        self.note_change("session", stored.uid)
        return stored

    def delete_session(self, session_id: int) -> None:
        for (uid,) in self.rows("SELECT uid FROM sessions WHERE id = ?", [session_id]):
            self.note_change("session", uid)
        self.write("DELETE FROM sessions WHERE id = ?", [session_id])

    def _stored(self, session_id: int) -> Session:
        stored = self.session(session_id)
        assert stored is not None
        return stored

    # Reading sessions

    def uids(self) -> set[str]:
        return {row[0] for row in self.rows("SELECT uid FROM sessions")}

    def session(self, session_id: int) -> Session | None:
        if not 0 < session_id <= SQLITE_MAX_INTEGER:  # no row has it, and SQLite cannot hold it
            return None
        found = self._sessions("WHERE id = ?", [session_id])
        return found[0] if found else None

    def latest_logged(self) -> Session | None:
        """The entry logged last (the one stored last, whatever the clocks said), of those shown."""
        found = self._sessions(f"WHERE {SHOWN}", [], order="id DESC", limit=1)
        return found[0] if found else None

    def sessions(
        self,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = None,
        *,
        hidden: bool = False,
    ) -> list[Session]:
        """Entries from `since` to `until` (both included), newest day first; rest days under a
        session only when `hidden` is true (an export keeps everything)."""
        where = "WHERE day >= ? AND day <= ?" + ("" if hidden else f" AND {SHOWN}")
        params = [(since or date.min).isoformat(), (until or date.max).isoformat()]
        return self._sessions(where, params, limit=limit)

    def in_export_order(self, chunk: int = 500) -> Iterator[Session]:
        """Every entry (a rest day under a session too), by day, time logged and uid, read a few
        hundred at a time: an export of decades never holds them all at once. Call it inside
        a snapshot, so they are all as of one moment."""
        order = "day, logged_at, uid"
        ids = [row[0] for row in self.rows(f"SELECT id FROM sessions ORDER BY {order}")]
        for first in range(0, len(ids), chunk):
            picked = ids[first : first + chunk]
            marks = ", ".join("?" * len(picked))
            yield from self._sessions(f"WHERE id IN ({marks})", picked, order=order)

    def sessions_where(self, where: str, params: list[Any]) -> list[Session]:
        """The entries an SQL `where` clause picks, with their stretches."""
        return self._sessions(where, params)

    def on_day(self, day: date) -> list[Session]:
        """Every entry logged for `day`, a rest day under a session included."""
        return self._sessions("WHERE day = ?", [day.isoformat()])

    def _sessions(
        self,
        where: str,
        params: list[Any],
        order: str = "day DESC, logged_at DESC, id DESC",
        limit: int | None = None,
    ) -> list[Session]:
        chosen = f"SELECT id FROM sessions {where} ORDER BY {order} LIMIT ?"
        params = [*params, -1 if limit is None else limit]
        with self.snapshot():  # the sessions and their stretches as of one moment
            rows = self.rows(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id IN ({chosen}) ORDER BY {order}",
                params,
            )
            stretches = self.rows(
                "SELECT session_id, stretch_id, side, seconds, reps FROM session_stretches"
                f" WHERE session_id IN ({chosen}) ORDER BY session_id, position",
                params,
            )
        try:
            holds = _group_holds(stretches)
            return [_session(row, holds.get(row[0], ())) for row in rows]
        except (ValueError, TypeError, AttributeError) as error:
            raise self.unreadable(error) from error

    # Days, as sorted day numbers (`date.toordinal()`): cheap for years of history

    def done_numbers(self, since: date) -> list[int]:
        """The days stretched, from `since` on."""
        return done_numbers(self.rows, "", since.toordinal(), date.max.toordinal())

    def paused_numbers(self, first: date, last: date) -> list[int]:
        """The days paused from `first` to `last` (as day numbers): pauses themselves are in
        storage/pauses.py, which a read of the days they cover does not need."""
        return runs.paused_days(self.rows, first.toordinal(), last.toordinal())

    def rest_numbers(self, since: date | None = None) -> list[int]:
        """The days marked rest, from `since` on (a day stretched too counts as stretched)."""
        first = 1 if since is None else since.toordinal()
        return rest_numbers(self.rows, first, date.max.toordinal())

    # Streaks, from the runs the database keeps

    def streak(self, today: date) -> StreakSummary:
        """The streak over every session, as of `today`."""
        return runs.streak_now(self.rows, today)

    def stretch_streaks(self, today: date) -> list[tuple[str, StreakSummary, date]]:
        """(stretch id, its streak, the last day it was done) for each stretch done by `today`."""
        return runs.stretch_streaks(self.rows, today)

    # Aggregates for stats and the calendar: summed in SQL, so years of history stay quick

    def day_seconds(self, first: date, last: date) -> dict[date, int]:
        """Seconds stretched on each day from `first` to `last` that has any."""
        rows = self.rows(
            "SELECT day_number, seconds FROM day_totals WHERE day_number BETWEEN ? AND ?",
            [first.toordinal(), last.toordinal()],
        )
        return {date.fromordinal(number): seconds for number, seconds in rows}

    def totals(self, first: date | None, last: date) -> Totals:
        """Sessions, days stretched (also by weekday), seconds held and rest days, from `first`
        (or the start) to `last`."""
        from stretchlog.domain.insight import Totals

        by_weekday = self.rows(  # day number 1 was a Monday
            "SELECT (day_number - 1) % 7, count(*), sum(sessions), sum(seconds) FROM day_totals"
            " WHERE day_number BETWEEN ? AND ? GROUP BY 1",
            [(first or date.min).toordinal(), last.toordinal()],
        )
        rest = self.rows(
            f"SELECT count(DISTINCT day) FROM sessions WHERE kind = 'rest' AND {SHOWN}"
            " AND day BETWEEN ? AND ?",
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
        found = self._days("SELECT min(day) FROM sessions WHERE day <= ?", [until.isoformat()])
        return found[0] if found else None

    def last_logged(self, until: date) -> date | None:
        """The last day with a session or a rest day, up to `until`."""
        found = self._days("SELECT max(day) FROM sessions WHERE day <= ?", [until.isoformat()])
        return found[0] if found else None

    def logged_days(self, first: date, last: date) -> list[date]:
        """The days from `first` to `last` with a session or a rest day, oldest first."""
        return self._days(
            "SELECT DISTINCT day FROM sessions WHERE day BETWEEN ? AND ? ORDER BY day",
            [first.isoformat(), last.isoformat()],
        )

    def _days(self, sql: str, params: list[Any]) -> list[date]:
        try:
            return [date.fromisoformat(row[0]) for row in self.rows(sql, params) if row[0]]
        except (TypeError, ValueError) as error:
            raise self.unreadable(error) from error

    def stretch_totals(self, since: date | None = None) -> list[StretchTotal]:
        """Per stretch: the sessions it was part of and the seconds held."""
        from stretchlog.domain.insight import StretchTotal

        if since is None:  # kept up to date by triggers (see migrations.m005_quicker_history)
            rows = self.rows(
                "SELECT stretch_id, sessions, seconds FROM stretch_totals WHERE sessions > 0"
            )
        else:
            rows = self.rows(  # CROSS JOIN: from the sessions in range, not every stretch done
                "SELECT h.stretch_id, count(DISTINCT s.id), sum(h.seconds)"
                " FROM sessions s CROSS JOIN session_stretches h ON h.session_id = s.id"
                " WHERE s.day >= ? GROUP BY h.stretch_id",
                [since.isoformat()],
            )
        return [StretchTotal(*row) for row in rows]

    def ratings(self, since: date) -> list[Rating]:
        """Every tightness score logged from `since` on, by day number."""
        from stretchlog.domain.insight import Rating

        rows = self.rows(
            f"SELECT {_day_number('day')}, tightness, tightness_before,"
            " CASE WHEN tightness IS NOT NULL AND typeof(tightness_left) = 'integer'"
            " AND typeof(tightness_right) = 'integer' THEN tightness_left END, tightness_right"
            " FROM sessions"
            " WHERE kind = 'session' AND day >= ? AND typeof(tightness) IN ('integer', 'null')"
            " AND typeof(tightness_before) IN ('integer', 'null')"
            " AND (tightness IS NOT NULL OR tightness_before IS NOT NULL)",
            [since.isoformat()],
        )
        return [
            Rating(day, after, before, None if left is None else (left, right))
            for day, after, before, left, right in rows
            if day is not None  # None: not a date
        ]


def _hold_rows(session_id: int, holds: Iterable[Hold]) -> list[HoldRow]:
    return [
        (session_id, position, hold.stretch_id, hold.side, hold.seconds, hold.reps)
        for position, hold in enumerate(holds, 1)
    ]


_WRITTEN_COLUMNS = (
    "uid, day, logged_at, note, tightness, source, tightness_before, kind, seconds, routine_uid,"
    " tightness_left, tightness_right, tightness_before_left, tightness_before_right"
)


def _written_values(draft: Session) -> list[Any]:
    import uuid

    from stretchlog.domain.fields import utc_text

    return [
        draft.uid or uuid.uuid4().hex,
        draft.day.isoformat(),
        utc_text(draft.logged_at),
        draft.note,
        draft.tightness,
        draft.source,
        draft.tightness_before,
        draft.kind,
        draft.seconds,
        draft.routine_uid,
        *(draft.tightness_sides or (None, None)),
        *(draft.tightness_before_sides or (None, None)),
    ]


def _group_holds(rows: Iterable[tuple[Any, ...]]) -> dict[int, tuple[Hold, ...]]:
    from stretchlog.domain.fields import MAX_HOLD_TOTAL, MAX_REPS
    from stretchlog.domain.sessions import Hold

    grouped: dict[int, list[Hold]] = {}
    for session_id, stretch_id, side, seconds, reps in rows:
        if not (isinstance(seconds, int) and 0 <= seconds <= MAX_HOLD_TOTAL) or not (
            isinstance(reps, int) and 1 <= reps <= MAX_REPS
        ):
            raise ValueError(f"session {session_id} holds a hold of {seconds!r} s, {reps!r} reps")
        grouped.setdefault(session_id, []).append(Hold(stretch_id, side, seconds, reps))
    return {session_id: tuple(holds) for session_id, holds in grouped.items()}


def _session(row: tuple[Any, ...], holds: tuple[Hold, ...]) -> Session:
    from stretchlog.domain.sessions import Session

    session_id, uid, day, logged_at, note, tightness, source, tightness_before, kind = row[:9]
    routine_uid, *sides = row[9:]
    if not all(
        isinstance(v, str | None) for v in (note, uid, source, kind, routine_uid)
    ) or not all(isinstance(v, int | None) for v in (tightness, tightness_before, *sides)):
        raise TypeError(f"session {session_id} holds a value of the wrong type")
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
        routine_uid=routine_uid,
        tightness_sides=_pair(sides[0], sides[1]),
        tightness_before_sides=_pair(sides[2], sides[3]),
    )


def _pair(left: int | None, right: int | None) -> tuple[int, int] | None:
    return None if left is None or right is None else (left, right)
