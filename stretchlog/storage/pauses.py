"""Pauses in SQL: the `pauses` table. The rules (no overlap, how one ends) are in
domain/pauses.py; every change here runs inside the caller's transaction, and the triggers note
its days for the kept runs to be settled before the commit.

Not part of `Store`, which `status` imports on every shell prompt: status reads paused days
through runs.py alone."""

from __future__ import annotations

from datetime import date

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    from datetime import datetime

    from stretchlog.domain.pauses import Pause
    from stretchlog.storage.database import Database

_COLUMNS = "id, uid, first_day, last_day, reason"


class Pauses:
    """The pauses of one database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def all(self) -> list[Pause]:
        """Every pause, the earliest first."""
        return self._pauses("", [])

    def get(self, pause_id: int) -> Pause | None:
        found = self._pauses("WHERE id = ?", [pause_id]) if 0 < pause_id < 2**63 else []
        return found[0] if found else None

    def between(self, first: date, last: date) -> list[Pause]:
        """The pauses sharing a day with `first` to `last`, the earliest first."""
        return self._pauses(
            "WHERE first_day <= ? AND (last_day IS NULL OR last_day >= ?)",
            [last.isoformat(), first.isoformat()],
        )

    def _pauses(self, where: str, params: list[object]) -> list[Pause]:
        from stretchlog.domain.pauses import Pause

        rows = self.db.rows(f"SELECT {_COLUMNS} FROM pauses {where} ORDER BY first_day, id", params)
        try:
            found = []
            for pause_id, uid, first, last, reason in rows:
                if not all(isinstance(value, str | None) for value in (uid, reason)):
                    raise TypeError(f"pause {pause_id} holds a value of the wrong type")
                found.append(
                    Pause(
                        first=date.fromisoformat(first),
                        last=None if last is None else date.fromisoformat(last),
                        reason=reason,
                        id=pause_id,
                        uid=uid,
                    )
                )
        except (TypeError, ValueError) as error:
            raise self.db.unreadable(error) from error
        return found

    def add(self, draft: Pause, created_at: datetime) -> Pause:
        """Store `draft` (its id is ignored) after checking it overlaps no pause here, and
        return it as stored. A new id is never one a pause had before."""
        import uuid

        from stretchlog.domain.pauses import check_new

        check_new(draft, self.all())
        uid = draft.uid or uuid.uuid4().hex
        self.put(draft._replace(uid=uid), created_at)
        self.db.note_change("pause", uid)
        return self._pauses("WHERE uid = ?", [uid])[0]

    def end(self, pause_id: int, last: date) -> None:
        self._note_change(pause_id)
        self.db.write("UPDATE pauses SET last_day = ? WHERE id = ?", [last.isoformat(), pause_id])

    def delete(self, pause_id: int) -> None:
        self._note_change(pause_id)
        self.db.write("DELETE FROM pauses WHERE id = ?", [pause_id])

    def _note_change(self, pause_id: int) -> None:
        for (uid,) in self.db.rows("SELECT uid FROM pauses WHERE id = ?", [pause_id]):
            self.db.note_change("pause", uid)

    def put(self, pause: Pause, created_at: datetime) -> None:
        """Make the pause with `pause`'s uid exactly `pause`, as another device has it: pauses
        that overlap once two devices' are together still bridge the days they cover."""
        from stretchlog.domain.fields import utc_text

        days = [pause.first.isoformat(), None if pause.last is None else pause.last.isoformat()]
        if self.db.rows("SELECT 1 FROM pauses WHERE uid = ?", [pause.uid]):
            self.db.write(
                "UPDATE pauses SET first_day = ?, last_day = ?, reason = ? WHERE uid = ?",
                [*days, pause.reason, pause.uid],
            )
            return
        self.db.write(
            "INSERT INTO pauses (id, uid, first_day, last_day, reason, created_at)"
            " VALUES ((SELECT last + 1 FROM id_high_water WHERE name = 'pauses'), ?, ?, ?, ?, ?)",
            [pause.uid, *days, pause.reason, utc_text(created_at)],
        )

    def delete_uid(self, uid: str) -> None:
        self.db.write("DELETE FROM pauses WHERE uid = ?", [uid])

    def uids(self) -> set[str]:
        return {row[0] for row in self.db.rows("SELECT uid FROM pauses")}
