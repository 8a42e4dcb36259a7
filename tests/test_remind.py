"""`stretchlog remind ...` end to end, against fake schedulers and notifiers.

Nothing here touches the real crontab, systemd, launchd, notifications or terminals: fake
`crontab`, `systemctl`, `launchctl`, `notify-send` and `osascript` come first on PATH and record
their arguments (crontab keeps its table in a file), and HOME and the XDG folders are temporary.
"""

from __future__ import annotations

import os
import plistlib
import shlex
import socket
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchlog.domain.schedules import CRON_BEGIN, MARKER
from stretchlog.ui import notify
from tests.conftest import Run

FAKE = r"""#!/bin/sh
printf '%s\n' "$(basename "$0") $*" >> "$FAKE_DIR/calls"
"""
TOOLS = {
    "crontab": FAKE
    + r"""case "$1" in
  -l) if [ -f "$FAKE_DIR/crontab" ]; then cat "$FAKE_DIR/crontab"; else
        echo "no crontab for $(id -un)" >&2; exit 1; fi ;;
  -r) rm -f "$FAKE_DIR/crontab" ;;
  -) cat > "$FAKE_DIR/crontab" ;;
esac
""",
    "systemctl": FAKE
    + r"""if [ "$2" = is-system-running ]; then cat "$FAKE_DIR/systemd" 2>/dev/null || echo offline; fi
exit 0
""",
    "launchctl": FAKE,
    "osascript": FAKE,
    "notify-send": FAKE + 'printf "bus=%s\\n" "$DBUS_SESSION_BUS_ADDRESS" >> "$FAKE_DIR/calls"\n',
}


class Fakes:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.bin = root / "bin"
        self.home = root / "home"
        self.runtime = root / "run"

    @property
    def calls(self) -> list[str]:
        path = self.root / "calls"
        return path.read_text().splitlines() if path.exists() else []

    @property
    def crontab(self) -> bytes | None:
        path = self.root / "crontab"
        return path.read_bytes() if path.exists() else None

    def set_crontab(self, data: bytes) -> None:
        (self.root / "crontab").write_bytes(data)

    def without(self, tool: str) -> None:
        (self.bin / tool).unlink()


@pytest.fixture(autouse=True)
def fakes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Fakes:
    found = Fakes(tmp_path / "fakes")
    found.bin.mkdir(parents=True)
    found.home.mkdir()
    found.runtime.mkdir(mode=0o700)
    for name, script in TOOLS.items():
        (found.bin / name).write_text(script)
        (found.bin / name).chmod(0o755)
    monkeypatch.setenv("FAKE_DIR", str(found.root))
    monkeypatch.setenv("PATH", f"{found.bin}:/usr/bin:/bin")
    monkeypatch.setenv("HOME", str(found.home))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(found.runtime))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(notify, "TERMINALS", (str(tmp_path / "tty" / "*"),))
    return found


def units(tmp_path: Path) -> Path:
    return tmp_path / "xdg-config" / "systemd" / "user"


# Adding, listing, removing


def test_add_list_and_remove(ok: Run) -> None:
    ok("routine", "new", "desk-break", "pigeon")
    added = ok("remind", "add", "10:30", "--days", "weekdays", "--routine", "DESK-break")
    assert "Added reminder 1: 10:30 weekdays, for desk-break." in added.stdout
    ok("remind", "add", "7:05", "--days", "sat,sun")
    listed = ok("remind", "list").stdout
    assert listed.index("07:05") < listed.index("10:30")
    assert "weekends" in listed and "favourites" in listed
    assert ok("remind", "list", "--json").json() == [
        {"id": 2, "time": "07:05", "days": ["sat", "sun"], "routine": "favourites"},
        {"id": 1, "time": "10:30", "days": ["mon", "tue", "wed", "thu", "fri"], "routine": "desk-break"},
    ]  # fmt: skip
    assert "Removed reminder 1." in ok("remind", "remove", "1").stdout
    assert [r["id"] for r in ok("remind", "list", "--json").json()] == [2]
    assert ok("remind").stdout == ok("remind", "list").stdout


def test_no_reminders_says_how_to_add_one(ok: Run) -> None:
    assert "stretchlog remind add" in ok("remind", "list").stdout
    assert ok("remind", "list", "--json").json() == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("24:00",), "from 00:00 to 23:59"),
        (("7.30",), "such as 07:30"),
        (("10:30", "--days", "someday"), "--days must be daily, weekdays"),
        (("10:30", "--days", ""), "--days must be"),
        (("10:30", "--routine", "nope"), "no routine called 'nope'"),
        (("10:30", "--days", "wed"), "reminder 1 is already at 10:30 on wed"),
    ],
)
def test_bad_reminders_are_refused_and_nothing_is_written(
    ok: Run, fails: Callable[..., str], args: tuple[str, ...], words: str
) -> None:
    ok("remind", "add", "10:30", "--days", "mon,wed")
    assert words in fails("remind", "add", *args)
    assert len(ok("remind", "list", "--json").json()) == 1


