"""The rules of reminders without a database or a process: when `remind fire` speaks up, which
reminder is firing, and the scheduler files with hostile commands in them."""

from __future__ import annotations

import plistlib
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchlog.domain import fields
from stretchlog.domain.reminders import (
    EVERY_DAY,
    Reminder,
    days_text,
    decide,
    due_reminder,
    in_quiet_hours,
    reminder_text,
)
from stretchlog.domain.schedules import (
    CRON_BEGIN,
    CRON_END,
    MARKER,
    cron_block,
    launchd_plist,
    systemd_calendar,
    systemd_units,
    with_cron_block,
    without_cron_block,
)
from stretchlog.errors import BadValue

minutes = st.integers(0, 24 * 60 - 1)
HOSTILE = [
    "/opt/my stretch/bin/stretchlog",
    '/tmp/it\'s "quoted"/stretchlog',
    "/tmp/100%/$HOME/`id`/;rm -rf ~/stretchlog",
    "/tmp/back\\slash/é日本/stretchlog",
    "/tmp/<xml>&amp;/stretchlog",
]


def quiet_oracle(minute: int, start: int, end: int) -> bool:
    """Walk the quiet hours minute by minute from `start` until `end`."""
    walked, at = set(), start
    while at != end:
        walked.add(at)
        at = (at + 1) % (24 * 60)
    return minute in walked


@given(minutes, minutes, minutes)
def test_quiet_hours_match_a_walk_round_the_clock(minute: int, start: int, end: int) -> None:
    assert in_quiet_hours(minute, (start, end)) == quiet_oracle(minute, start, end)


@given(
    st.booleans(), st.booleans(), st.booleans(), st.none() | st.tuples(minutes, minutes), minutes
)
def test_fire_notifies_only_when_nothing_says_not_to(
    done: bool, rest: bool, paused: bool, quiet: tuple[int, int] | None, minute: int
) -> None:
    decision = decide(
        done_today=done, rest_today=rest, paused_today=paused, quiet_hours=quiet, minute=minute
    )
    hushed = quiet is not None and quiet_oracle(minute, *quiet)
    assert decision.notify == (not (done or rest or paused or hushed))
    assert decision.reason


@pytest.mark.parametrize(
    ("facts", "reason"),
    [
        ({"done_today": True, "rest_today": True}, "today is already stretched"),
        ({"rest_today": True}, "today is a rest day"),
        ({"paused_today": True}, "reminders are paused today"),
        ({"quiet_hours": (22 * 60, 7 * 60)}, "it is quiet hours (22:00 to 07:00)"),
        ({"minute": 7 * 60}, "today is not stretched yet"),
    ],
)
def test_fire_says_why(facts: dict[str, object], reason: str) -> None:
    base: dict[str, object] = {
        "done_today": False, "rest_today": False, "paused_today": False,
        "quiet_hours": None, "minute": 23 * 60,
    }  # fmt: skip
    assert decide(**(base | facts)).reason == reason  # type: ignore[arg-type]


def test_the_firing_reminder_is_the_latest_due_today() -> None:
    early = Reminder(1, 7 * 60, EVERY_DAY, None)
    weekday_noon = Reminder(2, 12 * 60, (0, 1, 2, 3, 4), "desk")
    evening = Reminder(3, 18 * 60, (5,), "evening")
    every = [early, weekday_noon, evening]
    assert due_reminder(every, 2, 12 * 60 + 5) == weekday_noon
    assert due_reminder(every, 2, 11 * 60) == early
    assert due_reminder(every, 5, 19 * 60) == evening
    assert due_reminder(every, 6, 6 * 60) is None  # yesterday's, fired on waking after midnight


def test_the_reminder_names_the_routine_and_the_streak_at_stake() -> None:
    assert reminder_text("desk-break", 12) == (
        "Time to stretch: desk-break (your 12-day streak is waiting)"
    )
    assert reminder_text("desk-break", 0) == "Time to stretch: desk-break"


@pytest.mark.parametrize(
    ("typed", "minute"), [("00:00", 0), ("7:05", 425), ("07:30", 450), ("23:59", 1439)]
)
def test_times_of_day(typed: str, minute: int) -> None:
    assert fields.clock_time(typed) == minute


@pytest.mark.parametrize("typed", ["24:00", "7:60", "07:3", "0730", "", "٠٧:٣٠", "7:30 pm"])
def test_times_that_are_not(typed: str) -> None:
    with pytest.raises(fields.Invalid):
        fields.clock_time(typed)


def test_a_time_is_read_by_the_settings_rule_spaces_around_it_and_all() -> None:
    assert fields.clock_time(" 07:30\n") == 7 * 60 + 30 == fields.clock_time("7:30")


@pytest.mark.parametrize(
    ("typed", "days", "shown"),
    [
        ("daily", EVERY_DAY, "daily"),
        ("Weekdays", (0, 1, 2, 3, 4), "weekdays"),
        ("weekends", (5, 6), "weekends"),
        ("fri,mon,mon", (0, 4), "mon,fri"),
        ("Monday, Wednesday", (0, 2), "mon,wed"),
        ("sat,sun", (5, 6), "weekends"),
    ],
)
def test_days_of_the_week(typed: str, days: tuple[int, ...], shown: str) -> None:
    assert fields.weekdays(typed) == days
    assert days_text(days) == shown


