"""Export and import: the user's history as JSON (everything, lossless) or CSV (for spreadsheets).

Pure functions from sessions to text and back. Reading checks every record before anything is
kept, and names each problem by its record (JSON) or line (CSV) and field.
"""

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from stretchlog.domain import fields
from stretchlog.domain.catalog import Catalog, Stretch, check_document
from stretchlog.domain.exchange_pauses import json_pauses, pause_document
from stretchlog.domain.exchange_routines import favourites_routine, json_routines, routine_document
from stretchlog.domain.fields import (
    KINDS,
    MAX_HOLD_TOTAL,
    MAX_REPS,
    SOURCES,
    Fields,
    utc_text,
)
from stretchlog.domain.pauses import Pause
from stretchlog.domain.routines import Routine
from stretchlog.domain.sessions import Hold, Session

MAX_DIGITS = 18
"""No number stretchlog writes has more digits; a longer one is refused as it is read."""
FORMAT_KEY = "stretchlog_export"
FORMAT_VERSION = 2
"""2 added routines (version 1's favourites are read as the default routine) and pauses (a file
without them has none)."""
CSV_COLUMNS = (
    "date", "logged_at", "session", "kind", "stretch_id", "stretch_name", "side", "seconds",
    "reps", "note", "tightness", "tightness_before", "source",
)  # fmt: skip
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a spreadsheet would run as a formula: such cells get a leading apostrophe."""


class Imported(NamedTuple):
    """What a file holds, checked: sessions, routines, the stretches it defines and pauses."""

    sessions: tuple[Session, ...]
    routines: tuple[Routine, ...]
    stretches: tuple[Stretch, ...]
    pauses: tuple[Pause, ...] = ()


def _ordered(sessions: Iterable[Session]) -> list[Session]:
    return sorted(sessions, key=lambda s: (s.day, utc_text(s.logged_at), s.uid))


# Writing


def to_json(
    sessions: Iterable[Session],
    routines: Sequence[Routine],
    custom: Iterable[Mapping[str, Any]],
    pauses: Iterable[Pause] = (),
) -> str:
    """Everything, in a stable order and layout: exporting an import of it gives the same bytes."""
    document = {
        FORMAT_KEY: FORMAT_VERSION,
        "sessions": [session_document(s) for s in _ordered(sessions)],
        "routines": [routine_document(routine) for routine in routines],
        "stretches": list(custom),
        "pauses": [  # by uid within a day: ids are each database's own, uids the same on all
            pause_document(pause) for pause in sorted(pauses, key=lambda p: (p.first, p.uid))
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def session_document(s: Session) -> dict[str, Any]:
    """One session or rest day as an export (and a sync folder) holds it: everything but the id,
    which is this database's alone."""
    return {
        "uid": s.uid,
        "date": s.day.isoformat(),
        "logged_at": utc_text(s.logged_at),
        "kind": s.kind,
        "source": s.source,
        "note": s.note,
        "tightness": s.tightness,
        "tightness_before": s.tightness_before,
        "tightness_sides": _sides_document(s.tightness_sides),
        "tightness_before_sides": _sides_document(s.tightness_before_sides),
        "routine": s.routine_uid,
        "stretches": [
            {"id": h.stretch_id, "side": h.side, "seconds": h.seconds, "reps": h.reps}
            for h in s.holds
        ],
    }


def _sides_document(sides: tuple[int, int] | None) -> dict[str, int] | None:
    return None if sides is None else {"left": sides[0], "right": sides[1]}


def to_csv(sessions: Iterable[Session], catalog: Catalog) -> str:
    """One row per stretch and side performed (one row for a rest day), with a header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for s in _ordered(sessions):
        common = (s.day.isoformat(), utc_text(s.logged_at), s.uid, s.kind)
        tail = (_cell(s.note), _number(s.tightness), _number(s.tightness_before), s.source)
        if not s.holds:
            writer.writerow((*common, "", "", "", "", "", *tail))
        for h in s.holds:
            stretch = catalog.get(h.stretch_id)
            name = stretch.name if stretch else h.stretch_id
            writer.writerow(
                (*common, h.stretch_id, _cell(name), h.side or "", h.seconds, h.reps, *tail)
            )
    return out.getvalue()


def _cell(text: str | None) -> str:
    """Text a spreadsheet shows as text: formula-like cells, and ones already starting with an
    apostrophe, get one more in front (reading takes exactly one off again)."""
    if not text:
        return ""
    return "'" + text if text.startswith((*FORMULA_STARTS, "'")) else text


def _uncell(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def _number(value: int | None) -> str:
    return "" if value is None else str(value)


# Reading


class _Problems:
    """Problems found so far, each naming where; reading carries on to find them all."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.found.append(f"{where}: {message}")