def test_at_most_24_reminders(ok: Run, fails: Callable[..., str]) -> None:
    for hour in range(24):
        ok("remind", "add", f"{hour}:00")
    assert "the most stretchlog keeps" in fails("remind", "add", "12:30")
    assert len(ok("remind", "list", "--json").json()) == 24


def test_removing_a_reminder_that_is_not_there(fails: Callable[..., str]) -> None:
    assert "there is no reminder 3" in fails("remind", "remove", "3")
    assert "is not a valid int" in fails("remind", "remove", "x", code=2)


def test_a_reminder_for_a_deleted_routine_reminds_of_the_default(ok: Run) -> None:
    ok("routine", "new", "gone", "pigeon")
    ok("remind", "add", "10:30", "--routine", "gone")
    ok("routine", "delete", "gone", "--yes")
    assert ok("remind", "list", "--json").json()[0]["routine"] == "favourites"


# Installing


def test_cron_install_reinstall_uninstall_leaves_the_crontab_byte_for_byte(
    ok: Run, fakes: Fakes
) -> None:
    before = b"MAILTO=me@example.com\n# mine\t% kept \xff\xfe latin-1: \xe9\r\n0 3 * * * /usr/bin/backup\n"
    fakes.set_crontab(before)
    ok("remind", "add", "10:30", "--days", "weekdays")
    ok("remind", "install", "--scheduler", "cron")
    installed = fakes.crontab
    assert installed is not None and installed.startswith(before)
    assert installed.count(CRON_BEGIN.encode()) == 1
    assert b"30 10 * * 1,2,3,4,5 " in installed
    assert "Already up to date" in ok("remind", "install", "--scheduler", "cron").stdout
    assert fakes.crontab == installed
    ok("remind", "add", "18:00", "--days", "sun")
    ok("remind", "install", "--scheduler", "cron")
    assert fakes.crontab is not None and fakes.crontab.count(CRON_BEGIN.encode()) == 1
    assert b"0 18 * * 0 " in fakes.crontab
    assert "Took the reminders out" in ok("remind", "uninstall", "--scheduler", "cron").stdout
    assert fakes.crontab == before
    assert "Nothing to remove" in ok("remind", "uninstall", "--scheduler", "cron").stdout
    assert fakes.crontab == before


def test_with_no_crontab_before_uninstall_leaves_none(ok: Run, fakes: Fakes) -> None:
    ok("remind", "add", "10:30")
    ok("remind", "install", "--scheduler", "cron")
    assert fakes.crontab is not None
    ok("remind", "uninstall")
    assert fakes.crontab is None


def test_the_crontab_line_runs_this_stretchlog_on_this_database(
    ok: Run, fakes: Fakes, db_path: Path, tmp_path: Path
) -> None:
    ok("remind", "add", "10:30")
    ok("remind", "install", "--scheduler", "cron")
    assert fakes.crontab is not None
    (line,) = [text for text in fakes.crontab.decode().splitlines() if text.startswith("30 10")]
    words = shlex.split(line.split(" ", 5)[5].replace("\\%", "%"))
    assert words[-4:] == ["--db", str(db_path), "remind", "fire"]
    assert words[:3] == [str(Path(sys.executable).absolute()), "-m", "stretchlog"]


def test_systemd_install_is_idempotent_and_uninstall_removes_exactly_it(
    ok: Run, fakes: Fakes, tmp_path: Path
) -> None:
    ok("remind", "add", "10:30", "--days", "weekdays")
    ok("remind", "add", "15:00")
    first = ok("remind", "install", "--scheduler", "systemd").stdout
    assert "systemctl --user enable --now stretchlog-remind.timer" in first
    folder = units(tmp_path)
    timer = (folder / "stretchlog-remind.timer").read_text()
    assert timer.count("OnCalendar=") == 2
    assert "OnCalendar=Mon,Tue,Wed,Thu,Fri *-*-* 10:30:00\n" in timer
    assert "Persistent=true\n" in timer
    for name in ("stretchlog-remind.timer", "stretchlog-remind.service"):
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600
    assert fakes.calls == []  # nothing enabled unless asked
    again = ok("remind", "install", "--scheduler", "systemd", "--enable").stdout
    assert again.count("Already up to date") == 2
    assert fakes.calls == [
        "systemctl --user daemon-reload",
        "systemctl --user enable --now stretchlog-remind.timer",
    ]
    (folder / "other.service").write_text("[Service]\nExecStart=/bin/true\n")
    ok("remind", "uninstall", "--scheduler", "systemd")
    assert sorted(path.name for path in folder.iterdir()) == ["other.service"]
    assert fakes.calls[-2:] == [
        "systemctl --user disable --now stretchlog-remind.timer",
        "systemctl --user daemon-reload",
    ]


