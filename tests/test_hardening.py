"""Attacks on the real program: many processes, crashes, broken files, hostile text, time zones.

These run the installed console script as separate processes, as users and their scripts do.
"""

from __future__ import annotations

import ctypes
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import pytest

PROGRAM = Path(sys.executable).parent / "stretchlog"
NOW = "2026-11-25T09:30:00+00:00"


def environment(db: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("STRETCHLOG_", "XDG_")) and key not in ("NO_COLOR", "TZ")
    }
    home = db.parent / "home"
    return (
        env
        | {
            "STRETCHLOG_DB": str(db),
            "STRETCHLOG_NOW": NOW,
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"),
            "TZ": "UTC",
        }
        | extra
    )


def stretchlog(
    *args: str, db: Path, preexec_fn: Callable[[], None] | None = None, **extra: str
) -> subprocess.CompletedProcess[str]:
    assert PROGRAM.exists(), f"stretchlog is not installed next to {sys.executable}"
    return subprocess.run(
        [str(PROGRAM), *args],
        env=environment(db, **extra),
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=preexec_fn,
    )


def assert_one_clear_line(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("stretchlog: error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def sessions_in(db: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT day, note FROM sessions ORDER BY id").fetchall()


# Many processes at once


@pytest.mark.slow
def test_four_processes_logging_a_hundred_sessions_each_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    script = (
        "import sys\n"
        "from stretchlog.cli import main\n"
        "worker = sys.argv[1]\n"
        "for n in range(100):\n"
        "    sys.argv = ['stretchlog', 'log', 'pigeon', '--note', f'{worker}-{n}']\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as done:\n"
        "        if done.code:\n"
        "            sys.exit(f'{worker}-{n} failed with {done.code}')\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(worker)],
            env=environment(db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    errors = [worker.communicate(timeout=300)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0, 0, 0], errors
    assert not any("locked" in error for error in errors)
    notes = sorted(note for _, note in sessions_in(db))
    assert notes == sorted(f"{w}-{n}" for w in range(4) for n in range(100))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM session_stretches").fetchone()[0] == 800


@pytest.mark.slow
def test_processes_creating_the_database_together_share_one(tmp_path: Path) -> None:
    db = tmp_path / "new" / "stretchlog.db"
    with ThreadPoolExecutor(8) as pool:
        results = list(
            pool.map(lambda n: stretchlog("log", "pigeon", "--note", str(n), db=db), range(8))
        )
    assert [r.returncode for r in results] == [0] * 8, [r.stderr for r in results]
    assert len(sessions_in(db)) == 8
    assert not list(db.parent.glob(".stretchlog-new-*"))


# Crashes


@pytest.mark.slow
def test_a_process_killed_at_any_moment_never_corrupts_or_loses_a_reported_session(
    tmp_path: Path,
) -> None:
    db = tmp_path / "crash.db"
    assert stretchlog("log", "pigeon", "--note", "first", db=db).returncode == 0
    chooser = random.Random(7)
    reported = {"first"}
    for attempt in range(40):
        note = f"attempt-{attempt}"
        process = subprocess.Popen(
            [str(PROGRAM), "log", "couch", "pigeon", "--note", note],
            env=environment(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(chooser.uniform(0.0, 0.4))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        if process.returncode == 0 and "Logged session" in out:
            reported.add(note)
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in conn.execute("SELECT note FROM sessions")}
        holds = dict(
            conn.execute(
                "SELECT s.note, count(h.id) FROM sessions s"
                " LEFT JOIN session_stretches h ON h.session_id = s.id GROUP BY s.id"
            ).fetchall()
        )
    assert reported <= stored
    assert all(count in (2, 4) for count in holds.values())  # no half-written session
    assert 0 < len(reported) - 1 < 40, "the kills should land both before and after success"
    assert stretchlog("history", db=db).returncode == 0


# Broken and foreign databases


def _stretchlog_database(path: Path) -> None:
    assert stretchlog("log", "pigeon", db=path).returncode == 0


def _not_sqlite(path: Path) -> None:
    path.write_text("my shopping list\n" * 200)


def _truncated(path: Path) -> None:
    _stretchlog_database(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _zero_bytes(path: Path) -> None:
    path.write_bytes(b"")


def _other_application(path: Path) -> None:
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        conn.execute("INSERT INTO recipes VALUES ('soup', 30)")


def _newer_stretchlog(path: Path) -> None:
    _stretchlog_database(path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at)"
            " VALUES ('stretchlog', 'm999_from_the_future', '2030-01-01')"
        )


BROKEN = {
    "not sqlite": (_not_sqlite, "is not a usable stretchlog database"),
    "truncated": (_truncated, "is not a usable stretchlog database"),
    "zero bytes": (_zero_bytes, "is empty (0 bytes)"),
    "another application's": (_other_application, "another program"),
    "a newer stretchlog's": (_newer_stretchlog, "newer stretchlog"),
}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(BROKEN))
@pytest.mark.parametrize("command", [("history",), ("log", "pigeon"), ("status",), ("stats",)])
def test_broken_and_foreign_databases_are_refused_untouched(
    tmp_path: Path, kind: str, command: tuple[str, ...]
) -> None:
    make, message = BROKEN[kind]
    db = tmp_path / "stretchlog.db"
    make(db)
    files = sorted(tmp_path.iterdir())
    before = db.read_bytes()
    result = stretchlog(*command, db=db)
    assert_one_clear_line(result, str(db), message)
    assert db.read_bytes() == before
    assert sorted(tmp_path.iterdir()) == files


@pytest.mark.slow
def test_a_directory_is_refused(tmp_path: Path) -> None:
    assert_one_clear_line(stretchlog("log", "pigeon", db=tmp_path), "is a directory")


def _without_root_powers() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the child, so that even when the tests
    run as root, file permissions apply to it as to any user."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        libc.prctl(24, capability, 0, 0, 0)  # PR_CAPBSET_DROP


def _need_permissions(tmp_path: Path) -> None:
    """Skip where file permissions cannot be enforced, but never in CI: there the tests that
    need them must run, or CI fails."""
    probe = tmp_path / "probe"
    probe.write_text("x")
    probe.chmod(0)
    result = subprocess.run(
        ["cat", str(probe)], capture_output=True, preexec_fn=_without_root_powers
    )
    probe.unlink()
    if result.returncode == 0:
        if os.environ.get("CI"):
            pytest.fail("file permissions cannot be enforced here, so CI cannot test them")
        pytest.skip("file permissions cannot be enforced on this machine")


@pytest.mark.slow
@pytest.mark.parametrize("file_mode", [0o444, 0o644], ids=["read-only file", "read-only folder"])
def test_a_read_only_database_can_be_read_but_not_written(tmp_path: Path, file_mode: int) -> None:
    _need_permissions(tmp_path)
    db = tmp_path / "data" / "stretchlog.db"
    _stretchlog_database(db)
    db.chmod(file_mode)
    db.parent.chmod(0o555)  # not even -wal or -shm files can be made beside it
    try:
        before = db.read_bytes()
        history = stretchlog("history", "--json", db=db, preexec_fn=_without_root_powers)
        assert history.returncode == 0, history.stderr
        assert len(json.loads(history.stdout)) == 1
        export = stretchlog("export", db=db, preexec_fn=_without_root_powers)
        assert export.returncode == 0 and export.stderr == "", export.stderr
        for command in (
            ("log", "pigeon"),
            ("rest", "--date", "yesterday"),
            ("fav", "add", "couch"),
        ):
            result = stretchlog(*command, db=db, preexec_fn=_without_root_powers)
            assert_one_clear_line(result, str(db), "read-only")
        assert db.read_bytes() == before
    finally:
        db.parent.chmod(0o755)


@pytest.mark.slow
def test_an_unreadable_database_is_one_line(tmp_path: Path) -> None:
    _need_permissions(tmp_path)
    db = tmp_path / "stretchlog.db"
    _stretchlog_database(db)
    db.chmod(0)
    for command in (("history",), ("log", "pigeon"), ("status",)):
        result = stretchlog(*command, db=db, preexec_fn=_without_root_powers)
        assert_one_clear_line(result, str(db), "permission denied")


# Privacy


@pytest.mark.slow
def test_the_data_folder_and_files_are_private(tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "deeper" / "stretchlog.db"
    # even with a umask that lets everyone read everything
    assert stretchlog("log", "pigeon", db=db, preexec_fn=lambda: os.umask(0)).returncode == 0
    assert db.parent.stat().st_mode & 0o777 == 0o700
    for path in [db, *db.parent.glob("stretchlog.db-*")]:
        assert path.stat().st_mode & 0o077 == 0, path
    assert stretchlog("backup", str(tmp_path / "copy.db"), db=db).returncode == 0
    assert (tmp_path / "copy.db").stat().st_mode & 0o777 == 0o600


@pytest.mark.slow
def test_nothing_is_sent_anywhere(tmp_path: Path) -> None:
    """A tour of every command, each in a process whose sockets fail: none of them even tries."""
    db = tmp_path / "stretchlog.db"
    script = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise SystemExit('stretchlog opened a socket')\n"
        "socket.socket.__init__ = refuse\n"
        "socket.create_connection = refuse\n"
        "from stretchlog.cli import main\n"
        "sys.argv = ['stretchlog', *sys.argv[1:]]\n"
        "main()\n"
    )
    commands = [
        "log pigeon", "rest --date yesterday", "fav add couch", "catalog", "show couch",
        "streak", "streak --by-stretch", "history", "calendar", "stats", "status", "today",
        "start --dry-run", f"export --output {tmp_path / 'x.json'}", f"import {tmp_path / 'x.json'}",
        f"backup {tmp_path / 'b.db'}", "edit 1 --note hi",
    ]  # fmt: skip
    for command in commands:
        result = subprocess.run(
            [sys.executable, "-c", script, *command.split()],
            env=environment(db),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode in (0, 1), (command, result.stderr)
        assert "socket" not in result.stderr, command


# Time zones and the calendar day


@pytest.mark.slow
@pytest.mark.parametrize(
    ("zone", "moment", "day"),
    [
        # the night US daylight saving time ends (1 November 2026, 02:00 EDT -> 01:00 EST)
        ("America/New_York", "2026-11-01T05:30:00+00:00", "2026-11-01"),  # 01:30 EDT
        ("America/New_York", "2026-11-01T06:30:00+00:00", "2026-11-01"),  # 01:30 EST, again
        ("America/New_York", "2026-11-02T04:59:59+00:00", "2026-11-01"),  # 23:59:59 EST
        ("America/New_York", "2026-11-02T05:00:00+00:00", "2026-11-02"),  # midnight
        # the morning European summer time begins (29 March 2026, 02:00 CET -> 03:00 CEST)
        ("Europe/Berlin", "2026-03-28T23:30:00+00:00", "2026-03-29"),
        ("Europe/Berlin", "2026-03-29T21:59:59+00:00", "2026-03-29"),
        ("Europe/Berlin", "2026-03-29T22:00:00+00:00", "2026-03-30"),
        # far from UTC
        ("Pacific/Kiritimati", "2026-11-24T10:30:00+00:00", "2026-11-25"),
        ("Pacific/Pago_Pago", "2026-11-25T10:30:00+00:00", "2026-11-24"),
    ],
)
def test_sessions_land_on_the_local_day(tmp_path: Path, zone: str, moment: str, day: str) -> None:
    db = tmp_path / "stretchlog.db"
    logged = stretchlog("log", "pigeon", db=db, TZ=zone, STRETCHLOG_NOW=moment)
    assert logged.returncode == 0, logged.stderr
    [session] = json.loads(
        stretchlog("history", "--json", db=db, TZ=zone, STRETCHLOG_NOW=moment).stdout
    )
    assert session["date"] == day
    status = stretchlog("status", db=db, TZ=zone, STRETCHLOG_NOW=moment)
    assert (status.returncode, status.stdout) == (0, "stretched · 1-day streak\n")


@pytest.mark.slow
def test_a_streak_across_the_dst_change_has_no_gap_or_double_day(tmp_path: Path) -> None:
    """Logging each evening at 21:00 local time through the change: one day each, no gap."""
    db = tmp_path / "stretchlog.db"
    zone = "America/New_York"
    evenings = [  # 21:00 local on 30 Oct - 3 Nov 2026; EDT is UTC-4 until 1 Nov, then EST UTC-5
        "2026-10-31T01:00:00+00:00", "2026-11-01T01:00:00+00:00", "2026-11-02T02:00:00+00:00",
        "2026-11-03T02:00:00+00:00", "2026-11-04T02:00:00+00:00",
    ]  # fmt: skip
    for moment in evenings:
        assert stretchlog("log", "pigeon", db=db, TZ=zone, STRETCHLOG_NOW=moment).returncode == 0
    streak = json.loads(
        stretchlog("streak", "--json", db=db, TZ=zone, STRETCHLOG_NOW=evenings[-1]).stdout
    )
    assert (streak["current"], streak["current_start"]) == (5, "2026-10-30")


@pytest.mark.slow
def test_after_the_time_zone_changes_days_stay_where_they_were_logged(tmp_path: Path) -> None:
    """Logged in Tokyo on the 25th (still the 24th in Los Angeles); a flight east to west later,
    the session is still the 25th's, and streaks count it from that day on."""
    db = tmp_path / "stretchlog.db"
    moment = "2026-11-24T23:30:00+00:00"  # 08:30 on the 25th in Tokyo, 15:30 on the 24th in LA
    assert (
        stretchlog("log", "pigeon", db=db, TZ="Asia/Tokyo", STRETCHLOG_NOW=moment).returncode == 0
    )
    assert stretchlog("log", "couch", "--date", "yesterday", db=db, TZ="Asia/Tokyo",
                      STRETCHLOG_NOW=moment).returncode == 0  # fmt: skip
    in_la = json.loads(
        stretchlog(
            "streak", "--json", db=db, TZ="America/Los_Angeles", STRETCHLOG_NOW=moment
        ).stdout
    )
    assert (in_la["today"], in_la["today_done"], in_la["current"]) == ("2026-11-24", True, 1)
    next_day = "2026-11-25T20:00:00+00:00"  # 12:00 on the 25th in LA
    later = json.loads(
        stretchlog(
            "streak", "--json", db=db, TZ="America/Los_Angeles", STRETCHLOG_NOW=next_day
        ).stdout
    )
    assert (later["today"], later["today_done"], later["current"]) == ("2026-11-25", True, 2)


@pytest.mark.slow
def test_every_session_logged_during_a_restore_is_kept_or_restored(tmp_path: Path) -> None:
    """Four processes log while `restore` runs: each session they were told was logged is in
    the restored database (logged after) or in the copy kept of the one replaced (before)."""
    db = tmp_path / "live.db"
    assert stretchlog("log", "bridge", "--note", "in the backup", db=db).returncode == 0
    backup = tmp_path / "backup.db"
    assert stretchlog("backup", str(backup), db=db).returncode == 0
    script = (
        "import sys\n"
        "from stretchlog.cli import main\n"
        "worker = sys.argv[1]\n"
        "for n in range(40):\n"
        "    sys.argv = ['stretchlog', 'log', 'pigeon', '--note', f'{worker}-{n}']\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as done:\n"
        "        if done.code == 0:\n"
        "            print(f'{worker}-{n}', file=sys.stderr, flush=True)\n"
    )
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(worker)],
            env=environment(db),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker in range(4)
    ]
    time.sleep(0.3)
    restored = stretchlog("restore", str(backup), "--yes", db=db)
    acknowledged = set()
    for worker in workers:
        acknowledged |= set(worker.communicate(timeout=300)[1].split())
    assert restored.returncode == 0, restored.stderr
    kept_path = next(tmp_path.glob("stretchlog-before-restore-*.db"))
    kept = {note for _, note in sessions_in(kept_path)}
    after = {note for _, note in sessions_in(db)}
    assert acknowledged, "no worker logged anything"
    assert acknowledged <= kept | after, sorted(acknowledged - kept - after)[:5]
    assert "in the backup" in after


@pytest.mark.slow
def test_two_imports_of_one_file_at_once_both_succeed_once(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    for day in range(30):
        stretchlog("log", "pigeon", "--date", f"{day} days ago", db=source)
    export = tmp_path / "export.json"
    export.write_text(stretchlog("export", db=source).stdout)
    db = tmp_path / "target.db"
    imports = [
        subprocess.Popen(
            [str(PROGRAM), "import", str(export)],
            env=environment(db),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    results = [job.communicate(timeout=120) for job in imports]
    assert [job.returncode for job in imports] == [0, 0, 0], [err for _, err in results]
    assert sum("Imported 30 sessions" in out for out, _ in results) == 1
    assert len(sessions_in(db)) == 30
