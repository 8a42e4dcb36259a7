"""Sync through a folder: what one change is, how it travels as a line of text, and which change
of an entity wins.

Every device appends the changes made on it to a file of its own in the folder, and reads the
others' files; no file ever has two writers, so the tool that keeps the folder in step never sees
a conflict. A change carries an entity's whole new state (a session with its stretches, a routine
with its doses), or None when it was deleted. Of all the changes to one entity, the one with the
highest (stamp, device) wins: the same one on every device, whatever order the files arrive in.

Stamps are hybrid logical clocks packed in one integer: the wall clock in milliseconds, shifted
left, plus a counter. A device never stamps below a stamp it has seen, so a change made after
reading another device's change wins over it even when this device's clock runs behind.

What arrives is untrusted: every line is checked by the rules an import uses, field by field.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from stretchlog.domain import fields
from stretchlog.domain.records import Record
from stretchlog.domain.sync_files import MAX_LINE_BYTES, is_device_id

FORMAT_VERSION = 1
COUNTER_BITS = 16
MAX_STAMP = 2**63 - 1
MAX_SEQ = 2**53
DEFAULT_KEY = "default"
"""The one entity of kind 'default': which routine `fav` and `start` use."""


class Refused(Exception):
    """A line that is not applied, and why (said per device in the report)."""


class NewerFormat(Refused):
    """A line written by a newer stretchlog: it and its device's later lines wait, unread, for
    an upgrade."""


class Change(Record):
    """One change to one entity, made on `device` as its `seq`-th published change."""

    device: str
    seq: int
    stamp: int
    kind: str
    key: str
    state: dict[str, Any] | None
    """The entity as a file holds it, None when it was deleted."""
    entity: object = None
    """The state read by the rules of its kind (a Session, a Routine...), None when deleted."""

    @property
    def order(self) -> tuple[int, str]:
        """What decides between two changes of one entity: the higher wins."""
        return (self.stamp, self.device)


def new_device_id() -> str:
    import uuid

    return uuid.uuid4().hex


def next_stamp(last: int, now: datetime) -> int:
    """The stamp of a change made at `now`: after `last` (every stamp made or seen here)."""
    physical = int(now.timestamp() * 1000) << COUNTER_BITS
    return min(max(last + 1, physical), MAX_STAMP)


def stamp_moment(stamp: int) -> datetime:
    """When a stamp says its change was made (by the clock of the device that made it)."""
    return datetime.fromtimestamp((stamp >> COUNTER_BITS) / 1000, UTC)


def canonical(state: dict[str, Any] | None) -> str | None:
    """A state as text, the same on every device for the same state."""
    if state is None:
        return None
    return json.dumps(state, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def encode(change: Change) -> str:
    """One line of a device's file (without its newline)."""
    return json.dumps(
        {
            "v": FORMAT_VERSION,
            "device": change.device,
            "seq": change.seq,
            "stamp": change.stamp,
            "kind": change.kind,
            "key": change.key,
            "state": change.state,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


MAX_AHEAD_MS = 24 * 60 * 60 * 1000
"""How far ahead of this machine's clock a change's stamp may move it (a day: time zones and a
badly set clock are fine; a clock in the wrong year is not)."""


def latest_stamp(now: datetime) -> int:
    """The highest stamp this device's clock takes from what it reads at `now`. A change stamped
    later still applies (every device must pick the same winner), but does not drag the clock
    along: otherwise every change made here would lose to it until that time came."""
    return (int(now.timestamp() * 1000) + MAX_AHEAD_MS) << COUNTER_BITS


def decode(line: bytes, device: str) -> Change:
    """The change one line of `device`'s file holds, checked field by field; Refused says why
    it cannot be applied."""
    from stretchlog.domain.exchange import bounded_int  # what reads lines, not what skips them

    if len(line) > MAX_LINE_BYTES:
        raise Refused(f"a line of {len(line):,} bytes (at most {MAX_LINE_BYTES:,})")
    try:
        record = json.loads(line.decode("utf-8"), parse_int=bounded_int)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused("a line that is not JSON") from None
    if not isinstance(record, dict):
        raise Refused("a line that is not a JSON object")
    version = record.get("v")
    if type(version) is int and version > FORMAT_VERSION:
        raise NewerFormat(f"format {version}, written by a newer stretchlog")
    if version != FORMAT_VERSION:
        raise Refused(f"a line of unknown format {fields.shown(version)}")
    if record.get("device") != device:
        named = record.get("device")
        if named is None:
            raise Refused("a line that names no device")
        raise Refused(f"a line naming another device, {fields.shown(named)}")
    seq, stamp = record.get("seq"), record.get("stamp")
    if type(seq) is not int or not 1 <= seq <= MAX_SEQ:
        raise Refused(f"a sequence number of {fields.shown(seq)}")
    if type(stamp) is not int or not 0 <= stamp <= MAX_STAMP:
        raise Refused(f"a clock stamp of {fields.shown(stamp)}")
    kind, key, state = record.get("kind"), record.get("key"), record.get("state")
    if not isinstance(kind, str) or kind not in _READERS:
        raise Refused(f"a change of kind {fields.shown(kind)}")
    if not isinstance(key, str) or len(key) > 200:
        raise Refused(f"a {kind} named {fields.shown(key)}")
    reader = _READERS[kind]
    if state is not None and not isinstance(state, dict):
        raise Refused(f"the {kind} {fields.shown(key)}: its state is not an object")
    entity, document = (None, None) if state is None else reader(state, key)
    if state is None:
        _check_key(kind, key)
    return Change(device, seq, stamp, kind, key, document, entity)


# Each kind: the state read by the rules its import uses, and written back as every device does


def _read_session(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    from stretchlog.domain.exchange import read_session, session_document

    session, problems = read_session(state, "the session", date.max)
    _refuse_problems(problems)
    assert session is not None
    _check_same(session.uid, key)
    return session, session_document(session)


def _read_pause(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    from stretchlog.domain.exchange_pauses import json_pauses, pause_document

    problems: list[str] = []
    found = json_pauses([state], problems)
    _refuse_problems(problems)
    _check_same(found[0].uid, key)
    return found[0], pause_document(found[0])


def _read_routine(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    from stretchlog.domain.exchange_routines import json_routines

    problems: list[str] = []
    found = json_routines([{**state, "default": False}], problems)  # see routine_state
    _refuse_problems(problems)
    _check_same(found[0].uid, key)
    return found[0], routine_state(found[0])


def routine_state(routine: Any) -> dict[str, Any]:
    """A routine as a change carries it: without whether it is the default, which is an entity
    of its own, so that two devices choosing different defaults still agree on one."""
    from stretchlog.domain.exchange_routines import routine_document

    document = routine_document(routine)
    del document["default"]
    return document


def _read_default(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    _check_same(DEFAULT_KEY, key)
    return _field(state, "routine", fields.uid), state_of_default(state["routine"])


def state_of_default(routine_uid: str) -> dict[str, Any]:
    return {"routine": routine_uid}


def _read_stretch(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    from stretchlog.domain.catalog import check_document, entry_document

    stretches, problems = check_document({"stretch": [state]}, "the stretch", user=True)
    _refuse_problems(problems)
    _check_same(stretches[0].id, key)
    return stretches[0], entry_document(stretches[0])


def _read_device(state: dict[str, Any], key: str) -> tuple[object, dict[str, Any]]:
    if not is_device_id(key):
        raise Refused(f"a device named {fields.shown(key)}")
    name = _field(state, "name", fields.device_name)
    return name, state_of_device(name)


def state_of_device(name: str) -> dict[str, Any]:
    return {"name": name}


_READERS: dict[str, Callable[[dict[str, Any], str], tuple[object, dict[str, Any]]]] = {
    "session": _read_session,
    "pause": _read_pause,
    "routine": _read_routine,
    "default": _read_default,
    "stretch": _read_stretch,
    "device": _read_device,
}
KINDS = tuple(_READERS)


def _check_key(kind: str, key: str) -> None:
    """The key of a deletion, by the rule its entity's id follows."""
    rule: fields.Rule = {
        "stretch": fields.stretch_id,
        "default": fields.choice((DEFAULT_KEY,)),
        "device": lambda text: text if is_device_id(str(text)) else fields.uid(None),
    }.get(kind, fields.uid)
    try:
        rule(key)
    except fields.Invalid as invalid:
        raise Refused(f"a {kind} named {fields.shown(key)} ({invalid.expected})") from None


def _field(state: dict[str, Any], name: str, rule: fields.Rule) -> Any:
    problems: list[str] = []
    value = fields.Fields(state, "the change", problems).read(name, rule, None)
    _refuse_problems(problems)
    return value


def _refuse_problems(problems: list[str]) -> None:
    if problems:
        raise Refused(problems[0])


def _check_same(found: str, key: str) -> None:
    if found != key:
        raise Refused(f"a change filed under {fields.shown(key)} for {fields.shown(found)}")


# What a sync did, and what `sync --status` lists


MAX_PROBLEMS = 20
"""The problems a report keeps of one device: the first ones, and the last (which may say that
the rest of its file waits)."""


class DeviceReport(Record):
    """What one device's files brought."""

    device: str
    arrived: int = 0
    """Changes that won and were applied."""
    known: int = 0
    """Changes already here, or older than what is here."""
    refused: int = 0
    problems: tuple[str, ...] = ()


class Report(Record):
    device: str
    first: bool
    """This was the database's first sync: its whole history was published."""
    published: int
    devices: tuple[DeviceReport, ...]
    passed_over: tuple[str, ...]
    stretches: tuple[Any, ...]
    """Stretches of one's own that arrived, for the caller to write to stretches.toml."""
    renamed: tuple[tuple[str, str], ...] = ()
    """(name, name here) of each routine that arrived with a name another one has."""


class DeviceStatus(Record):
    device: str
    name: str | None
    this: bool
    synced_at: datetime | None
    """When this database last synced (this device) or last took in its changes (another)."""
    last_change: datetime | None
    """When the device's newest change here was made, by its own clock."""
    waiting: int
    refused: int
    problem: str | None


class Pulled(Record):
    """What `pull` brought: the commits that arrived; a note when there is no remote."""

    commits: int
    note: str = ""


class Published(Record):
    """What `publish` did. `pulled` counts commits that arrived while a rejected push was retried:
    their lines are applied by the next sync."""

    committed: bool
    pushed: int
    pulled: int
    note: str = ""
