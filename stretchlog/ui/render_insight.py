"""Views of the log over time: the calendar heatmap, stats, tightness, per-stretch streaks."""

from __future__ import annotations

import calendar as months
from collections.abc import Sequence
from datetime import date
from itertools import pairwise
from typing import Any

from stretchlog.domain.catalog import Catalog
from stretchlog.domain.insight import HEAT_MINUTES, DayCell, Stats, Tightness
from stretchlog.domain.streaks import StreakSummary
from stretchlog.ui.render import PAUSE_MARK, day_label, days, duration, plural, stretch_name
from stretchlog.ui.views import Block, Column, Line, Span, Style, Table

SHADES = ("·", "░", "▒", "▓", "█")
REST_MARK = "○"
TODAY_MARK = "◂"
SPARKS = "▁▂▃▄▅▆▇█"
ROW_LABEL_WIDTH = 4
CELL_WIDTH = 2
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def weeks_that_fit(columns: int) -> int:
    return max(1, (columns - ROW_LABEL_WIDTH) // CELL_WIDTH)


# The calendar


def calendar_blocks(
    weeks: Sequence[tuple[DayCell | None, ...]], today: date, columns: int, first_weekday: int = 0
) -> list[Block]:
    """The heatmap in as many bands of weeks as the width needs, a legend, and the totals; its
    rows start on `first_weekday` (0 for Monday), as the weeks do."""
    per_band = weeks_that_fit(columns)
    labels = WEEKDAYS[first_weekday:] + WEEKDAYS[:first_weekday]
    blocks: list[Block] = []
    for start in range(0, len(weeks), per_band):
        if start:
            blocks.append(Line.of(""))
        blocks.extend(_band(weeks[start : start + per_band], today, labels))
    blocks.append(_legend())
    blocks.append(_calendar_totals(weeks))
    return blocks


def calendar_json(
    weeks: Sequence[tuple[DayCell | None, ...]], first: date, last: date
) -> dict[str, Any]:
    """The calendar's days for scripts: each day's seconds, shade (0-4), rest and pause."""
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "days": [
            {
                "date": c.day.isoformat(),
                "seconds": c.seconds,
                "level": c.level,
                "rest": c.rest,
                "paused": c.paused,
            }
            for week in weeks
            for c in week
            if c is not None
        ],
    }


def _band(
    weeks: Sequence[tuple[DayCell | None, ...]], today: date, labels: Sequence[str]
) -> list[Line]:
    lines = [_month_labels(weeks)]
    for row, label in enumerate(labels):
        spans = [Span(f"{label} ", "dim")]
        for week in weeks:
            spans.extend(_cell(week[row], today))
        lines.append(Line(tuple(spans)).stripped())
    return lines


def _month_labels(weeks: Sequence[tuple[DayCell | None, ...]]) -> Line:
    """A month's name above the first week column in which it starts (or the first column)."""
    text = " " * ROW_LABEL_WIDTH
    shown = None
    for column, week in enumerate(weeks):
        first_day = next((cell.day for cell in week if cell is not None), None)
        if first_day is None:
            continue
        month = (first_day.year, first_day.month)
        if month != shown and (first_day.day <= 7 or column == 0):
            position = ROW_LABEL_WIDTH + column * CELL_WIDTH
            if position >= len(text):
                text = text.ljust(position) + months.month_abbr[first_day.month]
                shown = month
    return Line.of(Span(text.rstrip(), "dim"))


def _cell(cell: DayCell | None, today: date) -> list[Span]:
    if cell is None:
        return [Span(" " * CELL_WIDTH)]
    mark = Span(TODAY_MARK, "today") if cell.day == today else Span(" ")
    if cell.rest:
        return [Span(REST_MARK, "rest"), mark]
    if cell.paused:
        return [Span(PAUSE_MARK, "rest"), mark]
    return [Span(SHADES[cell.level], _heat_style(cell.level)), mark]


def _heat_style(level: int) -> Style:
    styles: tuple[Style, ...] = ("heat0", "heat1", "heat2", "heat3", "heat4")
    return styles[level]


def _legend() -> Line:
    labels = [
        f"<{HEAT_MINUTES[0]}",
        *(f"{low}-{high}" for low, high in pairwise(HEAT_MINUTES)),
        f"{HEAT_MINUTES[-1]}+",
    ]
    spans = [Span("none ", "dim"), Span(SHADES[0], "heat0")]
    for level, label in enumerate(labels, 1):
        spans += [Span(f"  {label} ", "dim"), Span(SHADES[level], _heat_style(level))]
    spans += [
        Span(" min   ", "dim"),
        Span(REST_MARK, "rest"),
        Span(" rest day   ", "dim"),
        Span(PAUSE_MARK, "rest"),
        Span(" paused   ", "dim"),
        Span(TODAY_MARK, "today"),
        Span(" today", "dim"),
    ]
    return Line(tuple(spans))


