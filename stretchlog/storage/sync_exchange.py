"""One sync, under the database's write lock: read what every device's file added since last
time and apply it, then append this device's new changes to its own file.

A file that cannot be used is reported and passed over; the others still apply. This device's
own file is read like the others: lines in it that the database does not know (it was restored
from a backup) are applied, and numbering goes on after them.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from stretchlog.domain.catalog import Stretch, entry_document
from stretchlog.domain.sync import (
    Change,
    DeviceReport,
    NewerFormat,
    Refused,
    Report,
    decode,
    device_file,
    encode,
    state_of_device,
)
from stretchlog.storage import sync_folder
from stretchlog.storage.sync_log import Device, SyncedStore, SyncLog


def exchange(
    store: SyncedStore, folder: Path, now: datetime, name: str, custom: list[Stretch]
) -> Report:
    log = SyncLog(store)
    with store.transaction():
        device = log.device()
        first = device is None
        device = device or log.start(now)
        log.keep_own(
            device,
            [
                ("device", device.uid, state_of_device(name)),
                *(("stretch", stretch.id, entry_document(stretch)) for stretch in custom),
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
        published = _publish(log, folder, now)
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
    )


def _read_file(
    log: SyncLog,
    folder: Path,
    found: sync_folder.DeviceFile,
    report: DeviceReport,
    now: datetime,
) -> tuple[DeviceReport, list[Stretch]]:
    store = log.store
    known = store.rows("SELECT offset, tail FROM sync_files WHERE name = ?", [found.name])
    offset, tail = known[0] if known else (0, b"")
    if known and offset == found.size:
        return report, []  # nothing new: a stat was enough
    reading = sync_folder.read_new(folder / found.name, offset, tail)
    changes: list[Change] = []
    refused, problems = 0, list(report.problems)
    offset, tail = reading.offset, reading.tail
    previous = (reading.start, reading.start_tail)
    for end, line in reading.lines:
        try:
            changes.append(decode(line, found.device))
        except NewerFormat as newer:
            problems.append(f"{found.name}: {newer}; upgrade stretchlog to read the rest")
            offset, tail = previous[0], previous[1]
            break
        except Refused as why:
            refused += 1
            problems.append(f"{found.name}, byte {end - len(line) - 1}: {why}")
        previous = (end, sync_folder.tail_of(line))
    if reading.problem:
        problems.append(f"{found.name} {reading.problem}")
    applied, stretches = log.apply(changes)
    own = log.device()
    if own is not None and found.device == own.uid and changes:
        store.write(  # numbering goes on after this device's lines the database did not know
            "UPDATE sync_device SET published = max(published, ?)",
            [max(change.seq for change in changes)],
        )
    store.write(
        "INSERT OR REPLACE INTO sync_files (name, device, offset, size, tail) VALUES (?, ?, ?, ?, ?)",
        [found.name, found.device, offset, found.size, tail],
    )
    if changes or refused or problems:
        store.write(
            "INSERT INTO sync_peers (device, changes, last_stamp, synced_at, refused, problem)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (device) DO UPDATE SET"
            " changes = changes + excluded.changes,"
            " last_stamp = max(last_stamp, excluded.last_stamp),"
            " refused = refused + excluded.refused,"
            " problem = coalesce(excluded.problem, problem)",
            [
                found.device,
                len(changes),
                max((change.stamp for change in changes), default=0),
                now.isoformat(),
                refused,
                problems[-1] if problems else None,
            ],
        )
    report = report._replace(
        arrived=report.arrived + applied,
        known=report.known + len(changes) - applied,
        refused=report.refused + refused,
        problems=tuple(problems[:20]),
    )
    return report, [change.entity for change in stretches if change.entity is not None]  # type: ignore[misc]


def _publish(log: SyncLog, folder: Path, now: datetime) -> int:
    """Append this device's unpublished changes to its file; how many."""
    device = log.device()
    assert device is not None
    pending = log.unpublished()
    if not pending:
        return 0
    first_seq = device.published + 1
    lines = [
        encode(Change(device.uid, seq, stamp, kind, key, _state(text)))
        for seq, (kind, key, stamp, text) in enumerate(pending, first_seq)
    ]
    path = sync_folder.append(folder, device.uid, lines)
    log.mark_published(first_seq, [(kind, key, stamp) for kind, key, stamp, _ in pending])
    _note_own_file(log, path)
    return len(lines)


def _note_own_file(log: SyncLog, path: Path) -> None:
    """What was just written needs no reading back."""
    size = path.stat().st_size
    log.store.write(
        "INSERT OR REPLACE INTO sync_files (name, device, offset, size, tail)"
        " SELECT ?, uid, ?, ?, ? FROM sync_device",
        [path.name, size, size, _last_bytes(path, size)],
    )


def _last_bytes(path: Path, size: int) -> bytes:
    with path.open("rb") as stream:
        stream.seek(max(0, size - sync_folder.TAIL_BYTES))
        return stream.read()


def _state(text: str | None) -> dict[str, object] | None:
    import json

    return None if text is None else json.loads(text)


def own_file(folder: Path, device: Device) -> Path:
    return folder / device_file(device.uid)
