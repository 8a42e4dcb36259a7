"""Streaks read from the store: the runs it keeps, summed up by the rules in `streaks`.

Every command that shows a streak comes through here, `status` on each shell prompt included, so
this reads a few rows however many years of history there are and imports nothing heavy.
"""

from datetime import date

from stretchlog.streaks import StreakSummary, summarize_runs

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see records.py)
if TYPE_CHECKING:
    from stretchlog.store import Store


def streak_now(store: "Store", today: date) -> StreakSummary:
    """The streak over every session, as of `today`."""
    summary, _ = _summary(store, today, None, store.rest_numbers())
    return summary


def stretch_streaks(store: "Store", today: date) -> list[tuple[str, StreakSummary, date]]:
    """(stretch id, its streak, the last day it was done) for each stretch done by `today`."""
    rest = store.rest_numbers()
    found = []
    for stretch_id in store.stretches_done():
        summary, last_done = _summary(store, today, stretch_id, rest)
        if last_done is not None:
            found.append((stretch_id, summary, last_done))
    return found


def _summary(
    store: "Store", today: date, stretch_id: str | None, rest: list[int]
) -> tuple[StreakSummary, date | None]:
    """The streak, overall or for one stretch, and the last day done by `today` (None: none)."""
    latest, longest = store.streak_runs(today, stretch_id)
    recent = store.recent_numbers(today, stretch_id)
    summary = summarize_runs(latest, longest, recent, rest, today)
    return summary, date.fromordinal(latest[1]) if latest else None
