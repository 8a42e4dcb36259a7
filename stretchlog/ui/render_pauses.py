"""Views of pauses: what `pause` says, `pause list`, and the lines history and today show."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from stretchlog.domain.pauses import Pause
from stretchlog.ui.render import PAUSE_MARK, days
from stretchlog.ui.views import Block, Cell, Column, Line, Span, Table


def _day(day: date) -> str:
    return day.strftime("%a %Y-%m-%d")


def span_text(pause: Pause) -> str:
    """'Tue 2026-11-10 to Tue 2026-11-17, 8 days', or 'from Tue 2026-11-10, open'."""
    if pause.last is None:
        return f"from {_day(pause.first)}, open"
    length = (pause.last - pause.first).days + 1
    if length == 1:
        return _day(pause.first)
    return f"{_day(pause.first)} to {_day(pause.last)}, {days(length)}"


def pause_json(pause: Pause) -> dict[str, Any]:
    return {
        "id": pause.id,
        "uid": pause.uid,
        "from": pause.first.isoformat(),
        "to": None if pause.last is None else pause.last.isoformat(),
        "reason": pause.reason,
    }


def added_lines(pause: Pause) -> list[Line]:
    """What `pause --from` says: the days paused, and how to end an open pause."""
    lines = [
        Line.of(
            Span(f"{PAUSE_MARK} ", "rest"),
            f"Paused {span_text(pause)} (pause {pause.id})",
            *((": ", pause.reason) if pause.reason else ()),
            ".",
        ),
        Line.of(Span("Those days neither break nor extend your streak.", "dim")),
    ]
    if pause.last is None:
        lines.append(
            Line.of(
                "Back again? ",
                Span("stretchlog pause end", "accent"),
                " ends it the day before you are back.",
            )
        )
    return lines


def ended_line(pause: Pause) -> Line:
    return Line.of(
        Span(f"{PAUSE_MARK} ", "rest"), f"Ended pause {pause.id}: paused {span_text(pause)}."
    )


NARROW = 70
"""Below this many columns, `pause list` is a line per pause: a table would drop the reasons."""


def pause_list(pauses: Sequence[Pause], today: date, width: int | None) -> list[Block]:
    """Every pause, the latest first: a table, or on a terminal narrower than NARROW, a line
    each that wraps."""
    if width is None or width >= NARROW:
        return [pauses_table(pauses, today)]
    return [
        Line.of(
            Span(f"{pause.id}  ", "dim"),
            span_text(pause),  # says how long a pause that is over was
            *((Span(f" · {phase}", "dim"),) if (phase := _phase(pause, today)) else ()),
            *((": ", pause.reason) if pause.reason else ()),
        )
        for pause in reversed(pauses)
    ]


def pauses_table(pauses: Sequence[Pause], today: date) -> Table:
    """Every pause, the latest first."""
    rows: list[tuple[Cell, ...]] = [
        (
            str(pause.id),
            _day(pause.first),
            _day(pause.last) if pause.last else Span("open", "accent"),
            _state(pause, today),
            pause.reason or "",
        )
        for pause in reversed(pauses)
    ]
    return Table(
        columns=(
            Column("id", justify="right", style="dim", whole=True),
            Column("from", whole=True),
            Column("to", whole=True),
            Column("", style="dim"),
            Column("reason", max_width=40),
        ),
        rows=tuple(rows),
    )


def _state(pause: Pause, today: date) -> str:
    return _phase(pause, today) or days(
        (pause.last or today).toordinal() - pause.first.toordinal() + 1
    )


def _phase(pause: Pause, today: date) -> str | None:
    """'planned' or 'under way'; None for a pause that is over."""
    if pause.first > today:
        return "planned"
    if pause.covers(today):
        return "under way"
    return None


def history_row(pause: Pause, today: date) -> tuple[date, tuple[Cell, ...]]:
    """A pause as a row of the history table, by its first day: no session id, and where the
    stretches go, how long it is (so far) and its id; its reason as the note."""
    last = pause.last if pause.last and pause.last <= today else None
    length = days(((last or today) - pause.first).days + 1)
    spans = f"{length} to {_day(last)}" if last else f"{length} so far, under way"
    text = f"{PAUSE_MARK} pause {pause.id}: {spans}"  # what matters first: a narrow table cuts
    return pause.first, ("", _day(pause.first), Span(text, "rest"), "", "", pause.reason or "")


def paused_today(pause: Pause) -> Line:
    """The dashboard's line on a paused day."""
    until = f" until {pause.last.strftime('%a %-d %b')}" if pause.last else ""
    why = f" ({pause.reason})" if pause.reason else ""
    return Line.of(Span(f"{PAUSE_MARK} Paused today{until}", "rest"), why, ". Your streak is safe.")
