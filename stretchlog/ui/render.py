"""Turning domain results into views for the screen and plain dicts for --json. No I/O here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from stretchlog.domain.catalog import Catalog, Stretch, entry_document
from stretchlog.domain.sessions import Hold, Session
from stretchlog.domain.streaks import StreakSummary
from stretchlog.ui.views import Block, Cell, Column, Items, Line, Panel, Span, Table

# Words and numbers


PAUSE_MARK = "‖"
"""A paused day, on the calendar and in every view of pauses."""


def duration(seconds: int) -> str:
    """'45 s', '2 min 30 s', '1 h 5 min': short, exact to the second below an hour."""
    if seconds < 60:
        return f"{seconds} s"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min {secs} s" if secs else f"{minutes} min"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def days(count: int) -> str:
    return plural(count, "day")


def day_label(day: date, today: date) -> str:
    if day == today:
        return "today"
    if day == today - timedelta(days=1):
        return "yesterday"
    return weekday_label(day, today)


def weekday_label(day: date, today: date) -> str:
    """'Tue 24 Nov', with the year when it is not this one."""
    return day.strftime("%a %-d %b") if day.year == today.year else day.strftime("%a %-d %b %Y")


def dose(stretch: Stretch) -> str:
    """How one stretch is done by default: '2 × 30 s each side'."""
    each_side = " each side" if stretch.per_side else ""
    return f"{stretch.reps} × {duration(stretch.hold_seconds)}{each_side}"


def stretch_name(stretch_id: str, catalog: Catalog) -> str:
    """A stretch's name, or its id when it is no longer in the catalog."""
    stretch = catalog.get(stretch_id)
    return stretch.name if stretch else stretch_id


def _side_label(side: str | None) -> str:
    return {"left": "L", "right": "R"}.get(side or "", "")


def holds_summary(holds: Sequence[Hold], catalog: Catalog) -> str:
    """'Couch stretch L+R, Pigeon pose L': each stretch once, with the sides done."""
    sides: dict[str, list[str]] = {}
    for hold in holds:
        sides.setdefault(hold.stretch_id, []).append(_side_label(hold.side))
    parts = []
    for stretch_id, labels in sides.items():
        done = "+".join(label for label in labels if label)
        parts.append(f"{stretch_name(stretch_id, catalog)} {done}".rstrip())
    return ", ".join(parts)


# Catalog


CATALOG_DROPS = (("level", 100), ("position", 76), ("dose", 56))
"""The catalog's columns that give way first on a terminal narrower than the width given, so
that ids (which people type) never break and names stay readable."""


def catalog_table(
    catalog: Catalog, favourite_ids: Iterable[str], width: int | None = None
) -> Table:
    """Every stretch; on a terminal of `width` columns, without the columns it has no room
    for (a pipe gets them all)."""
    favourites = set(favourite_ids)
    dropped = {name for name, needs in CATALOG_DROPS if width is not None and width < needs}
    columns = {
        "id": Column("id", style="accent", whole=True),
        "name": Column("name"),
        "position": Column("position", whole=True),
        "dose": Column("dose", style="dim"),
        "level": Column("level", whole=True),
        "★": Column("", justify="center", style="good"),
    }
    kept = [name for name in columns if name not in dropped]

    def cells(s: Stretch) -> dict[str, str]:
        return {"id": s.id, "name": s.name, "position": s.position, "dose": dose(s),
                "level": s.level, "★": "★" if s.id in favourites else ""}  # fmt: skip

    return Table(
        title=f"{len(catalog)} stretches (★ = in your routine)",
        columns=tuple(columns[name] for name in kept),
        rows=tuple(tuple(cells(s)[name] for name in kept) for s in catalog),
    )


