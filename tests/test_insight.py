"""Insight maths (strength, consistency, the calendar grid, tightness) and the commands showing it."""

from __future__ import annotations

import calendar
import os
import re
import subprocess
import sys
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stretchlog.commands.status import OPTIONS
from stretchlog.domain.insight import (
    STRENGTH_DECAY,
    STRENGTH_MEMORY,
    Rating,
    Stats,
    Totals,
    calendar_weeks,
    compute_stats,
    days_needed_from,
    heat_level,
    strength_start,
    tightness_trend,
)
from tests.conftest import TODAY, Run, pinned_environment
from tests.oracles import habit_strength

M = 0.5 ** (1 / 13)


def d(offset: int) -> date:
    """The day `offset` days before the pinned today."""
    return TODAY - timedelta(days=offset)


# Habit strength


def test_strength_uses_loops_multiplier() -> None:
    assert pytest.approx(0.5 ** (1 / 13)) == STRENGTH_DECAY


def test_strength_hand_computed_cases() -> None:
    assert habit_strength([], [], TODAY) == 0.0
    assert habit_strength([TODAY], [], TODAY) == pytest.approx(1 - M)
    # n days in a row from the start give 1 - m**n: 13 days make exactly one half
    assert habit_strength([d(n) for n in range(13)], [], TODAY) == pytest.approx(0.5)
    # a missed day after that multiplies by m
    assert habit_strength([d(n) for n in range(1, 14)], [], TODAY + timedelta(days=1)) == (
        pytest.approx(0.5 * M)
    )


def test_today_counts_only_once_done() -> None:
    yesterday_only = habit_strength([d(1)], [], TODAY)
    assert yesterday_only == pytest.approx(1 - M)  # not yet decayed for today
    assert habit_strength([d(1), d(0)], [], TODAY) == pytest.approx(1 - M**2)


def test_a_rest_day_leaves_strength_unchanged() -> None:
    with_rest = habit_strength([d(2), d(0)], [d(1)], TODAY)
    assert with_rest == pytest.approx(1 - M**2)
    without = habit_strength([d(2), d(0)], [], TODAY)
    assert without == pytest.approx(((1 - M) * M) * M + (1 - M))


@given(
    st.sets(st.integers(0, 120), max_size=60),
    st.sets(st.integers(0, 120), max_size=30),
)
def test_strength_is_a_sum_of_decayed_done_days(done: set[int], rest: set[int]) -> None:
    """Each done day adds (1 - m), decayed once for every later day that is neither rest nor
    today-not-yet-done: the closed form of the day-by-day recurrence."""
    done_days, rest_days = {d(o) for o in done}, {d(o) for o in rest} - {d(o) for o in done}
    last = TODAY if TODAY in done_days else TODAY - timedelta(days=1)
    expected = 0.0
    for day in done_days:
        later = [day + timedelta(days=n) for n in range(1, (last - day).days + 1)]
        decays = sum(1 for later_day in later if later_day not in rest_days)
        expected += (1 - M) * M**decays
    assert habit_strength(done_days, rest_days, TODAY) == pytest.approx(expected)
    assert 0.0 <= habit_strength(done_days, rest_days, TODAY) < 1.0


# Consistency and totals


def numbers(*offsets: int) -> list[int]:
    """Sorted day numbers of the days `offsets` days before today."""
    return sorted(d(offset).toordinal() for offset in offsets)


def stats_of(
    done: list[int], rest: list[int], since: date | None = None, sessions: int = 0, seconds: int = 0
) -> Stats:
    """compute_stats on every day given, with totals counted here by brute force."""
    start = (since or date.min).toordinal()
    counted = [n for n in done if start <= n <= TODAY.toordinal()]
    weekdays = tuple(
        sum(1 for n in counted if date.fromordinal(n).weekday() == w) for w in range(7)
    )
    rested = [n for n in rest if start <= n <= TODAY.toordinal() and n not in done]
    totals = Totals(sessions, len(counted), seconds, len(rested), weekdays)
    logged = [n for n in done + rest if n <= TODAY.toordinal()]
    first = date.fromordinal(min(logged)) if logged else None
    return compute_stats(done, rest, first, totals, [], [], TODAY, since=since)


