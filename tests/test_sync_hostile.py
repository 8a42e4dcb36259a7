"""`stretchlog sync` against a folder and a run that go wrong: its own file lost or cut, a sync
killed half-way, more problems than the report shows, and settings that cannot be a folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.test_sync import Device, a, b, folder

__all__ = ["a", "b", "folder"]


def test_an_own_file_deleted_between_syncs_is_written_again_whole(
    a: Device, b: Device, folder: Path, tmp_path: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.ok("log", "pigeon", "--date", "2026-11-21")
    a.sync(folder)
    (folder / f"stretchlog-{a.uid()}.jsonl").unlink()
    a.ok("log", "thomas", "--date", "2026-11-22")
    a.sync(folder)
    b.sync(folder)
    assert b.shared_history() == a.shared_history()


def test_an_own_file_cut_short_between_syncs_is_written_again_whole(
    a: Device, b: Device, folder: Path
) -> None:
    a.ok("log", "couch", "--date", "2026-11-20")
    a.ok("log", "pigeon", "--date", "2026-11-21")
    a.sync(folder)
    own = folder / f"stretchlog-{a.uid()}.jsonl"
    own.write_bytes(own.read_bytes()[:10])
    a.sync(folder)
    b.sync(folder)
    assert b.shared_history() == a.shared_history()
    lines = own.read_text().splitlines()[1:]  # after the line cut short
    assert len({(json.loads(line)["kind"], json.loads(line)["key"]) for line in lines}) >= 4


class Hung(BaseException):
    """Not an OSError, which sync would turn into a message."""


def test_an_own_file_that_is_a_fifo_is_refused_without_hanging(a: Device, folder: Path) -> None:
    """Opening a pipe to write waits for a reader that never comes: sync must not."""
    import signal

    a.ok("log", "couch", "--date", "2026-11-20")
    a.sync(folder)
    own = folder / f"stretchlog-{a.uid()}.jsonl"
    own.unlink()
    os.mkfifo(own)
    a.ok("log", "pigeon", "--date", "2026-11-21")

    def hung(*_: object) -> None:
        raise Hung("sync hangs on a pipe named like its own file")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        line = a.fails("sync", str(folder))
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert f"{own.name} is not a plain file" in line


class Killed(BaseException):
    """As SIGTERM ends a sync: no handler runs, the transaction is not committed."""


def test_a_first_sync_killed_half_way_leaves_no_second_device_behind(
    a: Device, b: Device, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchlog.storage import sync_folder, sync_log

    for day in ("2026-11-19", "2026-11-20", "2026-11-21"):
        a.ok("log", "couch", "--date", day)
    monkeypatch.setattr(sync_log, "_CHUNK", 2)  # a batch of lines a write
    written = sync_folder.append

    def append_then_die(*args: Any) -> Path:
        written(*args)
        raise Killed

    monkeypatch.setattr(sync_folder, "append", append_then_die)
    with pytest.raises(Killed):
        a.run("sync", str(folder))
    monkeypatch.setattr(sync_folder, "append", written)
    a.sync(folder)
    b.sync(folder)
    assert len(list(folder.iterdir())) == 2
    assert b.shared_history() == a.shared_history()
    assert len(a.ok("sync", "--status", "--json").json()) == 1


def test_a_file_whose_rest_is_not_read_says_so_after_many_refused_lines(
    b: Device, folder: Path
) -> None:
    """The problem that matters most (the rest of the file waits) comes last: it is never among
    those left out, here or in --json, and what is left out is counted."""
    from tests.test_sync import OTHER

    file = folder / f"stretchlog-{OTHER}.jsonl"
    file.write_bytes(b"not json\n" * 10 + b"x" * 300_000)
    said = b.sync(folder).stdout
    assert "the rest is not read" in said
    assert "… 8 more" in said
    file.write_bytes(b"not json\n" * 40 + b"x" * 300_000)  # 30 more lines before the long one
    report = b.sync_json(folder)["devices"][0]
    assert report["refused"] == 30
    assert "the rest is not read" in report["problems"][-1]


def test_a_file_given_as_the_folder_is_not_answered_with_mkdir(a: Device, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("x")
    line = a.fails("sync", str(target))
    assert "is not a folder" in line
    assert "mkdir" not in line


@pytest.mark.parametrize("path", ["/tmp/a\nb", "/tmp/a\x1b[31mb", "/tmp/a\tb"])
def test_a_sync_folder_setting_with_control_characters_is_refused(a: Device, path: str) -> None:
    result = a.run("config", "set", "sync.dir", path)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "sync.dir" in result.stderr


def test_with_sync_auto_on_sync_reports_what_it_took_in_and_status_changes_nothing(
    a: Device, b: Device, folder: Path
) -> None:
    """The automatic sync of every other command must not run first and leave `sync` saying
    'nothing new', nor send what `sync --status` should have listed as waiting."""
    a.ok("config", "set", "sync.dir", str(folder))
    a.ok("config", "set", "sync.auto", "true")
    a.ok("log", "couch", "--date", "2026-11-20")
    a.ok("sync")
    b.ok("log", "thomas", "--date", "2026-11-21")
    b.sync(folder)
    said = a.ok("sync").stdout
    assert "took in" in said, said
    own = folder / f"stretchlog-{a.uid()}.jsonl"
    a.ok("config", "set", "sync.dir", str(folder / "elsewhere"))  # no folder: nothing sent
    a.ok("log", "pigeon", "--date", "2026-11-22")
    a.ok("config", "set", "sync.dir", str(folder))
    before = own.read_bytes()
    status = a.ok("sync", "--status", "--json").json()
    assert own.read_bytes() == before
    assert [device["waiting"] for device in status if device["this"]] == [1]


def test_a_device_name_with_an_invisible_character_is_refused_for_what_it_is(a: Device) -> None:
    result = a.run("config", "set", "device.name", "lap\u202etop")
    assert result.exit_code == 1
    assert "invisible" in result.stderr


def test_a_pipe_named_like_another_device_s_file_is_passed_over_as_a_pipe(
    b: Device, folder: Path
) -> None:
    from tests.test_sync import OTHER

    os.mkfifo(folder / f"stretchlog-{OTHER}.jsonl")
    (folder / f"stretchlog-{'e' * 32}.jsonl").mkdir()
    report = b.sync_json(folder)
    assert report["passed_over"] == [
        f"stretchlog-{OTHER}.jsonl: a pipe or a device, not a plain file: not read",
        f"stretchlog-{'e' * 32}.jsonl: a folder, not a plain file: not read",
    ]
    assert b.ok("sync", str(folder), "--status", "--json").json()[0]["waiting"] == 0


def test_problems_name_a_device_file_by_the_start_of_its_id_as_the_guide_shows(
    b: Device, folder: Path
) -> None:
    """`stretchlog-4df563bb….jsonl, byte 1558: a line that is not JSON` (docs/sync.md): the
    whole id is in --json; on a screen it pushed every problem onto three lines at 40 columns."""
    from tests.test_sync import OTHER

    (folder / f"stretchlog-{OTHER}.jsonl").write_bytes(b"junk\n")
    said = b.sync(folder).stdout
    assert f"stretchlog-{OTHER[:8]}….jsonl, byte 0: a line that is not JSON" in said
    assert OTHER not in said
    status = b.ok("sync", "--status", str(folder)).stdout
    assert f"stretchlog-{OTHER[:8]}….jsonl" in status and OTHER not in status
    assert OTHER in b.ok("sync", "--status", "--json").stdout