def detect_format(text: str) -> str:
    return "json" if text.lstrip("\ufeff \t\r\n").startswith(("{", "[")) else "csv"


def read_export(text: str, file_format: str, today: date) -> tuple[Imported, list[str]]:
    """The file's contents and every problem in them; nothing may be kept unless there are none."""
    problems = _Problems()
    if file_format == "json":
        imported = _read_json(text, problems, today)
    else:
        imported = _read_csv(text, problems, today)
    return imported, problems.found


def unknown_ids(imported: Imported, catalog: Catalog) -> list[str]:
    """Stretch ids the file names but neither it nor the catalog defines: stretches that left
    the catalog after they were logged are kept as they are, as the history keeps them."""
    known = {s.id for s in catalog} | {s.id for s in imported.stretches}
    named = {h.stretch_id for s in imported.sessions for h in s.holds}
    named |= {stretch_id for routine in imported.routines for stretch_id in routine.stretch_ids}
    return sorted(named - known)


def _read_json(text: str, problems: _Problems, today: date) -> Imported:
    try:
        document = json.loads(text.lstrip("\ufeff"), parse_int=bounded_int)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        reason = error if isinstance(error, ValueError) else "nested too deeply"
        problems.add("file", f"not valid JSON ({reason})")
        return Imported((), (), ())
    if not isinstance(document, dict) or FORMAT_KEY not in document:
        problems.add("file", f"not a stretchlog export (no {FORMAT_KEY!r} key)")
        return Imported((), (), ())
    version = document[FORMAT_KEY]
    if type(version) is not int or not 1 <= version <= FORMAT_VERSION:
        problems.add(
            "file",
            f"export format {fields.shown(version)} is not one of 1 to {FORMAT_VERSION}: it needs"
            " another version of stretchlog",
        )
        return Imported((), (), ())
    records = document.get("sessions", [])
    if not isinstance(records, list):
        problems.add("sessions", "must be a list")
        records = []
    sessions = []
    for number, record in enumerate(records, 1):
        session = _json_session(record, f"session record {number}", problems, today)
        if session is not None:
            sessions.append(session)
    if version == 1:
        routines = favourites_routine(document.get("favourites", []), problems.found)
    else:
        routines = json_routines(document.get("routines", []), problems.found)
    stretch_entries = document.get("stretches", [])
    stretches: tuple[Stretch, ...] = ()
    if stretch_entries:
        stretches, found = check_document({"stretch": stretch_entries}, "stretches", user=True)
        problems.found.extend(found)
    _check_unique_uids(sessions, problems)
    pauses = json_pauses(document.get("pauses", []), problems.found)
    return Imported(tuple(sessions), routines, stretches, pauses)


def _json_session(record: object, where: str, problems: _Problems, today: date) -> Session | None:
    if not isinstance(record, dict):
        problems.add(where, "must be an object")
        return None
    before = len(problems.found)
    field = Fields(record, where, problems.found)
    holds = []
    stretches = record.get("stretches", [])
    if not isinstance(stretches, list):
        problems.add(f"{where}, field 'stretches'", "must be a list")
        stretches = []
    for index, entry in enumerate(stretches, 1):
        if not isinstance(entry, dict):
            problems.add(f"{where}, stretch {index}", "must be an object")
            continue
        holds.append(_hold(Fields(entry, f"{where}, stretch {index}", problems.found), "id"))
    session = _session(field, "uid", today)._replace(
        holds=tuple(holds),
        routine_uid=field.optional("routine", fields.uid),
        tightness_sides=field.optional("tightness_sides", fields.side_scores),
        tightness_before_sides=field.optional("tightness_before_sides", fields.side_scores),
    )
    _check_sides(session, where, problems)
    _check_shape(session, where, problems)
    return session if len(problems.found) == before else None


def read_session(record: object, where: str, today: date) -> tuple[Session | None, list[str]]:
    """One session's record, checked as an import checks it, and what is wrong with it."""
    problems = _Problems()
    return _json_session(record, where, problems, today), problems.found


def bounded_int(digits: str) -> int:
    """JSON numbers as integers, refusing absurd ones before Python spends time on them."""
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(f"a number of {len(digits)} digits")
    return int(digits)


def _csv_rows(rows: Iterator[list[str]], problems: _Problems) -> Iterator[tuple[int, list[str]]]:
    """Each row with its line number; a row the csv module cannot read ends the reading."""
    number = 2
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:
            problems.add(f"line {number}", f"cannot be read as CSV ({error})")
            return
        yield number, row
        number += 1


