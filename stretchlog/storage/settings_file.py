"""The user's settings file, config.toml: read with tomllib by every command that needs a setting,
changed one key at a time with tomlkit, which keeps the user's comments and layout, under a lock.

`stretchlog status` reads it on every shell prompt where there is one: os and the standard `open`
only, and tomllib (a tenth of status's time budget) only when the file could move the day's start.
"""

import os

from stretchlog.domain.settings import DEFAULTS, Settings, settings_from
from stretchlog.errors import BadValue
from stretchlog.storage.paths import user_config_path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import MutableMapping
    from typing import Any

MAX_CONFIG_BYTES = 64 * 1024
"""Settings take a few lines; a file larger than this is something else."""
WHAT = "a settings file"
CONFIG_HEADER = """\
# stretchlog's settings. Change them here or with 'stretchlog config set KEY VALUE';
# 'stretchlog config list' shows them all, with what each does.

"""


def load_settings(
    path: str | None = None, *, only_for: str | None = None
) -> tuple[Settings, str | None]:
    """The settings in config.toml (the defaults when there is none), and a warning when the file
    cannot be used, in which case the defaults apply. With `only_for` (a key), a file that does
    not mention it is not parsed: it cannot change that setting."""
    path = path or user_config_path()
    try:
        with open(path, "rb") as stream:  # noqa: PTH123 (os.path and open: see the module's doc)
            data = stream.read(MAX_CONFIG_BYTES + 1)
    except FileNotFoundError:
        return DEFAULTS, None
    except OSError as error:
        return DEFAULTS, _ignored(path, f"cannot read it ({error.strerror})")
    if only_for is not None and only_for.encode() not in data and b"\\" not in data:
        return DEFAULTS, None  # (a TOML escape could spell the key, so those files are parsed)
    try:
        settings, problems = settings_from(_parsed(data, path))
    except BadValue as error:
        return DEFAULTS, _ignored(path, error.message)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return DEFAULTS, _ignored(path, problems[0] + more)
    return settings, None


def _ignored(path: str, problem: str) -> str:
    return (
        f"ignoring your settings in {path}: {problem}; the defaults apply until it is fixed"
        " (see 'stretchlog config list')"
    )


def _parsed(data: bytes, path: str) -> "dict[str, Any]":
    """The TOML document in `data`, or BadValue saying why it is not one."""
    if len(data) > MAX_CONFIG_BYTES:
        raise BadValue(f"it is larger than {MAX_CONFIG_BYTES // 1024} KB, too large for {WHAT}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadValue("it is not UTF-8 text") from None
    plain = plain_document(text)
    if plain is not None:
        return plain
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadValue(f"it is not valid TOML ({error})") from None


def plain_document(text: str) -> "dict[str, Any] | None":
    """The document, when the file is plain TOML as stretchlog writes it: comments, blank lines,
    `[table]` headers and `key = "text"` lines; None for anything else, which tomllib reads.
    `status` reads the settings on every prompt, and tomllib (with the `typing` and `re` it
    imports) would cost it more than its whole budget; a property test holds this reading to
    tomllib's on every file it accepts."""
    document: dict[str, Any] = {}
    table = document
    for line in text.split("\n"):
        line = line.removesuffix("\r").strip(" \t")
        if not line or line.startswith("#"):
            if "\r" in line or any(_control(char) for char in line):
                return None
            continue
        if line.startswith("["):
            name = line[1:-1].strip(" \t") if line.endswith("]") else ""
            if not _bare_key(name) or name in document:
                return None
            table = document[name] = {}
            continue
        key, equals, value = line.partition("=")
        key, value = key.strip(" \t"), value.strip(" \t")
        quoted = value[1:-1]
        if not (equals and _bare_key(key) and key not in table):
            return None
        if len(value) < 2 or value[0] != '"' or value[-1] != '"':
            return None
        if '"' in quoted or "\\" in quoted or any(_control(char) for char in quoted):
            return None
        table[key] = quoted
    return document


def _bare_key(name: str) -> bool:
    return bool(name) and all(char.isascii() and (char.isalnum() or char in "-_") for char in name)


def _control(char: str) -> bool:
    """What TOML allows neither in a comment nor in a basic string (a tab it allows)."""
    return (ord(char) < 0x20 and char != "\t") or ord(char) == 0x7F


def change_setting(key: str, text: str | None) -> bool:
    """Write `text` for `key` in config.toml (a dot in `key` names a table), or with None take
    the key out; the rest of the file, comments and layout included, stays as it was. A file
    that does not parse is not rewritten. Returns whether the file changed."""
    from pathlib import Path

    import tomlkit

    from stretchlog.storage.files import locked, replace_file

    path = Path(user_config_path())
    if text is None and not os.path.lexists(path):
        return False  # nothing to take out: no folder or lock file made for it
    with locked(path):
        document = _editable(path)
        *tables, name = key.split(".")
        container: MutableMapping[str, Any] = document
        for table in tables:
            found = container.get(table)
            if found is None and text is None:
                return False
            if found is None:
                found = container[table] = tomlkit.table()
            if not isinstance(found, dict):
                raise BadValue(
                    f"'{table}' in {path} is not a table, so {key} cannot be put in it",
                    f"fix it in an editor: settings such as {key} go under [{table}]",
                )
            container = found
        if text is None:
            if name not in container:
                return False
            del container[name]
        else:
            container[name] = text
        replace_file(path, tomlkit.dumps(document), "your settings")
    return True


def _editable(path: "os.PathLike[str]") -> "Any":
    """config.toml as tomlkit reads it (a new one when there is none); refuses a file that does
    not parse, which would be rewritten with the user's mistake in it."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    if not os.path.lexists(path):
        return tomlkit.parse(CONFIG_HEADER)
    try:
        with open(path, "rb") as stream:  # noqa: PTH123
            data = stream.read(MAX_CONFIG_BYTES + 1)
        _parsed(data, os.fspath(path))
        return tomlkit.parse(data.decode("utf-8"))
    except OSError as error:
        problem = f"cannot read it ({error.strerror})"
    except (BadValue, ParseError) as error:
        problem = (
            error.message if isinstance(error, BadValue) else f"it is not valid TOML ({error})"
        )
    raise BadValue(
        f"cannot change {path}: {problem}",
        "fix it in an editor, or move it away to start again from the defaults",
    )
