"""Writing the user's files (exports, pictures, stretches.toml) so a failure never leaves half of one."""

import os
from pathlib import Path

from stretchlog.errors import BadValue


def write_atomically(path: Path, text: str, what: str) -> None:
    """Write `text` exactly (newlines untouched) to a temporary file beside `path`, then rename it
    over `path` in one step. `what` names the file in the error, like 'the export'."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8", newline="")
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BadValue(
            f"cannot write {what} to {path}: {error.strerror}",
            "pick a path in a folder you can write to",
        ) from error