def stretch_panel(stretch: Stretch, in_routine: bool) -> Panel:
    facts = f"{stretch.position} · {stretch.level} · {dose(stretch)}" + (
        " · in your routine" if in_routine else ""
    )
    lists = (
        Items("Steps", stretch.steps, numbered=True),
        Items("Cues", stretch.cues, style="good"),
        Items("Cautions", stretch.cautions, style="warn"),
    )
    body: list[Block] = [Line.of(stretch.summary)] if stretch.summary else []
    body.append(Line.of(Span(facts, "dim")))
    body.extend(items for items in lists if items.items)  # one's own may have none yet
    if stretch.targets:
        body.append(Line.of(Span("Targets: ", "strong"), ", ".join(stretch.targets)))
    if stretch.aliases:
        body.append(Line.of(Span("Also called: ", "strong"), ", ".join(stretch.aliases)))
    if stretch.url:
        body.append(Line.of(Span("More: ", "strong"), stretch.url))
    return Panel(title=f"{stretch.name} ({stretch.id})", body=tuple(body))


def stretch_json(stretch: Stretch) -> dict[str, Any]:
    return {**entry_document(stretch), "url": stretch.url, "custom": stretch.custom}


# Favourites: the routine


IDS_FIT = 48
"""Below this many columns a long id no longer fits beside a stretch's name and dose, so the
name (which wraps) stands for it."""


def routine_table(
    routine: Sequence[Stretch], title: str | None = None, ids: bool = True, width: int | None = None
) -> Table:
    """The routine's stretches in order; with their ids unless `ids` is False or a terminal of
    `width` columns has no room for them (a pipe gets them all)."""
    ids = ids and (width is None or width >= IDS_FIT)
    columns = (
        Column("#", justify="right", style="dim"),
        *((Column("id", style="accent", whole=True),) if ids else ()),
        Column("name"),
        Column("dose", style="dim", whole=True),
    )
    return Table(
        title=title,
        columns=columns,
        rows=tuple(
            (str(n), *((s.id,) if ids else ()), s.name, dose(s)) for n, s in enumerate(routine, 1)
        ),
    )


def routine_title(routine: Sequence[Stretch]) -> str:
    total = sum(stretch.default_seconds for stretch in routine)
    count = plural(len(routine), "stretch", "stretches")
    return f"Your routine: {count}, about {duration(total)} of holds"


def favourites_json(routine: Sequence[Stretch]) -> list[dict[str, Any]]:
    return [
        {
            "position": position,
            "id": s.id,
            "name": s.name,
            "per_side": s.per_side,
            "hold_seconds": s.hold_seconds,
            "reps": s.reps,
        }
        for position, s in enumerate(routine, 1)
    ]


def favourite_moved(
    catalog: Catalog,
    stretch_id: str,
    before: Sequence[str],
    after: Sequence[str],
    routine: str | None = None,
) -> Line:
    """What `fav add` (or `routine add`, for the routine named `routine`) did with a stretch
    already in the routine: moved it, or left it."""
    name = stretch_name(stretch_id, catalog)
    was, now = before.index(stretch_id) + 1, after.index(stretch_id) + 1
    if was != now:
        return Line.of(Span("Moved ", "good"), f"{name} from {was} to {now}.")
    where, mover = (
        ("your routine", "fav move") if routine is None else (routine, f"routine move {routine}")
    )
    return Line.of(
        Span(f"{name} is already in {where}, at {now}; ", "dim"),
        Span(f"stretchlog {mover} {stretch_id} POSITION", "accent"),
        Span(" moves it.", "dim"),
    )


def no_favourites_hint() -> Line:
    return Line.of(
        "No favourites yet. Pick your routine with ",
        Span("stretchlog fav pick", "accent"),
        " or ",
        Span("stretchlog fav add STRETCH...", "accent"),
        " (see ",
        Span("stretchlog catalog", "accent"),
        ").",
    )


# Sessions