def test_consistency_counts_from_the_first_day_logged_and_skips_rest_days() -> None:
    stats = stats_of(numbers(0, 1, 3), numbers(2))
    # four days since the first log, one of them rest: 3 of 3
    assert stats.consistency == {7: 1.0, 30: 1.0, 90: 1.0, 365: 1.0}
    stats = stats_of(numbers(0, 9), [])
    assert stats.consistency[7] == pytest.approx(1 / 7)
    assert stats.consistency[30] == pytest.approx(2 / 10)
    assert stats_of([], []).consistency == {
        7: None, 30: None, 90: None, 365: None,
    }  # fmt: skip


def test_since_rest_days_and_top_weekday() -> None:
    # pinned today is a Wednesday
    stats = stats_of(numbers(0, 7, 14, 1), numbers(3), sessions=4, seconds=1200)
    assert (stats.sessions, stats.days_done, stats.seconds, stats.rest_days) == (4, 4, 1200, 1)
    assert stats.top_weekday == 2  # Wednesday
    assert stats.average_seconds == 300
    assert stats.first == d(14)
    recent = stats_of(numbers(0, 7, 14, 1), numbers(3), since=d(2))
    assert (recent.first, recent.rest_days, recent.top_weekday) == (
        d(2),
        0,
        None,
    )  # Tue and Wed once each: no one day is the day


@given(
    st.sets(st.integers(0, 120), max_size=60),
    st.sets(st.integers(0, 120), max_size=30),
    st.integers(1, 400),
)
def test_consistency_matches_a_day_by_day_count(
    done: set[int], rest: set[int], window: int
) -> None:
    rest = rest - done
    stats = stats_of(numbers(*done), numbers(*rest))
    logged = [d(o) for o in done | rest]
    if not logged:
        return
    first = max(min(logged), TODAY - timedelta(days=window - 1))
    days = [first + timedelta(days=n) for n in range((TODAY - first).days + 1)]
    countable = [day for day in days if day not in {d(o) for o in rest}]
    expected = (
        sum(1 for day in countable if day in {d(o) for o in done}) / len(countable)
        if countable
        else None
    )
    from stretchlog.domain.insight import consistency

    found = consistency(numbers(*done), numbers(*rest), TODAY.toordinal(), window, min(logged))
    assert found == (pytest.approx(expected) if expected is not None else None)
    assert stats.consistency[7] == consistency(
        numbers(*done), numbers(*rest), TODAY.toordinal(), 7, min(logged)
    )


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 40)), max_size=40),
    st.lists(st.tuples(st.integers(0, 3000), st.integers(1, 200)), max_size=8),
    st.one_of(st.none(), st.integers(0, 3000)),
)
@example([(997, 7)], [], 1000)  # a week done Monday to Sunday; --since its Thursday, long ago
def test_stats_read_from_days_needed_from_match_stats_on_every_day(
    done_spans: list[tuple[int, int]], rest_spans: list[tuple[int, int]], since_offset: int | None
) -> None:
    """Habit strength, consistency and tightness need only the days from days_needed_from on,
    even when long stretches of rest push strength's memory back."""
    done = {offset for start, days in done_spans for offset in range(start, start + days)}
    rest = {offset for start, days in rest_spans for offset in range(start, start + days)} - done
    since = d(since_offset) if since_offset is not None else None
    done_numbers, rest_numbers = numbers(*done), numbers(*rest)
    ratings = [Rating(n, n % 11, None) for n in done_numbers]
    start = days_needed_from(rest_numbers, TODAY, since).toordinal()
    recent = [n for n in done_numbers if n >= start]
    logged = done_numbers + rest_numbers
    first = date.fromordinal(min(logged)) if logged else None
    totals = Totals(0, 0, 0, 0, (0,) * 7)
    whole = compute_stats(done_numbers, rest_numbers, first, totals, [], ratings, TODAY, since)
    read = compute_stats(recent, rest_numbers, first, totals, [], ratings, TODAY, since)
    assert read._replace(strength=0.0) == whole._replace(strength=0.0)
    assert read.strength == pytest.approx(whole.strength, rel=1e-12, abs=2**-60)


def test_strength_memory_reaches_back_past_rest_days() -> None:
    today = TODAY.toordinal()
    assert strength_start([], today) == today - STRENGTH_MEMORY
    rest = list(range(today - 100, today))  # a hundred rest days just before today
    assert strength_start(rest, today) == today - STRENGTH_MEMORY - 100


# The calendar


