"""A reminder shown to the user: a desktop notification where there is a desktop, else a line
(and the bell) on each terminal they are logged in at. Best effort: a reminder that cannot be
shown is never an error of the command that fires it.
"""

import os
import shutil
import subprocess
import sys

TITLE = "stretchlog"
_TIMEOUT_SECONDS = 10
TERMINALS = ("/dev/pts/[0-9]*", "/dev/ttys[0-9]*")
"""Where the user's terminals are (Linux, macOS); the tests point this at files of their own."""


def notify(text: str) -> str:
    """Show `text`; returns how it was shown ('notify-send', 'osascript', 'terminals', 'none')."""
    text = _plain(text)
    if sys.platform == "darwin" and shutil.which("osascript"):
        script = (
            f"display notification {applescript_text(text)} with title {applescript_text(TITLE)}"
        )
        if _ran(["osascript", "-e", script], os.environ.copy()):
            return "osascript"
    notify_send = ["notify-send", "--app-name", TITLE, "--", TITLE, text]
    if shutil.which("notify-send") and _ran(notify_send, _session_bus_env()):
        return "notify-send"
    return "terminals" if to_terminals(f"\a\r\n{TITLE}: {text}\r\n") else "none"


def applescript_text(text: str) -> str:
    """`text` as an AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(text: str) -> str:
    """`text` without control characters, which no notification should carry."""
    return "".join(char if char.isprintable() else " " for char in text)


def _session_bus_env() -> dict[str, str]:
    """The environment, with the session bus found where cron leaves it unset."""
    env = os.environ.copy()
    if not env.get("DBUS_SESSION_BUS_ADDRESS"):
        runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
        bus = os.path.join(runtime, "bus")
        if _is_socket(bus):
            env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={bus}"
            env.setdefault("XDG_RUNTIME_DIR", runtime)
    return env


def _is_socket(path: str) -> bool:
    import stat

    try:
        return stat.S_ISSOCK(os.stat(path).st_mode)
    except OSError:
        return False


def _ran(command: list[str], env: dict[str, str]) -> bool:
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def to_terminals(line: str) -> bool:
    """Write `line` to each terminal the user owns; whether any took it."""
    import glob
    import stat

    wrote = False
    me = os.getuid()
    for path in sorted({found for pattern in TERMINALS for found in glob.glob(pattern)}):
        try:
            info = os.stat(path)
            if info.st_uid != me or not (stat.S_ISCHR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                continue
            handle = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | os.O_APPEND)
        except OSError:
            continue
        try:
            os.write(handle, line.encode("utf-8", "replace"))
            wrote = True
        except OSError:
            pass
        finally:
            os.close(handle)
    return wrote
