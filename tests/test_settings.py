"""Settings (config.toml, `stretchlog config`) and a day that ends when the user's day ends."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from stretchlog.domain.insight import Rating, calendar_weeks, tightness_trend, week_start
from stretchlog.domain.settings import DEFAULTS, Settings, settings_from
from stretchlog.domain.today import day_of
from stretchlog.storage.paths import user_config_path
from stretchlog.storage.settings_file import MAX_CONFIG_BYTES, load_settings
from tests.conftest import Run, pinned_environment
from tests.oracles import day_by_walking_back
from tests.test_guided import guided_env

BERLIN = ZoneInfo("Europe/Berlin")
Fails = Any


def config_file() -> Path:
    return Path(user_config_path())


def write_config(text: str | bytes) -> Path:
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def at(moment: datetime) -> Any:
    return pinned_environment(now=lambda: moment)


# The day a moment counts for


day_starts = st.builds(time, st.integers(0, 12), st.integers(0, 59)).filter(
    lambda start: start <= time(12)
)


@given(
    moment=st.datetimes(
        min_value=datetime(1970, 1, 2),
        max_value=datetime(8999, 12, 31),
        timezones=st.sampled_from(
            [
                UTC,
                BERLIN,
                ZoneInfo("America/New_York"),
                ZoneInfo("Australia/Lord_Howe"),
                timezone(timedelta(hours=-9, minutes=-30)),
            ]
        ),
    ),
    day_starts_at=day_starts,
)
@settings(max_examples=300)
def test_the_day_of_a_moment_is_the_date_its_wall_clock_last_showed_the_day_start(
    moment: datetime, day_starts_at: time
) -> None:
    assert day_of(moment, day_starts_at) == day_by_walking_back(moment, day_starts_at)


@given(
    day=st.dates(min_value=date(1971, 1, 1), max_value=date(8999, 1, 1)),
    day_starts_at=day_starts,
    zone=st.sampled_from([BERLIN, ZoneInfo("America/Sao_Paulo"), ZoneInfo("Asia/Kathmandu")]),
)
def test_a_day_runs_from_its_start_to_the_next_day_s_start_on_the_wall_clock(
    day: date, day_starts_at: time, zone: ZoneInfo
) -> None:
    """Whatever summer time does that night: a minute before the start is the day before."""
    start = datetime.combine(day, day_starts_at, tzinfo=zone)
    assert day_of(start, day_starts_at) == day
    assert day_of(start - timedelta(minutes=1), day_starts_at) == day - timedelta(days=1)
    assert day_of(start.replace(hour=23, minute=59), day_starts_at) == day


def test_the_day_start_holds_across_summer_time_in_berlin() -> None:
    four = time(4)
    spring = [  # 29 March 2026: 02:00 CET jumps to 03:00 CEST
        (datetime(2026, 3, 29, 1, 59, tzinfo=UTC), date(2026, 3, 28)),  # 03:59 CEST
        (datetime(2026, 3, 29, 2, 0, tzinfo=UTC), date(2026, 3, 29)),  # 04:00 CEST
    ]
    autumn = [  # 25 October 2026: 03:00 CEST falls back to 02:00 CET
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), date(2026, 10, 24)),  # 02:30 CEST
        (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), date(2026, 10, 24)),  # 02:30 CET, again
        (datetime(2026, 10, 25, 2, 59, tzinfo=UTC), date(2026, 10, 24)),  # 03:59 CET
        (datetime(2026, 10, 25, 3, 0, tzinfo=UTC), date(2026, 10, 25)),  # 04:00 CET
    ]
    for moment, day in spring + autumn:
        assert day_of(moment.astimezone(BERLIN), four) == day, moment


# What each setting may be


def test_settings_from_a_document() -> None:
    document = {
        "day_starts_at": "4:30",
        "week_starts_on": "Sunday",
        "reminders": {"quiet_hours": "22:00-7:00"},
    }
    assert settings_from(document) == (Settings(time(4, 30), "sunday", "22:00-07:00"), [])
    assert settings_from({"day_starts_at": time(3)}) == (Settings(day_starts_at=time(3)), [])
    assert settings_from({}) == (DEFAULTS, [])
    assert DEFAULTS.first_weekday == 0 and Settings(week_starts_on="sunday").first_weekday == 6


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"day_starts_at": "12:01"}, "day_starts_at must be a time from 00:00 to 12:00"),
        ({"day_starts_at": "24:00"}, "not '24:00'"),
        ({"day_starts_at": "4:0"}, "not '4:0'"),
        ({"day_starts_at": "٤:٠٠"}, "day_starts_at must be"),  # digits, but not ASCII ones
        ({"day_starts_at": 4}, "not 4"),
        ({"day_starts_at": time(4, 0, 30)}, "day_starts_at must be"),
        ({"week_starts_on": "friday"}, "week_starts_on must be monday or sunday, not 'friday'"),
        ({"reminders": {"quiet_hours": "22:00"}}, "reminders.quiet_hours must be two"),
        ({"reminders": {"quiet_hours": "07:00-7:00"}}, "reminders.quiet_hours must be"),
        ({"reminders": "22:00-07:00"}, "reminders must be a table, like [reminders]"),
        ({"day_start": "04:00"}, "there is no setting 'day_start'"),
        ({"reminders": {"loud": True}}, "there is no setting 'reminders.loud'"),
    ],
)
def test_a_document_with_a_problem_gives_the_defaults(
    document: dict[str, Any], problem: str
) -> None:
    found, problems = settings_from({"week_starts_on": "sunday", **document})
    assert found == DEFAULTS
    assert len(problems) == 1 and problem in problems[0]


# stretchlog config


def test_config_set_get_list_and_unset(ok: Run) -> None:
    assert ok("config", "set", "day_starts_at", "4:00").stdout == "day_starts_at is 04:00 now.\n"
    ok("config", "set", "WEEK_STARTS_ON", "Sunday")
    ok("config", "set", "reminders.quiet_hours", "22:00-07:00")
    assert ok("config", "get", "day_starts_at").stdout == "04:00\n"
    assert ok("config", "list", "--json").json() == {
        "day_starts_at": "04:00",
        "week_starts_on": "sunday",
        "reminders.quiet_hours": "22:00-07:00",
        "guided.voice": "false",
        "guided.voice_command": None,
        "sync.dir": None,
        "sync.auto": "false",
        "device.name": None,
    }
    assert config_file().read_text() == (
        "# stretchlog's settings. Change them here or with 'stretchlog config set KEY VALUE';\n"
        "# 'stretchlog config list' shows them all, with what each does.\n"
        'day_starts_at = "04:00"\n'
        'week_starts_on = "sunday"\n'
        "\n"
        "[reminders]\n"
        'quiet_hours = "22:00-07:00"\n'
    )
    assert config_file().stat().st_mode & 0o777 == 0o600
    listed = ok("config").stdout.splitlines()
    assert listed[0].split()[:2] == ["day_starts_at", "04:00"]
    unset = ok("config", "unset", "reminders.quiet_hours").stdout
    assert unset == "reminders.quiet_hours is not set now.\n"
    assert ok("config", "get", "reminders.quiet_hours").stdout == ""
    assert ok("config", "get", "reminders.quiet_hours", "--json").json() == {
        "key": "reminders.quiet_hours",
        "value": None,
    }
    assert ok("config", "unset", "day_starts_at").stdout == (
        "day_starts_at is back to its default, 00:00.\n"
    )
    assert ok("config", "unset", "day_starts_at").stdout == (
        "day_starts_at was not set: it is 00:00, the default.\n"
    )
    assert [p.name for p in config_file().parent.iterdir() if p.name != ".config.toml.lock"] == [
        "config.toml"
    ]


def test_reading_settings_writes_nothing(ok: Run) -> None:
    ok("config", "list")
    ok("config", "get", "week_starts_on")
    ok("config", "unset", "week_starts_on")
    assert not config_file().parent.exists()


def test_config_refuses_unknown_keys_and_bad_values_in_one_line(fails: Fails) -> None:
    line = fails("config", "set", "day_start", "04:00")
    assert line == (
        "stretchlog: error: there is no setting 'day_start'; the settings are day_starts_at,"
        " week_starts_on, reminders.quiet_hours, guided.voice, guided.voice_command, sync.dir,"
        " sync.auto, device.name"
    )
    assert "the settings are" in fails("config", "get", "nope")
    assert "the settings are" in fails("config", "unset", "reminders")
    assert fails("config", "set", "day_starts_at", "13:00") == (
        "stretchlog: error: day_starts_at must be a time from 00:00 to 12:00, like 04:00,"
        " not '13:00'"
    )
    assert "monday or sunday" in fails("config", "set", "week_starts_on", "fri")
    assert "like 22:00-07:00" in fails("config", "set", "reminders.quiet_hours", "late")
    fails("config", "set", "day_starts_at", code=2)
    assert not config_file().exists()


def test_config_set_keeps_the_user_s_comments_and_layout(ok: Run) -> None:
    mine = (
        "# my settings\n"
        "week_starts_on   = 'sunday'   # like my paper calendar\n"
        "\n"
        "[reminders]\n"
        "# quiet at night\n"
        'quiet_hours = "23:00-06:00"\n'
    )
    write_config(mine)
    ok("config", "set", "reminders.quiet_hours", "22:00-07:00")
    ok("config", "set", "day_starts_at", "03:00")
    assert config_file().read_text() == (
        "# my settings\n"
        "week_starts_on   = 'sunday'   # like my paper calendar\n"
        'day_starts_at = "03:00"\n'
        "\n"
        "[reminders]\n"
        "# quiet at night\n"
        'quiet_hours = "22:00-07:00"\n'
    )
    ok("config", "unset", "day_starts_at")
    assert config_file().read_text() == mine.replace("23:00-06:00", "22:00-07:00")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("day_starts_at = ", "it is not valid TOML (Invalid value (at end of document))"),
        (b"week_starts_on = '\xff'", "it is not UTF-8 text"),
        ("#" * (MAX_CONFIG_BYTES + 1), "it is larger than 64 KB, too large for a settings file"),
    ],
)
def test_a_file_that_does_not_parse_gives_a_warning_and_is_never_rewritten(
    run: Run, content: str | bytes, problem: str
) -> None:
    path = write_config(content)
    before = path.read_bytes()
    listed = run("config", "list", "--json")
    assert listed.exit_code == 0 and listed.json()["day_starts_at"] == "00:00"
    assert listed.stderr == (
        f"stretchlog: warning: ignoring your settings in {path}: {problem}; the defaults apply"
        " until it is fixed (see 'stretchlog config list')\n"
    )
    refused = run("config", "set", "week_starts_on", "sunday")
    assert refused.exit_code == 1 and refused.stderr == (
        f"stretchlog: error: cannot change {path}: {problem}; fix it in an editor, or move it"
        " away to start again from the defaults\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [".config.toml.lock", "config.toml"]


def test_a_bad_value_gives_the_defaults_and_can_be_set_right(run: Run, ok: Run) -> None:
    write_config('day_starts_at = "13:00"\nweek_starts_on = "sunday"\n')
    logged = run("log", "pigeon", env=at(datetime(2026, 11, 26, 0, 30, tzinfo=UTC)))
    assert logged.exit_code == 0 and "(2026-11-26)" in logged.stdout
    assert "day_starts_at must be a time from 00:00 to 12:00" in logged.stderr
    assert logged.stderr.count("\n") == 1
    ok("config", "set", "day_starts_at", "04:00")
    assert ok("config", "get", "week_starts_on").stdout == "sunday\n"


def test_config_set_says_when_the_file_still_has_a_problem(run: Run) -> None:
    write_config('day_starts_at = "04:00"\ncolour = "blue"\n')
    result = run("config", "set", "week_starts_on", "sunday")
    assert result.exit_code == 0 and result.stdout == "week_starts_on is sunday now.\n"
    assert "there is no setting 'colour'" in result.stderr
    assert 'colour = "blue"' in config_file().read_text()


def test_config_set_refuses_a_setting_under_a_key_that_is_no_table(fails: Fails) -> None:
    path = write_config('reminders = "yes"\n')
    line = fails("config", "set", "reminders.quiet_hours", "22:00-07:00")
    assert "'reminders' in" in line and "go under [reminders]" in line
    assert path.read_text() == 'reminders = "yes"\n'


def test_an_unreadable_config_path_gives_a_warning(run: Run) -> None:
    config_file().mkdir(parents=True)  # a folder where the file should be
    result = run("streak")
    assert result.exit_code == 0 and "cannot read it" in result.stderr


def test_paths_lists_config_toml(ok: Run) -> None:
    assert ok("paths", "--json").json()["config"] == str(config_file())


def test_export_never_writes_over_the_settings(ok: Run, fails: Fails) -> None:
    ok("config", "set", "week_starts_on", "sunday")
    line = fails("export", "--output", str(config_file()), "--force")
    assert "one of stretchlog's own files" in line


# A day that ends when the user's day ends


def test_after_midnight_counts_for_the_day_before_everywhere(
    run: Run, ok: Run, fails: Fails
) -> None:
    ok("config", "set", "day_starts_at", "04:00")
    night = at(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))
    logged = ok("log", "pigeon", "--json", env=night).json()
    assert logged["date"] == "2026-11-25"
    assert ok("status", "--json", env=night).json()["date"] == "2026-11-25"
    assert ok("history", "--json", "--since", "today", env=night).json()[0]["date"] == (
        "2026-11-25"
    )
    assert ok("streak", "--json", env=night).json()["today_done"] is True
    assert "Stretched today" in ok(env=night).stdout
    rest = ok("rest", "--date", "yesterday", "--json", env=night).json()
    assert rest["date"] == "2026-11-24"
    assert "in the future" in fails("log", "pigeon", "--date", "2026-11-26", env=night)
    morning = at(datetime(2026, 11, 26, 4, 0, tzinfo=UTC))
    assert run("status", "--json", env=morning).json()["date"] == "2026-11-26"
    assert ok("log", "pigeon", "--json", env=morning).json()["date"] == "2026-11-26"
    calendar = ok("calendar", "--weeks", "1", "--json", env=night).json()
    assert calendar["last"] == "2026-11-25"


def test_setting_the_day_start_after_midnight_says_which_day_it_still_is(ok: Run) -> None:
    night = at(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))
    assert ok("config", "set", "day_starts_at", "04:00", env=night).stdout == (
        "day_starts_at is 04:00 now.\n"
        "It is still Wednesday 25 November until 04:00: what you log now counts for that day.\n"
    )
    assert ok("config", "set", "day_starts_at", "00:15", env=night).stdout == (
        "day_starts_at is 00:15 now.\n"
    )


def test_existing_sessions_keep_their_dates(ok: Run) -> None:
    night = at(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))
    assert ok("log", "pigeon", "--json", env=night).json()["date"] == "2026-11-26"
    ok("config", "set", "day_starts_at", "04:00")
    assert ok("history", "--json", env=night).json()[0]["date"] == "2026-11-26"


def test_a_guided_routine_after_midnight_counts_for_the_day_before(ok: Run) -> None:
    ok("config", "set", "day_starts_at", "04:00")
    night = at(datetime(2026, 11, 26, 0, 30, tzinfo=UTC))
    env, _ = guided_env(now=night.now)
    ok("start", "pigeon", "--hold", "10", "--reps", "1", env=env)
    assert ok("history", "--json", env=night).json()[0]["date"] == "2026-11-25"


# Across summer time and time zones, in real processes


def stretchlog(*args: str, now: str, tz: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STRETCHLOG_DB": str(db), "STRETCHLOG_NOW": now, "TZ": tz}
    code = "import sys; from stretchlog.cli import main; sys.argv[0] = 'stretchlog'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, check=False
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("now", "tz", "day"),
    [
        ("2026-03-29T03:59:00+02:00", "Europe/Berlin", "2026-03-28"),  # an hour after the jump
        ("2026-03-29T04:00:00+02:00", "Europe/Berlin", "2026-03-29"),
        ("2026-10-25T02:30:00+02:00", "Europe/Berlin", "2026-10-24"),  # 02:30, the first time
        ("2026-10-25T02:30:00+01:00", "Europe/Berlin", "2026-10-24"),  # 02:30, the second time
        ("2026-10-25T03:59:00+01:00", "Europe/Berlin", "2026-10-24"),
        ("2026-10-25T04:00:00+01:00", "Europe/Berlin", "2026-10-25"),
        # flown to New York: 05:00 in Berlin is 23:00 the evening before there
        ("2026-11-26T05:00:00+01:00", "America/New_York", "2026-11-25"),
        # and to Tokyo: 18:30 UTC is 03:30 the next morning there, still that day
        ("2026-11-25T18:30:00+00:00", "Asia/Tokyo", "2026-11-25"),
        ("2026-11-25T19:00:00+00:00", "Asia/Tokyo", "2026-11-26"),
    ],
)
def test_the_day_starts_on_the_local_wall_clock(
    ok: Run, db_path: Path, now: str, tz: str, day: str
) -> None:
    ok("config", "set", "day_starts_at", "04:00")
    logged = stretchlog("log", "pigeon", "--json", now=now, tz=tz, db=db_path)
    assert logged.returncode == 0, logged.stderr
    assert f'"date": "{day}"' in logged.stdout
    status = stretchlog("status", "--json", now=now, tz=tz, db=db_path)
    assert (status.returncode, status.stderr) == (0, "")
    assert f'"date": "{day}"' in status.stdout


@pytest.mark.slow
def test_status_parses_config_toml_only_when_it_could_move_the_day(ok: Run, db_path: Path) -> None:
    probe = (
        "import sys; from stretchlog.cli import main; sys.argv[1:] = ['status', '-q'];"
        "\ntry: main()\nexcept SystemExit: pass"
        "\nprint('tomllib' in sys.modules, 'stretchlog.domain.settings' in sys.modules)"
    )

    def imports() -> str:
        env = {**os.environ, "STRETCHLOG_DB": str(db_path), "TZ": "UTC",
               "STRETCHLOG_NOW": "2026-11-25T09:30:00+00:00"}  # fmt: skip
        done = subprocess.run(
            [sys.executable, "-c", probe], env=env, capture_output=True, text=True
        )
        return done.stdout.strip()

    ok("log", "pigeon")
    assert imports() == "False False"  # no config.toml: a stat, nothing imported
    ok("config", "set", "week_starts_on", "sunday")
    assert imports() == "False True"  # one that cannot move the day: not parsed
    ok("config", "set", "day_starts_at", "04:00")
    assert imports() == "False True"  # the plain file stretchlog writes: read without tomllib
    with Path(user_config_path()).open("a", encoding="utf-8") as config:
        config.write("inline = { a = 1 }\n")  # not plain: tomllib reads it
    assert imports() == "True True"


def test_load_settings_for_status_skips_a_file_that_cannot_move_the_day(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("not toml at all [")
    assert load_settings(str(path), only_for="day_starts_at") == (DEFAULTS, None)
    settings_found, warning = load_settings(str(path))
    assert settings_found == DEFAULTS and warning is not None
    path.write_text('"day_starts_\\u0061t" = "04:00"')  # a TOML escape spelling the key
    assert load_settings(str(path), only_for="day_starts_at")[0].day_starts_at == time(4)


# The week's first day


def test_a_week_that_starts_on_sunday(ok: Run) -> None:
    ok("config", "set", "week_starts_on", "sunday")
    rows = ok("calendar", "--weeks", "2").stdout.splitlines()
    assert [row[:3] for row in rows[1:8]] == ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    days = ok("calendar", "--weeks", "2", "--json").json()
    assert days["first"] == "2026-11-15"  # a Sunday, 25 November being a Wednesday
    ok("log", "pigeon", "--tightness", "5")
    weeks = ok("stats", "--json").json()["tightness"]["weekly"]
    assert [date.fromisoformat(week["week"]).weekday() for week in weeks] == [6] * 8
    assert weeks[-1] == {"week": "2026-11-22", "average": 5.0, "left": None, "right": None}


@pytest.mark.parametrize("width", [40, 80, 200])
def test_config_list_on_a_terminal_fits_its_width(ok: Run, width: int) -> None:
    ok("config", "set", "reminders.quiet_hours", "22:00-07:00")
    terminal = pinned_environment(stdout_is_terminal=True, width=width)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", ok("config", "list", env=terminal).stdout).splitlines()
    plain = [line.rstrip() for line in lines]
    assert all(len(line) <= width for line in plain)
    assert [line.split()[:2] for line in plain if not line.startswith(" ")] == [
        ["day_starts_at", "00:00"],
        ["week_starts_on", "monday"],
        ["reminders.quiet_hours", "22:00-07:00"],
        ["guided.voice", "false"],
        ["guided.voice_command", "(not"],
        ["sync.dir", "(not"],
        ["sync.auto", "false"],
        ["device.name", "(not"],
    ]
    says_what = any("until this time" in line for line in plain)
    assert says_what == (width >= 80)
    if width >= 200:
        assert len(plain) == 8  # one line each


@given(
    first=st.dates(min_value=date(1970, 1, 1), max_value=date(8990, 1, 1)),
    span=st.integers(0, 60),
    first_weekday=st.sampled_from([0, 6]),
)
def test_calendar_weeks_start_on_the_first_weekday_and_hold_each_day_once(
    first: date, span: int, first_weekday: int
) -> None:
    last = first + timedelta(days=span)
    weeks = calendar_weeks({}, set(), first, last, first_weekday=first_weekday)
    days = [first + timedelta(days=n) for n in range(span + 1)]  # every day, walked
    assert [cell.day for week in weeks for cell in week if cell is not None] == days
    for week in weeks:
        start = next(c.day - timedelta(days=i) for i, c in enumerate(week) if c is not None)
        assert start.weekday() == first_weekday
        assert week_start(start + timedelta(days=6), first_weekday) == start


@given(
    day_numbers=st.lists(st.integers(739000, 739300), min_size=1, max_size=30),
    first_weekday=st.sampled_from([0, 6]),
)
def test_weekly_tightness_averages_group_by_weeks_from_the_first_weekday(
    day_numbers: list[int], first_weekday: int
) -> None:
    today = date.fromordinal(739300)
    ratings = [Rating(number, 5 if number % 2 else 3, None) for number in day_numbers]
    trend = tightness_trend(ratings, set(), today, first_weekday=first_weekday)
    for week in trend.weeks:
        assert week.start.weekday() == first_weekday
        scores = [  # walked: the ratings on each of the week's seven days
            r.after
            for n in range(7)
            for r in ratings
            if r.day == week.start.toordinal() + n and r.after is not None
        ]
        assert week.average == (sum(scores) / len(scores) if scores else None)


def test_keys_complete_in_the_shell() -> None:
    from stretchlog.commands.config import _complete_key

    assert _complete_key("") == [
        "day_starts_at", "week_starts_on", "reminders.quiet_hours",
        "guided.voice", "guided.voice_command", "sync.dir", "sync.auto", "device.name",
    ]  # fmt: skip
    assert _complete_key("REM") == ["reminders.quiet_hours"]


@pytest.mark.slow
def test_settings_changed_at_once_all_land(tmp_path: Path) -> None:
    from tests.test_hardening import PROGRAM, environment

    env = environment(tmp_path / "s.db")
    changes = [
        ("day_starts_at", "04:00"),
        ("week_starts_on", "sunday"),
        ("reminders.quiet_hours", "22:00-07:00"),
        ("guided.voice", "true"),
        ("guided.voice_command", "espeak-ng -s 140 {text}"),
    ] * 3
    runs = [
        subprocess.Popen(
            [str(PROGRAM), "config", "set", key, value],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for key, value in changes
    ]  # fmt: skip
    errors = [run.communicate(timeout=120)[1] for run in runs]
    assert [run.returncode for run in runs] == [0] * len(changes), errors
    listed = subprocess.run(
        [str(PROGRAM), "config", "list", "--json"], env=env, capture_output=True, text=True
    )
    assert listed.stderr == ""
    kept = {key: value for key, value in json.loads(listed.stdout).items() if value is not None}
    assert kept == {"sync.auto": "false"} | dict(changes)


_LINES = st.one_of(
    st.just(""),
    st.builds(lambda text: "# " + text, st.text(max_size=12)),
    st.builds(lambda name: f"[{name}]", st.sampled_from(["reminders", "other", "a b", ""])),
    st.builds(
        lambda key, value, space: f"{key}{space}={space}{value}",
        st.sampled_from(["day_starts_at", "week_starts_on", "quiet_hours", "x.y", "ü"]),
        st.one_of(st.builds(lambda text: f'"{text}"', st.text(max_size=8)), st.text(max_size=6)),
        st.sampled_from(["", " ", "\t", "  "]),
    ),
)


@given(st.lists(_LINES, max_size=8), st.sampled_from(["\n", "\r\n"]))
@example(['day_starts_at = "04:00"', "", "# a note", "[reminders]", 'quiet_hours = "x"'], "\n")
def test_a_plain_settings_file_reads_as_tomllib_reads_it(lines: list[str], newline: str) -> None:
    """status reads plain files without tomllib: whatever it accepts, tomllib reads the same."""
    import tomllib

    from stretchlog.storage.settings_file import plain_document

    text = newline.join(lines)
    plain = plain_document(text)
    if plain is not None:
        assert plain == tomllib.loads(text)


def test_the_files_stretchlog_writes_are_plain(ok: Run, tmp_path: Path) -> None:
    from stretchlog.storage.paths import user_config_path
    from stretchlog.storage.settings_file import plain_document

    ok("config", "set", "day_starts_at", "04:00")
    ok("config", "set", "week_starts_on", "sunday")
    ok("config", "set", "reminders.quiet_hours", "22:00-07:00")
    text = Path(user_config_path()).read_text(encoding="utf-8")
    assert plain_document(text) == {
        "day_starts_at": "04:00",
        "week_starts_on": "sunday",
        "reminders": {"quiet_hours": "22:00-07:00"},
    }