def test_a_unit_file_that_is_not_ours_is_never_touched(
    ok: Run, fails: Callable[..., str], fakes: Fakes, tmp_path: Path
) -> None:
    ok("remind", "add", "10:30")
    folder = units(tmp_path)
    folder.mkdir(parents=True)
    theirs = folder / "stretchlog-remind.timer"
    theirs.write_text("[Timer]\nOnCalendar=daily\n")
    assert "was not written by stretchlog" in fails("remind", "install", "--scheduler", "systemd")
    assert not (folder / "stretchlog-remind.service").exists()  # nothing half-installed
    assert "was not written by stretchlog" in fails("remind", "uninstall", "--scheduler", "systemd")
    assert theirs.read_text() == "[Timer]\nOnCalendar=daily\n"
    theirs.unlink()
    theirs.symlink_to(tmp_path / "elsewhere")
    assert "was not written by stretchlog" in fails("remind", "install", "--scheduler", "systemd")
    assert theirs.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_launchd_agent_reads_back(ok: Run, fakes: Fakes) -> None:
    ok("remind", "add", "21:05", "--days", "mon")
    ok("remind", "install", "--scheduler", "launchd", "--enable")
    plist = fakes.home / "Library" / "LaunchAgents" / "io.github.stretchlog.remind.plist"
    agent = plistlib.loads(plist.read_bytes())
    assert agent["StartCalendarInterval"] == [{"Hour": 21, "Minute": 5, "Weekday": 1}]
    assert agent["ProgramArguments"][-2:] == ["remind", "fire"]
    assert MARKER in plist.read_text()
    assert fakes.calls == [f"launchctl unload {plist}", f"launchctl load -w {plist}"]
    ok("remind", "uninstall", "--scheduler", "launchd")
    assert not plist.exists()


def test_print_shows_what_would_be_written_and_changes_nothing(
    ok: Run, fakes: Fakes, tmp_path: Path
) -> None:
    ok("remind", "add", "10:30")
    for scheduler in ("systemd", "launchd", "cron"):
        shown = ok("remind", "install", "--scheduler", scheduler, "--print", "--enable").stdout
        assert MARKER in shown
    assert fakes.calls == [] and fakes.crontab is None
    assert not units(tmp_path).exists() and not (fakes.home / "Library").exists()


@pytest.mark.parametrize(("systemd", "chosen"), [("running\n", "systemd"), (None, "cron")])
def test_the_default_scheduler(
    ok: Run, fakes: Fakes, tmp_path: Path, systemd: str | None, chosen: str
) -> None:
    if systemd is not None:
        (fakes.root / "systemd").write_text(systemd)
    ok("remind", "add", "10:30")
    ok("remind", "install")
    assert (fakes.crontab is not None) == (chosen == "cron")
    assert units(tmp_path).exists() == (chosen == "systemd")


def test_install_without_reminders_or_crontab(
    ok: Run, fails: Callable[..., str], fakes: Fakes
) -> None:
    assert "no reminders to install" in fails("remind", "install", "--scheduler", "cron")
    ok("remind", "add", "10:30")
    fakes.without("crontab")
    assert "'crontab' is not installed" in fails("remind", "install", "--scheduler", "cron")
    assert "must be one of systemd" in fails("remind", "install", "--scheduler", "anacron")


def test_a_crontab_that_refuses_leaves_everything_as_it_was(
    ok: Run, fails: Callable[..., str], fakes: Fakes
) -> None:
    ok("remind", "add", "10:30")
    fakes.set_crontab(b"0 3 * * * backup\n")
    (fakes.bin / "crontab").write_text(
        TOOLS["crontab"].replace("-) cat >", '-) echo "bad minute" >&2; exit 1; cat >')
    )
    assert "crontab refused the new table: bad minute" in fails(
        "remind", "install", "--scheduler", "cron"
    )
    assert fakes.crontab == b"0 3 * * * backup\n"


# Firing


