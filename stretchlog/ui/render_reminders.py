"""Reminders to views, and to plain dicts for `remind list --json`."""

from collections.abc import Sequence
from typing import Any

from stretchlog.domain.reminders import DAY_NAMES, Reminder
from stretchlog.ui.views import Column, Line, Span, Table


def reminders_table(rows: Sequence[tuple[Reminder, str]]) -> Table:
    """Every reminder: its id (what `remind remove` takes), time, days and routine. The days
    are spaced after their commas, so that a narrow terminal wraps them between names."""
    return Table(
        title="Your reminders",
        columns=(
            Column("id", justify="right", style="dim", whole=True),
            Column("time", style="accent", whole=True),
            Column("days"),
            Column("routine"),
        ),
        rows=tuple(
            (str(r.id), r.time_text, r.days_text.replace(",", ", "), routine) for r, routine in rows
        ),
    )


def no_reminders() -> Line:
    return Line.of(
        "No reminders yet. Add one with ",
        Span("stretchlog remind add 10:30 --days weekdays", "accent"),
        ".",
    )


def reminder_json(reminder: Reminder, routine: str) -> dict[str, Any]:
    return {
        "id": reminder.id,
        "time": reminder.time_text,
        "days": [DAY_NAMES[day] for day in reminder.days],
        "routine": routine,
    }


def file_lines(text: str) -> list[Line]:
    """A file's text, line by line, as --print shows it."""
    return [Line.of(line) for line in text.splitlines()]
