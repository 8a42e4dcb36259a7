"""The user's settings (config.toml): what each may be, and its default.

`stretchlog status` reads the day's start from them when there is a config.toml, so this module
imports neither `typing` nor `re` (see records.py); fields.py, which words a refusal, is imported
only to refuse.
"""

from datetime import time

from stretchlog.domain.records import Record
from stretchlog.domain.today import MIDNIGHT, MONDAY, SUNDAY, clock_time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

    from stretchlog.domain.fields import Rule

LATEST_DAY_START = time(12)
"""A day may start as late as noon: later, and the morning would count for the day before."""
WEEKDAY_NAMES = ("monday", "sunday")
_FIRST_WEEKDAY = {"monday": MONDAY, "sunday": SUNDAY}


class Settings(Record):
    day_starts_at: time = MIDNIGHT
    """Until this wall-clock time, it is still the day before (for a night owl's 00:30 session)."""
    week_starts_on: str = "monday"
    quiet_hours: str | None = None
    """'22:00-07:00': when reminders keep quiet (`remind fire` says nothing then)."""
    voice: bool = False
    """`start` speaks its cues (as --voice does) unless told --no-voice."""
    voice_command: str | None = None
    """The speech engine `start --voice` runs, `{text}` standing for the words; None: the first
    one installed of those it knows."""
    sync_dir: str | None = None
    """The folder `sync` uses when none is given."""
    sync_auto: bool = False
    """Sync after every write and before every read, when anything changed."""
    device_name: str | None = None
    """What this machine is called in the sync folder (its host name when unset)."""

    @property
    def first_weekday(self) -> int:
        """The weekday rows and weeks start on: 0 for Monday, 6 for Sunday."""
        return _FIRST_WEEKDAY[self.week_starts_on]


# What each setting may be


def _day_start(raw: object) -> time | None:
    found = clock_time(raw)
    return found if found is not None and found <= LATEST_DAY_START else None


def _weekday(raw: object) -> str | None:
    name = raw.strip().casefold() if isinstance(raw, str) else None
    return name if name in WEEKDAY_NAMES else None


def _hours(raw: object) -> str | None:
    """Two different clock times, 'from-to', kept as HH:MM-HH:MM."""
    first, dash, last = raw.partition("-") if isinstance(raw, str) else ("", "", "")
    start, end = clock_time(first), clock_time(last)
    if not dash or start is None or end is None or start == end:
        return None
    return f"{start:%H:%M}-{end:%H:%M}"


_YES_NO = {"true": True, "yes": True, "on": True, "false": False, "no": False, "off": False}
MAX_VOICE_COMMAND = 300


def _yes_no(raw: object) -> bool | None:
    if isinstance(raw, bool):
        return raw
    return _YES_NO.get(raw.strip().casefold()) if isinstance(raw, str) else None


def _voice_command(raw: object) -> str | None:
    """A command line with {text} in one of its arguments (never the program's place): it is
    split like a shell would, but run without one, the words always one argument."""
    command = raw.strip() if isinstance(raw, str) else ""
    if not command or len(command) > MAX_VOICE_COMMAND or not command.isprintable():
        return None
    import shlex  # only when the setting is there: `status` reads this file

    try:
        program, *arguments = shlex.split(command)
    except ValueError:  # an unclosed quote, or nothing but quotes
        return None
    return command if "{text}" not in program and any("{text}" in a for a in arguments) else None


def _folder(raw: object) -> str | None:
    """A folder's path, with ~ for the home folder: absolute once expanded."""
    from pathlib import Path

    if not isinstance(raw, str) or not raw.strip() or len(raw) > 4096:
        return None
    if any(ord(char) < 32 or 127 <= ord(char) < 160 for char in raw.strip()):
        return None  # a newline or an escape: a paste gone wrong, and no path to show in one line
    path = Path(raw.strip()).expanduser()
    return str(path) if path.is_absolute() else None


def as_device_name(raw: object) -> str | None:
    """`raw` as a device's name (a host name, say), None when it cannot be one."""
    from stretchlog.domain.fields import Invalid, device_name

    try:
        return device_name(raw.strip() if isinstance(raw, str) else raw)
    except Invalid:
        return None


