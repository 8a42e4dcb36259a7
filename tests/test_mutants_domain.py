"""Domain rules the mutation benchmark (benchmarks/mutation.py) found unpinned: the edges of the
routine's positions and picks, what an edit may change, dates far back, and the exact refusal a
user reads for each (what is wrong; how to fix it)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from stretchlog.domain import fields, insight
from stretchlog.domain.catalog import first_of, plural_problems
from stretchlog.domain.dates import parse_when
from stretchlog.domain.guided import held_holds, plan_steps
from stretchlog.domain.routine import add, move, parse_picks, remove
from stretchlog.domain.sessions import Hold
from stretchlog.errors import BadDate, BadValue, NotFound
from tests.conftest import TODAY, Run
from tests.test_guided import BRIDGE, PIGEON, go

Fails = Callable[..., str]

# The routine


def test_a_position_may_be_the_last_place_but_not_past_it() -> None:
    assert add(["a", "b"], ["c"], at=3) == ["a", "b", "c"]
    assert move(["a", "b", "c"], "a", 3) == ["b", "c", "a"]
    with pytest.raises(BadValue) as refused:
        move(["a", "b", "c"], "a", 4)
    assert str(refused.value) == "position 4 is outside your routine; give a position from 1 to 3"
    with pytest.raises(BadValue) as refused:
        add(["a", "b"], ["c"], at=0)
    assert str(refused.value) == "position 0 is outside your routine; give a position from 1 to 3"


def test_removing_or_moving_what_is_not_there_says_how_to_see_or_add_it() -> None:
    with pytest.raises(NotFound) as refused:
        remove(["a"], ["a", "b"])
    assert str(refused.value) == "'b' is not in your routine; see it with 'stretchlog fav list'"
    with pytest.raises(NotFound) as refused:
        move(["a"], "b", 1)
    assert str(refused.value) == "'b' is not in your routine; add it with 'stretchlog fav add b'"


def test_picks_take_every_number_up_to_the_last_choice() -> None:
    assert parse_picks("3, 1 2", 3) == [2, 0, 1]
    assert parse_picks("000000003", 3) == [2]  # nine digits are still a number


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("4", "there is no number 4; pick numbers from 1 to 3"),
        ("0", "there is no number 0; pick numbers from 1 to 3"),
        ("1 1", "a number appears twice; list each stretch once"),
        (" 1 x ", "'1 x' is not a list of numbers; type numbers like: 1 6 3"),
        ("0000000003", "'0000000003' is not a list of numbers; type numbers like: 1 6 3"),
    ],
)
def test_a_bad_pick_is_refused_with_what_to_type(typed: str, message: str) -> None:
    with pytest.raises(BadValue) as refused:
        parse_picks(typed, 3)
    assert str(refused.value) == message


def test_refusals_through_the_fav_commands(ok: Run, fails: Fails) -> None:
    ok("fav", "add", "couch", "pigeon")
    assert fails("fav", "remove", "bridge") == (
        "stretchlog: error: 'glute-bridge' is not in your routine;"
        " see it with 'stretchlog fav list'"
    )
    assert fails("fav", "move", "couch", "3") == (
        "stretchlog: error: position 3 is outside your routine; give a position from 1 to 2"
    )
    ok("fav", "move", "couch", "2")
    assert ok("fav", "list", "--json").json()[0]["id"] == "pigeon"


# Editing a session's stretches


def test_edit_refuses_with_the_reason_and_the_way_out(ok: Run, fails: Fails) -> None:
    ok("log", "couch")
    ok("rest", "--date", "yesterday")
    error = "stretchlog: error: "
    assert fails("edit", "1", "--remove", "pigeon") == (
        error + "session 1 has no pigeon to remove; see its stretches with 'stretchlog history'"
    )
    assert fails("edit", "1", "--remove", "pigeon", "--remove", "bridge") == (
        error + "session 1 has no glute-bridge, pigeon to remove;"
        " see its stretches with 'stretchlog history'"
    )
    ok("edit", "1", "--add", "pigeon")
    assert fails("edit", "1", "--add", "couch", "--add", "pigeon") == (
        error + "session 1 already has couch-stretch, pigeon;"
        " remove it first to log it again with another dose"
    )
    assert fails("edit", "1", "--remove", "couch", "--remove", "pigeon") == (
        error + "that would leave session 1 with no stretches; delete it instead:"
        " stretchlog delete 1"
    )
    for change in (("--add", "couch"), ("--remove", "couch")):  # either alone is refused
        assert fails("edit", "2", *change) == (
            error + "a rest day has no stretches to change; log a session instead"
        )


# Dates


def test_a_count_of_days_past_the_calendar_is_too_long_ago(fails: Fails) -> None:
    assert fails("log", "couch", "--date", "9999999 days ago") == (
        "stretchlog: error: 9999999 days ago is too long ago; use a date like 2026-11-03,"
        " 'Nov 3', 'yesterday', '3 days ago' or 'monday'"
    )


# How problems are counted in messages


def test_problems_are_counted_in_words() -> None:
    assert plural_problems(1) == "1 problem"
    assert plural_problems(2) == "2 problems"
    assert plural_problems(0) == "0 problems"
    assert first_of(["a"]) == "a"
    assert first_of(["a", "b", "c"]) == "a (and 2 more)"


def test_a_name_matching_several_stretches_lists_them_all(fails: Fails) -> None:
    assert fails("show", "c") == (
        "stretchlog: error: 'c' could mean several stretches; did you mean"
        " 'crescent-lunge-side-bend', 'couch-stretch' or 'constructive-rest'?"
    )
    assert fails("show", "couchh") == (
        "stretchlog: error: no stretch called 'couchh'; did you mean 'couch-stretch'?"
    )


# CSV, both ways

CSV_HEADER = (
    "date,logged_at,session,kind,stretch_id,stretch_name,side,seconds,reps,note,tightness,"
    "tightness_before,source\r\n"
)
CSV_ROWS = (
    "2026-11-24,2026-11-24T08:00:00Z,rest-1,rest,,,,,,flu,,,manual\r\n"
    "2026-11-25,2026-11-25T08:00:00Z,guided-1,session,couch-stretch,Couch stretch,left,90,2,"
    "'=sum(A1),3,6,guided\r\n"
    "2026-11-25,2026-11-25T08:00:00Z,guided-1,session,couch-stretch,Couch stretch,right,90,2,"
    "'=sum(A1),3,6,guided\r\n"
)


def import_text(run: Run, tmp_path: Path, text: str) -> tuple[int, list[str], str]:
    """Import `text` as CSV: the exit code, the problems listed and the error line."""
    file = tmp_path / "in.csv"
    file.write_bytes(text.encode("utf-8"))
    result = run("import", str(file), "--format", "csv")
    problems = [line.removeprefix("✗ ") for line in result.stdout.splitlines() if "✗" in line]
    return result.exit_code, problems, result.stderr.strip()


def test_a_csv_export_reads_back_to_the_same_text(ok: Run, run: Run, tmp_path: Path) -> None:
    # Saved by a spreadsheet: a byte-order mark in front and a blank line between rows.
    rows = CSV_ROWS.split("\r\n")
    saved = "\ufeff" + CSV_HEADER + rows[0] + "\r\n\r\n" + "\r\n".join(rows[1:])
    code, problems, _ = import_text(run, tmp_path, saved)
    assert (code, problems) == (0, [])
    out = tmp_path / "out.csv"
    ok("export", "--format", "csv", "--output", str(out))
    assert out.read_bytes().decode("utf-8") == CSV_HEADER + CSV_ROWS  # RFC 4180: CRLF
    session = ok("history", "--json").json()[0]
    assert (session["note"], session["tightness"], session["tightness_before"]) == (
        "=sum(A1)",
        3,
        6,
    )


def test_every_bad_csv_line_is_listed_with_its_number(run: Run, tmp_path: Path) -> None:
    rows = CSV_ROWS.split("\r\n")
    odd_note = rows[2].replace("'=sum(A1)", "other")
    text = CSV_HEADER + "a,b\r\n" + rows[1] + "\r\n" + odd_note + "\r\n1,2,3\r\n"
    code, problems, error = import_text(run, tmp_path, text)
    assert code == 1
    assert problems == [
        "line 2: has 2 cells, not 13",
        "line 4: session 'guided-1' is described differently on line 3",
        "line 5: has 3 cells, not 13",
    ]
    assert error.endswith(
        "in.csv: line 2: has 2 cells, not 13 (and 2 more);"
        " nothing was imported; fix the file and try again"
    )


@pytest.mark.parametrize("text", ["", "\ufeff", "date,logged_at\r\n"])
def test_a_csv_without_the_header_is_refused_on_line_1(run: Run, tmp_path: Path, text: str) -> None:
    code, problems, _ = import_text(run, tmp_path, text)
    assert code == 1
    assert problems == [f"line 1: the header must be {CSV_HEADER.strip()}"]


def test_a_csv_session_without_stretches_is_refused_where_it_starts(
    run: Run, tmp_path: Path
) -> None:
    row = "2026-11-25,2026-11-25T08:00:00Z,s-1,session,,,,,,,,,manual\r\n"
    code, problems, _ = import_text(run, tmp_path, CSV_HEADER + row)
    assert (code, problems) == (1, ["line 2: a session needs at least one stretch"])


# The guided routine


def test_a_hold_skipped_before_a_whole_second_is_not_logged() -> None:
    steps = plan_steps([PIGEON], hold=30, reps=1, prep=0)
    routine, _, _ = go(steps, keys=[(0.5, "s")])
    assert held_holds(routine.held) == (Hold("pigeon", "right", 30, 1),)


def test_time_paused_is_not_time_held() -> None:
    steps = plan_steps([BRIDGE], hold=40, reps=1, prep=5)  # the hold starts at 5 s
    routine, _, time = go(steps, keys=[(10, " "), (100, " "), (110, "s")])
    assert time.now == 110
    assert held_holds(routine.held) == (Hold("glute-bridge", None, 15, 1),)


def test_a_paused_screen_is_still_redrawn_every_tick() -> None:
    steps = plan_steps([BRIDGE], hold=10, reps=1, prep=0)
    _, view, _ = go(steps, keys=[(4, " "), (10, " ")], tick=1.0)
    assert len([s for s in view.statuses if s.paused]) >= 6


# The rules every value from outside passes


def refusal(rule: Callable[[object], object], value: object) -> str:
    with pytest.raises(fields.Invalid) as refused:
        rule(value)
    return refused.value.expected


def test_ids_are_text() -> None:
    assert fields.uid("a-Z_9") == "a-Z_9"
    for value in (5, None, "", "a b", "x" * 65):
        assert refusal(fields.uid, value) == "an id of letters, digits, '-' and '_' (up to 64)"
    assert fields.stretch_id("pigeon") == "pigeon"
    assert fields.stretch_id("x" * 200) == "x" * 200
    for value in (5, None, "", "x" * 201, "\ud800"):
        assert refusal(fields.stretch_id, value) == "a stretch id (text of up to 200 characters)"


def test_a_day_is_an_iso_date_from_1970_on() -> None:
    """Days after today pass: a device with its clock ahead, or far east, logs them."""
    assert fields.day("1970-01-01") == fields.EARLIEST_DAY
    assert fields.day("2026-11-26") == TODAY + timedelta(days=1)
    expected = "a date like 2026-11-03, from 1970-01-01 on"
    for value in ("1969-12-31", "2026-13-01", "yesterday", 20261125, None):
        assert refusal(fields.day, value) == expected


def test_a_moment_needs_its_offset_and_is_kept_in_utc() -> None:
    kept = fields.moment("2026-11-03T10:30:00+02:00")
    assert kept == datetime(2026, 11, 3, 8, 30, tzinfo=UTC)
    assert kept.tzinfo is UTC
    for value in ("2026-11-03T08:30:00", "soon", 1762158600, None):
        assert refusal(fields.moment, value) == "a UTC time like 2026-11-03T08:30:00Z"


def test_values_are_quoted_in_messages_cut_to_60_characters() -> None:
    assert fields.shown("x" * 58) == repr("x" * 58)  # 60 with its quotes
    assert fields.shown("x" * 59) == "'" + "x" * 58 + "…"
    assert fields.shown(12345) == "12345"
    assert fields.shown(10**60 - 1) == "9" * 60
    assert fields.shown(10**60) == "a huge number"
    assert fields.shown(-(10**60)) == "a huge number"


# Insight


def test_the_calendar_covers_the_week_of_the_last_day_even_when_it_is_a_monday() -> None:
    monday = date(2026, 11, 16)
    weeks = insight.calendar_weeks({}, set(), monday - timedelta(days=2), monday + timedelta(7))
    assert len(weeks) == 3
    assert [cell.day if cell else None for cell in weeks[-1]] == [monday + timedelta(7)] + [
        None
    ] * 6


def test_habit_strength_reads_832_days_back_plus_one_per_rest_day_among_them() -> None:
    now = TODAY.toordinal()
    assert insight.strength_start([], now) == now - 832
    rest = [now - 400, now - 10, now - 1]
    assert insight.strength_start(rest, now) == now - 835
    assert insight.strength_start([now - 900], now) == now - 832  # rest beyond the window: none
    assert insight.days_needed_from([], TODAY, None) == date.fromordinal(now - 832)
    since = date(2000, 1, 5)  # a Wednesday: the tightness comparison starts on its Monday
    assert insight.days_needed_from([], TODAY, since) == date(2000, 1, 3)


# The catalog


def test_a_custom_stretch_keeps_its_url_and_override_through_the_file_and_the_export(
    ok: Run, tmp_path: Path
) -> None:
    own_pigeon = (
        "catalog", "add", "--id", "pigeon", "--name", "My pigeon", "--summary", "Mine.",
        "--position", "lying", "--per-side", "--hold", "30", "--reps", "1", "--level",
        "beginner", "--target", "glutes", "--step", "Fold.", "--cue", "Breathe.", "--caution", "Knees.", "--url", "https://example.org/p",
        "--overrides",
    )  # fmt: skip
    ok(*own_pigeon)
    frog = {"pigeon": "frog", "My pigeon": "Frog"}
    ok(*[frog.get(arg, arg) for arg in own_pigeon[:-1]])  # rewrites the file
    ok("log", "pigeon")
    stretches = {s["id"]: s for s in json.loads(ok("export").stdout)["stretches"]}
    assert stretches["pigeon"]["url"] == "https://example.org/p"
    assert stretches["pigeon"]["overrides"] is True
    assert "overrides" not in stretches["frog"]
    assert ok("show", "pigeon", "--json").json()["name"] == "My pigeon"


THIS_MONDAY = date(2026, 11, 23).toordinal()  # TODAY is a Wednesday


def test_tightness_weeks_start_on_the_monday_eight_weeks_back() -> None:
    first_monday = THIS_MONDAY - 7 * 7
    trend = insight.tightness_trend(
        [insight.Rating(first_monday - 1, 9, None), insight.Rating(first_monday, 4, None)],
        set(),
        TODAY,
    )
    assert trend.weeks[0] == insight.WeekTightness(date.fromordinal(first_monday), 4.0)
    assert len(trend.weeks) == 8 and trend.weeks[-1].start == date(2026, 11, 23)


def test_the_tightness_comparison_covers_exactly_the_last_364_days() -> None:
    now = TODAY.toordinal()
    inside = insight.tightness_trend([insight.Rating(now - 363, 3, 6)], set(), TODAY)
    outside = insight.tightness_trend([insight.Rating(now - 364, 3, 6)], set(), TODAY)
    assert (inside.guided_sessions, inside.guided_change) == (1, -3.0)
    assert (outside.guided_sessions, outside.guided_change) == (0, None)
    since = TODAY - timedelta(days=500)
    older = insight.tightness_trend([insight.Rating(now - 400, 3, 6)], set(), TODAY, since)
    assert (older.since, older.guided_sessions) == (since, 1)


def test_busy_weeks_are_compared_with_the_others_whatever_the_order_of_the_ratings() -> None:
    last_week = THIS_MONDAY - 7
    done = set(range(last_week, last_week + 6))  # six days: a busy week
    ratings = [
        insight.Rating(THIS_MONDAY + 1, 1, None),  # this week: not compared yet
        insight.Rating(last_week + 2, 3, None),
        insight.Rating(last_week - 7, 7, None),
        insight.Rating(last_week - 6, 8, None),
        insight.Rating(last_week - 14, 9, None),
    ]
    trend = insight.tightness_trend(ratings, done, TODAY)
    assert trend.busy_weeks == (1, 3.0)
    assert trend.other_weeks == (2, 8.0)


def test_stats_since_a_day_compare_tightness_from_that_day(
    ok: Run, run: Run, tmp_path: Path
) -> None:
    old = (TODAY - timedelta(days=400)).isoformat()
    row = f"{old},{old}T08:00:00Z,g-1,session,pigeon,Pigeon,left,60,1,,3,6,guided\r\n"
    assert import_text(run, tmp_path, CSV_HEADER + row)[0] == 0
    assert ok("stats", "--json").json()["tightness"]["guided_sessions"] == 0
    since = (TODAY - timedelta(days=500)).isoformat()
    tightness = ok("stats", "--since", since, "--json").json()["tightness"]
    assert (tightness["since"], tightness["guided_sessions"]) == (since, 1)


def test_no_top_weekday_without_a_session(ok: Run) -> None:
    ok("rest")
    assert ok("stats", "--json").json()["top_weekday"] is None


def test_a_note_holds_up_to_4000_characters() -> None:
    assert fields.note("x" * 4000) == "x" * 4000
    assert refusal(fields.note, "x" * 4001) == "text (valid Unicode) of at most 4000 characters"


def test_tightness_from_a_file_is_a_number_not_text() -> None:
    expected = "a whole number from 0 (loose) to 10 (very tight)"
    assert refusal(fields.tightness(), "5") == expected
    assert fields.tightness(from_text=True)("5") == 5


def test_moments_are_written_in_utc_whatever_the_local_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert fields.utc_text(datetime(2026, 11, 3, 8, 30, tzinfo=UTC)) == "2026-11-03T08:30:00Z"
    finally:
        monkeypatch.undo()
        time.tzset()


# Days


def test_a_day_takes_one_rest_day_and_none_once_stretched(ok: Run, fails: Fails) -> None:
    ok("rest", "--date", "yesterday")
    assert fails("rest", "--date", "yesterday") == (
        "stretchlog: error: 2026-11-24 is already a rest day (id 1);"
        " to mark it again, delete it first: stretchlog delete 1"
    )
    ok("log", "pigeon")
    assert fails("rest") == (
        "stretchlog: error: you stretched on 2026-11-25, so it cannot be a rest day;"
        " delete that session first if it was logged by mistake"
    )


def test_every_bad_json_session_is_listed_where_it_is(ok: Run, run: Run, tmp_path: Path) -> None:
    ok("log", "pigeon")
    document = json.loads(ok("export").stdout)
    good = document["sessions"][0]
    document["sessions"] = [
        good,
        5,
        {**good, "uid": "u3", "stretches": 5},
        {**good, "uid": "u4", "stretches": [5]},
        {**good, "uid": "u5", "date": "soon"},
    ]
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    result = run("--db", str(tmp_path / "other.db"), "import", str(file))
    assert result.exit_code == 1
    assert [line.removeprefix("✗ ") for line in result.stdout.splitlines()] == [
        "session record 2: must be an object",
        "session record 3, field 'stretches': must be a list",
        "session record 3: a session needs at least one stretch",
        "session record 4, stretch 1: must be an object",
        "session record 4: a session needs at least one stretch",
        "session record 5: field 'date' must be a date like 2026-11-03, from 1970-01-01 on,"
        " not 'soon'",
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date; use a date like 2026-11-03, 'Nov 3',"
         " 'yesterday', '3 days ago' or 'monday'"),
        ("November", "'November' does not say which day; give a month and a day, like 'Nov 3'"),
    ],
)  # fmt: skip
def test_a_date_that_names_no_single_real_day_is_refused_with_a_form_to_use(
    typed: str, message: str
) -> None:
    with pytest.raises(BadDate) as refused:
        parse_when(typed, TODAY)
    assert str(refused.value) == message


def test_a_json_rest_day_may_leave_out_its_stretches(ok: Run, tmp_path: Path) -> None:
    ok("rest")
    document = json.loads(ok("export").stdout)
    del document["sessions"][0]["stretches"]
    file = tmp_path / "rest.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    other = ("--db", str(tmp_path / "other.db"))
    assert "Imported 0 sessions and 1 rest day" in ok(*other, "import", str(file)).stdout
