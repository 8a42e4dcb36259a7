"""One sync, under the database's write lock: read what every device's file added since last
time and apply it, then append this device's new changes to its own file.

A database's first sync takes in the folder before it publishes its own history: a new machine
joining with empty favourites must not wipe the favourites every other machine has.

A file that cannot be used is reported and passed over; the others still apply. This device's
own file is read like the others: lines in it that the database does not know (it was restored
from a backup) are applied, and numbering goes on after them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from stretchlog.domain.sync import (
    MAX_PROBLEMS,
    Change,
    DeviceReport,
    NewerFormat,
    Refused,
    Report,
    decode,
    encode,
    latest_stamp,
    state_of_device,
)
from stretchlog.domain.sync_files import device_file
from stretchlog.storage import sync_folder
from stretchlog.storage.sync_log import EVERYTHING, Device, SyncLog
from stretchlog.storage.synced_store import SyncedStore

TYPE_CHECKING = False
if TYPE_CHECKING:
    from stretchlog.domain.catalog import Stretch


def exchange(
    store: SyncedStore, folder: Path, now: datetime, name: str, custom: list[Stretch] | None
) -> Report:
    """Sync with `folder`; `custom` is the user's own stretches, None to leave them for a sync
    that reads them (an automatic one does not, to stay quick)."""
    from stretchlog.domain.catalog import entry_document

    log = SyncLog(store)
    if log.device() is None:  # kept first: a sync killed half-way must not leave a file of
        with store.transaction():  # a device id that the next sync no longer has
            if log.device() is None:
                log.start()
    with store.transaction():
        device = log.device()
        assert device is not None
        first = device.published == 0
        lost = not first and _own_file_lost(log, folder, device)
        log.keep_own(
            device,
            [
                ("device", device.uid, state_of_device(name)),
                *(("stretch", stretch.id, entry_document(stretch)) for stretch in custom or ()),
            ],
            now,
        )
        files, passed_over = sync_folder.device_files(folder)
        reports: dict[str, DeviceReport] = {}
        stretches: list[Stretch] = []
        for found in files:
            report = reports.get(found.device, DeviceReport(found.device))
            report, arrived = _read_file(log, folder, found, report, now)
            reports[found.device] = report
            stretches += arrived
        if first:  # after taking in the folder: where it holds the same thing, its version stays
            log.record([EVERYTHING], now)
        if lost:  # its file was deleted or cut: what this device's changes still decide goes again
            log.republish()
        published = _publish(log, folder)
        store.write(
            "INSERT INTO sync_peers (device, changes, last_stamp, synced_at, refused, problem)"
            " VALUES (?, 0, 0, ?, 0, NULL) ON CONFLICT (device) DO UPDATE SET"
            " synced_at = excluded.synced_at",
            [device.uid, now.isoformat()],
        )
    return Report(
        device.uid,
        first,
        published,
        tuple(reports.values()),
        tuple(passed_over),
        tuple(stretches),
        tuple(log.renamed),
    )


def _read_file(
    log: SyncLog,
    folder: Path,
    found: sync_folder.DeviceFile,
    report: DeviceReport,
    now: datetime,
) -> tuple[DeviceReport, list[Stretch]]:
    """Apply what `found` added since it was last read, a batch of lines at a time."""
    store = log.store
    known = store.rows("SELECT offset, tail FROM sync_files WHERE name = ?", [found.name])
    offset, tail = known[0] if known else (0, b"")
    if known and offset == found.size:
        return report, []  # nothing new: a stat was enough
    stretches: list[Stretch] = []
    more = True
    while more:
        reading = sync_folder.read_new(folder / found.name, offset, tail)
        start_tail = tail if reading.start == offset else b""
        changes, refused, problems, (offset, tail) = _decode(reading, found, start_tail)
        more = reading.more and (offset, tail) == (reading.offset, reading.tail)
        if reading.problem:
            problems.append(f"{found.name} {reading.problem}")
        applied, arrived = log.apply(changes, latest_stamp(now))
        if any(change.stamp > latest_stamp(now) for change in changes):
            problems.append(
                f"{found.name}: changes stamped more than a day ahead of this machine's clock;"
                " set that machine's clock right"
            )
        stretches += [change.entity for change in arrived if change.entity is not None]  # type: ignore[misc]
        _note_device(log, found.device, changes, refused, problems, now)
        report = report._replace(
            arrived=report.arrived + applied,
            known=report.known + len(changes) - applied,
            refused=report.refused + refused,
            problems=_kept((*report.problems, *problems)),
        )
    store.write(
        "INSERT OR REPLACE INTO sync_files (name, device, offset, size, tail) VALUES (?, ?, ?, ?, ?)",
        [found.name, found.device, offset, found.size, tail],
    )
    return report, stretches


def _kept(problems: tuple[str, ...]) -> tuple[str, ...]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return (*problems[: MAX_PROBLEMS - 1], problems[-1])


def _decode(
    reading: sync_folder.Reading, found: sync_folder.DeviceFile, start_tail: bytes
) -> tuple[list[Change], int, list[str], tuple[int, bytes]]:
    """The changes a read's lines hold, how many were refused and why, and where the next read
    starts: before a line of a newer format, which waits for an upgrade."""
    name, device = found.name, found.device
    changes: list[Change] = []
    refused, problems = 0, []
    before = (reading.start, start_tail)
    for end, line in reading.lines:
        try:
            changes.append(decode(line, device))
        except NewerFormat as newer:
            problems.append(f"{name}: {newer}; upgrade stretchlog to read the rest")
            return changes, refused, problems, before
        except Refused as why:
            refused += 1
            if len(problems) == MAX_PROBLEMS:  # a file of junk: the first ones and the last
                problems.pop()
            problems.append(f"{name}, byte {end - len(line) - 1}: {why}")
        before = (end, sync_folder.tail_of(line))
    return changes, refused, problems, (reading.offset, reading.tail)


def _note_device(
    log: SyncLog,
    device: str,
    changes: list[Change],
    refused: int,
    problems: list[str],
    now: datetime,
) -> None:
    """What a device sent, for `sync --status`; numbering of this device's own changes goes on
    after lines of its the database did not know (it was restored from a backup)."""
    own = log.device()
    if own is not None and device == own.uid and changes:
        log.store.write(
            "UPDATE sync_device SET published = max(published, ?)",
            [max(change.seq for change in changes)],
        )
    if changes or refused or problems:
        log.store.write(
            "INSERT INTO sync_peers (device, changes, last_stamp, synced_at, refused, problem)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET"
            " changes = changes + excluded.changes,"
            " last_stamp = max(last_stamp, excluded.last_stamp),"
            " refused = refused + excluded.refused,"
            " problem = excluded.problem",
            [
                device,
                len(changes),
                max((change.stamp for change in changes), default=0),
                now.isoformat(),
                refused,
                problems[-1] if problems else None,
            ],
        )


def _publish(log: SyncLog, folder: Path) -> int:
    """Append this device's unpublished changes to its file, a few hundred lines at a time;
    how many."""
    device = log.device()
    assert device is not None
    seq, after, appended = device.published, -1, None
    while pending := log.unpublished(after):
        lines = [
            encode(Change(device.uid, number, stamp, kind, key, _state(text)))
            for number, (kind, key, stamp, text) in enumerate(pending, seq + 1)
        ]
        appended = sync_folder.append(folder, device.uid, lines)
        log.mark_published(seq + 1, [(kind, key, stamp) for kind, key, stamp, _ in pending])
        seq, after = seq + len(pending), pending[-1][2]
    if appended is not None:  # what was just written needs no reading back
        log.store.write(
            "INSERT OR REPLACE INTO sync_files (name, device, offset, size, tail)"
            " SELECT ?, uid, ?, ?, ? FROM sync_device",
            [appended.name, appended.size, appended.size, appended.tail],
        )
    return seq - device.published


def _own_file_lost(log: SyncLog, folder: Path, device: Device) -> bool:
    known = log.store.rows(
        "SELECT offset, tail FROM sync_files WHERE name = ?", [device_file(device.uid)]
    )
    return bool(known) and sync_folder.lost_lines(own_file(folder, device), *known[0])


def _state(text: str | None) -> dict[str, object] | None:
    import json

    return None if text is None else json.loads(text)


def own_file(folder: Path, device: Device) -> Path:
    return folder / device_file(device.uid)
