"""Files stretchlog writes for the user: never over an existing one without --force, never over
its own database or catalog, private, and nothing left behind when writing fails."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import Run

WRITERS = [
    ("export", "--output"),
    ("calendar", "--svg"),
    ("stats", "--html"),
    ("streak", "--svg"),
]


@pytest.fixture
def history(ok: Run) -> None:
    ok("log", "pigeon")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize(("command", "option"), WRITERS)
def test_an_existing_file_is_replaced_only_with_force(
    history: None, ok: Run, fails: Run, tmp_path: Path, command: str, option: str
) -> None:
    target = tmp_path / "out.file"
    target.write_text("mine")
    assert "already exists; add --force" in fails(command, option, str(target))
    assert target.read_text() == "mine"
    ok(command, option, str(target), "--force")
    assert target.read_text() != "mine"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize(("command", "option"), WRITERS)
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_the_database_is_never_written_over_even_with_force(
    history: None, fails: Run, db_path: Path, command: str, option: str, suffix: str
) -> None:
    target = Path(f"{db_path}{suffix}")
    before = target.read_bytes() if target.exists() else None
    line = fails(command, option, str(target), "--force")
    assert "is one of stretchlog's own files" in line
    assert (target.read_bytes() if target.exists() else None) == before


def test_the_catalog_is_never_written_over_even_through_a_link(
    history: None, ok: Run, fails: Run, tmp_path: Path
) -> None:
    catalog = Path(ok("catalog", "path").stdout.strip())
    catalog.parent.mkdir(parents=True, exist_ok=True)
    catalog.write_text("# mine\n")
    link = tmp_path / "innocent.json"
    link.symlink_to(catalog)
    assert "is one of stretchlog's own files" in fails("export", "-o", str(link), "--force")
    assert catalog.read_text() == "# mine\n"


def test_a_link_is_replaced_not_written_through(
    history: None, ok: Run, fails: Run, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    assert "already exists" in fails("export", "-o", str(link))
    ok("export", "-o", str(link), "--force")
    assert not link.is_symlink() and elsewhere.read_text() == "keep me"


def test_a_fifo_or_a_folder_is_refused_without_waiting(
    history: None, fails: Run, tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "already exists" in fails("export", "-o", str(fifo))
    assert "not a regular file" in fails("export", "-o", str(fifo), "--force")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert "is a directory" in fails("calendar", "--svg", str(tmp_path), "--force", code=2)


def test_a_name_as_long_as_the_folder_allows_still_works(
    history: None, ok: Run, tmp_path: Path
) -> None:
    target = tmp_path / ("e" * 250 + ".json")
    ok("export", "-o", str(target))
    assert target.is_file() and leftovers(tmp_path) == []


def test_a_full_disk_leaves_no_half_file(
    history: None, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    target = tmp_path / "x.json"
    result = run("export", "-o", str(target))
    assert result.exit_code == 1
    assert "cannot write the export to" in result.stderr and "No space left" in result.stderr
    assert ".stretchlog-" not in result.stderr
    assert not target.exists() and leftovers(tmp_path) == []


def test_a_backup_to_an_impossible_name_leaves_no_empty_file(
    history: None, fails: Run, tmp_path: Path
) -> None:
    too_long = tmp_path / ("b" * 300 + ".db")
    assert "cannot create the backup" in fails("backup", str(too_long))
    assert not any(p.name.startswith("bbb") for p in tmp_path.iterdir())


def test_a_backup_says_what_the_copy_holds(ok: Run, tmp_path: Path) -> None:
    ok("log", "pigeon")
    ok("rest", "--date", "yesterday")
    assert "Backed up 2 entries" in ok("backup", str(tmp_path / "b.db")).stdout


@pytest.mark.slow
def test_twelve_catalog_adds_at_once_all_land(tmp_path: Path) -> None:
    import subprocess

    from tests.test_hardening import PROGRAM, environment

    env = environment(tmp_path / "s.db")
    adds = [
        subprocess.Popen(
            [str(PROGRAM), "catalog", "add", "--id", f"mine-{n}", "--name", f"Mine {n}",
             "--summary", "s", "--position", "lying", "--both-sides", "--hold", "30",
             "--reps", "1", "--level", "beginner", "--target", "psoas", "--step", "do it",
             "--cue", "breathe", "--caution", "gently"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        for n in range(12)
    ]  # fmt: skip
    errors = [add.communicate(timeout=120)[1] for add in adds]
    assert [add.returncode for add in adds] == [0] * 12, errors
    listed = subprocess.run(
        [str(PROGRAM), "catalog", "--json"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert all(f'"mine-{n}"' in listed for n in range(12))
