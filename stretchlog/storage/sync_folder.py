"""The sync folder on disk: each device's file, read from where it was left last time, and this
device's own, appended to and flushed to the disk. What a line says is domain/sync.py's.

The folder is shared with other machines and the tools that copy it, so everything in it is
untrusted: links are not followed, lines are bounded, a line still being copied (no newline yet)
waits for the next sync, and a file that is not what it was last time is read again from the top.
"""

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from stretchlog.domain.records import Record
from stretchlog.domain.sync_files import MAX_LINE_BYTES, device_file, file_device
from stretchlog.errors import BadValue

PRIVATE = 0o600
MAX_FILES = 1000
"""More device files than anyone has machines: a folder with more is not a sync folder."""
TAIL_BYTES = 64
"""The bytes just before where reading stopped, kept to notice a file replaced by another."""
_READ_CHUNK = 1 << 20
BATCH_BYTES = 1 << 20
"""The lines one read returns at most (about): a first sync of decades is read in batches."""


class DeviceFile(Record):
    name: str
    device: str
    size: int


class Reading(Record):
    """What one read of a file found: its complete new lines (a few megabytes of them at
    most), each with the offset just past it, and where the next read starts."""

    start: int
    """Where this read started: 0 when the file was not the one read last time."""
    lines: list[tuple[int, bytes]]
    offset: int
    tail: bytes
    more: bool = False
    """More lines may follow: read again from `offset`."""
    problem: str | None = None
    """Why reading stopped early (a line too long to be one of ours), if it did."""


def tail_of(line: bytes) -> bytes:
    """What is kept of the line before an offset, to know the file again next time."""
    return (line + b"\n")[-TAIL_BYTES:]


def check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise BadValue(
            f"the sync folder {folder} is not a folder", "name a folder: stretchlog sync DIR"
        )
    if not folder.is_dir():
        raise BadValue(
            f"the sync folder {folder} does not exist",
            f"create it (mkdir -p {folder}), or name another: stretchlog sync DIR",
        )


def device_files(folder: Path) -> tuple[list[DeviceFile], list[str]]:
    """The files of devices in `folder`, and what was passed over (a link, a folder): a file a
    sync tool made as a conflict copy counts for the device it copies."""
    found: list[DeviceFile] = []
    passed_over: list[str] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        raise BadValue(
            f"cannot read the sync folder {folder}: {error.strerror}", "check its permissions"
        ) from error
    for entry in entries:
        device = file_device(entry.name)
        if device is None:
            continue
        if entry.is_symlink() or not entry.is_file(follow_symlinks=False):
            what = (
                "a link"
                if entry.is_symlink()
                else "a folder"
                if entry.is_dir(follow_symlinks=False)
                else "a pipe or a device"
            )
            passed_over.append(f"{entry.name}: {what}, not a plain file: not read")
            continue
        if len(found) == MAX_FILES:
            passed_over.append(f"more than {MAX_FILES} device files: the rest are not read")
            break
        found.append(DeviceFile(entry.name, device, entry.stat(follow_symlinks=False).st_size))
    return found, passed_over


def read_new(path: Path, offset: int, tail: bytes) -> Reading:
    """The complete lines of `path` after `offset`: from the top instead when the bytes before
    `offset` are no longer `tail` (a sync tool replaced the file, or it shrank)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return Reading(offset, [], offset, tail, problem=f"cannot be read ({error.strerror})")
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return Reading(offset, [], offset, tail, problem="is not a plain file")
        if offset and not (tail and _bytes_before(stream, offset).endswith(tail)):
            offset, tail = 0, b""
        stream.seek(offset)
        return _complete_lines(stream, offset, tail)


def lost_lines(path: Path, offset: int, tail: bytes) -> bool:
    """Whether `path` no longer holds the `offset` bytes that ended with `tail` (it was deleted,
    cut short, or replaced): then lines written to it are gone from the folder."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return offset > 0
    except OSError:
        return False  # not readable: writing to it says why
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        return False  # not a file: writing to it says so
    with os.fdopen(descriptor, "rb") as stream:
        return offset > 0 and not _bytes_before(stream, offset).endswith(tail)