class Setting(Record):
    key: str
    """As typed on the command line; a dot means a table in config.toml."""
    field: str
    """The field of `Settings` it fills."""
    read: "Callable[[object], Any]"
    """The value kept for a raw one (text, or what TOML read), or None when it is not allowed."""
    expected: str
    about: str


SETTINGS = (
    Setting(
        "day_starts_at",
        "day_starts_at",
        _day_start,
        "a time from 00:00 to 12:00, like 04:00",
        "until this time, it is still the day before",
    ),
    Setting(
        "week_starts_on",
        "week_starts_on",
        _weekday,
        "monday or sunday",
        "where weeks start in the calendar and stats",
    ),
    Setting(
        "reminders.quiet_hours",
        "quiet_hours",
        _hours,
        "two different times like 22:00-07:00",
        "when reminders keep quiet",
    ),
    Setting(
        "guided.voice",
        "voice",
        _yes_no,
        "true or false",
        "start speaks its cues, as --voice does",
    ),
    Setting(
        "guided.voice_command",
        "voice_command",
        _voice_command,
        "a command with {text} in it, like 'espeak-ng -s 140 {text}'",
        "the speech engine start --voice runs",
    ),
    Setting(
        "sync.dir",
        "sync_dir",
        _folder,
        "the absolute path of a folder, like ~/Sync/stretchlog",
        "the folder `sync` uses when none is given",
    ),
    Setting(
        "sync.auto",
        "sync_auto",
        _yes_no,
        "true or false",
        "sync after each change, and before reading when another device wrote",
    ),
    Setting(
        "device.name",
        "device_name",
        as_device_name,
        "one line of at most 64 characters, with no control or invisible ones",
        "what this machine is called in the sync folder (its host name when unset)",
    ),
)
KEYS = tuple(setting.key for setting in SETTINGS)
DEFAULTS = Settings()


def setting_named(key: str) -> Setting:
    """The setting `key` names (in any case), or a refusal listing the settings there are."""
    for setting in SETTINGS:
        if setting.key == key.strip().casefold():
            return setting
    from stretchlog.domain.fields import shown
    from stretchlog.errors import BadValue

    raise BadValue(f"there is no setting {shown(key)}", "the settings are " + ", ".join(KEYS))


def rule(setting: Setting) -> "Rule":
    """`setting` as a rule of fields.py, for check_option and its wording."""
    from stretchlog.domain.fields import Invalid

    def check(value: object) -> object:
        found = setting.read(value)
        if found is None:
            raise Invalid(setting.expected)
        return found

    return check


def value_text(value: object) -> str | None:
    """A setting's value as it is shown and written: 04:00, sunday; None for unset."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return None if value is None else str(value)


def value_of(settings: Settings, setting: Setting) -> object:
    return getattr(settings, setting.field)


def settings_from(document: "Mapping[str, object]") -> "tuple[Settings, list[str]]":
    """The settings a parsed config.toml holds, and what is wrong with it: a value not allowed,
    a key that is no setting. With any problem, the caller keeps to the defaults."""
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        raw = _lookup(document, setting.key)
        if raw is None:
            continue
        value = setting.read(raw)
        if value is None:
            problems.append(_refusal(setting, raw))
        else:
            values[setting.field] = value
    problems += _unknown_keys(document)
    if problems:
        return DEFAULTS, problems
    return Settings(**values), problems


def _lookup(document: "Mapping[str, object]", key: str) -> object:
    found: object = document
    for part in key.split("."):
        found = found.get(part) if isinstance(found, dict) else None
    return found


def _unknown_keys(document: "Mapping[str, object]", prefix: str = "") -> list[str]:
    """What is said of each key that is no setting."""
    unknown: list[str] = []
    for name, value in document.items():
        key = prefix + name
        table = any(known.startswith(key + ".") for known in KEYS)
        if table and isinstance(value, dict):
            unknown += _unknown_keys(value, key + ".")
        elif table:
            unknown.append(f"{key} must be a table, like [{key}]")
        elif key not in KEYS:
            unknown.append(f"there is no setting '{key}'")
    return unknown


def _refusal(setting: Setting, raw: object) -> str:
    from stretchlog.domain.fields import check_option
    from stretchlog.errors import BadValue

    try:
        check_option(setting.key, raw, rule(setting))
    except BadValue as refused:
        return refused.message
    raise AssertionError("a value read as None is refused")  # pragma: no cover