def test_fire_notifies_with_the_routine_and_the_streak(ok: Run, fakes: Fakes) -> None:
    ok("routine", "new", "desk-break", "pigeon")
    ok("log", "pigeon", "--date", "yesterday")
    ok("log", "pigeon", "--date", "2 days ago")
    ok("remind", "add", "8:00", "--routine", "desk-break")
    ok("remind", "add", "23:00")
    assert ok("remind", "fire").stdout == ""
    assert fakes.calls[0] == (
        "notify-send --app-name stretchlog -- stretchlog"
        " Time to stretch: desk-break (your 2-day streak is waiting)"
    )
    assert fakes.calls[1] == "bus="


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (("log", "pigeon"), "today is already stretched"),
        (("rest",), "today is a rest day"),
        (("pause", "--from", "today"), "reminders are paused today"),
        (
            ("config", "set", "reminders.quiet_hours", "09:00-10:00"),
            "it is quiet hours (09:00 to 10:00)",
        ),
    ],
)
def test_fire_stays_quiet_when_today_needs_nothing(
    ok: Run, fakes: Fakes, setup: tuple[str, ...], reason: str
) -> None:
    ok(*setup)
    assert ok("remind", "fire").stdout == ""
    assert ok("remind", "fire", "--dry-run").stdout == f"No reminder now: {reason}.\n"
    assert fakes.calls == []


def test_fire_counts_the_user_s_day(ok: Run, fakes: Fakes) -> None:
    """With the day starting at 10:00, 09:30 is still yesterday, which is done."""
    ok("config", "set", "day_starts_at", "10:00")
    ok("log", "pigeon")  # for the user's today: 24 November
    assert ok("remind", "fire", "-n").stdout == "No reminder now: today is already stretched.\n"
    ok("config", "set", "reminders.quiet_hours", "22:00-07:00")  # not now
    assert ok("remind", "fire", "-n").stdout == "No reminder now: today is already stretched.\n"


def test_a_dry_run_says_what_it_would_do(ok: Run, fakes: Fakes) -> None:
    assert ok("remind", "fire", "-n").stdout == (
        "Would remind you now (today is not stretched yet): Time to stretch: favourites\n"
    )
    assert fakes.calls == []


def test_fire_finds_the_session_bus_cron_leaves_unset(ok: Run, fakes: Fakes) -> None:
    bus = fakes.runtime / "bus"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(bus))
        ok("remind", "fire")
    assert f"bus=unix:path={bus}" in fakes.calls


def test_without_a_desktop_the_reminder_goes_to_the_users_terminals(
    ok: Run, fakes: Fakes, tmp_path: Path
) -> None:
    fakes.without("notify-send")
    ttys = tmp_path / "tty"
    ttys.mkdir()
    (ttys / "1").write_text("")
    assert ok("remind", "fire").stdout == ""
    assert (ttys / "1").read_bytes() == b"\a\r\nstretchlog: Time to stretch: favourites\r\n"
    (ttys / "1").unlink()
    assert ok("remind", "fire").stdout == "Time to stretch: favourites\n"  # for cron to mail


def test_osascript_text_is_escaped() -> None:
    assert notify.applescript_text('say "hi" \\ bye') == '"say \\"hi\\" \\\\ bye"'


# The fast path


