"""Storage behaviour the mutation benchmark (benchmarks/mutation.py) found unpinned: how SQLite's
failures read, what a restore carries over and sets aside, and how exports meet files that are
already there (or appear while they are written)."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchlog.errors import BadValue, DatabaseError
from stretchlog.storage.database import Database, explained
from stretchlog.storage.files import write_new_file
from stretchlog.storage.paths import default_db_path
from tests.conftest import Run, pinned_environment

Fails = Callable[..., str]

# SQLite's errors, in the user's words


@pytest.mark.parametrize(
    ("sqlite_says", "user_reads"),
    [
        ("database is locked", "the database D stayed locked by another program;"
         " wait for it to finish and try again"),
        ("database table is busy", "the database D stayed locked by another program;"
         " wait for it to finish and try again"),
        ("attempt to write a readonly database", "the database D is read-only (the file or its"
         " folder); make both writable, or use --db to pick another file"),
        ("the file is read-only", "the database D is read-only (the file or its"
         " folder); make both writable, or use --db to pick another file"),
        ("file is not a database", "D is not a usable stretchlog database (file is not a"
         " database); move it aside or use --db to pick another file"),
        ("database disk image is malformed", "D is not a usable stretchlog database (database"
         " disk image is malformed); move it aside or use --db to pick another file"),
        ("unable to open database file", "cannot open the database D; check that the path is"
         " a file you can read and write, or use --db"),
        ("disk I/O error", "the database D failed: disk I/O error; use --db to pick another file"),
    ],
)  # fmt: skip
def test_each_sqlite_failure_reads_as_one_sentence_with_a_way_out(
    sqlite_says: str, user_reads: str
) -> None:
    with pytest.raises(DatabaseError) as raised, explained("D"):
        raise sqlite3.OperationalError(sqlite_says)
    assert str(raised.value) == user_reads


def test_a_database_exists_once_its_file_does(tmp_path: Path, ok: Run) -> None:
    path = tmp_path / "x.db"
    assert not Database(path).exists()
    ok("--db", str(path), "log", "pigeon")
    assert Database(path).exists()


# Restore


def test_restored_ids_stay_unused_even_those_the_backup_had_deleted(
    ok: Run, tmp_path: Path
) -> None:
    other = ("--db", str(tmp_path / "other.db"))
    for _ in range(3):
        ok(*other, "log", "pigeon")
    ok(*other, "delete", "3", "--yes")  # the backup has used ids 1 to 3, and holds 1 and 2
    backup = tmp_path / "b.db"
    ok(*other, "backup", str(backup))
    ok("log", "couch")
    ok("restore", str(backup), "--yes")
    logged = ok("log", "bridge", "--json").json()
    assert logged["id"] == 4
    assert [s["id"] for s in ok("history", "--json").json()] == [4, 2, 1]


def test_a_database_of_another_program_still_open_is_set_aside_with_its_log(
    ok: Run, tmp_path: Path, db_path: Path
) -> None:
    ok("log", "pigeon")
    backup = tmp_path / "b.db"
    ok("backup", str(backup))
    db_path.unlink()
    other = sqlite3.connect(db_path)  # another program, in the middle of its work
    try:
        other.execute("PRAGMA journal_mode = wal")
        other.execute("CREATE TABLE songs (title TEXT)")
        other.execute("INSERT INTO songs VALUES ('the last one')")
        other.commit()
        assert "Restored 1 entry" in ok("restore", str(backup), "--yes").stdout
        kept = next(db_path.parent.glob("stretchlog-damaged-*.db"))
        assert Path(f"{kept}-wal").exists() and Path(f"{kept}-shm").exists()
        assert not Path(f"{db_path}-wal").exists()
        with sqlite3.connect(kept) as reader:
            assert reader.execute("SELECT title FROM songs").fetchall() == [("the last one",)]
        assert len(ok("history", "--json").json()) == 1
    finally:
        other.close()


def test_a_damaged_backup_names_the_session_and_asks_for_another(
    ok: Run, fails: Fails, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    copy = tmp_path / "copy.db"
    ok("backup", str(copy))
    with sqlite3.connect(copy) as conn:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:  # as a forger would: the triggers out of the way
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE sessions SET tightness = 11")
        for _, sql in triggers:
            conn.execute(sql)
    assert fails("restore", str(copy), "--yes") == (
        f"stretchlog: error: {copy} holds a damaged entry (session 1): a value stretchlog"
        " would never write; pick another backup"
    )


# Writing files: export --output


def test_export_refuses_to_overwrite_a_folder_or_an_existing_file(
    ok: Run, fails: Fails, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(BadValue) as refused:  # the command line refuses a folder before this
        write_new_file(folder, "{}", "the export", force=True)
    assert str(refused.value) == f"{folder} is a folder; give a file name for the export"
    taken = tmp_path / "taken.json"
    taken.write_text("mine")
    assert fails("export", "--output", str(taken)) == (
        f"stretchlog: error: {taken} already exists;"
        " add --force to replace it, or pick another name"
    )
    assert taken.read_text() == "mine"


def test_export_will_not_replace_a_device_even_with_force(
    ok: Run, fails: Fails, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert fails("export", "--output", str(pipe), "--force") == (
        f"stretchlog: error: {pipe} is not a regular file (a device, a pipe or a socket);"
        " pick another file name"
    )


def test_export_never_writes_over_the_database(ok: Run, fails: Fails, db_path: Path) -> None:
    ok("log", "pigeon")
    assert fails("export", "--output", str(db_path), "--force") == (
        f"stretchlog: error: {db_path} is one of stretchlog's own files, so the export cannot"
        " be written over it; pick another file name"
    )


def test_a_file_that_appears_while_exporting_is_not_overwritten(
    ok: Run, fails: Fails, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "pigeon")
    target = tmp_path / "x.json"
    real_link = os.link

    def another_program_was_quicker(source: str | Path, destination: str | Path) -> None:
        Path(destination).write_text("theirs")
        real_link(source, destination)

    monkeypatch.setattr(os, "link", another_program_was_quicker)
    assert fails("export", "--output", str(target)) == (
        f"stretchlog: error: {target} already exists; add --force to replace it"
    )
    assert target.read_text() == "theirs"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_without_hard_links_an_export_is_still_written_but_never_over_another(
    ok: Run, fails: Fails, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "pigeon")
    expected = ok("export").stdout

    def no_hard_links(source: str | Path, destination: str | Path) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    target = tmp_path / "x.json"
    ok("export", "--output", str(target))
    assert target.read_text(encoding="utf-8") == expected

    def quicker_and_no_hard_links(source: str | Path, destination: str | Path) -> None:
        Path(destination).write_text("theirs")
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", quicker_and_no_hard_links)
    late = tmp_path / "late.json"
    assert fails("export", "--output", str(late)) == (
        f"stretchlog: error: {late} already exists; add --force to replace it"
    )
    assert late.read_text() == "theirs"


def test_an_export_that_cannot_be_put_in_place_says_why(
    ok: Run, fails: Fails, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("log", "pigeon")

    def full_disk(source: str | Path, destination: str | Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    monkeypatch.setattr(os, "rename", full_disk)
    target = tmp_path / "x.json"
    target.write_text("old")
    assert fails("export", "--output", str(target), "--force") == (
        f"stretchlog: error: cannot write the export to {target}: No space left on device;"
        " pick a path in a folder you can write to, with room to spare"
    )
    assert target.read_text() == "old"


def test_restore_asks_how_many_entries_go_and_how_many_come(
    ok: Run, run: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    backup = tmp_path / "b.db"
    ok("backup", str(backup))
    ok("log", "couch")
    ok("rest", "--date", "yesterday")
    at_a_terminal = pinned_environment(stdin_is_terminal=True)
    said = run("restore", str(backup), input="n\n", env=at_a_terminal).stdout
    assert f"Replace your 3 entries with the 1 entry, 2026-11-25 to 2026-11-25 in {backup}?" in said
    assert "Nothing restored." in said
    assert len(ok("history", "--json").json()) == 3
    fresh = ("--db", str(tmp_path / "new.db"))
    said = run(*fresh, "restore", str(backup), input="n\n", env=at_a_terminal).stdout
    assert f"Replace your 0 entries with the 1 entry, 2026-11-25 to 2026-11-25 in {backup}?" in said


def test_an_entry_that_cannot_be_read_names_the_file_and_the_way_out(
    ok: Run, fails: Fails, db_path: Path
) -> None:
    ok("log", "pigeon")
    with sqlite3.connect(db_path) as conn:
        triggers = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall()
        for name, _ in triggers:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE sessions SET logged_at = 'garbage'")
        for _, sql in triggers:
            conn.execute(sql)
    line = fails("history")
    assert line.startswith(f"stretchlog: error: {db_path} holds an entry stretchlog cannot read (")
    assert line.endswith("); restore a backup, or fix the row with sqlite-utils")


def test_the_default_database_is_found_without_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """`status` runs on every shell prompt, and importing platformdirs costs more than it may."""
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_db_path() == str(tmp_path / "data" / "stretchlog" / "stretchlog.db")
    assert "platformdirs" not in sys.modules
