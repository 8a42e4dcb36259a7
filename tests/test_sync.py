"""`stretchlog sync` from the command line: two or three devices, each with its own database and
settings, sharing one folder (or a git remote), and folders that hold what no stretchlog wrote."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stretchlog.cli import app
from stretchlog.domain.sync import stamp_moment
from tests.conftest import Result, pinned_environment

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


class Device:
    """One machine: its database, its settings, and a clock a minute on at each command."""

    def __init__(self, root: Path, name: str, skew: timedelta = timedelta()) -> None:
        self.db = root / f"{name}.db"
        self.config = root / f"config-{name}"
        self.skew = skew
        self.steps = 0

    def run(self, *args: str, **env: Any) -> Result:
        self.steps += 1
        moment = START + self.skew + timedelta(minutes=self.steps)
        result = CliRunner().invoke(
            app,
            ["--db", str(self.db), *args],
            obj=pinned_environment(now=lambda: moment, **env),
            env={"XDG_CONFIG_HOME": str(self.config)},
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return Result(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, **env: Any) -> Result:
        result = self.run(*args, **env)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        assert result.stderr == ""
        return result

    def fails(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 1, (args, result.stdout, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("stretchlog: error: ")
        return lines[0]

    def sync(self, folder: Path) -> Result:
        return self.ok("sync", str(folder))

    def sync_json(self, folder: Path) -> Any:
        return self.ok("sync", str(folder), "--json").json()

    def uid(self) -> str:
        with sqlite3.connect(self.db) as conn:
            row = conn.execute("SELECT uid FROM sync_device").fetchone()
        conn.close()
        return str(row[0])

    def history(self) -> Any:
        return self.ok("history", "--json").json()

    def shared_history(self) -> list[dict[str, Any]]:
        """The history without the ids, which each database numbers for itself."""
        return [{k: v for k, v in entry.items() if k != "id"} for entry in self.history()]

    def days(self) -> list[tuple[str, str]]:
        return sorted((entry["date"], entry["kind"]) for entry in self.history())

    def export(self) -> str:
        return self.ok("export").stdout


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    made = tmp_path / "Sync"
    made.mkdir()
    return made


@pytest.fixture
def a(tmp_path: Path) -> Device:
    return Device(tmp_path, "a")


@pytest.fixture
def b(tmp_path: Path) -> Device:
    return Device(tmp_path, "b")


def own_lines(device: Device, folder: Path) -> list[dict[str, Any]]:
    text = (folder / f"stretchlog-{device.uid()}.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


def both_sync(folder: Path, *devices: Device) -> None:
    for _ in range(2):
        for device in devices:
            device.sync(folder)


# 1. The first sync, and one with nothing new


def test_first_sync_publishes_the_whole_history_and_another_device_takes_it_in(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20", "--note", "stiff")
    a.ok("rest", "--date", "2026-11-21")
    a.ok("log", "pigeon", "--date", "2026-11-22", "--tightness", "6")
    first = a.sync(folder).stdout
    assert "its whole history was sent" in first
    assert len(own_lines(a, folder)) >= 3
    taken = b.sync_json(folder)
    assert b.shared_history() == a.shared_history()
    assert b.export() == a.export()
    assert [device["arrived"] for device in taken["devices"]] == [len(own_lines(a, folder))]
    again = a.sync(folder).stdout
    assert "Sent nothing new" in again


# 2. A rest day on one machine, a session on the other


def test_a_session_elsewhere_hides_the_rest_day_until_it_is_deleted(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("rest", "--date", "2026-11-20")
    b.ok("log", "couch", "--date", "2026-11-20")
    both_sync(folder, a, b)
    assert a.days() == b.days() == [("2026-11-20", "session")]
    session = b.history()[0]["id"]
    b.ok("delete", str(session), "--yes")
    both_sync(folder, a, b)
    assert a.days() == b.days() == [("2026-11-20", "rest")]
    assert a.export() == b.export()


def test_a_session_deleted_on_the_other_machine_brings_the_rest_day_back(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("rest", "--date", "2026-11-20")
    b.ok("log", "couch", "--date", "2026-11-20")
    both_sync(folder, a, b)
    session = a.history()[0]["id"]
    a.ok("delete", str(session), "--yes")
    both_sync(folder, a, b)
    assert a.days() == b.days() == [("2026-11-20", "rest")]


def test_pauses_of_one_day_made_on_two_machines_export_alike(
    a: Device, b: Device, folder: Path
) -> None:
    for device in (b, a):
        device.ok("pause", "--from", "2026-11-20", "--to", "2026-11-20")
    both_sync(folder, a, b)
    pauses = [json.loads(a.export())["pauses"], json.loads(b.export())["pauses"]]
    assert len(pauses[0]) == 2
    assert pauses[0] == pauses[1]
    assert a.export() == b.export()


# 3. Routines on two machines at once


def routines(device: Device) -> list[tuple[str, tuple[str, ...], bool]]:
    found = device.ok("routine", "list", "--json").json()
    return sorted((r["name"], tuple(s["id"] for s in r["stretches"]), r["default"]) for r in found)


def test_a_routine_edited_on_two_machines_at_once_ends_as_the_last_writer_left_it(
    tmp_path: Path, folder: Path
) -> None:
    a = Device(tmp_path, "a")
    b = Device(tmp_path, "b", skew=timedelta(minutes=30))  # b's clock is ahead: b writes last
    a.ok("routine", "new", "evening", "couch")
    both_sync(folder, a, b)
    a.ok("routine", "add", "evening", "pigeon")
    b.ok("routine", "add", "evening", "thomas")
    both_sync(folder, a, b)
    assert routines(a) == routines(b)
    evening = [r for r in routines(a) if r[0] == "evening"]
    assert evening == [("evening", ("couch-stretch", "thomas-stretch"), False)]


def test_two_routines_made_with_one_name_both_survive_named_alike_everywhere(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("routine", "new", "desk", "couch")
    b.ok("routine", "new", "desk", "pigeon")
    both_sync(folder, a, b)
    assert routines(a) == routines(b)
    desks = [r for r in routines(a) if r[0].startswith("desk")]
    assert len(desks) == 2
    assert {r[1] for r in desks} == {("couch-stretch",), ("pigeon",)}
    assert "desk" in [r[0] for r in desks]


def test_choosing_a_default_on_both_machines_leaves_one_default_on_both(
    tmp_path: Path, folder: Path
) -> None:
    a = Device(tmp_path, "a")
    b = Device(tmp_path, "b", skew=timedelta(minutes=30))  # b's clock is ahead: b chooses last
    a.ok("routine", "new", "evening", "couch")
    a.ok("routine", "new", "desk", "pigeon")
    both_sync(folder, a, b)
    a.ok("routine", "default", "evening")
    b.ok("routine", "default", "desk")
    both_sync(folder, a, b)
    assert routines(a) == routines(b)
    assert [r[0] for r in routines(a) if r[2]] == ["desk"]


# 4. A stretch of one's own


def test_a_custom_stretch_arrives_in_the_other_catalog_and_its_sessions_export_alike(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok(
        "catalog", "add", "--id", "wall-lean", "--name", "Wall lean",
        "--position", "standing", "--per-side", "--hold", "30",
    )  # fmt: skip
    a.ok("log", "wall-lean", "--date", "2026-11-20")
    both_sync(folder, a, b)
    toml = (b.config / "stretchlog" / "stretches.toml").read_text()
    assert 'id = "wall-lean"' in toml
    b.ok("log", "wall-lean", "--date", "2026-11-21")
    both_sync(folder, a, b)
    assert a.export() == b.export()
    assert [e["date"] for e in a.history()] == ["2026-11-21", "2026-11-20"]


# 5. Conflict copies


@pytest.mark.parametrize(
    "copy_name",
    [
        "stretchlog-{}.sync-conflict-20261126-101500-ABCDEFG.jsonl",
        "stretchlog-{} (laptop's conflicted copy 2026-11-26).jsonl",
    ],
)
def test_a_conflict_copy_is_read_like_the_device_file_and_doubles_nothing(
    a: Device, b: Device, folder: Path, copy_name: str
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    own = folder / f"stretchlog-{a.uid()}.jsonl"
    (folder / copy_name.format(a.uid())).write_bytes(own.read_bytes())
    b.sync(folder)
    b.sync(folder)
    assert b.export() == a.export()
    assert len(b.history()) == 1


# 6. A line still being copied


def test_a_line_cut_short_waits_and_is_applied_once_complete(
    a: Device, b: Device, folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(elsewhere)
    a.ok("log", "pigeon", "--date", "2026-11-21")
    a.sync(elsewhere)
    name = f"stretchlog-{a.uid()}.jsonl"
    whole = (elsewhere / name).read_bytes()
    cut = len(whole) - 10
    assert b"\n" not in whole[whole.rindex(b"\n", 0, len(whole) - 1) + 1 : cut]
    (folder / name).write_bytes(whole[:cut])
    b.sync(folder)
    assert [e["date"] for e in b.history()] == ["2026-11-20"]
    (folder / name).write_bytes(whole)
    b.sync(folder)
    assert b.export() == a.export()


# 7. Hostile folders

OTHER = "0123456789abcdef0123456789abcdef"


def line_of(fields: dict[str, Any]) -> bytes:
    return (json.dumps(fields, separators=(",", ":")) + "\n").encode()


def session_line(device: str, seq: int, uid: str, **state: Any) -> bytes:
    session = {
        "uid": uid,
        "date": "2026-11-20",
        "logged_at": "2026-11-25T09:00:00Z",
        "kind": "session",
        "source": "manual",
        "stretches": [{"id": "pigeon", "side": "left", "seconds": 60, "reps": 1}],
        **state,
    }
    return line_of(
        {
            "v": 1,
            "device": device,
            "seq": seq,
            "stamp": 1 << 50,
            "kind": "session",
            "key": uid,
            "state": session,
        }
    )


def test_a_forged_file_is_refused_for_its_device_and_the_others_still_apply(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    forged = folder / f"stretchlog-{OTHER}.jsonl"
    forged.write_bytes(session_line(a.uid(), 1, "f" * 32))
    report = b.sync_json(folder)
    by_device = {device["device"]: device for device in report["devices"]}
    assert by_device[OTHER]["refused"] == 1
    assert "naming another device" in by_device[OTHER]["problems"][0]
    assert by_device[a.uid()]["arrived"] >= 1
    assert [e["date"] for e in b.history()] == ["2026-11-20"]
    assert b.shared_history() == a.shared_history()


def test_a_gigabyte_line_is_reported_without_being_read_into_memory(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    huge = folder / f"stretchlog-{OTHER}.jsonl"
    huge.write_bytes(session_line(OTHER, 1, "e" * 32))
    os.truncate(huge, 2**30)
    started = time.monotonic()
    report = b.sync_json(folder)
    assert time.monotonic() - started < 2
    started = time.monotonic()
    status = b.ok("sync", str(folder), "--status", "--json").json()
    assert time.monotonic() - started < 2
    by_device = {device["device"]: device for device in report["devices"]}
    assert by_device[OTHER]["arrived"] == 1
    assert "longer than 262,144 bytes" in by_device[OTHER]["problems"][0]
    assert len(b.history()) == 2
    waiting = {device["device"]: device["waiting"] for device in status}
    assert waiting == {a.uid(): 0, b.uid(): 0, OTHER: 0}


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"\x00\xff garbage\n", "not JSON"),
        (b"[1, 2, 3]\n", "not a JSON object"),
        (b'{"v": 0}\n', "unknown format 0"),
        (b'{"v": 1}\n', "names no device"),
    ],
)
def test_a_file_of_another_format_is_refused_line_by_line(
    b: Device, folder: Path, content: bytes, said: str
) -> None:
    (folder / f"stretchlog-{OTHER}.jsonl").write_bytes(content + session_line(OTHER, 2, "d" * 32))
    report = b.sync_json(folder)
    other = report["devices"][0]
    assert (other["refused"], other["arrived"]) == (1, 1)
    assert said in other["problems"][0]
    status = {d["device"]: d for d in b.ok("sync", str(folder), "--status", "--json").json()}
    assert status[OTHER]["refused"] == 1
    assert said in status[OTHER]["problem"]


def test_a_newer_format_is_reported_and_that_device_s_later_lines_wait(
    b: Device, folder: Path
) -> None:
    path = folder / f"stretchlog-{OTHER}.jsonl"
    newer = line_of({"v": 99, "device": OTHER, "seq": 2})
    path.write_bytes(session_line(OTHER, 1, "d" * 32))
    b.sync(folder)
    path.write_bytes(path.read_bytes() + newer + session_line(OTHER, 3, "c" * 32))
    for _ in range(2):  # the wait holds on every sync, and nothing is counted twice
        report = b.sync_json(folder)
        other = report["devices"][0]
        assert (other["arrived"], other["already_here"], other["refused"]) == (0, 0, 0)
        assert "newer stretchlog" in other["problems"][0]
    assert len(b.history()) == 1
    status = {d["device"]: d for d in b.ok("sync", str(folder), "--status", "--json").json()}
    assert "newer stretchlog" in status[OTHER]["problem"]
    assert status[OTHER]["waiting"] == 2


def test_a_change_stamped_far_in_the_future_applies_without_dragging_the_clock(
    a: Device, b: Device, folder: Path
) -> None:
    """A machine whose clock says 2100 cannot make its changes win over every change made
    elsewhere until then: its change applies (every device picks the same winner), this
    device's clock stays near the time, and an edit made here afterwards still wins."""
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    b.sync(folder)
    path = folder / f"stretchlog-{OTHER}.jsonl"
    future = json.loads(session_line(OTHER, 1, "f" * 32, note="from 2100"))
    future["stamp"] = int(datetime(2100, 1, 1, tzinfo=UTC).timestamp() * 1000) << 16
    path.write_bytes(line_of(future))
    report = b.sync_json(folder)
    other = next(d for d in report["devices"] if d["device"] == OTHER)
    assert (other["arrived"], other["refused"]) == (1, 0)
    assert "more than a day ahead" in other["problems"][0]
    with sqlite3.connect(b.db) as conn:
        clock = conn.execute("SELECT clock FROM sync_device").fetchone()[0]
    conn.close()
    assert stamp_moment(clock).year == 2026
    session = next(e for e in b.history() if e["note"] == "from 2100")
    b.ok("edit", str(session["id"]), "--note", "mended here")
    b.sync(folder)
    a.sync(folder)
    a.sync(folder)
    assert "mended here" in a.export() and "from 2100" not in a.export()
    assert a.export() == b.export()


