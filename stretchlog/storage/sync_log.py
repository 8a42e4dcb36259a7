"""Sync's side of the database: the changes made here, recorded in the transaction that makes
them, and the changes other devices made, applied to the tables every command reads.

Nothing is recorded until the database first syncs: then its whole history is published at
once, and from then on every transaction that writes an entity records its new state (see
`Database.note_change`). The rule for which change wins is domain/sync.py's.
"""

from __future__ import annotations

from datetime import datetime

from stretchlog.domain.records import Record
from stretchlog.storage.store import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import Any

    from stretchlog.domain.sync import Change

EVERYTHING = ("*", "")
"""Every entity, as the first sync publishes them."""
_FROM_TABLES = ("session", "pause", "routine", "default")
"""The kinds whose state is in the database's tables (a stretch is in stretches.toml, a
device's name in config.toml)."""
_CHUNK = 500


class Device(Record):
    uid: str
    clock: int
    published: int


class SyncLog:
    """The sync tables of one store; every method runs inside the caller's transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.renamed: list[tuple[str, str]] = []
        """(name, name here) of each routine that arrived with a name another one has."""

    def device(self) -> Device | None:
        rows = self.store.rows("SELECT uid, clock, published FROM sync_device")
        return Device(*rows[0]) if rows else None

    def start(self) -> Device:
        """Give this database its device id; its history is recorded by `record(EVERYTHING)`."""
        from stretchlog.domain.sync import new_device_id

        self.store.write(
            "INSERT INTO sync_device (id, uid, clock, published) VALUES (1, ?, 0, 0)",
            [new_device_id()],
        )
        device = self.device()
        assert device is not None
        return device

    # This device's changes

    def record(self, changes: Iterable[tuple[str, str]], now: datetime) -> None:
        """Keep the new state of each entity noted as written, as this device's change."""
        device = self.device()
        if device is None:
            return
        noted = set(changes)
        if EVERYTHING in noted:
            noted = self._every_entity()
        ordered = sorted(noted)
        for first in range(0, len(ordered), _CHUNK):  # a whole history, a few hundred at a time
            chunk = set(ordered[first : first + _CHUNK])
            states = self._states(chunk)
            device = self.keep_own(
                device, ((kind, key, states.get((kind, key))) for kind, key in chunk), now
            )

    def keep_own(
        self,
        device: Device,
        states: Iterable[tuple[str, str, dict[str, Any] | None]],
        now: datetime,
    ) -> Device:
        """Keep each (kind, key, state) that differs from what is known as a change made here
        now; returns the device with its clock moved on."""
        from stretchlog.domain.sync import canonical, next_stamp

        clock = device.clock
        for kind, key, state in sorted(states, key=lambda found: found[:2]):
            text = canonical(state)
            known = self.store.rows(
                "SELECT state, stamp FROM sync_entities WHERE kind = ? AND key = ?", [kind, key]
            )
            if (known and known[0][0] == text) or (not known and text is None):
                continue
            clock = next_stamp(clock, now)
            stamp = max(clock, known[0][1] + 1) if known else clock  # over one from the future
            self.store.write(
                "INSERT INTO sync_entities (kind, key, stamp, device, state, seq)"
                " VALUES (?, ?, ?, ?, ?, NULL) ON CONFLICT (kind, key) DO UPDATE SET"
                " stamp = excluded.stamp, device = excluded.device, state = excluded.state,"
                " seq = NULL",
                [kind, key, stamp, device.uid, text],
            )
        self.store.write("UPDATE sync_device SET clock = ?", [clock])
        return device._replace(clock=clock)

    def _every_entity(self) -> set[tuple[str, str]]:
        known = self.store.rows(
            f"SELECT kind, key FROM sync_entities WHERE kind IN {_FROM_TABLES!r}"
        )
        here = self.store.rows(
            "SELECT 'session', uid FROM sessions UNION ALL SELECT 'pause', uid FROM pauses"
            " UNION ALL SELECT 'routine', uid FROM routines"
        )
        return {(kind, key) for kind, key in (*known, *here)} | {("default", "default")}

    def _states(self, noted: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """The state each noted entity has in the tables; a deleted one has none."""
        from stretchlog.domain.exchange import session_document
        from stretchlog.domain.exchange_pauses import pause_document
        from stretchlog.domain.sync import DEFAULT_KEY, routine_state, state_of_default
        from stretchlog.storage.pauses import Pauses

        states: dict[tuple[str, str], dict[str, Any]] = {}
        uids = sorted(key for kind, key in noted if kind == "session")
        for first in range(0, len(uids), _CHUNK):
            chunk = uids[first : first + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for session in self.store.sessions_where(f"WHERE uid IN ({marks})", chunk):
                states["session", session.uid] = session_document(session)
        if any(kind == "pause" for kind, _ in noted):
            for pause in Pauses(self.store).all():
                states["pause", pause.uid] = pause_document(pause)
        if any(kind in ("routine", "default") for kind, _ in noted):
            for routine in self.store.routines():
                states["routine", routine.uid] = routine_state(routine)
                if routine.is_default:
                    states["default", DEFAULT_KEY] = state_of_default(routine.uid)
        return {key: state for key, state in states.items() if key in noted}

    def unpublished(self, after: int = -1) -> list[tuple[str, str, int, str | None]]:
        """This device's changes not yet in its file, stamped after `after`, oldest first, a
        few hundred at a time: (kind, key, stamp, state as text). Each has a stamp of its own."""
        return self.store.rows(
            "SELECT kind, key, stamp, state FROM sync_entities WHERE seq IS NULL AND stamp > ?"
            " ORDER BY stamp LIMIT ?",
            [after, _CHUNK],
        )

    def republish(self) -> None:
        """Send again, with their stamps, the changes of this device that still decide an
        entity, as its file lost them."""
        self.store.write(
            "UPDATE sync_entities SET seq = NULL WHERE device = (SELECT uid FROM sync_device)"
        )

    def mark_published(self, first_seq: int, published: Sequence[tuple[str, str, int]]) -> None:
        for seq, (kind, key, stamp) in enumerate(published, first_seq):
            self.store.write(
                "UPDATE sync_entities SET seq = ? WHERE kind = ? AND key = ? AND stamp = ?",
                [seq, kind, key, stamp],
            )
        self.store.write(
            "UPDATE sync_device SET published = max(published, ?)",
            [first_seq + len(published) - 1],
        )

    # Other devices' changes

    def apply(self, changes: Iterable[Change], latest: int) -> tuple[int, list[Change]]:
        """Apply each change that wins over what is known of its entity; how many did, and the
        stretches among them (they live in stretches.toml, which the caller writes). The clock
        moves up to the stamps seen, but not past `latest` (see domain/sync.py latest_stamp)."""
        from stretchlog.domain.sync import canonical

        device = self.device()
        assert device is not None
        clock, applied, stretches, touched = device.clock, 0, [], set()
        sessions: dict[str, Any] = {}  # uid: the session as it ends up, None when deleted
        for change in changes:
            clock = max(clock, min(change.stamp, latest))
            known = self.store.rows(
                "SELECT stamp, device FROM sync_entities WHERE kind = ? AND key = ?",
                [change.kind, change.key],
            )
            if known and tuple(known[0]) >= change.order:
                continue
            self.store.write(
                "INSERT INTO sync_entities (kind, key, stamp, device, state, seq)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, key) DO UPDATE SET"
                " stamp = excluded.stamp, device = excluded.device, state = excluded.state,"
                " seq = excluded.seq",
                [
                    change.kind,
                    change.key,
                    change.stamp,
                    change.device,
                    canonical(change.state),
                    change.seq,
                ],
            )
            applied += 1
            touched.add(change.kind)
            if change.kind == "stretch":
                stretches.append(change)
            elif change.kind == "session":
                sessions[change.key] = change.entity
            else:
                self._materialize(change)
        self._put_sessions(sessions)
        if touched & {"routine", "default"}:
            self._settle_routines()
        self.store.write("UPDATE sync_device SET clock = ?", [clock])
        self.store.changes.clear()  # what arrived is other devices' doing, not this one's
        return applied, stretches

    def _materialize(self, change: Change) -> None:
        from stretchlog.domain.sync import stamp_moment
        from stretchlog.storage.pauses import Pauses

        entity: Any = change.entity
        if change.kind == "pause":
            if entity is None:
                Pauses(self.store).delete_uid(change.key)
            else:
                Pauses(self.store).put(entity, stamp_moment(change.stamp))
        elif change.kind == "routine":
            self._put_routine(change.key, entity)

    def _put_sessions(self, sessions: dict[str, Any]) -> None:
        """Make each session here what it ended up as: the new ones stored together, by the path
        an import takes (thousands at a first sync), the others changed or deleted one by one."""
        uids = sorted(sessions)
        here: set[str] = set()
        for first in range(0, len(uids), _CHUNK):
            chunk = uids[first : first + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            here |= {
                row[0]
                for row in self.store.rows(
                    f"SELECT uid FROM sessions WHERE uid IN ({marks})", chunk
                )
            }
        for uid in uids:
            if sessions[uid] is None:
                self.store.delete_session_uid(uid)
            elif uid in here:
                self.store.overwrite_session(sessions[uid])
        self.store.add_checked(
            [sessions[uid] for uid in uids if sessions[uid] is not None and uid not in here]
        )

    def _put_routine(self, uid: str, routine: Any) -> None:
        if routine is None:
            self.store.write("DELETE FROM routines WHERE uid = ?", [uid])
            return
        placeholder = "\x00" + uid  # until _settle_routines gives it a name of its own
        if not self.store.rows("SELECT 1 FROM routines WHERE uid = ?", [uid]):
            self.store.write(
                "INSERT INTO routines (uid, name, name_key, is_default) VALUES (?, ?, ?, 0)",
                [uid, routine.name, placeholder],
            )
        else:
            self.store.write(
                "UPDATE routines SET name = ?, name_key = ? WHERE uid = ?",
                [routine.name, placeholder, uid],
            )
        self.store.replace_doses(uid, routine.doses)

    def _settle_routines(self) -> None:
        """Names and the default, from what every device holds together: of two routines that
        arrived with one name, the one with the lower uid keeps it and the other is told apart
        by its uid; the default is the routine the latest choice names, or else the favourites,
        or else the first by uid."""
        import json

        from stretchlog.domain.routines import name_key

        rows = self.store.rows("SELECT uid, name FROM routines ORDER BY uid")
        wanted = dict(rows)
        for uid, state in self.store.rows(
            "SELECT key, state FROM sync_entities WHERE kind = 'routine' AND state IS NOT NULL"
        ):
            if uid in wanted:
                wanted[uid] = json.loads(state)["name"]
        here = dict(rows)
        taken: set[str] = set()
        names = {}
        for uid, name in sorted(wanted.items()):
            if name_key(name) in taken:
                name = f"{name[:33]}-{uid[:6]}"
            taken.add(name_key(name))
            names[uid] = name
            if name != here[uid]:
                self.renamed.append((wanted[uid], name))
        for uid in names:
            self.store.write("UPDATE routines SET name_key = ? WHERE uid = ?", ["\x00" + uid, uid])
        for uid, name in names.items():
            self.store.write(
                "UPDATE routines SET name = ?, name_key = ? WHERE uid = ?",
                [name, name_key(name), uid],
            )
        chosen = self.store.rows(
            "SELECT state FROM sync_entities WHERE kind = 'default' AND state IS NOT NULL"
        )
        candidates = [json.loads(chosen[0][0])["routine"]] if chosen else []
        candidates += ["favourites", *sorted(names)]
        default = next((uid for uid in candidates if uid in names), None)
        self.store.write("UPDATE routines SET is_default = 0 WHERE is_default")
        if default is not None:
            self.store.write("UPDATE routines SET is_default = 1 WHERE uid = ?", [default])

    # What the status shows

    def device_names(self) -> dict[str, str]:
        """The name each device that synced goes by, as the latest change of it says."""
        import json

        rows = self.store.rows(
            "SELECT key, state FROM sync_entities WHERE kind = 'device' AND state IS NOT NULL"
        )
        return {key: json.loads(state)["name"] for key, state in rows}

    def waiting(self) -> int:
        return int(self.store.rows("SELECT count(*) FROM sync_entities WHERE seq IS NULL")[0][0])