def _calendar_totals(weeks: Sequence[tuple[DayCell | None, ...]]) -> Line:
    cells = [cell for week in weeks for cell in week if cell is not None]
    done = [cell for cell in cells if cell.seconds]
    rested = sum(1 for cell in cells if cell.rest)
    paused = sum(1 for cell in cells if cell.paused)
    return Line.of(
        f"{plural(len(done), 'day')} stretched, {plural(rested, 'rest day')}, ",
        f"{plural(paused, 'day')} paused, " if paused else "",
        f"{duration(sum(cell.seconds for cell in done))} in all.",
    )


# Stats


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def stats_blocks(stats: Stats, catalog: Catalog) -> list[Block]:
    since = f"since {stats.first.isoformat()}" if stats.first else "nothing logged yet"
    average = stats.average_seconds
    # Titles are lines of their own: as a table's title, Rich wraps them to the table's width.
    overview = Table(
        header=False,
        columns=(Column("", style="strong"), Column("")),
        rows=(
            ("Sessions", str(stats.sessions)),
            ("Days stretched", str(stats.days_done)),
            ("Rest days", str(stats.rest_days)),
            *((("Paused days", str(stats.paused_days)),) if stats.paused_days else ()),
            ("Time stretching", duration(stats.seconds)),
            ("Per session", "—" if average is None else duration(round(average))),
            (
                "Most often on",
                months.day_name[stats.top_weekday]
                if stats.top_weekday is not None
                else "no one day"
                if stats.days_done
                else "—",
            ),
            ("Habit strength", Span(_percent(stats.strength), "good")),
        ),
    )
    windows = _windows(stats)
    consistency = Table(
        columns=tuple(Column(label, justify="right") for label in windows),
        rows=(tuple(_percent(share) for share in windows.values()),),
    )
    gap = Line.of("")
    blocks: list[Block] = [
        Line.of(Span(f"Your stretching, {since}", "strong")),
        overview,
        gap,
        Line.of(
            Span(
                "Consistency: share of days stretched (rest and paused days not counted)", "strong"
            )
        ),
        consistency,
    ]
    if stats.by_stretch:
        blocks.append(gap)
        blocks.append(
            Table(
                title="By stretch",
                columns=(
                    Column("stretch"),
                    Column("sessions", justify="right"),
                    Column("time", justify="right"),
                ),
                rows=tuple(
                    (stretch_name(s.stretch_id, catalog), str(s.sessions), duration(s.seconds))
                    for s in stats.by_stretch
                ),
            )
        )
    blocks.append(gap)
    blocks.extend(tightness_blocks(stats.tightness))
    return blocks


def _windows(stats: Stats) -> dict[str, float | None]:
    """Consistency by window, up to the first that reaches back to the first day logged, which is
    'since you started' (the longer ones would only repeat it)."""
    shown: dict[str, float | None] = {}
    for window, share in stats.consistency.items():
        if stats.started is not None and window >= stats.started:
            shown["since you started"] = share
            break
        shown[f"last {window} days"] = share
    return shown


def sparkline(values: Sequence[float | None]) -> str:
    """One character per value on a fixed 0-10 scale, so weeks compare across time; ' ' for none."""
    return "".join(
        " " if value is None else SPARKS[min(int(value / 10 * len(SPARKS)), len(SPARKS) - 1)]
        for value in values
    )


def tightness_blocks(tightness: Tightness) -> list[Block]:
    """What the user's own scores show, worded as observations of their log, not as claims."""
    averages = [week.average for week in tightness.weeks]
    if all(average is None for average in averages):
        return [
            Line.of(
                Span("Tightness: ", "strong"),
                "no scores yet. Add --tightness 0-10 when you log to see how your hips feel over time.",
            )
        ]
    latest = next(a for a in reversed(averages) if a is not None)
    lines: list[Block] = [
        Line.of(
            Span("Tightness, weekly average (0 loose – 10 tight), last 8 weeks: ", "strong"),
            Span(sparkline(averages), "accent"),
            f"  latest {latest:.1f}",
        )
    ]
    period = f"Since {tightness.since.isoformat()}, " if tightness.since else "Over the past year, "
    if tightness.guided_change is not None:
        change = tightness.guided_change
        direction = "looser" if change < 0 else "tighter" if change > 0 else "no different"
        amount = f"{abs(change):.1f} points {direction}" if change else direction
        lines.append(
            Line.of(
                period,
                f"in your {plural(tightness.guided_sessions, 'guided session')} rated before and after, ",
                f"you felt {amount} at the end, on average.",
            )
        )
    (busy_count, busy), (other_count, other) = tightness.busy_weeks, tightness.other_weeks
    if busy is not None and other is not None:
        lines.append(
            Line.of(
                period,
                f"your scores in weeks you stretched 6 or 7 days averaged {busy:.1f}",
                f" ({plural(busy_count, 'week')}), against {other:.1f} in the other weeks",
                f" ({plural(other_count, 'week')}); lower is looser.",
            )
        )
    lines.extend(_side_blocks(tightness, period))
    lines.append(Line.of(Span("These are patterns in your own log, not medical findings.", "dim")))
    return lines


