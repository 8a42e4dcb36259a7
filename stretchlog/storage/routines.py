"""Routines in SQL: the `routines` table and each one's stretches, doses and progression rules.

The rules for names and doses are in domain/routines.py; this module only reads and writes them.
Every change here runs inside the caller's transaction.
"""

from __future__ import annotations

from stretchlog.storage.database import Database

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from stretchlog.domain.routines import Attempt, Dose, Routine
    from stretchlog.domain.streaks import StreakSummary

_DOSE_COLUMNS = "stretch_id, hold_seconds, reps, progress_seconds, progress_every, progress_max"


class RoutineStore(Database):
    """The routines part of the store."""

    def routines(self) -> list[Routine]:
        """Every routine, the default first, then by name."""
        with self.snapshot():
            rows = self.rows(
                "SELECT id, uid, name, is_default FROM routines ORDER BY is_default DESC, name_key"
            )
            doses = self.rows(
                f"SELECT routine_id, {_DOSE_COLUMNS} FROM routine_stretches"
                " ORDER BY routine_id, position"
            )
        try:
            return [
                _routine(row, [dose[1:] for dose in doses if dose[0] == row[0]]) for row in rows
            ]
        except (TypeError, ValueError) as error:
            raise self.unreadable(error) from error

    def routine(self, name: str) -> Routine | None:
        from stretchlog.domain.routines import name_key

        key = name_key(name)
        return next((r for r in self.routines() if name_key(r.name) == key), None)

    def default_routine(self) -> Routine | None:
        return next((r for r in self.routines() if r.is_default), None)

    def add_routine(self, uid: str, name: str, *, is_default: bool = False) -> None:
        from stretchlog.domain.routines import name_key

        self.write(
            "INSERT INTO routines (uid, name, name_key, is_default) VALUES (?, ?, ?, ?)",
            [uid, name, name_key(name), int(is_default)],
        )
        self.note_change("routine", uid)
        if is_default:
            self.note_change("default", "default")

    def rename_routine(self, uid: str, name: str) -> None:
        from stretchlog.domain.routines import name_key

        self.write(
            "UPDATE routines SET name = ?, name_key = ? WHERE uid = ?", [name, name_key(name), uid]
        )
        self.note_change("routine", uid)

    def make_default(self, uid: str) -> None:
        self.write("UPDATE routines SET is_default = 0 WHERE is_default AND uid != ?", [uid])
        self.write("UPDATE routines SET is_default = 1 WHERE uid = ?", [uid])
        self.note_change("default", "default")

    def delete_routine(self, uid: str) -> None:
        self.write("DELETE FROM routines WHERE uid = ?", [uid])
        self.note_change("routine", uid)

    def replace_doses(self, uid: str, doses: Sequence[Dose]) -> None:
        """Give the routine `uid` exactly `doses`, in order."""
        routine_id = self.rows("SELECT id FROM routines WHERE uid = ?", [uid])[0][0]
        self.write("DELETE FROM routine_stretches WHERE routine_id = ?", [routine_id])
        self.note_change("routine", uid)
        for position, dose in enumerate(doses, 1):
            rule = dose.progression
            self.write(
                f"INSERT INTO routine_stretches (routine_id, position, {_DOSE_COLUMNS})"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    routine_id,
                    position,
                    dose.stretch_id,
                    dose.hold,
                    dose.reps,
                    rule and rule.step,
                    rule and rule.every,
                    rule and rule.most,
                ],
            )

    # What the routine's sessions say

    def routine_days(self, uid: str) -> list[int]:
        """The days (as day numbers) a session of the routine `uid` was logged on, in order."""
        from stretchlog.storage.migrations import DAY_NUMBER

        return [
            row[0]
            for row in self.rows(
                f"SELECT DISTINCT {DAY_NUMBER.format('day')} AS number FROM sessions"
                " WHERE routine_uid = ? AND kind = 'session' ORDER BY number",
                [uid],
            )
        ]

    def routine_streaks(self, today: date) -> list[tuple[Routine, StreakSummary, date | None]]:
        """Each routine with the streak of days it was logged on (rest days and paused days
        bridge it, as they do the overall streak) and the last day it was done by `today`, if
        any."""
        from datetime import date as date_type

        from stretchlog.domain.streaks import latest_and_longest, run_spans, summarize_runs
        from stretchlog.storage.runs import bridging_numbers

        now = today.toordinal()
        rest, paused = bridging_numbers(self.rows, today)
        found = []
        for routine in self.routines():
            done = [number for number in self.routine_days(routine.uid) if number <= now]
            latest, longest = latest_and_longest(run_spans(done, set(rest)))
            summary = summarize_runs(latest, longest, done, rest, today, set(paused))
            found.append((routine, summary, date_type.fromordinal(done[-1]) if done else None))
        return found

    def routines_done_on(self, day: date) -> set[str]:
        """The uids of the routines a session was logged from on `day`."""
        rows = self.rows(
            "SELECT DISTINCT routine_uid FROM sessions"
            " WHERE day = ? AND kind = 'session' AND routine_uid IS NOT NULL",
            [day.isoformat()],
        )
        return {row[0] for row in rows}

    def attempts(self, stretch_id: str, routine_uid: str, until: date) -> list[Attempt]:
        """Every session up to `until` that held `stretch_id`, oldest first, as the progression
        rule reads them."""
        from datetime import date as date_type

        from stretchlog.domain.routines import Attempt

        rows = self.rows(
            "SELECT s.id, s.day, s.source = 'guided' AND s.routine_uid IS ? AS counts,"
            " coalesce(s.tightness > s.tightness_before, 0) AS worse,"
            " h.side, sum(h.seconds), sum(h.reps)"
            " FROM sessions s JOIN session_stretches h ON h.session_id = s.id"
            " WHERE h.stretch_id = ? AND s.day <= ? AND s.kind = 'session'"
            " GROUP BY s.id, h.side ORDER BY s.day, s.logged_at, s.id",
            [routine_uid, stretch_id, until.isoformat()],
        )
        grouped: dict[int, Attempt] = {}
        for session_id, day, counts, worse, side, seconds, reps in rows:
            found = grouped.get(session_id)
            sides = (*(found.sides if found else ()), (side, seconds, reps))
            grouped[session_id] = Attempt(
                date_type.fromisoformat(day), bool(counts), sides, bool(worse)
            )
        return list(grouped.values())