def session_json(
    session: Session, catalog: Catalog, routine_names: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """A session for scripts; `routine_names` (by uid) names the routine it came from."""
    return {
        "id": session.id,
        "uid": session.uid,
        "date": session.day.isoformat(),
        "logged_at": session.logged_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "note": session.note,
        "tightness": session.tightness,
        "tightness_before": session.tightness_before,
        "tightness_sides": _sides_json(session.tightness_sides),
        "tightness_before_sides": _sides_json(session.tightness_before_sides),
        "source": session.source,
        "kind": session.kind,
        "routine": (routine_names or {}).get(session.routine_uid or ""),
        "routine_uid": session.routine_uid,
        "seconds": session.seconds,
        "stretches": [
            {
                "id": hold.stretch_id,
                "name": stretch_name(hold.stretch_id, catalog),
                "side": hold.side,
                "seconds": hold.seconds,
                "reps": hold.reps,
            }
            for hold in session.holds
        ],
    }


def _sides_json(sides: tuple[int, int] | None) -> dict[str, int] | None:
    return None if sides is None else {"left": sides[0], "right": sides[1]}


def tightness_text(session: Session, scale: str = "") -> str:
    """'4', or '7→4' for a guided session rated before and after; '' when not rated. Sides
    scored apart follow their score: '5 (L6 R4)'. `scale` ('/10') ends the text, or, when
    there are sides, follows each score."""
    sided = session.tightness_sides is not None or session.tightness_before_sides is not None
    each = scale if sided else ""
    before = _scored(session.tightness_before, session.tightness_before_sides, each)
    after = _scored(session.tightness, session.tightness_sides, each)
    text = (after or "") if before is None else f"{before}→{after or '?'}"
    return text if sided or not text else text + scale


def _scored(score: int | None, sides: tuple[int, int] | None, scale: str = "") -> str | None:
    """'4', or '5 (L6 R4)' with the sides; None for no score."""
    if score is None:
        return None
    return f"{score}{scale}" + ("" if sides is None else f" (L{sides[0]} R{sides[1]})")


def _stretches_cell(session: Session, catalog: Catalog) -> Cell:
    return Span("rest day", "dim") if session.is_rest else holds_summary(session.holds, catalog)


HISTORY_NARROW = 60
"""Below this many columns, a compact history keeps the id, the day and the stretches."""


def history_table(
    sessions: Sequence[Session],
    catalog: Catalog,
    compact: bool = False,
    width: int = 80,
    others: Sequence[tuple[date, tuple[Cell, ...]]] = (),
) -> Table:
    """The sessions, newest first, with `others` (rows of six cells, such as pauses) below the
    sessions of their day; `compact` (on a terminal of `width` columns) keeps each to one line,
    and on a narrow one to what identifies it."""
    keep = 3 if compact and width < HISTORY_NARROW else 6
    columns = (
        Column("id", justify="right", style="dim", whole=True),
        Column("date", whole=True),
        Column("stretches", clip=compact),
        Column("time", justify="right", whole=True),
        Column("tight", justify="right", whole=True),
        Column("note", max_width=40, clip=compact),
    )
    rows = (
        (
            str(s.id),
            s.day.strftime("%a %Y-%m-%d"),
            _stretches_cell(s, catalog),
            "" if s.is_rest else duration(s.seconds),
            tightness_text(s),
            s.note or "",
        )
        for s in sessions
    )
    merged = sorted(
        [*zip((s.day for s in sessions), rows, strict=True), *others],
        key=lambda keyed: keyed[0],
        reverse=True,  # stable: the sessions keep their order, and others follow theirs
    )
    return Table(columns=columns[:keep], rows=tuple(row[:keep] for _, row in merged))


def session_panel(session: Session, catalog: Catalog, today: date) -> Panel:
    when = f"{session.day.isoformat()} ({day_label(session.day, today)})"
    if session.is_rest:
        note = (Line.of(Span("Note: ", "strong"), session.note),) if session.note else ()
        return Panel(title=f"Rest day {session.id} · {when}", body=note)
    holds = sum(hold.reps for hold in session.holds)
    details = [f"{plural(holds, 'hold')}, {duration(session.seconds)}", session.source]
    if session.tightness is not None or session.tightness_before is not None:
        details.append(f"tightness {tightness_text(session, '/10')}")
    body: list[Block] = [
        Line.of(Span(" · ".join(details), "dim")),
        Items("Stretches", tuple(_hold_line(hold, catalog) for hold in session.holds)),
    ]
    if session.note:
        body.append(Line.of(Span("Note: ", "strong"), session.note))
    return Panel(
        title=f"Session {session.id} · {when}",
        body=tuple(body),
    )


def _hold_line(hold: Hold, catalog: Catalog) -> str:
    """'Pigeon pose (left): 2 × 30 s', or, when the holds were not all as long (one ended
    early), 'Pigeon pose (left): 2 holds, 41 s': counts that add up to the total shown."""
    side = f" ({hold.side})" if hold.side else ""
    each, rest = divmod(hold.seconds, hold.reps)
    dose = (
        f"{hold.reps} × {duration(each)}"
        if not rest
        else (f"{plural(hold.reps, 'hold')}, {duration(hold.seconds)}")
    )
    return f"{stretch_name(hold.stretch_id, catalog)}{side}: {dose}"


def logged_lines(
    session: Session,
    streak: StreakSummary,
    catalog: Catalog,
    today: date,
    earlier: int = 0,
    hides_rest: bool = False,
) -> list[Line]:
    """What was logged, by name, and the streak; `earlier` sessions were on that day already,
    and it may hide the day's rest day."""
    when = day_label(session.day, today)
    lines = [logged_line(session, catalog, today)]
    if earlier:
        count = plural(earlier, "other session")
        lines.append(Line.of(Span(f"{when[:1].upper()}{when[1:]} has {count} too.", "dim")))
    lines.append(streak_line(streak))
    if hides_rest:
        lines.append(no_longer_rest(session.day, today))
    return lines


def logged_line(session: Session, catalog: Catalog, today: date) -> Line:
    """'✓ Logged session 6 for yesterday (2026-11-24): Pigeon pose, 2 min.'"""
    when = day_label(session.day, today)
    names = ", ".join(stretch_name(stretch_id, catalog) for stretch_id in session.stretch_ids)
    return Line.of(
        Span("✓ ", "good"),
        f"Logged session {session.id} for {when} ({session.day.isoformat()}): ",
        f"{names}, {duration(session.seconds)}.",
    )


def rest_lines(rest: Session, streak: StreakSummary, today: date) -> list[Line]:
    return [rest_line(rest, today), streak_line(streak)]


def rest_line(rest: Session, today: date) -> Line:
    """'○ Marked Sat 21 Nov (2026-11-21) as a rest day (id 10).'"""
    when = day_label(rest.day, today)
    return Line.of(
        Span("○ ", "accent"),
        f"Marked {when} ({rest.day.isoformat()}) as a rest day (id {rest.id}).",
    )


def no_longer_rest(day: date, today: date) -> Line:
    label = day_label(day, today)
    return Line.of(Span(f"{label[:1].upper()}{label[1:]} is no longer a rest day.", "dim"))


def updated_line(before: Session, after: Session, catalog: Catalog) -> Line:
    """What `edit` changed, or that there was nothing to change."""
    what = "rest day" if after.is_rest else "session"
    changes = []
    if after.day != before.day:
        changes.append(f"day {before.day.isoformat()} → {after.day.isoformat()}")
    if after.note != before.note:
        changes.append("note removed" if after.note is None else "note")
    was, now = (
        _scored(entry.tightness, entry.tightness_sides) or "none" for entry in (before, after)
    )
    if now != was:
        changes.append(f"tightness {was} → {now}")
    if after.holds != before.holds:
        changes.append(f"stretches: {holds_summary(after.holds, catalog)}")
    if not changes:
        return Line.of(Span(f"Nothing to change in {what} {after.id}.", "dim"))
    return Line.of(Span("✓ ", "good"), f"Updated {what} {after.id}: {', '.join(changes)}.")


def rest_again(day: date, today: date) -> Line:
    """A rest day that a session hid shows again, now that the session is gone."""
    label = day_label(day, today)
    return Line.of(Span(f"{label[:1].upper()}{label[1:]} is a rest day again.", "dim"))


# Streaks


def streak_line(streak: StreakSummary) -> Line:
    if streak.current == 0:
        return Line.of(Span("No current streak. ", "dim"), "Log a session today to start one.")
    best = (
        " — your longest yet!"
        if streak.current == streak.longest
        else f" (longest: {days(streak.longest)})"
    )
    if streak.at_risk:
        return Line.of(
            Span(f"Your {streak.current}-day streak is at risk: ", "warn"),
            "log a session today to keep it.",
        )
    if streak.today_rest or streak.today_paused:
        why = " (resting today)" if streak.today_rest else " (paused today)"
        return Line.of(Span(f"Streak: {days(streak.current)}", "good"), why, best)
    return Line.of(Span(f"Streak: {days(streak.current)}", "good"), best)


def _range(start: date | None, end: date | None, today: date) -> str:
    if start is None or end is None:
        return ""
    if start == end:
        return day_label(start, today)
    return f"{day_label(start, today)} – {day_label(end, today)}"


def streak_table(streak: StreakSummary, today: date) -> Table:
    today_state: Span = (
        Span("done ✓", "good")
        if streak.today_done
        else Span("rest day", "accent")
        if streak.today_rest
        else Span("paused", "accent")
        if streak.today_paused
        else Span("not yet — streak at risk", "warn")
        if streak.at_risk
        else Span("not yet", "dim")
    )
    current_end = today if streak.today_done else today - timedelta(days=1)
    return Table(
        header=False,
        columns=(Column("", style="strong"), Column("")),
        rows=(
            (
                "Current streak",
                _with_range(streak.current, streak.current_start, current_end, today),
            ),
            (
                "Longest streak",
                _with_range(streak.longest, streak.longest_start, streak.longest_end, today),
            ),
            ("Today", today_state),
            ("Last 7 days", f"{streak.last_7} of 7 days"),
            ("Last 30 days", f"{streak.last_30} of 30 days"),
        ),
    )


def _with_range(count: int, start: date | None, end: date | None, today: date) -> str:
    span = _range(start, end, today)
    return f"{days(count)} ({span})" if span and count else days(count)


def streak_json(streak: StreakSummary, today: date) -> dict[str, Any]:
    def iso(day: date | None) -> str | None:
        return day.isoformat() if day else None

    return {
        "today": today.isoformat(),
        "current": streak.current,
        "current_start": iso(streak.current_start),
        "longest": streak.longest,
        "longest_start": iso(streak.longest_start),
        "longest_end": iso(streak.longest_end),
        "today_done": streak.today_done,
        "at_risk": streak.at_risk,
        "today_rest": streak.today_rest,
        "today_paused": streak.today_paused,
        "last_7": streak.last_7,
        "last_30": streak.last_30,
    }


# Dashboard


def _routines_line(routines: Sequence[tuple[str, bool]]) -> Line:
    spans = [Span("Routines: ", "strong")]
    for number, (name, done) in enumerate(routines):
        spans += [
            Span("  " if number else ""),
            Span("✓ " if done else "○ ", "good" if done else "dim"),
            Span(name, "good" if done else ""),
        ]
    return Line(tuple(spans))


def dashboard(
    streak: StreakSummary,
    routine: Sequence[Stretch],
    today: date,
    routines: Sequence[tuple[str, bool]] = (),
    paused: Line | None = None,
) -> list[Block]:
    """Today: done or not (or `paused`, the line saying so), the streak, the default routine,
    and (when there are several) each routine with ✓ once done today."""
    status = (
        Line.of(Span("✓ Stretched today. ", "good"), "Well done.")
        if streak.today_done
        else paused
        if paused is not None
        else Line.of(Span("○ Rest day today. ", "accent"), "Your streak is safe.")
        if streak.today_rest
        else Line.of(Span("○ Not stretched yet today.", "warn"))
    )
    blocks: list[Block] = [Line.of(Span(today.strftime("%A %-d %B %Y"), "strong")), status]
    blocks.append(streak_line(streak))
    if len(routines) > 1:
        blocks.append(_routines_line(routines))
    if not routine:
        blocks.append(no_favourites_hint())
        return blocks
    # the title as a line of its own: as the table's title, Rich wraps it to the table's width
    blocks.append(Line.of(Span(routine_title(routine), "strong")))
    blocks.append(routine_table(routine, ids=False))
    if not streak.today_done and not streak.today_rest and not streak.today_paused:
        blocks.append(
            Line.of(
                Span("stretchlog start", "accent"),
                " guides you through them with timers; done them already? ",
                Span("stretchlog log", "accent"),
                " records today's session.",
            )
        )
    return blocks
