"""Pauses in an export: written as JSON, and read back by the rules every input shares, each
problem named by its record and field. Whether they fit beside the pauses already here is
`pauses.overlapping_import`'s to say."""

from datetime import date
from typing import Any

from stretchlog.domain import fields
from stretchlog.domain.fields import Fields
from stretchlog.domain.pauses import Pause, overlapping_import


def pause_document(pause: Pause) -> dict[str, Any]:
    return {
        "uid": pause.uid,
        "from": pause.first.isoformat(),
        "to": None if pause.last is None else pause.last.isoformat(),
        "reason": pause.reason,
    }


def json_pauses(records: object, problems: list[str]) -> tuple[Pause, ...]:
    """The file's pauses (none when it has no "pauses" key: it was written before them)."""
    if not isinstance(records, list):
        problems.append("pauses: must be a list")
        return ()
    before = len(problems)
    pauses = []
    for number, record in enumerate(records, 1):
        where = f"pause record {number}"
        if not isinstance(record, dict):
            problems.append(f"{where}: must be an object")
            continue
        field = Fields(record, where, problems)
        first = field.read("from", fields.day, date.min)
        pause = Pause(
            first=first,
            last=field.optional("to", fields.day),
            reason=field.read("reason", fields.note, None),
            uid=field.read("uid", fields.uid, ""),
        )
        if pause.last is not None and first != date.min and pause.last < first:
            problems.append(f"{where}: it ends ({pause.last}) before it starts ({first})")
        pauses.append(pause)
    uids = [pause.uid for pause in pauses]
    if len(set(uids)) != len(uids):
        problems.append("pauses: two pauses have the same uid")
    if len(problems) == before and (clash := overlapping_import(pauses, ())) is not None:
        problems.append(f"pauses: {clash}")
    return tuple(pauses)
