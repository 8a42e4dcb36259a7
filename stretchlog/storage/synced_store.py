"""The store every command works through: once the database has synced, each transaction also
records the entities it wrote as this device's changes (storage/sync_log.py, imported then)."""

from __future__ import annotations

from datetime import UTC, datetime

from stretchlog.storage.store import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path


class SyncedStore(Store):
    wall_clock: Callable[[], datetime] = staticmethod(lambda: datetime.now(UTC))
    """The time changes are stamped with: the command's clock."""
    recorded = False
    """This run recorded changes of its own, for an automatic sync to send."""

    def record_changes(self) -> None:
        if self.rows("SELECT 1 FROM sync_device"):
            from stretchlog.storage.sync_log import SyncLog

            SyncLog(self).record(self.changes, self.wall_clock())
            self.recorded = True
        self.changes.clear()

    def behind(self, folder: Path) -> bool:
        """Whether a sync with `folder` has anything to do: this device has changes to send, or a
        file there is not the size it was when last read (a look at each file's size, no more:
        reading commands ask this on every run with `sync.auto` on). Never before a first sync."""
        from stretchlog.storage.sync_folder import device_files

        if not self.rows("SELECT 1 FROM sync_device WHERE published > 0"):
            return False  # not even after a first sync that did not finish
        if self.rows("SELECT 1 FROM sync_entities WHERE seq IS NULL LIMIT 1"):
            return True
        known = dict(self.rows("SELECT name, size FROM sync_files"))
        files, _ = device_files(folder)
        return any(known.get(found.name) != found.size for found in files)
