"""Input from outside that used to reach the catch-all ("unexpected ... Please report this"),
take over names, or block a re-import: each now gets one line, and nothing changes."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest

from stretchlog.domain import fields
from stretchlog.domain.routine import parse_picks
from stretchlog.errors import BadValue
from tests.conftest import Run

SESSION = {
    "uid": "u1", "date": "2026-11-24", "logged_at": "2026-11-24T08:00:00Z", "kind": "session",
    "source": "manual", "note": None, "tightness": None, "tightness_before": None,
    "stretches": [{"id": "pigeon", "side": "left", "seconds": 30, "reps": 1}],
}  # fmt: skip


def export_with(**changes: object) -> dict[str, object]:
    return {"stretchlog_export": 1, "sessions": [SESSION | changes]}


HOSTILE_IDS = [
    "huge int", "deep nesting", "30 digits", "year 1", "year 9999", "year 1 day",
    "the day before 1970", "csv",
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"stretchlog_export": ' + "9" * 5000 + "}", "a number of 5000 digits"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
        (json.dumps(export_with(tightness=10**30)), "a number of 31 digits"),
        (json.dumps(export_with(logged_at="0001-01-01T00:00:00+14:00")), "a UTC time"),
        (json.dumps(export_with(logged_at="9999-12-31T23:59:59-14:00")), "a UTC time"),
        (json.dumps(export_with(date="0001-01-01")), "from 1970-01-01 on"),
        (json.dumps(export_with(date="1969-12-31")), "from 1970-01-01 on"),
        ("date,x\n" + "a" * 200_000 + ",b\n", "the header must be"),
    ],
    ids=HOSTILE_IDS,
)
def test_hostile_imports_get_one_line_and_change_nothing(
    fails: Run, ok: Run, tmp_path: Path, text: str, words: str
) -> None:
    file = tmp_path / "hostile.json"
    file.write_text(text)
    line = fails("import", str(file))
    assert words in line and len(line) < 600
    assert ok("history", "--json").json() == []


def test_a_csv_field_too_large_to_read_is_named_by_its_line(
    ok: Run, fails: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon", "--note", "x")
    exported = ok("export", "--format", "csv").stdout
    file = tmp_path / "big.csv"
    file.write_text(
        exported + '2026-11-20,2026-11-20T08:00:00Z,zz,session,pigeon,"' + "n" * 200_000 + '"\r\n'
    )
    assert "line 4: cannot be read as CSV" in fails("import", str(file))


def test_a_bom_and_a_trailing_blank_line_are_fine(ok: Run, tmp_path: Path) -> None:
    ok("log", "pigeon")
    as_json = ok("export").stdout
    as_csv = ok("export", "--format", "csv").stdout
    ok("undo", "--yes")
    (tmp_path / "bom.json").write_text("\ufeff" + as_json)
    (tmp_path / "blank.csv").write_text(as_csv + "\r\n")
    assert "Imported 1 session" in ok("import", str(tmp_path / "bom.json")).stdout
    ok("undo", "--yes")
    assert "Imported 1 session" in ok("import", str(tmp_path / "blank.csv")).stdout


def test_a_file_far_larger_than_any_export_is_refused_unread(fails: Run, tmp_path: Path) -> None:
    file = tmp_path / "huge.json"
    with file.open("wb") as stream:
        stream.truncate(300 * 1024 * 1024)  # sparse: costs no disk
    assert "too large for an export" in fails("import", str(file))


@pytest.mark.parametrize(
    ("name", "aliases"), [("Couch", []), ("Hip opener", ["thomas"]), ("Pigeon", [])]
)
def test_an_imported_stretch_cannot_take_over_a_name_users_type(
    ok: Run, fails: Run, tmp_path: Path, name: str, aliases: list[str]
) -> None:
    entry = json.loads(ok("show", "bridge", "--json").stdout)
    entry |= {"id": "mine", "name": name, "aliases": aliases}
    entry = {key: value for key, value in entry.items() if key in SHOWN_FIELDS}
    file = tmp_path / "mine.json"
    file.write_text(json.dumps({"stretchlog_export": 1, "sessions": [], "stretches": [entry]}))
    assert "would take that name over" in fails("import", str(file))
    assert "mine" not in ok("catalog").stdout
    target = "couch-stretch" if name == "Couch" else "thomas-stretch" if aliases else "pigeon"
    assert ok("show", name if not aliases else aliases[0], "--json").json()["id"] == target


SHOWN_FIELDS = (
    "id", "name", "aliases", "summary", "position", "per_side", "hold_seconds", "reps", "level",
    "targets", "steps", "cues", "cautions",
)  # fmt: skip


def test_catalog_add_cannot_take_over_a_name_either(fails: Run) -> None:
    line = fails(
        "catalog", "add", "--id", "my-couch", "--name", "Couch", "--summary", "s",
        "--position", "lying", "--both-sides", "--hold", "30", "--reps", "1", "--level",
        "beginner", "--target", "t", "--step", "s", "--cue", "c", "--caution", "c",
    )  # fmt: skip
    assert "'couch' already finds 'couch-stretch'" in line


@pytest.mark.parametrize("typed", ["²", "①", "٣", "1" * 50, "1" * 5000, "0" * 5000 + "11"])
def test_digits_not_ascii_or_too_many_are_refused_not_crashed_on(typed: str) -> None:
    with pytest.raises(fields.Invalid):
        fields.tightness(from_text=True)(typed)
    with pytest.raises(BadValue):
        parse_picks(typed, 5)


def test_a_pinned_clock_out_of_range_is_one_line(
    fails: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STRETCHLOG_NOW", "0001-01-01T00:00:00+14:00")
    from stretchlog.commands.clock import system_clock

    with pytest.raises(BadValue, match="is not an ISO date and time"):
        system_clock()


def test_an_export_to_a_terminal_is_inert_and_to_a_file_exact(ok: Run, tmp_path: Path) -> None:
    from tests.conftest import pinned_environment

    hostile = "\x1b]52;c;cGF5bG9hZA==\x07 \x9b31m \u202eevil"
    ok("log", "pigeon", "--note", hostile)
    terminal = pinned_environment(stdout_is_terminal=True, no_color=True)
    for form in ("json", "csv"):
        shown = ok("export", "--format", form, env=terminal).stdout
        assert not any(ch in shown for ch in "\x1b\x07\x9b\u202e"), form
        piped = ok("export", "--format", form).stdout
        assert hostile in piped or json.dumps(hostile, ensure_ascii=False)[1:-1] in piped
    ok("export", "-o", str(tmp_path / "x.json"))
    assert hostile in json.loads((tmp_path / "x.json").read_text())["sessions"][0]["note"]


def test_the_restore_question_shows_a_file_name_inertly(ok: Run, tmp_path: Path) -> None:
    from tests.conftest import pinned_environment

    ok("log", "pigeon")
    backup = tmp_path / "b\x1b[2Jx.db"
    ok("backup", str(backup))
    asked = pinned_environment(stdin_is_terminal=True)
    out = ok("restore", str(backup), input="n\n", env=asked).stdout
    assert "\x1b" not in out and "Nothing restored" in out


@pytest.mark.slow
@pytest.mark.parametrize("command", [["history"], ["status"], ["today", "--json"], ["export"]])
def test_a_full_output_is_one_line_without_python_noise(tmp_path: Path, command: list[str]) -> None:
    import subprocess

    from tests.test_hardening import PROGRAM, environment

    env = environment(tmp_path / "s.db")
    subprocess.run([str(PROGRAM), "log", "pigeon"], env=env, capture_output=True, check=True)
    with open("/dev/full", "w") as full:  # noqa: PTH123 - a device, written to as stdout only
        done = subprocess.run(
            [str(PROGRAM), *command], env=env, stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 1
    assert done.stderr == (
        "stretchlog: error: cannot write the output (No space left on device); the command"
        " itself ran, so check before running it again\n"
    )


def test_a_database_name_too_long_for_the_folder_is_one_line(fails: Run, tmp_path: Path) -> None:
    line = fails("--db", str(tmp_path / ("a" * 300 + ".db")), "log", "pigeon")
    assert "cannot create the database" in line and "File name too long" in line
    assert not any(p.name.startswith(".stretchlog-new") for p in tmp_path.iterdir())


def test_a_catalog_file_far_too_large_is_refused_unread(fails: Run, tmp_path: Path) -> None:
    huge = tmp_path / "huge.toml"
    with huge.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)
    assert "too large for a catalog of stretches" in fails("catalog", "validate", str(huge))


def test_closed_streams_do_not_crash_anything(tmp_path: Path) -> None:
    import subprocess

    from tests.test_hardening import PROGRAM, environment

    env = environment(tmp_path / "s.db")
    for args in (["log", "pigeon"], ["history"], ["status"], ["undo", "--yes"]):
        for closed in ({"stdout": subprocess.DEVNULL}, {"stdin": subprocess.DEVNULL}):
            done = subprocess.run(
                [str(PROGRAM), *args], env=env, stderr=subprocess.PIPE, text=True,
                pass_fds=(), close_fds=True, **closed,
            )  # fmt: skip
            assert "Traceback" not in done.stderr and "report" not in done.stderr, args
    for args in (["log", "bridge"], ["status"]):
        shell = f"{PROGRAM} {' '.join(args)} 1>&- <&-"
        done = subprocess.run(["sh", "-c", shell], env=env, stderr=subprocess.PIPE, text=True)
        assert "Traceback" not in done.stderr and "report" not in done.stderr, shell
    history = subprocess.run([str(PROGRAM), "history", "--json"], env=env, capture_output=True)
    assert b'"bridge"' not in history.stdout or b"glute-bridge" in history.stdout


@pytest.mark.parametrize(
    "template", ["{streak:>9999999999}", "{streak[0]}", "{streak.__class__}", "{done!r}", "{nope}"]
)
def test_a_status_template_has_plain_fields_only(run: Run, template: str) -> None:
    result = run("status", "--format", template)
    assert result.exit_code == 2 and "which is not a field" in result.stderr


def test_a_deeply_nested_or_mistyped_catalog_is_named(ok: Run, run: Run) -> None:
    catalog = Path(ok("catalog", "path").stdout.strip())
    catalog.parent.mkdir(parents=True, exist_ok=True)
    for text, problem in (
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("[[stretches]]\nid = 'x'\n", "unknown table 'stretches'"),
    ):
        catalog.write_text(text)
        result = run("catalog", "validate")
        assert result.exit_code == 1 and problem in result.stdout
        assert "Please report" not in result.stderr
        assert problem in run("show", "pigeon").stderr


def test_files_that_are_not_databases_say_so(fails: Run, tmp_path: Path) -> None:
    import os

    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "missing.db")
    assert "a link to a file that is not there" in fails("--db", str(link), "log", "pigeon")
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    assert "not a regular file" in fails("--db", str(fifo), "history")
    assert "cannot read ''" in fails("log", "pigeon", "--date", "")


def test_import_refuses_a_routine_naming_a_stretch_twice_and_notes_days_ahead(
    ok: Run, fails: Run, tmp_path: Path
) -> None:
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps({"stretchlog_export": 1, "favourites": ["pigeon", "pigeon"]}))
    assert "name a stretch twice" in fails("import", str(twice))
    assert "version" in fails("import", str(_file(tmp_path, {"stretchlog_export": True})))
    ahead = _file(tmp_path, export_with(date="2026-11-27"))
    assert "1 entry dated after today" in ok("import", str(ahead)).stdout


def _file(folder: Path, document: object) -> Path:
    path = folder / "file.json"
    path.write_text(json.dumps(document))
    return path


def test_two_backups_in_one_second_get_two_names(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    ok("backup")
    ok("backup")
    names = sorted(p.name for p in db_path.parent.glob("stretchlog-backup-*.db"))
    assert names == [
        "stretchlog-backup-20261125-093000-2.db",
        "stretchlog-backup-20261125-093000.db",
    ]


def test_export_to_dash_is_stdout(ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ok("log", "pigeon")
    monkeypatch.chdir(tmp_path)
    assert ok("export", "-o", "-").stdout.startswith("{")
    assert not (tmp_path / "-").exists()


def test_a_clock_in_another_millennium_is_one_line(
    fails: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime

    from tests.conftest import pinned_environment

    far = pinned_environment(now=lambda: datetime(9999, 12, 31, 12, tzinfo=UTC))
    assert "which cannot be right" in fails("calendar", env=far)


@pytest.mark.parametrize(
    "args",
    [["catalog", "validate", "X"], ["restore", "X", "--yes"], ["export", "-o", "X"],
     ["import", "X"], ["backup", "X"], ["calendar", "--svg", "X"]],
)  # fmt: skip
def test_a_file_name_too_long_is_one_line_everywhere(
    ok: Run, fails: Run, tmp_path: Path, args: list[str]
) -> None:
    ok("log", "pigeon")
    long_name = str(tmp_path / ("x" * 300))
    fails(*[long_name if arg == "X" else arg for arg in args])