def _read_csv(text: str, problems: _Problems, today: date) -> Imported:
    rows = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(rows, None)
    except csv.Error:
        header = None
    if header is None or tuple(header) != CSV_COLUMNS:
        problems.add("line 1", f"the header must be {','.join(CSV_COLUMNS)}")
        return Imported((), (), ())
    grouped: dict[str, tuple[Session, str]] = {}
    for line_number, row in _csv_rows(rows, problems):
        where = f"line {line_number}"
        if not row:
            continue  # a blank line, as at the end of a file a spreadsheet saved
        if len(row) != len(CSV_COLUMNS):
            problems.add(where, f"has {len(row)} cells, not {len(CSV_COLUMNS)}")
            continue
        record = dict(zip(CSV_COLUMNS, row, strict=True))
        _merge_csv_row(record, where, grouped, problems, today)
    sessions = [session for session, _ in grouped.values()]
    for session, where in grouped.values():
        _check_shape(session, where, problems)
    return Imported(tuple(sessions), (), ())


def _merge_csv_row(
    record: dict[str, str],
    where: str,
    grouped: dict[str, tuple[Session, str]],
    problems: _Problems,
    today: date,
) -> None:
    """Add one row's stretch to its session, checking the row agrees with the session's others."""
    before = len(problems.found)
    values: dict[str, Any] = {
        k: _uncell(v) if k in ("note", "stretch_name") else v for k, v in record.items()
    }
    for key in ("tightness", "tightness_before", "side", "note"):
        values[key] = values[key] or None
    field = Fields(values, where, problems.found, label="column")
    session = _session(field, "session", today, from_text=True)
    hold = _hold(field, "stretch_id", from_text=True) if values["stretch_id"] else None
    if len(problems.found) != before:
        return
    found = grouped.get(session.uid)
    if found is None:
        grouped[session.uid] = (session._replace(holds=(hold,) if hold else ()), where)
        return
    first, first_where = found
    if first._replace(holds=()) != session:
        problems.add(where, f"session {session.uid!r} is described differently on {first_where}")
        return
    grouped[session.uid] = (
        first._replace(holds=(*first.holds, *((hold,) if hold else ()))),
        first_where,
    )


def _session(field: Fields, uid: str, today: date, from_text: bool = False) -> Session:
    """A session's own fields (its stretches apart), read by the rules every input shares."""
    tightness = fields.tightness(from_text=from_text)
    return Session(
        day=field.read("date", fields.day, today),
        logged_at=field.read("logged_at", fields.moment, datetime(1970, 1, 1, tzinfo=UTC)),
        note=field.read("note", fields.note, None),
        tightness=field.optional("tightness", tightness),
        tightness_before=field.optional("tightness_before", tightness),
        source=field.read("source", fields.choice(SOURCES), SOURCES[0]),
        kind=field.read("kind", fields.choice(KINDS), KINDS[0]),
        uid=field.read(uid, fields.uid, ""),
        holds=(),
    )


def _hold(field: Fields, stretch_id: str, from_text: bool = False) -> Hold:
    return Hold(
        field.read(stretch_id, fields.stretch_id, ""),
        field.read("side", fields.side, None),
        field.read("seconds", fields.whole(1, MAX_HOLD_TOTAL, from_text=from_text), 1),
        field.read("reps", fields.whole(1, MAX_REPS, from_text=from_text), 1),
    )


def _check_sides(session: Session, where: str, problems: _Problems) -> None:
    """A score kept for each hip comes with the overall score it makes."""
    for name, overall, sides in (
        ("tightness", session.tightness, session.tightness_sides),
        ("tightness_before", session.tightness_before, session.tightness_before_sides),
    ):
        if sides is not None and overall != fields.overall_tightness(*sides):
            problems.add(
                f"{where}, field '{name}'",
                f"must be {fields.overall_tightness(*sides)}, the mean of its sides rounded half"
                f" up, not {fields.shown(overall)}",
            )


def _check_shape(session: Session, where: str, problems: _Problems) -> None:
    if session.is_rest and session.holds:
        problems.add(where, "a rest day cannot have stretches")
    if not session.is_rest and not session.holds:
        problems.add(where, "a session needs at least one stretch")
    sides = [(h.stretch_id, h.side) for h in session.holds]
    if len(sides) != len(set(sides)):
        problems.add(where, "the same stretch and side appear twice")


def _check_unique_uids(sessions: Sequence[Session], problems: _Problems) -> None:
    seen: set[str] = set()
    for session in sessions:
        if session.uid in seen:
            problems.add("sessions", f"the uid {session.uid!r} is used twice")
        seen.add(session.uid)