def _routine(row: Sequence[object], doses: Sequence[Sequence[object]]) -> Routine:
    from stretchlog.domain.fields import MAX_HOLD_SECONDS, MAX_REPS
    from stretchlog.domain.routines import MAX_EVERY, Dose, Progression, Routine

    _, uid, name, is_default = row
    if not isinstance(uid, str) or not isinstance(name, str):
        raise TypeError(f"routine {row[0]} holds a value of the wrong type")
    return Routine(
        uid=uid,
        name=name,
        is_default=bool(is_default),
        doses=tuple(
            Dose(
                stretch_id=_text(stretch_id),
                hold=_number(hold, MAX_HOLD_SECONDS),
                reps=_number(reps, MAX_REPS),
                progression=(
                    Progression(
                        _number(step, MAX_HOLD_SECONDS) or 0,
                        _number(every, MAX_EVERY) or 0,
                        _number(most, MAX_HOLD_SECONDS) or 0,
                    )
                    if step is not None
                    else None
                ),
            )
            for stretch_id, hold, reps, step, every, most in doses
        ),
    )


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"a routine names a stretch with {value!r}")
    return value


def _number(value: object, highest: int) -> int | None:
    if value is not None and not (isinstance(value, int) and 1 <= value <= highest):
        raise ValueError(f"a routine holds {value!r} where a number from 1 to {highest} belongs")
    return value