@pytest.mark.parametrize("typed", ["", ",", "mon,,tue", "someday", "mo", "montag", "mon;tue"])
def test_days_that_are_not(typed: str) -> None:
    with pytest.raises(fields.Invalid):
        fields.weekdays(typed)


REMINDERS = [Reminder(1, 450, (0, 1, 2, 3, 4), None), Reminder(2, 21 * 60 + 5, EVERY_DAY, "x")]


def test_systemd_calendars() -> None:
    assert systemd_calendar(REMINDERS[0]) == "Mon,Tue,Wed,Thu,Fri *-*-* 07:30:00"
    assert systemd_calendar(REMINDERS[1]) == "*-*-* 21:05:00"


def _exec_words(line: str) -> list[str]:
    """ExecStart='s arguments as systemd reads them (C escapes, %% and $$ undone)."""
    words = shlex.split(line.removeprefix("ExecStart="), posix=True)
    return [word.replace("%%", "%").replace("$$", "$") for word in words]


@pytest.mark.parametrize("program", HOSTILE)
def test_hostile_paths_survive_each_format(program: str) -> None:
    command = [program, "--db", program + ".db", "remind", "fire"]
    units = systemd_units(REMINDERS, command)
    (exec_line,) = [
        line for line in units["stretchlog-remind.service"].splitlines() if "ExecStart" in line
    ]
    assert _exec_words(exec_line)[-len(command) :] == command
    plist = plistlib.loads(launchd_plist(REMINDERS, command).encode())
    assert plist["ProgramArguments"] == command
    for line in cron_block(REMINDERS, command).splitlines()[2:-1]:
        shell = line.split(" ", 5)[5].replace("\\%", "%")
        assert shlex.split(shell) == command
        assert "%" not in line.replace("\\%", "")


def test_launchd_counts_days_from_sunday() -> None:
    plist = plistlib.loads(launchd_plist(REMINDERS, ["/bin/stretchlog"]).encode())
    intervals = plist["StartCalendarInterval"]
    assert intervals[:5] == [{"Hour": 7, "Minute": 30, "Weekday": day} for day in (1, 2, 3, 4, 5)]
    assert intervals[5] == {"Hour": 21, "Minute": 5}


def test_cron_days_count_from_sunday() -> None:
    block = cron_block([Reminder(1, 450, (5, 6), None)], ["/bin/stretchlog"])
    assert "30 7 * * 6,0 /bin/stretchlog\n" in block


@pytest.mark.parametrize("bad", ["/tmp/new\nline/stretchlog", "/tmp/tab\tname", ""])
def test_a_command_no_scheduler_can_hold_is_refused(bad: str) -> None:
    for write in (systemd_units, launchd_plist, cron_block):
        with pytest.raises(BadValue):
            write(REMINDERS, [bad, "remind", "fire"])


@pytest.mark.parametrize(
    "crontab",
    ["", "MAILTO=me\n", "0 * * * * backup\n# no newline at the end", "a\r\nb\r\n", "\n\n"],
)
def test_the_cron_block_goes_in_and_out_leaving_the_rest_alone(crontab: str) -> None:
    block = cron_block(REMINDERS, ["/bin/stretchlog"])
    once = with_cron_block(crontab, block)
    assert with_cron_block(once, block) == once
    assert once.count(CRON_BEGIN) == 1
    other = cron_block(REMINDERS[:1], ["/bin/stretchlog"])
    assert with_cron_block(once, other).count(CRON_BEGIN) == 1
    kept = without_cron_block(once)
    assert kept is not None
    assert kept == (crontab if crontab.endswith("\n") or not crontab else crontab + "\n")
    assert without_cron_block(crontab) is None


def test_a_block_between_the_users_lines_is_replaced_in_place() -> None:
    crontab = "first\n" + cron_block(REMINDERS, ["/old"]) + "last\n"
    updated = with_cron_block(crontab, cron_block(REMINDERS, ["/new"]))
    assert updated.startswith("first\n" + CRON_BEGIN)
    assert updated.endswith(CRON_END + "\nlast\n")
    assert "/old" not in updated
    assert without_cron_block(updated) == "first\nlast\n"


def test_a_begin_marker_without_its_end_is_refused() -> None:
    with pytest.raises(BadValue, match="crontab -e"):
        with_cron_block(f"x\n{CRON_BEGIN}\ny\n", "block")


def test_every_file_carries_the_marker() -> None:
    for text in [
        *systemd_units(REMINDERS, ["/bin/x"]).values(),
        launchd_plist(REMINDERS, ["/bin/x"]),
        cron_block(REMINDERS, ["/bin/x"]),
    ]:
        assert MARKER in text


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
@pytest.mark.parametrize("program", HOSTILE)
def test_systemd_accepts_the_units(tmp_path: Path, program: str) -> None:
    executable = tmp_path / program.lstrip("/")
    executable.parent.mkdir(parents=True)
    executable.write_text("#!/bin/sh\n")
    executable.chmod(0o755)
    for name, text in systemd_units(REMINDERS, [str(executable), "remind", "fire"]).items():
        (tmp_path / name).write_text(text)
    done = subprocess.run(
        ["systemd-analyze", "verify", "--user", str(tmp_path / "stretchlog-remind.timer")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "XDG_RUNTIME_DIR": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    assert "stretchlog-remind" not in done.stderr, done.stderr