def test_a_link_named_like_a_device_file_is_passed_over_unread(
    b: Device, folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.jsonl"
    outside.write_bytes(session_line(OTHER, 1, "d" * 32))
    (folder / f"stretchlog-{OTHER}.jsonl").symlink_to(outside)
    report = b.sync_json(folder)
    assert report["devices"] == []
    assert report["passed_over"] == [
        f"stretchlog-{OTHER}.jsonl: a link, not a plain file: not read"
    ]
    assert b.history() == []


def test_a_file_of_many_lines_is_taken_in(b: Device, folder: Path) -> None:
    count = 3000
    (folder / f"stretchlog-{OTHER}.jsonl").write_bytes(
        b"".join(
            session_line(OTHER, seq, f"{seq:032x}", date=f"2020-{seq % 12 + 1:02}-01")
            for seq in range(1, count + 1)
        )
    )
    report = b.sync_json(folder)
    assert report["devices"][0]["arrived"] == count
    assert len(b.history()) == count


@pytest.mark.parametrize(
    ("state", "field"),
    [
        ({"tightness": 11}, "tightness"),
        ({"date": "tomorrow"}, "date"),
        ({"note": "half a pair \ud800"}, "note"),  # control characters are a note's own
        ({"stretches": [{"id": "pigeon", "side": "up", "seconds": 60, "reps": 1}]}, "side"),
    ],
)
def test_a_session_breaking_a_field_rule_is_refused_with_the_field_named(
    b: Device, folder: Path, state: dict[str, Any], field: str
) -> None:
    (folder / f"stretchlog-{OTHER}.jsonl").write_bytes(
        session_line(OTHER, 1, "d" * 32, **state) + session_line(OTHER, 2, "c" * 32)
    )
    other = b.sync_json(folder)["devices"][0]
    assert (other["refused"], other["arrived"]) == (1, 1)
    assert field in other["problems"][0]
    assert len(b.history()) == 1


def test_one_bad_file_never_stops_the_others(a: Device, b: Device, folder: Path) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    (folder / f"stretchlog-{OTHER}.jsonl").write_bytes(b"\xff" * 10 + b"\n")
    (folder / f"stretchlog-{'1' * 32}.jsonl").mkdir()
    report = b.sync_json(folder)
    by_device = {device["device"]: device for device in report["devices"]}
    assert by_device[OTHER]["refused"] == 1
    assert by_device[a.uid()]["refused"] == 0
    assert b.shared_history() == a.shared_history()


# 8. The status


def test_the_status_counts_what_waits_on_each_side(a: Device, b: Device, folder: Path) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    b.sync(folder)
    a.ok("log", "pigeon", "--date", "2026-11-21")
    a.ok("rest", "--date", "2026-11-22")
    waiting_here = a.ok("sync", str(folder), "--status", "--json").json()
    assert [(d["this"], d["waiting"]) for d in waiting_here] == [(True, 2), (False, 1)]  # b's name
    a.sync(folder)
    status = b.ok("sync", str(folder), "--status", "--json").json()
    keys = ["device", "name", "this", "last_synced", "last_change", "waiting", "refused", "problem"]
    assert [list(d) for d in status] == [keys, keys]
    by_device = {d["device"]: d for d in status}
    assert by_device[a.uid()]["waiting"] == 2
    assert by_device[a.uid()]["this"] is False
    assert by_device[b.uid()]["this"] is True
    assert by_device[b.uid()]["waiting"] == 0
    assert by_device[a.uid()]["refused"] == 0
    assert by_device[a.uid()]["problem"] is None
    b.sync(folder)
    status = b.ok("sync", str(folder), "--status", "--json").json()
    assert [d["waiting"] for d in status] == [0, 0]
    text = b.ok("sync", str(folder), "--status").stdout
    assert ", this one" in text
    assert a.uid()[:8] in text


def test_a_new_machine_joining_does_not_wipe_the_favourites_the_others_have(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("fav", "add", "couch", "pigeon")
    a.sync(folder)
    b.ok("log", "thomas", "--date", "2026-11-21")  # b has history, and no favourites
    b.steps += 60  # and joins an hour later: its own (empty) favourites are the newer
    b.sync(folder)
    a.sync(folder)
    for device in (a, b):
        assert [f["id"] for f in device.ok("fav", "list", "--json").json()] == [
            "couch-stretch",
            "pigeon",
        ]
    assert a.export() == b.export()


# 9. What sync refuses to do


def test_sync_without_a_folder_says_how_to_name_one(a: Device) -> None:
    line = a.fails("sync")
    assert "no sync folder given" in line
    assert not a.db.exists() or not a.ok("sync", "--status", "--json").json()


@pytest.mark.parametrize("what", ["missing", "file"])
def test_sync_into_a_folder_that_is_not_one_is_refused(
    a: Device, tmp_path: Path, what: str
) -> None:
    target = tmp_path / "not-a-folder"
    if what == "file":
        target.write_text("x")
    a.ok("log", "couch")
    line = a.fails("sync", str(target))
    assert ("does not exist" if what == "missing" else "is not a folder") in line
    assert a.ok("sync", "--status", "--json").json() == []
    assert not target.exists() or target.read_text() == "x"


@pytest.mark.parametrize("what", ["link", "folder"])
def test_an_own_file_that_is_a_link_or_a_folder_is_never_written_through(
    a: Device, folder: Path, tmp_path: Path, what: str
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    own = folder / f"stretchlog-{a.uid()}.jsonl"
    before = own.read_bytes()
    own.unlink()
    outside = tmp_path / "outside.jsonl"
    outside.write_bytes(before)
    if what == "link":
        own.symlink_to(outside)
    else:
        own.mkdir()
    a.ok("log", "pigeon", "--date", "2026-11-21")
    line = a.fails("sync", str(folder))
    assert f"stretchlog-{a.uid()}.jsonl" in line
    assert outside.read_bytes() == before
    assert a.ok("sync", str(folder), "--status", "--json").json()[0]["waiting"] == 1


def test_a_folder_refusing_writes_is_refused_and_nothing_is_marked_sent(
    a: Device, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a read-only folder does (root writes anywhere, so the refusal is made to order)."""
    a.ok("log", "couch", "--date", "2026-11-20")
    real_open = os.open

    def refusing(path: Any, flags: int, *args: Any) -> int:
        if flags & os.O_WRONLY and Path(path).parent == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args)

    monkeypatch.setattr("stretchlog.storage.sync_folder.os.open", refusing)
    line = a.fails("sync", str(folder))
    monkeypatch.undo()
    assert "cannot write" in line and "Permission denied" in line
    assert list(folder.iterdir()) == []
    assert a.ok("sync", "--status", "--json").json() == []
    assert "its whole history was sent" in a.sync(folder).stdout


# 10. Settings


def test_the_configured_folder_and_device_name_are_used(
    a: Device, b: Device, tmp_path: Path
) -> None:
    home_folder = tmp_path / "home" / "Sync"
    home_folder.mkdir(parents=True)
    a.ok("config", "set", "sync.dir", str(home_folder))
    a.ok("config", "set", "device.name", "Laptop")
    a.ok("log", "couch", "--date", "2026-11-20")
    a.ok("sync")
    assert (home_folder / f"stretchlog-{a.uid()}.jsonl").exists()
    b.sync(home_folder)
    status = {d["device"]: d for d in b.ok("sync", str(home_folder), "--status", "--json").json()}
    assert status[a.uid()]["name"] == "Laptop"
    assert "Laptop" in b.ok("sync", str(home_folder), "--status").stdout


def test_a_configured_folder_under_home_is_expanded(
    a: Device, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "x").mkdir()
    a.ok("config", "set", "sync.dir", "~/x")
    a.ok("sync")
    assert [p.name for p in (tmp_path / "x").iterdir()] == [f"stretchlog-{a.uid()}.jsonl"]


# 12. A restored backup


def test_a_restored_backup_loses_nothing_and_numbers_on(
    a: Device, b: Device, folder: Path, tmp_path: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    backup = tmp_path / "a-backup.db"
    a.ok("backup", str(backup))
    a.ok("log", "pigeon", "--date", "2026-11-21")
    a.sync(folder)
    a.ok("restore", str(backup), "--yes")
    a.ok("log", "couch", "--date", "2026-11-22")
    a.sync(folder)
    b.sync(folder)
    assert [e["date"] for e in a.history()] == ["2026-11-22", "2026-11-21", "2026-11-20"]
    assert b.shared_history() == a.shared_history()
    seqs = [line["seq"] for line in own_lines(a, folder)]
    assert seqs == sorted(set(seqs))


# 13. Output


def test_plain_output_in_a_pipe_is_stable(a: Device, b: Device, folder: Path) -> None:
    a.ok("config", "set", "device.name", "desk")
    b.ok("config", "set", "device.name", "laptop")
    a.ok("log", "couch", "--date", "2026-11-20")
    assert a.sync(folder).stdout == (
        "✓ This machine joined the sync folder as desk: its whole history was sent.\n"
        "↑ Sent 4 changes.\n"
        "No other device has written to this folder yet.\n"
    )
    assert b.sync(folder).stdout == (
        "✓ This machine joined the sync folder as laptop: its whole history was sent.\n"
        "↑ Sent 1 change.\n"
        "↓ desk: took in 4 changes.\n"
    )


def test_the_status_table_fits_forty_columns(a: Device, b: Device, folder: Path) -> None:
    a.ok("config", "set", "device.name", "a rather long machine name here")
    a.sync(folder)
    b.sync(folder)
    shown = b.ok("sync", str(folder), "--status", stdout_is_terminal=True, width=40).stdout
    visible = re.sub(r"\x1b\[[0-9;]*m", "", shown)
    assert "last synced" in visible
    assert "2026-11-25" in visible
    assert max(len(line) for line in visible.splitlines()) <= 40


# 11. Through git


@pytest.mark.slow
@pytest.mark.usefixtures("own_git_config")
def test_three_clones_of_one_remote_end_alike(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "--quiet", "--bare", str(tmp_path / "remote.git")], check=True)
    devices = []
    for number, stretch in enumerate(("couch", "pigeon", "thomas")):
        clone = tmp_path / f"clone{number}"
        subprocess.run(
            ["git", "clone", "--quiet", str(tmp_path / "remote.git"), str(clone)], check=True
        )
        device = Device(tmp_path, f"device{number}")
        device.ok("log", stretch, "--date", f"2026-11-2{number}")
        devices.append((device, clone))
    said = devices[0][0].ok("sync", "--git", str(devices[0][1])).stdout
    assert said.startswith("git: nothing new to pull.\n")
    assert "git: committed this machine's file and pushed 1 commit.\n" in said
    for _ in range(2):
        for device, clone in devices:
            device.ok("sync", "--git", str(clone))
    exports = [device.export() for device, _ in devices]
    assert exports[0] == exports[1] == exports[2]
    assert [e["date"] for e in devices[0][0].history()] == [
        "2026-11-22",
        "2026-11-21",
        "2026-11-20",
    ]
