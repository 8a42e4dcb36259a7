"""Streaks kept in the database. `runs` holds every run of days done, overall (series '') and per
stretch; triggers note the days that changed in `runs_stale`, and each write settles them before
it commits (`settle_runs`). Reads take the latest and the longest run from a few rows.

Which days join a run (rest days and paused days bridge them) is the domain's rule:
`streaks.run_spans`.
"""

from __future__ import annotations

from datetime import date

from stretchlog.storage import migrations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see domain/records.py)
if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable, Sequence
    from typing import Any

    from stretchlog.domain.streaks import RunSpan, StreakSummary

    Rows = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


def sorted_numbers(rows: list[tuple[Any, ...]]) -> list[int]:
    """Day numbers from a one-row group_concat, sorted."""
    joined = rows[0][0] if rows else None
    return sorted(map(int, joined.split(","))) if joined else []


def done_numbers(rows: Rows, series: str, first: int, last: int) -> list[int]:
    """The days (as `date.toordinal()` numbers, from `first` to `last`) done: overall for the
    series '', or of the stretch it names. One joined string, not a row per day: fetching rows
    costs more than the query."""
    if not series:
        return sorted_numbers(
            rows(  # day_totals is kept by triggers (see migrations)
                "SELECT group_concat(day_number) FROM day_totals WHERE day_number BETWEEN ? AND ?",
                [first, last],
            )
        )
    return sorted_numbers(
        rows(
            "SELECT group_concat(day_number) FROM stretch_days"
            " WHERE stretch_id = ? AND day_number BETWEEN ? AND ?",
            [series, first, last],
        )
    )


def rest_numbers(rows: Rows, first: int, last: int) -> list[int]:
    """The days marked rest from `first` to `last`, as sorted day numbers."""
    day = migrations.DAY_NUMBER.format("day")
    return sorted_numbers(
        rows(
            f"SELECT group_concat(n) FROM (SELECT DISTINCT {day} AS n FROM sessions"
            " WHERE kind = 'rest' AND day BETWEEN ? AND ?)",
            [date.fromordinal(first).isoformat(), date.fromordinal(last).isoformat()],
        )
    )


def pause_spans(rows: Rows, first: int, last: int) -> list[tuple[int, int | None]]:
    """(first day number, last day number or None while open) of each pause sharing a day with
    `first` to `last`: one small query, even on the `status` fast path."""
    first_day = migrations.DAY_NUMBER.format("first_day")
    last_day = migrations.DAY_NUMBER.format("last_day")
    return [
        (start, end)
        for start, end, is_open in rows(
            f"SELECT {first_day}, {last_day}, last_day IS NULL FROM pauses"
            " WHERE first_day <= ? AND (last_day IS NULL OR last_day >= ?)",
            [date.fromordinal(last).isoformat(), date.fromordinal(first).isoformat()],
        )
        if isinstance(start, int) and (isinstance(end, int) or is_open)  # None: not a date
    ]


def paused_days(rows: Rows, first: int, last: int) -> list[int]:
    """The days paused from `first` to `last`, as sorted day numbers."""
    from stretchlog.domain.streaks import paused_numbers

    return paused_numbers(pause_spans(rows, first, last), first, last)


def settle_runs(conn: sqlite3.Connection) -> None:
    """Recompute the runs around the days noted as changed since the last commit."""
    stale = conn.execute("SELECT series, first_day, last_day FROM runs_stale").fetchall()
    if not stale:
        return
    from stretchlog.domain.streaks import run_spans

    def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
        return conn.execute(sql, params).fetchall()

    for series, first, last in stale:
        # A run that ends before the changes and is not next to them is cut off from them by a
        # day that was neither done nor rested, and still is: only the runs touching the changed
        # days, or one step either side, can change.
        first = conn.execute(
            "SELECT coalesce(max(first_day), ?) FROM runs WHERE series = ? AND first_day < ?",
            [first, series, first],
        ).fetchone()[0]
        last = conn.execute(
            "SELECT coalesce(min(last_day), ?) FROM runs WHERE series = ? AND last_day > ?",
            [last, series, last],
        ).fetchone()[0]
        done = done_numbers(rows, series, first, last)
        rest = rest_numbers(rows, first, last)
        if done:  # only the days between those done can join them (an open pause is endless)
            rest += paused_days(rows, done[0], done[-1])
        conn.execute(
            "DELETE FROM runs WHERE series = ? AND first_day BETWEEN ? AND ?",
            [series, first, last],
        )
        conn.executemany(
            "INSERT INTO runs (series, first_day, last_day, days) VALUES (?, ?, ?, ?)",
            [(series, *span) for span in run_spans(done, set(rest))],
        )
    conn.execute("DELETE FROM runs_stale")


def streak_runs(
    rows: Rows, today: date, series: str, rest: Sequence[int]
) -> tuple[RunSpan | None, RunSpan | None]:
    """The latest run up to `today` and the longest (the most recent on a tie), overall or for
    one stretch. Read from the kept runs in a few rows; walked from every day done when those
    cannot say: a change made outside stretchlog, or days logged after `today`."""
    kept = rows(
        "SELECT first_day, last_day, days FROM runs WHERE series = ?"
        " ORDER BY first_day DESC LIMIT 1",
        [series],
    )
    latest = kept[0] if kept else None
    now = today.toordinal()
    if (latest is None or latest[1] <= now) and not rows("SELECT 1 FROM runs_stale LIMIT 1", []):
        longest = rows(
            "SELECT first_day, last_day, days FROM runs WHERE series = ?"
            " ORDER BY days DESC, first_day DESC LIMIT 1",
            [series],
        )
        return latest, longest[0] if longest else None
    from stretchlog.domain.streaks import latest_and_longest, run_spans

    done = done_numbers(rows, series, 1, now)
    return latest_and_longest(run_spans(done, set(rest)))


def bridging_numbers(rows: Rows, today: date) -> tuple[list[int], list[int]]:
    """(the days rested or paused, the days paused), up to `today`, as day numbers: the first
    bridge runs, and the second tells paused days apart."""
    now = today.toordinal()
    paused = paused_days(rows, 1, now)
    return rest_numbers(rows, 1, now) + paused, paused


def streak_now(rows: Rows, today: date) -> StreakSummary:
    """The streak over every session, as of `today`."""
    summary, _ = _summary(rows, today, "", bridging_numbers(rows, today))
    return summary


def stretch_streaks(rows: Rows, today: date) -> list[tuple[str, StreakSummary, date]]:
    """(stretch id, its streak, the last day it was done) for each stretch done by `today`."""
    bridging = bridging_numbers(rows, today)
    found = []
    done = rows("SELECT stretch_id FROM stretch_totals WHERE sessions > 0", [])
    for (stretch_id,) in done:
        summary, last_done = _summary(rows, today, stretch_id, bridging)
        if last_done is not None:
            found.append((stretch_id, summary, last_done))
    return found


def _summary(
    rows: Rows, today: date, series: str, bridging: tuple[list[int], list[int]]
) -> tuple[StreakSummary, date | None]:
    """The streak, overall or for one stretch, and the last day done by `today` (None: none)."""
    from stretchlog.domain.streaks import summarize_runs

    rest, paused = bridging
    latest, longest = streak_runs(rows, today, series, rest)
    now = today.toordinal()
    recent = done_numbers(rows, series, now - 29, now)
    summary = summarize_runs(latest, longest, recent, rest, today, set(paused))
    return summary, date.fromordinal(latest[1]) if latest else None