def _bytes_before(stream: BinaryIO, offset: int) -> bytes:
    start = max(0, offset - TAIL_BYTES)
    stream.seek(start)
    return stream.read(offset - start)


def _complete_lines(stream: BinaryIO, offset: int, tail: bytes) -> Reading:
    start = offset
    lines: list[tuple[int, bytes]] = []
    pending = b""
    problem = None
    while offset - start < BATCH_BYTES and (chunk := stream.read(_READ_CHUNK)):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        for line in complete:
            offset += len(line) + 1
            tail = tail_of(line)
            if line.strip():
                lines.append((offset, line))
        if len(pending) > MAX_LINE_BYTES:
            problem = f"holds a line longer than {MAX_LINE_BYTES:,} bytes: the rest is not read"
            break
    return Reading(start, lines, offset, tail, more=bool(lines) and not problem, problem=problem)


class Appended(Record):
    """This device's file after an append: where the next read of it would start, and the
    bytes before that point, as `sync_files` keeps them for every file read."""

    name: str
    size: int
    tail: bytes


def append(folder: Path, device: str, lines: list[str]) -> Appended:
    """Add `lines` to this device's own file and flush them to the disk. The file is created
    private and exclusively; an existing one is written through no link. A line cut short by a
    crash before this one is ended first, so the new lines stay lines of their own."""
    path = folder / device_file(device)
    flags = os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0)  # a pipe
    try:
        try:
            descriptor = os.open(path, flags | os.O_CREAT | os.O_EXCL, PRIVATE)
            created = True
        except FileExistsError:
            descriptor = os.open(path, flags)
            created = False
    except OSError as error:
        if error.errno == errno.ENXIO:  # a pipe with no reader
            raise BadValue(
                f"{path} is not a plain file", "move it out of the sync folder"
            ) from error
        raise BadValue(
            f"cannot write {path}: {error.strerror}",
            "check that it is this device's own plain file and the folder is writable",
        ) from error
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise BadValue(f"{path} is not a plain file", "move it out of the sync folder")
        text = "\n".join(lines) + "\n"
        if not created and not _ends_a_line(path):
            text = "\n" + text
        data = text.encode("utf-8")
        appended = Appended(path.name, 0, tail_of(data[:-1]))
        while data:
            written = os.write(descriptor, data)
            data = data[written:]
        os.fsync(descriptor)
        appended = appended._replace(size=os.fstat(descriptor).st_size)
    except OSError as error:
        raise BadValue(
            f"cannot write {path}: {error.strerror}", "free some space, then sync again"
        ) from error
    finally:
        os.close(descriptor)
    if created:
        _sync_folder_entry(folder)
    return appended


def _ends_a_line(path: Path) -> bool:
    with path.open("rb") as stream:
        stream.seek(0, os.SEEK_END)
        if stream.tell() == 0:
            return True
        stream.seek(-1, os.SEEK_END)
        return stream.read(1) == b"\n"


def _sync_folder_entry(folder: Path) -> None:
    """Make the new file's name survive a crash, as its lines do."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot: the lines themselves are on the disk
    finally:
        os.close(descriptor)


def count_lines(path: Path, offset: int) -> int:
    """How many complete lines `path` has after `offset`, up to a line too long to be read (as
    reading stops there, so does counting, without reading the rest of a huge file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return 0
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return 0
        stream.seek(offset)
        count, since_newline = 0, 0
        while chunk := stream.read(_READ_CHUNK):
            newlines = chunk.count(b"\n")
            count += newlines
            since_newline = (
                len(chunk) - chunk.rindex(b"\n") - 1 if newlines else since_newline + len(chunk)
            )
            if since_newline > MAX_LINE_BYTES:
                break
        return count
