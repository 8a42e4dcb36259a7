"""Reminders in SQL: the `reminders` table. The rules for them are in domain/reminders.py.

`remind fire` reads them through `reminders_in` and `routine_name_in` on a bare `Database`, as
`status` reads the streak, so that a fire which finds nothing to do stays cheap.
"""

from __future__ import annotations

from stretchlog.storage.database import Database

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any, Protocol

    from stretchlog.domain.reminders import Reminder

    class Rows(Protocol):
        def __call__(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


def days_bits(days: Sequence[int]) -> int:
    """Day numbers (0 = Monday) as the bits stored in `reminders.days`."""
    return sum(1 << day for day in set(days))


def bits_days(bits: int) -> tuple[int, ...]:
    return tuple(day for day in range(7) if bits >> day & 1)


def reminders_in(rows: Rows) -> list[Reminder]:
    """Every reminder, by time of day."""
    from stretchlog.domain.reminders import Reminder  # not on every command's start: the store's

    return [
        Reminder(id, minute, bits_days(bits), routine_uid)
        for id, minute, bits, routine_uid in rows(
            "SELECT id, minute, days, routine_uid FROM reminders ORDER BY minute, id"
        )
    ]


def routine_name_in(rows: Rows, uid: str | None) -> str:
    """The name of the routine with `uid`, or of the default routine when `uid` is None or names
    a routine since deleted."""
    found = rows(
        "SELECT name FROM routines WHERE uid = ? OR is_default ORDER BY uid = ? DESC LIMIT 1",
        [uid, uid],
    )
    return str(found[0][0]) if found else "favourites"


class ReminderStore(Database):
    """The reminders part of the store."""

    def reminders(self) -> list[Reminder]:
        with self.snapshot():
            try:
                return reminders_in(self.rows)
            except (TypeError, ValueError) as error:
                raise self.unreadable(error) from error

    def add_reminder(self, minute: int, days: Sequence[int], routine_uid: str | None) -> int:
        """Add a reminder (in the caller's transaction) and return its id."""
        cursor = self.write(
            "INSERT INTO reminders (minute, days, routine_uid) VALUES (?, ?, ?)",
            [minute, days_bits(days), routine_uid],
        )
        return int(cursor.lastrowid or 0)

    def remove_reminder(self, reminder_id: int) -> bool:
        """Remove a reminder (in the caller's transaction); False when there was none."""
        return self.write("DELETE FROM reminders WHERE id = ?", [reminder_id]).rowcount > 0
