"""Pauses: days away that neither extend nor break a streak."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchlog.domain.dates import parse_when
from stretchlog.domain.insight import Totals, compute_stats
from stretchlog.domain.pauses import Pause, check_new, ended, overlapping_import, to_end
from stretchlog.errors import BadDate, BadValue, NotFound
from tests.conftest import TODAY, Run, pinned_environment
from tests.oracles import habit_strength

Fails = Callable[..., str]


def d(offset: int) -> date:
    """The day `offset` days before the pinned today (negative: after it)."""
    return TODAY - timedelta(days=offset)


def numbers(*offsets: int) -> list[int]:
    return sorted(d(offset).toordinal() for offset in offsets)


# The rules


def test_a_pause_may_not_end_before_it_starts_or_share_a_day_with_another() -> None:
    here = [Pause(d(10), d(5), "travel", id=1), Pause(d(2), None, None, id=2)]
    check_new(Pause(d(4), d(3), None), here)  # between them: fine
    with pytest.raises(BadValue, match="before it starts"):
        check_new(Pause(d(3), d(4), None), here)
    with pytest.raises(
        BadValue,
        match=r"a pause \(2026-11-13 to 2026-11-15\) would overlap pause 1 \(2026-11-15 to 2026-11-20\)",
    ):
        check_new(Pause(d(12), d(10), None), here)
    with pytest.raises(BadValue, match=r"would overlap pause 2 \(from 2026-11-23, open\)"):
        check_new(Pause(d(-30), d(-40), None), here)


@given(
    st.tuples(st.integers(0, 20), st.integers(0, 20)),
    st.tuples(st.integers(0, 20), st.integers(0, 25)),
)
def test_overlap_is_a_shared_day(first: tuple[int, int], second: tuple[int, int]) -> None:
    """Two pauses overlap exactly when some day lies in both (25 stands for open)."""

    def pause(start: int, length: int) -> Pause:
        return Pause(d(-start), None if length > 20 else d(-start - length), None)

    one, other = pause(*first), pause(*second)
    shared = any(one.covers(d(-n)) and other.covers(d(-n)) for n in range(0, 60))
    assert one.overlaps(other) == other.overlaps(one) == shared


def test_ending_a_pause_keeps_the_days_before_the_day_back() -> None:
    open_pause = Pause(d(5), None, None, id=3)
    assert ended(open_pause, TODAY) == open_pause._replace(last=d(1))
    with pytest.raises(BadValue, match="would leave no day paused; to drop it"):
        ended(open_pause, d(5))
    planned = Pause(d(5), d(-3), None, id=4)
    assert ended(planned, d(-1)).last == TODAY
    with pytest.raises(BadValue, match="already ends on 2026-11-28"):
        ended(planned, d(-10))


def test_pause_end_takes_the_open_pause_or_the_one_under_way() -> None:
    under_way = Pause(d(3), d(-3), None, id=1)
    later = Pause(d(-10), None, None, id=2)
    assert to_end([under_way, later], TODAY) == later
    assert to_end([under_way], TODAY) == under_way
    with pytest.raises(NotFound, match="no pause is open or under way today"):
        to_end([Pause(d(9), d(8), None, id=5)], TODAY)


def test_an_import_must_fit_beside_the_pauses_here_and_its_own() -> None:
    here = [Pause(d(10), d(5), None, id=1)]
    assert overlapping_import([Pause(d(4), d(3), None)], here) is None
    assert overlapping_import([Pause(d(6), d(6), None)], here) == (
        "the file's pause (2026-11-19) overlaps pause 1 (2026-11-15 to 2026-11-20)"
    )
    assert overlapping_import([Pause(d(4), None, None), Pause(d(3), d(3), None)], here) == (
        "the file's pause (2026-11-22) overlaps another pause of the file"
    )


# Planning ahead


def test_a_pause_may_be_planned_ahead_within_a_year() -> None:
    assert parse_when("tomorrow", TODAY, ahead=365) == d(-1)
    assert parse_when("Jan 3", TODAY, ahead=365) == date(2027, 1, 3)  # the nearest Jan 3
    assert parse_when("Nov 3", TODAY, ahead=365) == date(2026, 11, 3)  # just past is nearer
    with pytest.raises(BadDate, match="2027-11-26 is more than 365 days ahead"):
        parse_when("2027-11-26", TODAY, ahead=365)
    with pytest.raises(BadDate, match="in the future"):
        parse_when("tomorrow", TODAY)
    assert parse_when("Jan 3", TODAY) == date(2026, 1, 3)


# The commands


def test_a_pause_is_added_listed_ended_and_deleted(ok: Run, fails: Fails) -> None:
    ok("pause", "--from", "3 days ago", "--reason", "[red]flu[/red]")
    listed = ok("pause", "list").stdout
    assert "Sun 2026-11-22  open" in listed and "under way  [red]flu[/red]" in listed
    assert "a pause (2026-11-20 to 2026-11-22) would overlap pause 1 (from 2026-11-22, open)" in (
        fails("pause", "--from", "5 days ago", "--to", "3 days ago")
    )
    assert ok("pause", "end").stdout == (
        "‖ Ended pause 1: paused Sun 2026-11-22 to Tue 2026-11-24, 3 days.\n"
    )
    assert "no pause is open or under way today" in fails("pause", "end")
    assert "not confirmed" in fails("pause", "delete", "1")
    assert ok("pause", "list", "--json").json()[0]["to"] == "2026-11-24"
    assert ok("pause", "delete", "1", "--yes").stdout.startswith("Removed pause 1.\n")
    assert ok("pause").stdout.startswith("No pauses yet.")
    assert "there is no pause 1" in fails("pause", "delete", "1", "--yes")


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (("--from", "1969-12-31"), "1969-12-31 is too long ago", 1),
        (("--from", "2027-11-26"), "2027-11-26 is more than 365 days ahead", 1),
        (("--from", "today", "--to", "yesterday"), "before it starts on 2026-11-25", 1),
        (("--from", "today", "--reason", "x" * 4001), "--reason must be text", 1),
        (("--to", "tomorrow"), "a pause needs --from", 2),
        (("--from", "today", "list"), "go after 'pause list' or with 'pause' alone", 2),
    ],
)
def test_a_bad_pause_is_refused_in_one_line_and_nothing_is_written(
    ok: Run, fails: Fails, args: tuple[str, ...], message: str, code: int
) -> None:
    assert message in fails("pause", *args, code=code)
    assert ok("pause", "list", "--json").json() == []


def test_paused_days_bridge_streaks_overall_by_stretch_and_by_routine(ok: Run) -> None:
    ok("routine", "new", "desk", "couch")
    for when in ("10 days ago", "9 days ago", "2 days ago", "yesterday"):
        ok("log", "pigeon", "--date", when)
        ok("log", "--routine", "desk", "--date", when)
    before = ok("streak", "--json").json()
    assert (before["current"], before["longest"]) == (2, 2)
    ok("pause", "--from", "8 days ago", "--to", "3 days ago", "--reason", "travel")
    streak = ok("streak", "--json").json()
    assert (streak["current"], streak["current_start"], streak["at_risk"]) == (
        4,
        "2026-11-15",
        True,
    )
    by_stretch = {s["id"]: s["current"] for s in ok("streak", "--by-stretch", "--json").json()}
    assert by_stretch == {"pigeon": 4, "couch-stretch": 4}
    by_routine = {r["name"]: r["current"] for r in ok("streak", "--by-routine", "--json").json()}
    assert by_routine["desk"] == 4
    ok("pause", "delete", "1", "--yes")
    assert ok("streak", "--json").json() == before


def test_today_paused_keeps_the_streak_and_status_settled(ok: Run, run: Run) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    assert run("status").exit_code == 1
    ok("pause", "--from", "today", "--to", "Dec 2", "--reason", "[bold]ankle[/bold]")
    status = run("status")
    assert (status.exit_code, status.stdout) == (0, "paused · 1-day streak\n")
    assert run("status", "--format", "{done}{paused}{rest}").stdout == "✓paused\n"
    assert run("status", "--json").json()["paused"] is True
    dashboard = ok("today").stdout
    assert "‖ Paused today until Wed 2 Dec ([bold]ankle[/bold]). Your streak is safe." in dashboard
    assert "stretchlog start" not in dashboard
    assert ok("today", "--json").json()["pause"]["reason"] == "[bold]ankle[/bold]"
    assert "Today           paused" in ok("streak").stdout
    ok("log", "pigeon")  # a session inside a pause counts as usual
    assert ok("streak", "--json").json()["current"] == 2
    assert run("status").stdout == "stretched · 2-day streak\n"


def test_paused_days_are_left_out_of_habit_strength_and_consistency(ok: Run) -> None:
    for when in ("5 days ago", "4 days ago", "yesterday", "today"):
        ok("log", "pigeon", "--date", when)
    before = ok("stats", "--json").json()
    ok("pause", "--from", "3 days ago", "--to", "2 days ago")
    paused = ok("stats", "--json").json()
    assert paused["strength"] > before["strength"]
    assert paused["strength"] == pytest.approx(
        habit_strength([d(5), d(4), d(1), d(0)], [], TODAY, paused=[d(3), d(2)])
    )
    assert paused["consistency"]["7"] == 1.0
    assert (before["paused_days"], paused["paused_days"]) == (0, 2)
    assert "Paused days      2" in ok("stats").stdout
    assert ok("stats", "--since", "yesterday", "--json").json()["paused_days"] == 0


def test_stats_leave_paused_days_out_as_they_do_rest_days() -> None:
    """The same days paused or rested give the same strength and consistency."""
    done, skipped = numbers(9, 8, 7, 2, 1), numbers(6, 5, 4, 3)
    first, totals = d(9), Totals(5, 5, 0, 0, (0,) * 7)
    rested = compute_stats(done, skipped, first, totals, [], [], TODAY)
    paused = compute_stats(done, [], first, totals, [], [], TODAY, paused=skipped)
    assert paused._replace(paused_days=0) == rested
    assert paused.paused_days == 4


@pytest.mark.parametrize("width", [40, 80, 200])
def test_the_calendar_marks_paused_days_and_history_shows_the_pause(ok: Run, width: int) -> None:
    ok("log", "pigeon", "--date", "3 days ago")
    ok("pause", "--from", "2 days ago", "--to", "yesterday", "--reason", "trip")
    terminal = pinned_environment(stdout_is_terminal=True, width=width)
    calendar = re.sub(r"\x1b\[[0-9;]*m", "", ok("calendar", "--weeks", "2", env=terminal).stdout)
    assert "‖ paused" in calendar and "2 days paused" in " ".join(calendar.split())
    assert max(len(line) for line in calendar.splitlines()) <= width
    days = ok("calendar", "--weeks", "1", "--json").json()["days"]
    assert [day["date"] for day in days if day["paused"]] == ["2026-11-23", "2026-11-24"]
    history = re.sub(r"\x1b\[[0-9;]*m", "", ok("history", env=terminal).stdout)
    assert "Mon 2026-11-23" in history and "‖ pause 1: 2 d" in history
    assert max(len(line) for line in history.splitlines()) <= width
    plain = ok("history").stdout.splitlines()
    assert plain[1].startswith("    Mon 2026-11-23  ‖ pause 1: 2 days to Tue 2026-11-24")
    assert plain[2].startswith(" 1  Sun 2026-11-22")


@pytest.mark.parametrize("width", [40, 80, 200])
def test_pause_list_keeps_every_reason_at_any_width(ok: Run, width: int) -> None:
    ok("pause", "--from", "5 days ago", "--to", "3 days ago", "--reason", "family visit far away")
    ok("pause", "--from", "Dec 20")
    terminal = pinned_environment(stdout_is_terminal=True, width=width)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", ok("pause", "list", env=terminal).stdout)
    assert max(len(line.rstrip()) for line in shown.splitlines()) <= width
    words = " ".join(shown.split())
    assert "family visit far away" in words and "planned" in words and "3 days" in words
    assert words.index("2026-12-20") < words.index("2026-11-20")


def test_pauses_travel_through_export_and_import(ok: Run, fails: Fails, tmp_path: Path) -> None:
    ok("log", "pigeon", "--date", "9 days ago")
    ok("pause", "--from", "8 days ago", "--to", "2 days ago", "--reason", "travel")
    ok("pause", "--from", "Dec 20")
    exported = tmp_path / "e.json"
    ok("export", "-o", str(exported))
    document = json.loads(exported.read_text())
    assert [(p["from"], p["to"], p["reason"]) for p in document["pauses"]] == [
        ("2026-11-17", "2026-11-23", "travel"), ("2026-12-20", None, None),
    ]  # fmt: skip
    pauses = ok("pause", "list", "--json").json()
    for pause in pauses:
        ok("pause", "delete", str(pause["id"]), "--yes")
    ok("pause", "--from", "Dec 24", "--to", "Dec 25")
    refused = fails("import", str(exported))
    assert "the file's pause (from 2026-12-20, open) overlaps pause 3" in refused
    assert ok("pause", "list", "--json").json()[0]["from"] == "2026-12-24"
    ok("pause", "delete", "3", "--yes")
    assert ok("import", str(exported), "--json").json()["pauses_added"] == 2
    again = ok("pause", "list", "--json").json()
    assert [p["uid"] for p in again] == [p["uid"] for p in pauses]
    assert ok("import", str(exported), "--json").json()["pauses_added"] == 0
    ok("export", "-o", str(tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_text() == exported.read_text()


def test_a_file_without_pauses_imports_and_a_bad_pause_is_named(
    ok: Run, run: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    ok("export", "-o", str(tmp_path / "e.json"))
    document = json.loads((tmp_path / "e.json").read_text())
    del document["pauses"]
    (tmp_path / "old.json").write_text(json.dumps(document))
    ok("import", str(tmp_path / "old.json"))
    document["pauses"] = [
        {"uid": "a", "from": "2026-11-10", "to": "2026-11-01", "reason": None},
        {"uid": "b", "from": "yesterday", "to": None, "reason": 3},
    ]
    (tmp_path / "bad.json").write_text(json.dumps(document))
    refused = run("import", str(tmp_path / "bad.json"))
    assert refused.exit_code == 1 and "nothing was imported" in refused.stderr
    result = refused.stdout
    assert "pause record 1: it ends (2026-11-01) before it starts (2026-11-10)" in result
    assert "pause record 2: field 'from' must be a date" in result
    assert ok("pause", "list", "--json").json() == []


def test_backup_and_restore_carry_pauses(ok: Run, tmp_path: Path) -> None:
    ok("log", "pigeon")
    ok("pause", "--from", "5 days ago", "--to", "3 days ago")
    ok("backup", str(tmp_path / "b.db"))
    ok("pause", "delete", "1", "--yes")
    ok("pause", "--from", "Dec 1")
    ok("restore", str(tmp_path / "b.db"), "--yes")
    assert [p["from"] for p in ok("pause", "list", "--json").json()] == ["2026-11-20"]
    assert ok("pause", "--from", "Dec 1", "--json").json()["id"] == 3  # ids are never reused


@given(
    st.sets(st.integers(0, 120), max_size=50),
    st.sets(st.integers(0, 120), max_size=30),
    st.sets(st.integers(0, 120), max_size=30),
)
def test_strength_with_pauses_is_strength_without_the_days_rested_or_paused(
    done: set[int], rest: set[int], paused: set[int]
) -> None:
    """Strength from the stats, with rest days and pauses mixed (and overlapping days done),
    against the oracle that leaves every rested or paused day out, whose sum test_insight holds
    to its closed form."""
    done_days = sorted(TODAY.toordinal() - offset for offset in done)
    rest_days = sorted(TODAY.toordinal() - offset for offset in rest)
    paused_days = sorted(TODAY.toordinal() - offset for offset in paused)
    logged = done_days + rest_days
    first = date.fromordinal(min(logged)) if logged else None
    totals = Totals(len(done_days), len(done_days), 0, 0, (0,) * 7)
    stats = compute_stats(done_days, rest_days, first, totals, [], [], TODAY, paused=paused_days)
    expected = habit_strength(
        {date.fromordinal(n) for n in done_days},
        {date.fromordinal(n) for n in rest_days},
        TODAY,
        {date.fromordinal(n) for n in paused_days},
    )
    assert stats.strength == pytest.approx(expected, rel=1e-12, abs=2**-60)


def test_a_past_pause_on_a_narrow_terminal_says_its_length_once(ok: Run) -> None:
    ok("pause", "--from", "10 days ago", "--to", "8 days ago", "--reason", "trip")
    narrow = pinned_environment(stdout_is_terminal=True, width=40)
    shown = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", ok("pause", "list", env=narrow).stdout).split())
    assert shown.count("3 days") == 1 and shown.endswith("3 days: trip")


def test_the_dashboard_keeps_each_dose_whole_at_40_columns(ok: Run) -> None:
    ok("fav", "add", "couch", "pigeon")
    narrow = pinned_environment(stdout_is_terminal=True, width=40)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", ok("today", env=narrow).stdout)
    assert "1 × 1 min each side" in shown and "2 × 45 s each side" in shown