@pytest.mark.parametrize(
    ("seconds", "level"), [(0, 0), (1, 1), (299, 1), (300, 2), (599, 2), (600, 3), (1200, 4)]
)
def test_heat_levels_by_minutes(seconds: int, level: int) -> None:
    assert heat_level(seconds) == level


def test_calendar_weeks_run_monday_to_sunday_across_the_year_boundary() -> None:
    first, last = date(2025, 12, 25), date(2026, 1, 7)  # Thursday to Wednesday
    weeks = calendar_weeks({date(2026, 1, 1): 700}, {date(2025, 12, 31)}, first, last)
    assert len(weeks) == 3
    assert weeks[0][0] is None and weeks[0][3] is not None and weeks[0][3].day == first
    new_year = weeks[1][3]
    assert new_year is not None and (new_year.day, new_year.level) == (date(2026, 1, 1), 3)
    assert weeks[1][2] is not None and weeks[1][2].rest
    assert weeks[2][3] is None  # after `last`


# Tightness


def test_tightness_weekly_averages_guided_change_and_busy_weeks() -> None:
    monday = TODAY - timedelta(days=TODAY.weekday())
    busy_week = [monday - timedelta(days=7 - n) for n in range(6)]  # 6 days done
    slack_week = [monday - timedelta(days=14)]
    ratings = [
        Rating(busy_week[0].toordinal(), 3, 6),
        Rating(busy_week[1].toordinal(), 4, None),
        Rating(slack_week[0].toordinal(), 7, 7),
        Rating(TODAY.toordinal(), 2, 5),
    ]
    done = {day.toordinal() for day in [*busy_week, *slack_week, TODAY]}
    trend = tightness_trend(ratings, done, TODAY)
    assert [w.average for w in trend.weeks[-3:]] == [7, 3.5, 2]
    assert trend.weeks[0].average is None
    assert trend.guided_change == pytest.approx(((3 - 6) + 0 + (2 - 5)) / 3)
    assert trend.guided_sessions == 3
    assert trend.busy_weeks == (1, 3.5)
    assert trend.other_weeks == (1, 7.0)  # this week, still under way, is left out
    recent = tightness_trend(ratings, done, TODAY, since=busy_week[0])
    assert (recent.guided_sessions, recent.other_weeks) == (2, (0, None))


# The commands


def test_calendar_shades_rest_and_today_without_colour(ok: Run) -> None:
    ok("log", "couch", "--date", "yesterday")  # 3 min
    ok("rest", "--date", "2 days ago")
    ok("log", "constructive", "--date", "3 days ago")  # 10 min
    out = ok("calendar", "--weeks", "2").stdout
    # two weeks from Monday 16 November; 22 Nov: 10 min, 23 Nov: rest, 24 Nov: 3 min
    assert out.splitlines()[:8] == [
        "    Nov", "Mon · ○", "Tue · ░", "Wed · ·◂", "Thu ·", "Fri ·", "Sat ·", "Sun ▓",
    ]  # fmt: skip
    assert "◂ today" in out and "○ rest day" in out
    assert "2 days stretched, 1 rest day, 13 min in all." in out


def test_calendar_fits_a_narrow_terminal(ok: Run) -> None:
    ok("log", "pigeon")
    narrow = pinned_environment(width=30)
    out = ok("calendar", env=narrow).stdout
    grid = [line for line in out.splitlines() if line.startswith(("Mon", "Sun"))]
    assert grid and all(len(line) <= 30 for line in grid)
    assert len(grid[0]) == 4 + 2 * 13 - 1  # thirteen weeks fit
    year = ok("calendar", "--year", "2026", env=narrow).stdout
    assert year.count("Mon ") == 4  # 48 weeks so far, in bands of 13


def test_calendar_year_crosses_into_january(ok: Run) -> None:
    ok("log", "pigeon", "--date", "2025-12-31", "--yes")  # months before today: asked about
    out = ok("calendar", "--year", "2025").stdout
    assert "Jan" in out and "Dec" in out
    assert "1 day stretched" in out


@pytest.mark.parametrize(
    "args",
    [("--weeks", "0"), ("--year", "1969"), ("--year", "2027"), ("--weeks", "3", "--year", "2026")],
)
def test_calendar_refuses_bad_ranges(fails: Run, args: tuple[str, ...]) -> None:
    fails("calendar", *args)


