"""Three devices, each with its own database and its own copy of the sync folder, which a sync
tool keeps in step badly: files arrive late, cut mid-line, or twice as conflict copies. Whatever
the devices did and in whatever order the files arrived, once every file has arrived and every
device has synced twice, all three export the same bytes, and every session or pause that any
device added is there unless some device deleted it.

SYNC_EXAMPLES=500 (and SYNC_GIT_EXAMPLES for the git engine) runs more examples; each run draws
new ones.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchlog.cli import app
from tests.conftest import GIT_LEAKS, git_environment, pinned_environment

START = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
DAYS = ("2026-11-20", "2026-11-21", "2026-11-22")
STRETCHES = ("couch", "pigeon", "thomas")
ROUTINES = ("evening", "desk")


class Device:
    def __init__(self, root: Path, number: int, skew: timedelta) -> None:
        self.number = number
        self.db = root / f"device{number}.db"
        self.config = root / f"config{number}"
        self.folder = root / f"folder{number}"
        self.folder.mkdir()
        self.skew = skew
        self.steps = 0

    def run(self, *args: str) -> tuple[int, str]:
        self.steps += 1
        moment = START + self.skew + timedelta(minutes=self.steps)
        result = CliRunner().invoke(
            app,
            ["--db", str(self.db), *args],
            obj=pinned_environment(now=lambda: moment),
            env={"XDG_CONFIG_HOME": str(self.config)},
        )
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        assert result.exit_code in (0, 1), (args, result.exit_code, result.stdout, result.stderr)
        return result.exit_code, result.stdout

    def sync(self) -> None:
        code, out = self.run("sync", str(self.folder))
        assert code == 0, out

    def uids(self) -> set[tuple[str, str]]:
        if not self.db.exists():
            return set()
        with sqlite3.connect(self.db) as conn:
            rows = conn.execute(
                "SELECT 'session', uid FROM sessions UNION ALL SELECT 'pause', uid FROM pauses"
            ).fetchall()
        conn.close()
        return {(kind, uid) for kind, uid in rows}


def copy_file(source: Device, target: Device, cut: float | None, conflict: bool) -> None:
    """What a sync tool does: copy each file of `source`'s folder it has into `target`'s, all
    of it or cut mid-line, under its own name or as a conflict copy."""
    for path in sorted(source.folder.glob("stretchlog-*.jsonl")):
        owner = path.name.removeprefix("stretchlog-")[:32]
        if target.db.exists() and owner in _own_id(target):
            continue  # a device's own file is only ever written by that device
        data = path.read_bytes()
        if cut is not None:
            data = data[: int(len(data) * cut)]
        name = path.name
        if conflict:
            name = f"stretchlog-{owner}.sync-conflict-20261125-090000-ABCDEFG.jsonl"
        into = target.folder / name
        if into.exists() and len(into.read_bytes()) > len(data) and not conflict:
            continue  # sync tools move a file forward, not back
        into.write_bytes(data)


def _own_id(device: Device) -> str:
    with sqlite3.connect(device.db) as conn:
        row = conn.execute("SELECT uid FROM sync_device").fetchone()
    conn.close()
    return row[0] if row else "-"


action = st.one_of(
    st.tuples(st.just("log"), st.sampled_from(STRETCHES), st.sampled_from(DAYS)),
    st.tuples(st.just("rest"), st.sampled_from(DAYS)),
    st.tuples(st.just("undo")),
    st.tuples(st.just("delete"), st.integers(1, 6)),
    st.tuples(st.just("edit"), st.integers(1, 6), st.sampled_from(("stiff", "better"))),
    st.tuples(st.just("pause"), st.sampled_from(DAYS)),
    st.tuples(st.just("pause-delete"), st.integers(1, 3)),
    st.tuples(st.just("routine"), st.sampled_from(ROUTINES), st.sampled_from(STRETCHES)),
    st.tuples(st.just("fav"), st.sampled_from(STRETCHES)),
    st.tuples(st.just("default"), st.sampled_from(("favourites", *ROUTINES))),
    st.tuples(st.just("custom"), st.sampled_from(("wall-lean", "desk-lunge"))),
    st.tuples(st.just("sync")),
    st.tuples(
        st.just("copy"),
        st.integers(0, 2),
        st.one_of(st.none(), st.floats(0.05, 0.95)),
        st.booleans(),
    ),
)


def command(step: tuple[object, ...]) -> list[str] | None:
    match step:
        case ("log", stretch, day):
            return ["log", str(stretch), "--date", str(day)]
        case ("rest", day):
            return ["rest", "--date", str(day)]
        case ("undo",):
            return ["undo", "--yes"]
        case ("delete", number):
            return ["delete", str(number), "--yes"]
        case ("edit", number, note):
            return ["edit", str(number), "--note", str(note)]
        case ("pause", day):
            return ["pause", "--from", str(day), "--to", str(day)]
        case ("pause-delete", number):
            return ["pause", "delete", str(number), "--yes"]
        case ("routine", name, stretch):
            return ["routine", "add", str(name), str(stretch)]
        case ("fav", stretch):
            return ["fav", "add", str(stretch)]
        case ("default", name):
            return ["routine", "default", str(name)]
        case ("custom", slug):
            return [
                "catalog", "add", "--id", str(slug), "--name", str(slug).replace("-", " "),
                "--position", "standing", "--per-side", "--hold", "30",
            ]  # fmt: skip
    return None


def play(
    device: Device,
    step: tuple[object, ...],
    added: set[tuple[str, str]],
    deleted: set[tuple[str, str]],
) -> None:
    """Run a command on `device`, noting the sessions and pauses it added and deleted."""
    before = device.uids()
    args = command(step)
    assert args is not None
    device.run(*args)
    after = device.uids()
    added |= after - before
    deleted |= before - after


@settings(
    max_examples=int(os.environ.get("SYNC_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    skews=st.lists(st.integers(-600, 600), min_size=3, max_size=3),
    steps=st.lists(st.tuples(st.integers(0, 2), action), max_size=24),
)
def test_three_devices_end_alike_whatever_arrives_when(
    skews: list[int], steps: list[tuple[int, tuple[object, ...]]]
) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        devices = [Device(root, n, timedelta(minutes=skew)) for n, skew in enumerate(skews)]
        for device in devices:
            device.run("routine", "new", ROUTINES[device.number % 2])
        added: set[tuple[str, str]] = set()
        deleted: set[tuple[str, str]] = set()
        for number, step in steps:
            device = devices[number]
            if step[0] == "sync":
                device.sync()
            elif step[0] == "copy":
                _, target, cut, conflict = step
                copy_file(device, devices[int(target)], cut, bool(conflict))  # type: ignore[arg-type]
            else:
                play(device, step, added, deleted)
        for device in devices:  # the sync tool catches up at last
            device.sync()
        for _ in range(2):
            for source in devices:
                for target in devices:
                    if source is not target:
                        copy_file(source, target, None, False)
            for device in devices:
                device.sync()
        exports = [device.run("export")[1] for device in devices]
        assert exports[0] == exports[1] == exports[2]
        assert devices[0].uids() == added - deleted
        for device in devices:
            shutil.rmtree(device.folder)


git_action = st.one_of(
    action.filter(lambda step: step[0] not in ("sync", "copy")),
    st.tuples(st.just("sync")),
)


@pytest.mark.slow
@settings(
    max_examples=int(os.environ.get("SYNC_GIT_EXAMPLES", "6")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    skews=st.lists(st.integers(-600, 600), min_size=3, max_size=3),
    steps=st.lists(st.tuples(st.integers(0, 2), git_action), max_size=16),
)
def test_three_clones_of_a_bare_repository_end_alike(
    skews: list[int], steps: list[tuple[int, tuple[object, ...]]]
) -> None:
    """The same, with git as the engine: each device syncs through its own clone of one bare
    repository (`sync --git`: pull, apply, commit its own file, push)."""
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        with mock.patch.dict(os.environ, git_environment(root / "home")):
            for name in GIT_LEAKS:
                os.environ.pop(name, None)
            subprocess.run(["git", "init", "-q", "--bare", str(root / "remote.git")], check=True)
            devices = [Device(root, n, timedelta(minutes=skew)) for n, skew in enumerate(skews)]
            for device in devices:
                device.folder.rmdir()
                subprocess.run(
                    ["git", "clone", "-q", str(root / "remote.git"), str(device.folder)],
                    check=True,
                    capture_output=True,
                )
            added: set[tuple[str, str]] = set()
            deleted: set[tuple[str, str]] = set()
            for number, step in steps:
                device = devices[number]
                if step[0] == "sync":
                    assert device.run("sync", "--git", str(device.folder))[0] == 0
                    continue
                play(device, step, added, deleted)
            for _ in range(2):
                for device in devices:
                    assert device.run("sync", "--git", str(device.folder))[0] == 0
            exports = [device.run("export")[1] for device in devices]
            assert exports[0] == exports[1] == exports[2]
            assert devices[0].uids() == added - deleted
