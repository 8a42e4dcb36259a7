"""The files of the sync folder: whose each one is, by its name, and how long a line in one may
be. Apart from domain/sync.py (what a line says) because reading commands with `sync.auto` on
look at the folder's names on every run, and must not pay for reading lines."""

MAX_LINE_BYTES = 256 * 1024
"""A routine of 100 stretches is under 20 KB: a longer line is not one stretchlog wrote."""
_HEX = frozenset("0123456789abcdef")
_PREFIX, _SUFFIX = "stretchlog-", ".jsonl"


def device_file(device: str) -> str:
    return f"stretchlog-{device}.jsonl"


def file_device(name: str) -> str | None:
    """The device whose changes a file of that name holds, None for a file that is not sync's:
    `stretchlog-<device>.jsonl`, and the copies sync tools make of it when they see two
    versions, which hold the same device's lines: `.sync-conflict-20261126-101500-ABCDEFG`
    (Syncthing), ` (laptop's conflicted copy 2026-11-26)` (Dropbox), ` 2` (iCloud), `-LAPTOP`
    (OneDrive) before the `.jsonl`. (String tests, not a pattern: `sync` runs often, and a
    pattern costs more to compile than these take to run.)"""
    if not (name.startswith(_PREFIX) and name.endswith(_SUFFIX)) or "\x00" in name:
        return None
    device = name[len(_PREFIX) : len(_PREFIX) + 32]
    after = name[len(_PREFIX) + 32 : len(_PREFIX) + 33]
    if len(name) < len(_PREFIX) + 32 + len(_SUFFIX) or not is_device_id(device) or after in _HEX:
        return None
    return device


def is_device_id(text: str) -> bool:
    return len(text) == 32 and _HEX.issuperset(text)