def test_stats_json_holds_every_figure(ok: Run) -> None:
    ok("log", "pigeon", "--date", "yesterday", "--tightness", "6")
    ok("log", "couch", "pigeon", "--tightness", "4")
    ok("rest", "--date", "2 days ago")
    stats = ok("stats", "--json").json()
    assert (stats["sessions"], stats["days_done"], stats["rest_days"]) == (2, 2, 1)
    assert stats["strength"] == pytest.approx(1 - M**2)
    assert stats["consistency"]["7"] == 1.0
    assert [s["id"] for s in stats["by_stretch"]] == ["pigeon", "couch-stretch"]
    assert stats["tightness"]["weekly"][-1]["average"] == 5.0
    assert stats["top_weekday"] is None  # Tuesday and Wednesday tie
    assert "Most often on    no one day" in ok("stats").stdout
    text = ok("stats").stdout
    for words in ("Habit strength", "Consistency", "By stretch", "Tightness", "not medical"):
        assert words in text


def test_stats_on_an_empty_log(ok: Run) -> None:
    text = ok("stats").stdout
    assert "nothing logged yet" in text and "no scores yet" in text
    assert ok("stats", "--json").json()["strength"] == 0.0


def test_streak_by_stretch(ok: Run) -> None:
    for when in ("2 days ago", "yesterday", "today"):
        ok("log", "pigeon", "--date", when)
    ok("log", "couch", "--date", "yesterday")
    found = ok("streak", "--by-stretch", "--json").json()
    assert [(s["id"], s["current"], s["longest"]) for s in found] == [
        ("pigeon", 3, 3), ("couch-stretch", 1, 1),
    ]  # fmt: skip
    assert "Streaks by stretch" in ok("streak", "--by-stretch").stdout


@pytest.mark.parametrize("command", ["calendar", "stats", "streak"])
def test_pictures_are_saved_as_svg_and_html(ok: Run, tmp_path: Path, command: str) -> None:
    ok("log", "pigeon", "--note", "[red]not markup[/red]")
    svg, html = tmp_path / "view.svg", tmp_path / "view.html"
    out = ok(command, "--svg", str(svg), "--html", str(html)).stdout
    assert f"Saved the SVG picture to {svg}" in out
    assert svg.read_text().startswith("<svg") and "<html>" in html.read_text()


def test_an_unwritable_picture_is_one_line(fails: Run, tmp_path: Path) -> None:
    assert "cannot write the picture" in fails("stats", "--svg", str(tmp_path / "no" / "x.svg"))


# status: in-process through Typer, and as the real fast path


def test_status_exit_codes_and_lines(run: Run, ok: Run) -> None:
    first = run("status")
    assert (first.exit_code, first.stdout) == (1, "not yet today\n")
    ok("log", "pigeon", "--date", "yesterday")
    at_risk = run("status")
    assert (at_risk.exit_code, at_risk.stdout) == (1, "not yet today · 1-day streak at risk\n")
    ok("log", "pigeon")
    assert ok("status").stdout == "stretched · 2-day streak\n"
    assert ok("status", "--quiet").stdout == ""
    assert ok("status", "--format", "{streak}{at_risk} {done}").stdout == "2 ✓\n"


def test_status_on_a_rest_day_is_settled(ok: Run) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    ok("rest")
    assert ok("status").stdout == "rest day · 1-day streak\n"


def status_process(*args: str, db: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **environ,
        "STRETCHLOG_DB": str(db),
        "STRETCHLOG_NOW": "2026-11-25T09:30:00+00:00",
        "TZ": "UTC",  # the day the pinned moment falls on, wherever the machine is
    }
    code = "import sys; from stretchlog.cli import main; sys.argv[0] = 'stretchlog'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
    )


def test_status_fast_path_never_imports_typer_or_rich(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    probe = (
        "import sys; from stretchlog.cli import main; sys.argv[1:] = ['status'];"
        "\ntry: main()\nexcept SystemExit as done: code = done.code"
        "\nheavy = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]"
        "\nprint(heavy, code)"
    )
    env = {
        **os.environ,
        "STRETCHLOG_DB": str(db_path),
        "STRETCHLOG_NOW": "2026-11-25T09:30:00+00:00",
        "TZ": "UTC",
    }
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True)
    assert result.stdout.splitlines()[-1] == "[] 0"


