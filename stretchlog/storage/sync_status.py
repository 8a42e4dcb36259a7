"""What `sync --status` lists: each device known here or in the folder, when it last synced,
and how many of its changes wait (this device's not yet sent, another's not yet taken in)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from stretchlog.domain.sync import DeviceStatus, stamp_moment
from stretchlog.storage import sync_folder
from stretchlog.storage.sync_log import SyncLog
from stretchlog.storage.synced_store import SyncedStore


def devices(store: SyncedStore, folder: Path | None) -> list[DeviceStatus]:
    log = SyncLog(store)
    own = log.device()
    if own is not None and own.published == 0:
        return []  # a first sync that did not finish: nothing synced yet
    names = log.device_names()
    peers = {
        row[0]: row[1:]
        for row in store.rows(
            "SELECT device, last_stamp, synced_at, refused, problem FROM sync_peers"
        )
    }
    newest = dict(store.rows("SELECT device, max(stamp) FROM sync_entities GROUP BY device"))
    unread = _unread(store, folder) if folder is not None and folder.is_dir() else {}
    known = set(names) | set(peers) | set(unread) | ({own.uid} if own else set())
    found = []
    for device in sorted(known, key=lambda d: (own is None or d != own.uid, names.get(d, ""), d)):
        _, synced_at, refused, problem = peers.get(device, (0, None, 0, None))
        this = own is not None and device == own.uid
        found.append(
            DeviceStatus(
                device=device,
                name=names.get(device),
                this=this,
                synced_at=datetime.fromisoformat(synced_at) if synced_at else None,
                last_change=stamp_moment(newest[device]) if device in newest else None,
                waiting=log.waiting() if this else unread.get(device, 0),
                refused=refused,
                problem=problem,
            )
        )
    return found


def _unread(store: SyncedStore, folder: Path) -> dict[str, int]:
    """Per device, the lines in its files not yet read (counted, not read into memory)."""
    offsets = dict(store.rows("SELECT name, offset FROM sync_files"))
    own = SyncLog(store).device()
    files, _ = sync_folder.device_files(folder)
    waiting: dict[str, int] = {}
    for found in files:
        if own is not None and found.device == own.uid:
            continue
        lines = sync_folder.count_lines(folder / found.name, offsets.get(found.name, 0))
        waiting[found.device] = waiting.get(found.device, 0) + lines
    return waiting