def _fire_process(db: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    probe = (
        "import sys; from stretchlog.cli import main; sys.argv[1:] = sys.argv[1:]"
        "\ntry: main()\nexcept SystemExit as done: code = done.code"
        "\nheavy = [m for m in sys.modules if m.split('.')[0] in ('typer', 'rich', 'click')]"
        "\nprint(heavy, code)"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        env={
            **os.environ,
            "STRETCHLOG_DB": str(db),
            "STRETCHLOG_NOW": "2026-11-25T09:30:00+00:00",
            "TZ": "UTC",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_fire_takes_the_fast_path(ok: Run, fakes: Fakes, db_path: Path) -> None:
    ok("remind", "add", "8:00")
    done = _fire_process(db_path, "remind", "fire")
    assert done.stdout.splitlines()[-1] == "[] 0", done.stderr
    assert fakes.calls[0].startswith("notify-send")
    ok("log", "pigeon")
    quiet = _fire_process(db_path, "--db", str(db_path), "remind", "fire", "--dry-run")
    assert quiet.stdout == "No reminder now: today is already stretched.\n[] 0\n"
    bad = _fire_process(db_path, "remind", "fire", "--loud")
    assert bad.stdout.splitlines()[-1] == "[] 2"
    assert bad.stderr == (
        "stretchlog: error: no such option or argument: '--loud';"
        " see 'stretchlog remind fire --help'\n"
    )
    helped = _fire_process(db_path, "remind", "fire", "--help")
    assert "--dry-run" in helped.stdout


HOSTILE_FOLDER = 'it\'s a "db" 100% $HOME `id`; é'


def test_a_hostile_database_path_reaches_each_scheduler_intact(
    ok: Run, fakes: Fakes, tmp_path: Path
) -> None:
    db = tmp_path / HOSTILE_FOLDER / "stretch log.db"
    ok("--db", str(db), "remind", "add", "10:30")
    ok("--db", str(db), "remind", "install", "--scheduler", "cron")
    assert fakes.crontab is not None
    (line,) = [text for text in fakes.crontab.decode().splitlines() if text.startswith("30 10")]
    assert shlex.split(line.split(" ", 5)[5].replace("\\%", "%"))[-4:-2] == ["--db", str(db)]
    ok("--db", str(db), "remind", "install", "--scheduler", "launchd")
    plist = fakes.home / "Library" / "LaunchAgents" / "io.github.stretchlog.remind.plist"
    assert plistlib.loads(plist.read_bytes())["ProgramArguments"][-4:-2] == ["--db", str(db)]
    ok("--db", str(db), "remind", "install", "--scheduler", "systemd")
    service = (units(tmp_path) / "stretchlog-remind.service").read_text()
    (exec_line,) = [text for text in service.splitlines() if text.startswith("ExecStart=")]
    words = shlex.split(exec_line.removeprefix("ExecStart="))
    assert [word.replace("%%", "%").replace("$$", "$") for word in words][-4:-2] == [
        "--db",
        str(db),
    ]


def test_a_hostile_routine_name_reaches_the_notification_as_it_is(ok: Run, fakes: Fakes) -> None:
    ok("routine", "new", "ストレッチ_ß-1", "pigeon")
    ok("remind", "add", "8:00", "--routine", "ストレッチ_ß-1")
    ok("remind", "fire")
    assert fakes.calls[0].endswith("Time to stretch: ストレッチ_ß-1")


def test_restore_brings_back_the_reminders_of_the_backup(ok: Run, tmp_path: Path) -> None:
    ok("remind", "add", "10:30")
    backup = tmp_path / "backup.db"
    ok("backup", str(backup))
    ok("remind", "remove", "1")
    ok("remind", "add", "18:00")
    ok("restore", str(backup), "--yes")
    assert [r["time"] for r in ok("remind", "list", "--json").json()] == ["10:30"]


def test_the_commands_to_copy_are_quoted_for_the_shell(
    ok: Run, fakes: Fakes, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("remind", "add", "10:30")
    (fakes.home / "My Home").mkdir()
    monkeypatch.setenv("HOME", str(fakes.home / "My Home"))
    shown = ok("remind", "install", "--scheduler", "launchd").stdout
    plist = (
        fakes.home / "My Home" / "Library" / "LaunchAgents" / "io.github.stretchlog.remind.plist"
    )
    assert f"launchctl load -w {shlex.quote(str(plist))}" in shown


def test_on_macos_osascript_shows_it_escaped(fakes: Fakes, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notify.sys, "platform", "darwin")
    assert notify.notify('Time to stretch: "x" \\ y') == "osascript"
    assert fakes.calls == [
        'osascript -e display notification "Time to stretch: \\"x\\" \\\\ y"'
        ' with title "stretchlog"'
    ]


@pytest.mark.slow
def test_the_installed_crontab_line_runs_in_a_real_shell(
    ok: Run, fakes: Fakes, tmp_path: Path
) -> None:
    """As cron would: the line's command, its \\% turned back into %, run by /bin/sh with a bare
    environment, reaches this stretchlog and this (hostile) database, and notifies."""
    db = tmp_path / "100% it's $HOME" / "s.db"
    ok("--db", str(db), "remind", "add", "8:00")
    ok("--db", str(db), "remind", "install", "--scheduler", "cron")
    assert fakes.crontab is not None
    (line,) = [text for text in fakes.crontab.decode().splitlines() if text.startswith("0 8")]
    done = subprocess.run(
        ["/bin/sh", "-c", line.split(" ", 5)[5].replace("\\%", "%")],
        env={
            "PATH": f"{fakes.bin}:/usr/bin:/bin",
            "HOME": str(fakes.home),
            "FAKE_DIR": str(fakes.root),
            "STRETCHLOG_NOW": "2026-11-25T09:30:00+00:00",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert fakes.calls[-2].endswith("Time to stretch: favourites")