def _side_blocks(tightness: Tightness, period: str) -> list[Block]:
    """The left hip against the right, where the sides were scored apart: week by week over the
    last 8 weeks, and over the period compared. Nothing when they never were."""
    blocks: list[Block] = []
    rows = tuple(
        (
            week.start.strftime("%a %-d %b"),
            f"{week.left:.1f}",
            f"{week.right:.1f}",
            _tighter_cell(week.left, week.right),
        )
        for week in tightness.weeks
        if week.left is not None and week.right is not None
    )
    if rows:
        blocks.append(
            Table(
                title="Left and right hip, weekly average, last 8 weeks (sessions scored by side)",
                columns=(
                    Column("week of"),
                    Column("left", justify="right"),
                    Column("right", justify="right"),
                    Column("tighter"),
                ),
                rows=rows,
            )
        )
    sides = tightness.sides
    if sides.left is not None and sides.right is not None:
        tighter = _tighter(sides.left, sides.right)
        blocks.append(
            Line.of(
                period,
                f"in your {plural(sides.sessions, 'session')} scored by side, your left hip",
                f" averaged {sides.left:.1f} and your right {sides.right:.1f}: ",
                f"the {tighter[0]} was {tighter[1]:.1f} points tighter."
                if tighter
                else "neither was tighter.",
            )
        )
    return blocks


def _tighter(left: float, right: float) -> tuple[str, float] | None:
    """Which side is tighter and by how much, from the averages as shown (to one decimal, so
    that the figures add up); None when they show the same."""
    difference = round(round(left, 1) - round(right, 1), 1)
    if not difference:
        return None
    return ("left" if difference > 0 else "right"), abs(difference)


def _tighter_cell(left: float, right: float) -> str:
    tighter = _tighter(left, right)
    return f"{tighter[0]} by {tighter[1]:.1f}" if tighter else "neither"


def stats_json(stats: Stats, catalog: Catalog) -> dict[str, Any]:
    tightness = stats.tightness
    return {
        "today": stats.today.isoformat(),
        "since": stats.first.isoformat() if stats.first else None,
        "sessions": stats.sessions,
        "days_done": stats.days_done,
        "rest_days": stats.rest_days,
        "paused_days": stats.paused_days,
        "seconds": stats.seconds,
        "minutes": round(stats.seconds / 60, 1),
        "average_minutes": None
        if stats.average_seconds is None
        else round(stats.average_seconds / 60, 1),
        "consistency": {str(window): share for window, share in stats.consistency.items()},
        "top_weekday": None if stats.top_weekday is None else months.day_name[stats.top_weekday],
        "strength": stats.strength,
        "by_stretch": [
            {
                "id": s.stretch_id,
                "name": stretch_name(s.stretch_id, catalog),
                "sessions": s.sessions,
                "seconds": s.seconds,
            }
            for s in stats.by_stretch
        ],
        "tightness": {
            "since": tightness.since.isoformat() if tightness.since else None,
            "weekly": [
                {
                    "week": week.start.isoformat(),
                    "average": week.average,
                    "left": week.left,
                    "right": week.right,
                }
                for week in tightness.weeks
            ],
            "guided_change": tightness.guided_change,
            "guided_sessions": tightness.guided_sessions,
            "busy_weeks": {"weeks": tightness.busy_weeks[0], "average": tightness.busy_weeks[1]},
            "other_weeks": {"weeks": tightness.other_weeks[0], "average": tightness.other_weeks[1]},
            "sides": {
                "sessions": tightness.sides.sessions,
                "left": tightness.sides.left,
                "right": tightness.sides.right,
            },
        },
    }


# Streaks per stretch


def stretch_streaks_table(
    streaks: Sequence[tuple[str, StreakSummary, date]], catalog: Catalog, today: date
) -> Table:
    return Table(
        title="Streaks by stretch",
        columns=(
            Column("stretch"),
            Column("current", justify="right"),
            Column("longest", justify="right"),
            Column("last done"),
        ),
        rows=tuple(
            (
                stretch_name(stretch_id, catalog),
                Span(days(streak.current), "good" if streak.current else "dim"),
                days(streak.longest),
                day_label(last, today),
            )
            for stretch_id, streak, last in streaks
        ),
    )


def stretch_streaks_json(
    streaks: Sequence[tuple[str, StreakSummary, date]], catalog: Catalog
) -> list[dict[str, Any]]:
    return [
        {
            "id": stretch_id,
            "name": stretch_name(stretch_id, catalog),
            "current": streak.current,
            "longest": streak.longest,
            "last_done": last.isoformat(),
        }
        for stretch_id, streak, last in streaks
    ]
