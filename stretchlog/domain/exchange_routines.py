"""Routines in an export: written as JSON, and read back (version 1's favourites as well) by the
rules every input shares, each problem named by its record and field."""

from collections.abc import Sequence
from typing import Any

from stretchlog.domain import fields
from stretchlog.domain.fields import MAX_REPS, Fields
from stretchlog.domain.routines import (
    DEFAULT_NAME,
    MAX_EVERY,
    MAX_ROUTINE_STRETCHES,
    MAX_ROUTINES,
    Dose,
    Progression,
    Routine,
    grows_from,
    name_key,
)


def _add(problems: list[str], where: str, message: str) -> None:
    problems.append(f"{where}: {message}")


def routine_document(routine: Routine) -> dict[str, Any]:
    return {
        "uid": routine.uid,
        "name": routine.name,
        "default": routine.is_default,
        "stretches": [
            {
                "id": dose.stretch_id,
                "hold_seconds": dose.hold,
                "reps": dose.reps,
                "progression": None
                if dose.progression is None
                else {
                    "step_seconds": dose.progression.step,
                    "every": dose.progression.every,
                    "max_seconds": dose.progression.most,
                },
            }
            for dose in routine.doses
        ],
    }


def favourites_routine(favourites: object, problems: list[str]) -> tuple[Routine, ...]:
    """Version 1's favourites, as the default routine they became."""
    if not isinstance(favourites, list) or not all(isinstance(f, str) for f in favourites):
        _add(problems, "favourites", "must be a list of stretch ids")
        return ()
    if len(favourites) > MAX_ROUTINE_STRETCHES:
        _add(problems, "favourites", f"must name at most {MAX_ROUTINE_STRETCHES} stretches")
        return ()
    if len(set(favourites)) != len(favourites):
        _add(problems, "favourites", "name a stretch twice; a routine has each stretch once")
    doses = tuple(Dose(stretch_id) for stretch_id in favourites)
    return (Routine(DEFAULT_NAME, DEFAULT_NAME, True, doses),) if doses else ()


def json_routines(records: object, problems: list[str]) -> tuple[Routine, ...]:
    if not isinstance(records, list) or len(records) > MAX_ROUTINES:
        _add(problems, "routines", f"must be a list of at most {MAX_ROUTINES} routines")
        return ()
    routines = []
    for number, record in enumerate(records, 1):
        where = f"routine record {number}"
        if not isinstance(record, dict):
            _add(problems, where, "must be an object")
            continue
        field = Fields(record, where, problems)
        entries = record.get("stretches", [])
        if not isinstance(entries, list) or len(entries) > MAX_ROUTINE_STRETCHES:
            _add(
                problems,
                f"{where}, field 'stretches'",
                f"must be a list of at most {MAX_ROUTINE_STRETCHES} stretches",
            )
            entries = []
        doses = tuple(
            _dose(entry, f"{where}, stretch {index}", problems)
            for index, entry in enumerate(entries, 1)
        )
        routines.append(
            Routine(
                uid=field.read("uid", fields.uid, ""),
                name=field.read("name", fields.routine_name, ""),
                is_default=field.read("default", fields.boolean, False),
                doses=doses,
            )
        )
        if len({dose.stretch_id for dose in doses}) != len(doses):
            _add(problems, where, "names a stretch twice; a routine has each stretch once")
    _check_routines(routines, problems)
    return tuple(routines)


def _dose(entry: object, where: str, problems: list[str]) -> Dose:
    if not isinstance(entry, dict):
        _add(problems, where, "must be an object")
        return Dose("")
    field = Fields(entry, where, problems)
    hold = fields.whole(1, fields.MAX_HOLD_SECONDS)
    rule = entry.get("progression")
    progression = None
    if rule is not None:
        if not isinstance(rule, dict):
            _add(problems, f"{where}, field 'progression'", "must be an object or null")
        else:
            grows = Fields(rule, f"{where}, progression", problems)
            progression = Progression(
                grows.read("step_seconds", hold, 1),
                grows.read("every", fields.whole(1, MAX_EVERY), 1),
                grows.read("max_seconds", hold, 1),
            )
    dose = Dose(
        stretch_id=field.read("id", fields.stretch_id, ""),
        hold=field.optional("hold_seconds", hold),
        reps=field.optional("reps", fields.whole(1, MAX_REPS)),
        progression=progression,
    )
    if dose.hold is not None and progression is not None and not grows_from(dose.hold, progression):
        _add(problems, f"{where}, progression", "'max_seconds' must be above 'hold_seconds'")
    return dose


def _check_routines(routines: Sequence[Routine], problems: list[str]) -> None:
    for what, key in (("uid", lambda r: r.uid), ("name", lambda r: name_key(r.name))):
        keys = [key(routine) for routine in routines]
        if len(set(keys)) != len(keys):
            _add(problems, "routines", f"two routines have the same {what}")
    if sum(routine.is_default for routine in routines) > 1:
        _add(problems, "routines", "more than one routine is the default")