def test_status_fast_path_exit_codes_and_errors(ok: Run, db_path: Path, tmp_path: Path) -> None:
    assert status_process("status", db=db_path).returncode == 1
    ok("log", "pigeon")
    done = status_process("status", "-f", "{streak}", db=db_path)
    assert (done.returncode, done.stdout) == (0, "1\n")
    bad_template = status_process("status", "--format", "{nope}", db=db_path)
    assert bad_template.returncode == 2 and bad_template.stderr.count("\n") == 1
    unknown = status_process("status", "--bogus", db=db_path)
    assert unknown.returncode == 2 and "see 'stretchlog status --help'" in unknown.stderr
    broken = tmp_path / "broken.db"
    broken.write_text("not a database")
    result = status_process("--db", str(broken), "status", db=db_path)
    assert result.returncode == 1 and "is not a usable stretchlog database" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Usage: stretchlog status" in status_process("status", "-h", db=db_path).stdout


def test_status_follows_a_streak_longer_than_its_first_look(ok: Run, db_path: Path) -> None:
    """status first reads only recent days; a longer run sends it back for the whole history."""
    from datetime import UTC, datetime

    from stretchlog.domain.sessions import Hold, Session
    from stretchlog.storage.store import Store

    store = Store(db_path)
    with store.transaction():
        for offset in range(450):
            day = d(offset)
            logged = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
            store.add_session(
                Session(day, logged, None, None, "manual", (Hold("pigeon", None, 60, 1),))
            )
    store.close()
    assert ok("status").stdout == "stretched · 450-day streak\n"
    assert ok("status", "--format", "{streak}/{longest}").stdout == "450/450\n"


def test_calendar_shades_stand_out_on_dark_and_light_backgrounds() -> None:
    """WCAG contrast of at least 3:1 against black and white alike."""
    from stretchlog.ui.console import _RICH_STYLES

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for name in ("heat0", "heat1", "heat2", "heat3", "heat4", "rest", "today"):
        colour = _RICH_STYLES[name].split()[-1]
        level = luminance(colour)
        assert (level + 0.05) / 0.05 >= 3 and 1.05 / (level + 0.05) >= 3, name


def test_more_minutes_are_denser_glyphs() -> None:
    from stretchlog.ui.render_insight import SHADES

    densities = [" ·░▒▓█".index(glyph) for glyph in SHADES]
    assert densities == sorted(densities) and len(set(densities)) == len(densities)


def test_status_help_looks_like_every_other_command_s(db_path: Path) -> None:
    """The fast path has its own parser, but its help is drawn by Typer like the rest."""
    for args in (["status", "--help"], ["--db", str(db_path), "status", "-h"]):
        shown = status_process(*args, db=db_path, COLUMNS="100")
        lines = shown.stdout.splitlines()
        assert shown.returncode == 0 and "Usage: stretchlog status [OPTIONS]" in shown.stdout
        assert any(line.startswith("╭─ Options") for line in lines), shown.stdout
        for short, long, metavar, _ in OPTIONS:
            row = next(line for line in lines if f" {long} " in line)
            assert (short or "") in row and (metavar or "") in row
    assert not db_path.exists()


@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("args", [(), ("--weeks", "60"), ("--year", "2026"), ("--year", "2025")])
def test_calendar_labels_and_legend_fit_every_width(
    ok: Run, width: int, args: tuple[str, ...]
) -> None:
    for days_ago in (0, 40, 200, 400):
        ok("log", "pigeon", "--date", f"{days_ago} days ago", "--yes")
    terminal = pinned_environment(width=width, stdout_is_terminal=True)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", ok("calendar", *args, env=terminal).stdout).splitlines()
    assert all(len(line) <= width for line in lines), lines
    months = [calendar.month_abbr[n] for n in range(1, 13)]
    label_rows = [line.split() for line in lines if line.startswith("    ") and line.strip()]
    assert label_rows and all(set(row) <= set(months) for row in label_rows)
    labels = [[months.index(label) for label in row] for row in label_rows]
    for row in labels:  # in order; a month is left out only where labels would collide
        assert all((later - earlier) % 12 in (1, 2) for earlier, later in pairwise(row)), row
    for row, next_row in pairwise(labels):  # a band goes on with the month the last one ended in
        assert (next_row[0] - row[-1]) % 12 in (0, 1), labels
    legend = "\n".join(lines[-4:])
    for item in ("○ rest day", "◂ today", "20+ █ min"):
        assert item in legend  # never broken inside an item
