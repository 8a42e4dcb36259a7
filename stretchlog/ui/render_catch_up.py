"""What `stretchlog ask` shows: the question for each forgotten day, and what the walk did."""

from datetime import date, timedelta

from stretchlog.domain.catch_up import MOST_DAYS, Walk
from stretchlog.ui.console import inert
from stretchlog.ui.render import days, plural, weekday_label
from stretchlog.ui.views import Line, Span


def _day(day: date, today: date) -> str:
    """'Tue 24 Nov (yesterday)', 'Wed 25 Nov (today)', 'Mon 23 Nov'."""
    near = {today: " (today)", today - timedelta(days=1): " (yesterday)"}.get(day, "")
    return weekday_label(day, today) + near


_WIDEST_DAY = len("Wed 30 Nov (yesterday)")
"""The questions of a walk take the same form, chosen as if each named its day this widely."""


def question(day: date, today: date, routine: str, width: int) -> str:
    """The question for `day`, as fully as fits in `width` columns; `routine` is the name of the
    routine a yes logs."""
    when = _day(day, today)
    for answers in (
        f"[y]es ({inert(routine)}) / [r]est / [s]kip / [q]uit",
        "[y]es / [r]est / [s]kip / [q]uit",
    ):
        asked = f": did you stretch? {answers} "
        if max(_WIDEST_DAY, len(when)) + len(asked) < width:
            return when + asked
    return f"{weekday_label(day, today)}: stretched? [y/r/s/q] "


def intro(walk: Walk, today: date, routine: str, last: date | None) -> list[Line]:
    """What the walk will ask about, and what it leaves out."""
    lines = []
    if walk.older and last is not None:
        lines.append(
            Line.of(
                Span(f"Your last entry is on {weekday_label(last, today)}", "warn"),
                f": asking about the last {MOST_DAYS} days; for the {days(walk.older)} before"
                f" them, use stretchlog ask --since {(last + timedelta(days=1)).isoformat()}.",
            )
        )
    lines.append(
        Line.of(
            Span(f"{plural(len(walk.days), 'day')} to catch up on", "strong"),
            f", oldest first: y logs {inert(routine)}, r marks a rest day, s skips it, q stops.",
        )
    )
    return lines


def hint(routine: str) -> Line:
    return Line.of(
        Span("Please answer", "warn"),
        f" y (log {inert(routine)}), r (rest day), s (skip) or q (quit): the letter or the word.",
    )


def nothing_to_ask(first: date | None, today: date) -> Line:
    """Every day of the walk has an entry, or there is no entry before today to start after."""
    if first is None:
        return Line.of(
            Span("Nothing to catch up on", "dim"),
            ": nothing is logged before today. To fill in earlier days, use"
            " stretchlog ask --since WHEN.",
        )
    span = "today has" if first == today else f"every day from {_day(first, today)} to today has"
    return Line.of(Span("Nothing to catch up on", "dim"), f": {span} an entry.")


def summary(sessions: int, rests: int, skipped: int, unasked: int, resume: date | None) -> Line:
    """What a walk logged and left, in one line; stopped before `resume`, where to go on from."""
    done = [plural(sessions, "session")] if sessions else []
    done += [plural(rests, "rest day")] if rests else []
    said = f"Logged {' and '.join(done)}" if done else "Nothing logged"
    left = [f"skipped {days(skipped)}"] if skipped else []
    if resume is not None:
        left.append(
            f"stopped with {days(unasked)} to go; to go on later,"
            f" use stretchlog ask --since {resume.isoformat()}"
        )
    return Line.of(
        Span(said, "good" if done else "dim"), "; " if left else "", "; ".join(left), "."
    )


def later(walk: Walk, today: date) -> Line:
    """Days a walk from a first day left for the next one."""
    after = walk.days[-1] + timedelta(days=1)
    return Line.of(
        Span(f"{days(walk.later)} more", "warn"),
        f" without an entry from {_day(after, today)} on: to go on, use"
        f" stretchlog ask --since {after.isoformat()}.",
    )
