"""`stretchlog sync` from the command line: two or three devices, each with its own database and
settings, sharing one folder (or a git remote), and folders that hold what no stretchlog wrote."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stretchlog.cli import app
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
