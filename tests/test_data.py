"""Your data and your stretches: export, import, backup, restore, custom stretches, edit."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Run, pinned_environment

WALL = (
    "catalog", "add", "--id", "wall-psoas", "--name", "Wall psoas lunge",
    "--summary", "A lunge with the back foot against a wall.", "--position", "standing",
    "--per-side", "--hold", "30", "--reps", "2", "--level", "beginner",
    "--target", "psoas", "--step", "Stand with your back foot on the wall.",
    "--step", "Tuck the pelvis and lunge.", "--cue", "Ribs down.",
    "--caution", "Ease off if the knee complains.", "--alias", "wall lunge",
)  # fmt: skip


def user_catalog(tmp_path: Path) -> Path:
    return tmp_path / "xdg-config" / "stretchlog" / "stretches.toml"


@pytest.fixture
def history(ok: Run) -> None:
    """A small history with every kind of entry and awkward text."""
    ok(*WALL)
    ok(
        "log",
        "wall-psoas",
        "pigeon",
        "--date",
        "3 days ago",
        "--tightness",
        "6",
        "--note",
        "=SUM(A1)",
    )
    ok("rest", "--date", "2 days ago", "--note", 'flu, "bad" one')
    ok("log", "bridge", "--date", "yesterday", "--note", "'already quoted\nand two lines")
    ok("log", "couch", "--note", "ünïcödé ✓ [red]x[/red]", "--tightness", "3")
    ok("fav", "add", "couch", "wall-psoas")


# Export and import


def test_json_round_trip_is_byte_identical(ok: Run, history: None, tmp_path: Path) -> None:
    exported = ok("export").stdout
    document = json.loads(exported)
    assert document["stretchlog_export"] == 2
    assert [s["kind"] for s in document["sessions"]] == ["session", "rest", "session", "session"]
    [favourites] = document["routines"]
    assert (favourites["name"], favourites["default"]) == ("favourites", True)
    assert [s["id"] for s in favourites["stretches"]] == ["couch-stretch", "wall-psoas"]
    assert [s["id"] for s in document["stretches"]] == ["wall-psoas"]
    file = tmp_path / "all.json"
    file.write_text(exported, encoding="utf-8")
    other = ["--db", str(tmp_path / "other.db")]
    assert "Imported 3 sessions and 1 rest day" in ok(*other, "import", str(file)).stdout
    assert ok(*other, "export").stdout == exported


def test_csv_round_trip_is_exact_and_neutralises_formulas(
    ok: Run, history: None, tmp_path: Path
) -> None:
    exported = ok("export", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert len(rows) == 2 + 2 + 1 + 1 + 2  # wall L+R, pigeon L+R, rest, bridge, couch L+R
    notes = {row["note"] for row in rows}
    assert "'=SUM(A1)" in notes  # a spreadsheet shows it as text
    assert "''already quoted\nand two lines" in notes
    assert rows[0]["stretch_name"] == "Wall psoas lunge"
    file = tmp_path / "all.csv"
    file.write_text(exported, encoding="utf-8", newline="")
    other = ["--db", str(tmp_path / "other.db")]
    ok(*other, "import", str(file))
    assert ok(*other, "export", "--format", "csv").stdout == exported
    sessions = ok(*other, "history", "--json").json()
    assert sessions[-1]["note"] == "=SUM(A1)"  # read back exactly


def test_importing_twice_adds_nothing(ok: Run, history: None, tmp_path: Path) -> None:
    file = tmp_path / "all.json"
    ok("export", "--output", str(file))
    again = ok("import", str(file)).stdout
    assert "Imported 0 sessions" in again and "4 entries already here, skipped." in again
    assert len(ok("history", "--json").json()) == 4


def test_dry_run_says_what_it_would_add_and_writes_nothing(
    ok: Run, history: None, tmp_path: Path
) -> None:
    file = tmp_path / "all.json"
    ok("export", "--output", str(file))
    target = tmp_path / "other.db"
    out = ok("--db", str(target), "import", str(file), "--dry-run").stdout
    assert "Would import 3 sessions and 1 rest day" in out
    assert not target.exists()


def test_a_bad_record_imports_nothing_and_says_where(
    ok: Run, fails: Run, history: None, tmp_path: Path, db_path: Path
) -> None:
    document = json.loads(ok("export").stdout)
    document["sessions"][2]["stretches"][0]["seconds"] = -5
    document["sessions"][3]["date"] = "1969-12-31"
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    target = tmp_path / "other.db"
    line = fails("--db", str(target), "import", str(file))
    assert "session record 3, stretch 1: field 'seconds'" in line and "(and 1 more)" in line
    assert "nothing was imported" in line
    assert not target.exists()


def test_a_bad_csv_line_is_named_by_its_line_and_column(
    ok: Run, fails: Run, history: None, tmp_path: Path
) -> None:
    lines = ok("export", "--format", "csv").stdout.splitlines(keepends=True)
    lines[3] = lines[3].replace(",left,", ",middle,")
    file = tmp_path / "bad.csv"
    file.write_text("".join(lines), encoding="utf-8", newline="")
    line = fails("--db", str(tmp_path / "x.db"), "import", str(file))
    assert "line 4: column 'side' must be left, right or nothing" in line


def test_unknown_stretches_are_kept_and_said_unless_the_file_defines_them(
    ok: Run, fails: Run, history: None, tmp_path: Path
) -> None:
    """A stretch that left the catalog after it was logged: history keeps its id, and so does an
    import of the export (which must always import again)."""
    exported = ok("export").stdout
    user_catalog(tmp_path).unlink()  # the stretch is gone from this machine
    csv_file = tmp_path / "all.csv"
    csv_file.write_text(ok("export", "--format", "csv").stdout, encoding="utf-8", newline="")
    out = ok("--db", str(tmp_path / "x.db"), "import", str(csv_file)).stdout
    assert "Not in your catalog, kept by their ids as logged: wall-psoas." in out
    json_file = tmp_path / "all.json"
    json_file.write_text(exported, encoding="utf-8")
    out = ok("--db", str(tmp_path / "y.db"), "import", str(json_file)).stdout
    assert "1 stretch of yours added to your catalog." in out
    assert "wall-psoas" in user_catalog(tmp_path).read_text()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"sessions": []}', "not a stretchlog export"),
        ('{"stretchlog_export": 9}', "needs another version of stretchlog"),
        ("a,b,c\n1,2,3\n", "the header must be"),
    ],
)
def test_malformed_files_are_one_line(
    fails: Run, tmp_path: Path, content: str, message: str
) -> None:
    file = tmp_path / "x.txt"
    file.write_text(content, encoding="utf-8")
    assert message in fails("import", str(file))


def test_missing_and_unreadable_files(fails: Run, tmp_path: Path) -> None:
    assert "there is no file" in fails("import", str(tmp_path / "nope.json"))
    binary = tmp_path / "x.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    assert "is not UTF-8 text" in fails("import", str(binary))
    assert "--format must be json or csv" in fails("export", "--format", "xml")


# Backup and restore


def test_backup_and_restore(ok: Run, fails: Run, history: None, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    assert f"Backed up 4 entries to {copy}." in ok("backup", str(copy)).stdout
    assert copy.stat().st_mode & 0o777 == 0o600
    assert "already exists" in fails("backup", str(copy))
    ok("log", "pigeon", "--date", "10 days ago")
    out = ok("restore", str(copy), "--yes").stdout
    assert "Restored 4 entries" in out and "Your previous database is kept at" in out
    assert len(ok("history", "--json").json()) == 4
    kept = next(tmp_path.rglob("stretchlog-before-restore-*.db"))
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 5


def test_backup_defaults_to_a_timestamped_file_beside_the_database(
    ok: Run, history: None, db_path: Path
) -> None:
    ok("backup")
    assert (db_path.parent / "stretchlog-backup-20261125-093000.db").exists()


def test_restore_refuses_what_is_not_a_stretchlog_backup(
    ok: Run, fails: Run, history: None, tmp_path: Path, db_path: Path
) -> None:
    before = db_path.read_bytes()
    text = tmp_path / "notes.db"
    text.write_text("hello")
    assert "is not a stretchlog backup" in fails("restore", str(text), "--yes")
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    assert "another program" in fails("restore", str(foreign), "--yes")
    assert "there is no file" in fails("restore", str(tmp_path / "nope.db"), "--yes")
    assert "cannot ask" in fails("restore", str(db_path))
    assert db_path.read_bytes() == before


def test_nothing_to_back_up(fails: Run) -> None:
    assert "nothing to back up" in fails("backup")


# Custom stretches


def test_a_custom_stretch_lives_through_everything(ok: Run, tmp_path: Path) -> None:
    (tmp_path / "xdg-config" / "stretchlog").mkdir(parents=True)
    user_catalog(tmp_path).write_text("# my own\nversion = 1\n", encoding="utf-8")
    ok(*WALL)
    text = user_catalog(tmp_path).read_text()
    assert text.startswith("# my own\nversion = 1\n")  # comments and layout kept
    assert "Wall psoas lunge" in ok("catalog").stdout
    assert ok("show", "wall lunge", "--json").json()["custom"] is True
    ok("fav", "add", "wall-psoas")
    env = _instant_guided_env()
    ok("start", "--hold", "1", "--reps", "1", "--prep", "0", env=env)
    ok("log", "wall-psoas", "--date", "yesterday")
    assert ok("stats", "--json").json()["by_stretch"][0]["id"] == "wall-psoas"
    assert "Wall psoas lunge" in ok("history").stdout
    assert "wall-psoas" in ok("export").stdout
    # the stretch leaves the catalog: history still shows it, by its id
    user_catalog(tmp_path).write_text("# emptied\n", encoding="utf-8")
    assert "wall-psoas L+R" in ok("history").stdout


def _instant_guided_env():
    from contextlib import nullcontext

    from tests.conftest import FakeTime

    time = FakeTime()
    return pinned_environment(monotonic=time.clock, keys=lambda: nullcontext(time.wait))


def test_catalog_path_and_validate(ok: Run, fails: Run, tmp_path: Path) -> None:
    assert ok("catalog", "path").stdout.strip() == str(user_catalog(tmp_path))
    assert "there is no catalog file" in fails("catalog", "validate")
    ok(*WALL)
    assert "1 stretch, all valid." in ok("catalog", "validate").stdout
    broken = tmp_path / "broken.toml"
    broken.write_text(
        '[[stretch]]\nid = "pigeon"\nname = "Mine"\nreps = 0\nposition = "upside down"\n',
        encoding="utf-8",
    )
    result = _run_failing(ok, "catalog", "validate", str(broken))
    for words in (
        "field 'per_side' is missing",
        "field 'reps' must be",
        "field 'position' must be",
    ):
        assert words in result


def _run_failing(ok: Run, *args: str) -> str:
    from typer.testing import CliRunner

    from stretchlog.cli import app

    result = CliRunner().invoke(app, list(args), obj=pinned_environment())
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    return result.stdout


def test_a_clash_with_a_bundled_id_needs_overrides(ok: Run, fails: Run, tmp_path: Path) -> None:
    pigeon = [*WALL]
    pigeon[pigeon.index("wall-psoas")] = "pigeon"
    pigeon = [arg for arg in pigeon if arg not in ("--alias", "wall lunge")]
    assert "has the id of a bundled stretch" in fails(*pigeon)
    assert not user_catalog(tmp_path).exists()
    ok(*pigeon, "--overrides")
    assert ok("show", "pigeon", "--json").json()["name"] == "Wall psoas lunge"


def test_catalog_add_without_a_terminal_names_the_missing_flags(fails: Run) -> None:
    line = fails("catalog", "add", "--id", "x", "--name", "X")
    assert "missing --position, --per-side/--both-sides, --hold" in line


def test_catalog_add_asks_only_what_a_person_knows(ok: Run, run: Run) -> None:
    """The name first, then an id made from it (Enter takes it), position, sides and a hold
    written as people write it; a wrong answer is asked again. The rest has defaults."""
    answers = "\n".join(["Wall psoas lunge", "", "upright", "standing", "y", "a bit", "1 min"])
    terminal = pinned_environment(stdin_is_terminal=True)
    result = run("catalog", "add", input=answers + "\n", env=terminal)
    assert result.exit_code == 0, result.stderr
    assert "Please give one of standing, kneeling, lying, seated." in result.stderr
    assert "Please give a time like 45, 45 s, 1 min or 1:30." in result.stderr
    added = ok("show", "wall-psoas-lunge", "--json").json()
    assert (added["hold_seconds"], added["reps"], added["level"]) == (60, 1, "beginner")
    assert added["steps"] == [] and added["per_side"] is True
    assert "Wall psoas lunge (wall-psoas-lunge)" in ok("show", "wall psoas").stdout
    minimal = ["catalog", "add", "--id", "desk-lunge", "--name", "Desk lunge"]
    ok(*minimal, "--position", "standing", "--both-sides", "--hold", "30")
    assert ok("show", "desk-lunge", "--json").json()["per_side"] is False


def test_a_broken_user_catalog_is_a_warning_and_never_locks_the_history_away(
    ok: Run, run: Run, fails: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon")
    user_catalog(tmp_path).parent.mkdir(parents=True)
    user_catalog(tmp_path).write_text("[[stretch]]\nid = ", encoding="utf-8")
    for command in (["catalog"], ["history"], ["export"], ["log", "couch"]):
        result = run(*command)
        assert result.exit_code == 0, (command, result.stderr)
        [warning] = result.stderr.splitlines()
        assert warning.startswith("stretchlog: warning: ") and "is not valid TOML" in warning
    assert "is not valid TOML" in run("catalog", "validate").stdout


# Editing sessions


def test_edit_changes_a_session_and_streaks_follow(ok: Run, fails: Run) -> None:
    ok("log", "pigeon", "couch", "--date", "3 days ago")
    ok("log", "pigeon", "--date", "yesterday")
    assert ok("streak", "--json").json()["current"] == 1
    edited = ok("edit", "1", "--date", "2 days ago", "--remove", "couch", "--add", "bridge",
                "--note", "moved", "--tightness", "4", "--json").json()  # fmt: skip
    assert edited["date"] == "2026-11-23" and edited["note"] == "moved" and edited["tightness"] == 4
    assert [s["id"] for s in edited["stretches"]] == ["pigeon", "pigeon", "glute-bridge"]
    assert ok("streak", "--json").json()["current"] == 2
    assert ok("edit", "1", "--note", "", "--json").json()["note"] is None
    assert "no couch-stretch to remove" in fails("edit", "1", "--remove", "couch")
    assert "already has pigeon" in fails("edit", "1", "--add", "pigeon")
    assert "delete it instead" in fails("edit", "2", "--remove", "pigeon")
    assert "there is no session or rest day 9" in fails("edit", "9", "--note", "x")
    assert "2030-01-01 is in the future" in fails("edit", "1", "--date", "2030-01-01")


def test_restore_keeps_favourites_only_and_mends_a_damaged_database(
    ok: Run, tmp_path: Path, db_path: Path
) -> None:
    ok("log", "pigeon")
    backup = tmp_path / "b.db"
    ok("backup", str(backup))
    ok("undo", "--yes")
    ok("fav", "add", "couch")  # favourites, no sessions: still kept
    assert "Your previous database is kept" in ok("restore", str(backup), "--yes").stdout
    kept = next(db_path.parent.glob("stretchlog-before-restore-*.db"))
    assert ok("--db", str(kept), "fav", "list", "--json").json()[0]["id"] == "couch-stretch"
    kept.unlink()
    db_path.write_bytes(b"garbage, not SQLite" * 100)
    out = ok("restore", str(backup), "--yes").stdout
    assert "Restored 1 entry" in out
    assert next(db_path.parent.glob("stretchlog-damaged-*.db")).read_bytes().startswith(b"garbage")
    assert len(ok("history", "--json").json()) == 1


def test_restore_gives_advice_about_restoring(ok: Run, fails: Run, tmp_path: Path) -> None:
    ok("log", "pigeon", "--date", "3 days ago")
    ok("log", "pigeon")
    exported = tmp_path / "export.json"
    ok("export", "-o", str(exported))
    assert f"is an export, not a backup; bring it in with: stretchlog import {exported}" in fails(
        "restore", str(exported), "--yes"
    )
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    line = fails("restore", str(text), "--yes")
    assert "is not a stretchlog backup; give a file made by 'stretchlog backup'" in line
    backup = tmp_path / "b.db"
    ok("backup", str(backup))
    from tests.conftest import pinned_environment

    asked = ok("restore", str(backup), input="n\n", env=pinned_environment(stdin_is_terminal=True))
    assert "with the 2 entries, 2026-11-22 to 2026-11-25 in" in asked.stdout


def test_ctrl_c_during_an_import_says_so_and_changes_nothing(
    ok: Run, run: Run, history: None, tmp_path: Path
) -> None:
    from stretchlog.storage.store import Store

    export = tmp_path / "all.json"
    ok("export", "-o", str(export))
    ok("undo", "--yes")
    before = ok("export").stdout

    def interrupted(self: Store, entries: object) -> None:
        raise KeyboardInterrupt

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Store, "add_checked", interrupted)
        result = run("import", str(export))
    assert (result.exit_code, result.stderr) == (
        130,
        "stretchlog: error: interrupted; nothing was changed\n",
    )
    assert ok("export").stdout == before
