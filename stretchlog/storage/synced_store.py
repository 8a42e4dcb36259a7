"""The store every command works through: once the database has synced, each transaction also
records the entities it wrote as this device's changes (storage/sync_log.py, imported then)."""

from __future__ import annotations

from datetime import UTC, datetime

from stretchlog.storage.store import Store

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable


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
