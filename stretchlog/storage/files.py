"""Writing the user's files (exports, pictures, stretches.toml) so that a failure never leaves half
of one, nothing is replaced by surprise, and nothing private is readable by others.

A file is first written in full to a temporary file beside its target, created private (0600)
and exclusively (O_EXCL | O_NOFOLLOW, so no planted file or link is written through), then moved
into place in one step.
"""

import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from stretchlog.errors import BadValue, NotFound

PRIVATE = 0o600
Text = str | Iterable[str]
"""What a file is written from: all of it, or its parts in order (an export of 50 years is
written as it is read, so its memory does not grow with the history)."""


def read_text(path: Path, limit: int, what: str) -> str:
    """The UTF-8 text of the user's file at `path`, exactly as written (a CSV cell may hold a
    \r), read no further than `limit` bytes: `what` (like 'an export') says what it should be."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except FileNotFoundError:
        raise NotFound(f"there is no file {path}", "check the path") from None
    except OSError as error:
        raise BadValue(
            f"cannot read {path}: {error.strerror}", "check the path and its permissions"
        ) from error
    if len(data) > limit:
        raise BadValue(
            f"{path} is larger than {limit // 2**20} MB, too large for {what}",
            f"check that it is {what}",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadValue(f"{path} is not UTF-8 text", f"check that it is {what}") from None


def write_new_file(
    path: Path, text: Text, what: str, *, force: bool, protected: Iterable[str] = ()
) -> None:
    """Write `text` exactly (newlines untouched) to `path`. An existing file is replaced only with
    `force`; a `protected` file (the database, the user's catalog) never is, nor a folder."""
    if _same_file(path, protected):
        raise BadValue(
            f"{path} is one of stretchlog's own files, so {what} cannot be written over it",
            "pick another file name",
        )
    if os.path.isdir(path):  # os.path, not pathlib: a name too long is simply no folder
        raise BadValue(f"{path} is a folder", f"give a file name for {what}")
    if os.path.lexists(path):
        if not force:
            raise BadValue(
                f"{path} already exists", "add --force to replace it, or pick another name"
            )
        mode = os.lstat(path).st_mode
        if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise BadValue(
                f"{path} is not a regular file (a device, a pipe or a socket)",
                "pick another file name",
            )
    temporary = _write_temporary(path, text, what)
    try:
        if force:
            temporary.replace(path)
        else:
            _link_new(temporary, path)
    except OSError as error:
        raise _cannot_write(path, what, error) from error
    finally:
        _remove(temporary)


def replace_file(path: Path, text: str, what: str) -> None:
    """Write stretchlog's own `path` (the user's catalog) anew in one step, keeping it private."""
    temporary = _write_temporary(path, text, what)
    try:
        temporary.replace(path)
    except OSError as error:
        _remove(temporary)
        raise _cannot_write(path, what, error) from error


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` for a read-modify-write, so that two stretchlogs editing
    the same file one after the other keep both changes. The lock lives in a hidden file beside
    it (created private), since `path` itself is replaced by each write."""
    import fcntl  # POSIX only, and only for writes

    lock = path.with_name(f".{path.name}.lock")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), PRIVATE)
    except OSError as error:
        raise BadValue(
            f"cannot lock {path}: {error.strerror}", "check the folder's permissions"
        ) from error
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _write_temporary(path: Path, text: Text, what: str) -> Path:
    # Short, so that it fits the folder's name limit however long the target's name is.
    temporary = path.with_name(f".stretchlog-{os.urandom(6).hex()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(temporary, flags, PRIVATE)
    except OSError as error:
        raise _cannot_write(path, what, error) from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.writelines([text] if isinstance(text, str) else text)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        _remove(temporary)
        raise _cannot_write(path, what, error) from error
    except BaseException:
        _remove(temporary)
        raise
    return temporary


def _link_new(temporary: Path, path: Path) -> None:
    """Put `temporary` at `path` unless something is there by now (another process was quicker)."""
    try:
        os.link(temporary, path)
    except FileExistsError:
        raise BadValue(f"{path} already exists", "add --force to replace it") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise BadValue(f"{path} already exists", "add --force to replace it") from None
        temporary.replace(path)


def _same_file(path: Path, protected: Iterable[str]) -> bool:
    target = os.path.realpath(path)
    return any(target == os.path.realpath(other) for other in protected)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _cannot_write(path: Path, what: str, error: OSError) -> BadValue:
    return BadValue(
        f"cannot write {what} to {path}: {error.strerror or error}",
        "pick a path in a folder you can write to, with room to spare",
    )
