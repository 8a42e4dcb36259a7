"""The scheduler's side of reminders: the unit and agent files install writes, and the user's
crontab, read and written through `crontab` itself. What goes in them is domain/schedules.py's.

Every file written carries the marker (domain/schedules.py MARKER): a file at our path without it
belongs to someone else and is neither replaced nor removed.
"""

import os
import subprocess
from pathlib import Path

from stretchlog.domain.schedules import has_marker
from stretchlog.errors import BadValue
from stretchlog.storage.files import read_text, write_new_file

_UNIT_LIMIT = 2**20
_TIMEOUT_SECONDS = 15


def systemd_user_folder() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or ""
    base = Path(config) if Path(config).is_absolute() else Path.home() / ".config"
    return base / "systemd" / "user"


def launch_agents_folder() -> Path:
    return Path.home() / "Library" / "LaunchAgents"


def write_owned(path: Path, text: str) -> bool:
    """Write `text` to `path`, replacing only a file of ours; False when it already says that."""
    if os.path.lexists(path):
        current = _read_owned(path)
        if current == text:
            return False
    path.parent.mkdir(parents=True, exist_ok=True)
    write_new_file(path, text, f"the scheduler file {path.name}", force=os.path.lexists(path))
    return True


def owned(path: Path) -> bool:
    """Whether a file of ours is at `path`: False when nothing is, refused when another is."""
    if not os.path.lexists(path):
        return False
    _read_owned(path)
    return True


def remove_owned(path: Path) -> bool:
    """Remove a file of ours at `path`; False when there is none."""
    if not os.path.lexists(path):
        return False
    _read_owned(path)
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise BadValue(
            f"cannot remove {path}: {error.strerror}", "check the folder's permissions"
        ) from error
    return True


def _read_owned(path: Path) -> str:
    """The text of `path`, refused unless it is a regular file carrying our marker."""
    if path.is_symlink() or not path.is_file():
        raise _not_ours(path)
    text = read_text(path, _UNIT_LIMIT, "a file stretchlog wrote")
    if not has_marker(text):
        raise _not_ours(path)
    return text


def _not_ours(path: Path) -> BadValue:
    return BadValue(
        f"{path} was not written by stretchlog, so it is left alone",
        "move it away yourself if you want stretchlog's reminders there",
    )


def run_tool(command: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run a scheduler's tool (crontab, systemctl, launchctl), its output captured. Text passes
    byte for byte: UTF-8, with other bytes kept as they were (surrogateescape) and line endings
    untouched."""
    try:
        done = subprocess.run(
            command,
            input=None if stdin is None else stdin.encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError:
        raise BadValue(
            f"'{command[0]}' is not installed", "pick another scheduler with --scheduler"
        ) from None
    except (OSError, subprocess.SubprocessError) as error:
        raise BadValue(f"'{' '.join(command)}' did not run: {error}") from None
    return subprocess.CompletedProcess(
        command,
        done.returncode,
        done.stdout.decode("utf-8", "surrogateescape"),
        done.stderr.decode("utf-8", "replace"),
    )


def systemd_usable() -> bool:
    """Whether this user has a running systemd instance to hand timers to."""
    try:
        done = subprocess.run(
            ["systemctl", "--user", "is-system-running"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.stdout.strip() in ("running", "degraded", "starting")


def read_crontab() -> str:
    """The user's crontab exactly as `crontab -l` prints it; empty when they have none."""
    done = run_tool(["crontab", "-l"])
    if done.returncode == 0:
        return done.stdout
    if "no crontab" in done.stderr.lower():
        return ""
    raise BadValue(f"'crontab -l' failed: {_first_line(done.stderr)}", "check cron is working")


def write_crontab(text: str) -> None:
    """Make `text` the user's crontab; an empty text removes the crontab."""
    done = run_tool(["crontab", "-r"]) if not text else run_tool(["crontab", "-"], stdin=text)
    if done.returncode != 0:
        raise BadValue(
            f"crontab refused the new table: {_first_line(done.stderr)}",
            "your crontab is as it was",
        )


def _first_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[0] if lines else "no reason given"
