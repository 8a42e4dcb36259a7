"""The real CLI, driven in-process with a pinned clock and a fresh database per test."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import TODAY, Run, pinned_environment


def stored_sessions(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM sessions").fetchone()[0])


def test_help_version_and_catalog_never_create_the_database(ok: Run, db_path: Path) -> None:
    assert "Keep a daily psoas" in ok("--help").stdout
    assert ok("--version").stdout.startswith("stretchlog ")
    assert "couch-stretch" in ok("catalog").stdout
    assert "Steps:" in ok("show", "couch").stdout
    for command in ("today", "streak", "history", "fav"):
        ok(command)
    assert not db_path.exists()
    assert not db_path.parent.exists()


def test_every_command_has_help(ok: Run) -> None:
    for command in (
        "today",
        "catalog",
        "show",
        "log",
        "start",
        "streak",
        "history",
        "undo",
        "delete",
    ):
        assert "Usage:" in ok(command, "--help").stdout
    for command in ("list", "add", "remove", "move", "clear", "pick"):
        assert "Usage:" in ok("fav", command, "--help").stdout


def test_catalog_json_lists_every_field(ok: Run) -> None:
    stretches = ok("catalog", "--json").json()
    assert len(stretches) >= 12
    assert set(stretches[0]) >= {
        "id", "name", "aliases", "position", "per_side", "hold_seconds", "reps",
        "steps", "cues", "cautions", "targets", "level", "url",
    }  # fmt: skip


def test_show_json_and_panel(ok: Run) -> None:
    assert ok("show", "sofa", "--json").json()["id"] == "couch-stretch"
    text = ok("show", "thomas").stdout
    for heading in ("Steps:", "Cues:", "Cautions:", "2 × 30 s each side"):
        assert heading in text


def test_unknown_and_ambiguous_stretches_say_what_to_type(fails: Run) -> None:
    assert "did you mean 'pigeon'" in fails("show", "pigon")
    line = fails("log", "kneeling")
    assert "could mean several" in line and "'half-kneeling-hip-flexor'" in line


def test_favourites_are_an_ordered_routine(ok: Run) -> None:
    ok("fav", "add", "pigeon", "couch", "thomas")
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == [
        "pigeon",
        "couch-stretch",
        "thomas-stretch",
    ]
    ok("fav", "move", "thomas", "1")
    ok("fav", "add", "bridge", "--at", "2")
    already = ok("fav", "add", "pigeon").stdout  # already there: left where it is
    assert "Pigeon pose is already in your routine, at 3; stretchlog fav move pigeon" in already
    assert "Moved Pigeon pose from 3 to 4." in ok("fav", "add", "pigeon", "--at", "4").stdout
    routine = ok("fav", "list", "--json").json()
    assert [f["id"] for f in routine] == [
        "thomas-stretch",
        "glute-bridge",
        "couch-stretch",
        "pigeon",
    ]
    assert [f["position"] for f in routine] == [1, 2, 3, 4]
    assert {"id", "name"} <= set(routine[0])
    ok("fav", "remove", "couch", "bridge")
    assert "Thomas stretch" in ok("fav").stdout
    ok("fav", "clear", "--yes")
    assert ok("fav", "list", "--json").json() == []


def test_favourite_errors(fails: Run, ok: Run) -> None:
    ok("fav", "add", "pigeon")
    assert "not in your routine" in fails("fav", "remove", "couch")
    assert "position 5 is outside your routine" in fails("fav", "move", "pigeon", "5")
    assert "position 0" in fails("fav", "move", "pigeon", "0")
    assert "not in your routine" in fails("fav", "move", "couch", "1")
    assert "stdin is not a terminal" in fails("fav", "clear")
    assert "stdin is not a terminal" in fails("fav", "pick")
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == ["pigeon"]


def test_fav_pick_on_a_terminal(ok: Run) -> None:
    terminal = pinned_environment(stdin_is_terminal=True)
    result = ok("fav", "pick", input="0\n12 1\n", env=terminal)
    assert "there is no number 0" in result.stdout
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == [
        "pigeon",
        "half-kneeling-hip-flexor",
    ]
    assert "Kept your routine" in ok("fav", "pick", input="\n", env=terminal).stdout
    assert len(ok("fav", "list", "--json").json()) == 2


def test_log_without_stretches_logs_the_routine(ok: Run) -> None:
    ok("fav", "add", "pigeon", "glute-bridge")
    session = ok("log", "--json").json()
    assert session["date"] == TODAY.isoformat()
    assert session["source"] == "manual"
    assert session["logged_at"] == "2026-11-25T09:30:00Z"
    assert [(s["id"], s["side"], s["seconds"], s["reps"]) for s in session["stretches"]] == [
        ("pigeon", "left", 60, 1),
        ("pigeon", "right", 60, 1),
        ("glute-bridge", None, 80, 2),
    ]


def test_log_named_stretches_with_everything(ok: Run) -> None:
    session = ok(
        "log", "thomas", "--date", "yesterday", "--note", "stiff after the flight",
        "--tightness", "7", "--hold", "45", "--reps", "3", "--json",
    ).json()  # fmt: skip
    assert session["date"] == "2026-11-24"
    assert (session["note"], session["tightness"]) == ("stiff after the flight", 7)
    assert session["stretches"][0] == {
        "id": "thomas-stretch", "name": "Thomas stretch", "side": "left", "seconds": 135, "reps": 3,
    }  # fmt: skip
    history = ok("history", "--json").json()
    assert history[0] == session


def test_log_prints_the_session_and_the_streak(ok: Run) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    text = ok("log", "pigeon").stdout
    assert "Logged session 2 for today" in text
    assert "Streak: 2 days" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("log", "pigeon", "--tightness", "11"),
            "--tightness must be a whole number from 0 (loose) to 10",
        ),
        (("log", "pigeon", "--tightness", "-1"), "--tightness must be a whole number from 0"),
        (("log", "pigeon", "--date", "tomorrow"), "2026-11-26 is in the future"),
        (("log", "pigeon", "--date", "2026-12-01"), "2026-12-01 is in the future"),
        (("log", "pigeon", "--hold", "0"), "--hold must be a whole number from 1 to 3600, not 0"),
        (("log", "pigeon", "--reps", "1000"), "--reps must be a whole number from 1 to 20"),
        (
            ("log", "pigeon", "--note", "x" * 5000),
            "--note must be text (valid Unicode) of at most 4000 characters, not 'xxx",
        ),
        (("log",), "you have no favourites to log"),
        (("log", "nope"), "no stretch called 'nope'"),
        (("delete", "42", "--yes"), "there is no session or rest day 42"),
        (("delete", "0", "--yes"), "there is no session or rest day 0"),
        (("edit", "9" * 20, "--note", "x"), f"there is no session or rest day {'9' * 20}"),
        (("undo", "--yes"), "nothing to undo"),
        (("history", "--limit", "0"), "--limit must be a whole number from 1"),
        (("history", "--since", "today", "--until", "yesterday"), "is after --until"),
    ],
)
def test_bad_input_fails_with_one_line_and_writes_nothing(
    fails: Run, args: tuple[str, ...], message: str, db_path: Path
) -> None:
    assert message in fails(*args)
    assert not db_path.exists()


def test_usage_errors_exit_2_with_one_line(fails: Run) -> None:
    assert "No such option: --colour" in fails("log", "--colour", code=2)
    assert "Invalid value for '--hold'" in fails("log", "--hold", "x", code=2)
    assert "No such command 'lgo'" in fails("lgo", code=2)


def test_history_filters_and_limits(ok: Run) -> None:
    for when in ("2026-11-20", "2026-11-22", "yesterday", "today"):
        ok("log", "pigeon", "--date", when)
    assert [s["date"] for s in ok("history", "--json").json()] == [
        "2026-11-25", "2026-11-24", "2026-11-22", "2026-11-20",
    ]  # fmt: skip
    dates = [
        s["date"]
        for s in ok("history", "--since", "2026-11-21", "--until", "yesterday", "--json").json()
    ]
    assert dates == ["2026-11-24", "2026-11-22"]
    assert len(ok("history", "--limit", "1", "--json").json()) == 1
    assert (
        "No sessions logged in that range"
        in ok("history", "--since", "2026-11-01", "--until", "2026-11-02").stdout
    )
    text = ok("history").stdout
    assert "Wed 2026-11-25" in text and "Pigeon pose L+R" in text


def test_history_json_keys(ok: Run) -> None:
    ok("log", "pigeon", "-n", "ok", "-t", "3")
    session = ok("history", "--json").json()[0]
    assert set(session) >= {"id", "date", "logged_at", "note", "tightness", "source", "stretches"}
    assert set(session["stretches"][0]) >= {"id", "side", "seconds", "reps"}


def test_streak_json_and_text(ok: Run) -> None:
    for when in ("3 days ago", "2 days ago", "yesterday"):
        ok("log", "pigeon", "--date", when)
    streak = ok("streak", "--json").json()
    assert streak == {
        "today": "2026-11-25", "current": 3, "current_start": "2026-11-22", "longest": 3,
        "longest_start": "2026-11-22", "longest_end": "2026-11-24", "today_done": False,
        "at_risk": True, "today_rest": False, "today_paused": False, "last_7": 3,
        "last_30": 3,
    }  # fmt: skip
    assert "3-day streak is at risk" in ok("streak").stdout
    ok("log", "pigeon")
    assert ok("streak", "--json").json()["today_done"] is True
    assert "Streak: 4 days — your longest yet!" in ok("streak").stdout


def test_dashboard_guides_a_new_user_then_shows_the_routine(ok: Run) -> None:
    text = ok().stdout
    assert "Not stretched yet today" in text and "stretchlog fav pick" in text
    ok("fav", "add", "pigeon")
    text = ok().stdout
    assert "Your routine: 1 stretch" in text and "Pigeon pose" in text
    ok("log")
    assert "Stretched today" in ok("today").stdout
    data = ok("today", "--json").json()
    assert data["streak"]["today_done"] is True and data["routine"][0]["id"] == "pigeon"


def test_undo_removes_the_last_logged_session_after_asking(
    ok: Run, fails: Run, db_path: Path
) -> None:
    ok("log", "pigeon")
    ok("log", "thomas", "--date", "2026-11-01")  # logged last, for an earlier day
    assert "stdin is not a terminal" in fails("undo")
    assert stored_sessions(db_path) == 2
    terminal = pinned_environment(stdin_is_terminal=True)
    result = ok("undo", input="n\n", env=terminal)
    assert "Session 2" in result.stdout and "Nothing removed" in result.stdout
    assert stored_sessions(db_path) == 2
    assert "Removed session 2" in ok("undo", input="y\n", env=terminal).stdout
    assert [s["id"] for s in ok("history", "--json").json()] == [1]


def test_delete_by_id(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    ok("log", "thomas")
    assert "Removed session 1" in ok("delete", "1", "--yes").stdout
    assert [s["id"] for s in ok("history", "--json").json()] == [2]
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute("SELECT count(*) FROM session_stretches WHERE session_id = 1").fetchone()[
                0
            ]
            == 0
        )


def test_user_text_is_shown_inertly(ok: Run) -> None:
    note = "[red]not red[/] \x1b[2J\x1b]0;pwned\x07 \u202eevil"
    ok("log", "pigeon", "--note", note)
    assert ok("history", "--json").json()[0]["note"] == note
    for env in (pinned_environment(), pinned_environment(stdout_is_terminal=True)):
        # history keeps a session to one line on a terminal; the session's panel shows it all
        for text in (ok("history", env=env).stdout, ok("edit", "1", env=env).stdout):
            assert "[red]not red[/]" in text and "\\x1b[2J" in text
            assert "\x1b[2J" not in text and "\x07" not in text and "\u202e" not in text
        text = ok("edit", "1", env=env).stdout
        assert "\\x07" in text and "\\u202e" in text


def test_rich_on_a_terminal_plain_otherwise(ok: Run) -> None:
    ok("log", "pigeon")
    plain = ok("streak").stdout
    assert "\x1b[" not in plain
    fancy = ok("streak", env=pinned_environment(stdout_is_terminal=True)).stdout
    assert "\x1b[" in fancy
    no_color = ok("streak", env=pinned_environment(stdout_is_terminal=True, no_color=True)).stdout
    assert no_color == plain


def test_db_option_beats_the_environment(ok: Run, tmp_path: Path, db_path: Path) -> None:
    other = tmp_path / "elsewhere.db"
    ok("--db", str(other), "log", "pigeon")
    assert other.exists() and not db_path.exists()
    assert len(ok("--db", str(other), "history", "--json").json()) == 1


def test_database_is_private_to_the_user(ok: Run, db_path: Path) -> None:
    ok("log", "pigeon")
    assert db_path.stat().st_mode & 0o777 == 0o600
    assert db_path.parent.stat().st_mode & 0o777 == 0o700


def test_default_database_lives_in_the_user_data_folder(
    ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STRETCHLOG_DB")
    ok("log", "pigeon")
    assert (tmp_path / "xdg-data" / "stretchlog" / "stretchlog.db").exists()


@pytest.mark.parametrize("xdg_data_home", [None, "", "   ", "/srv/data", "relative/data"])
@pytest.mark.parametrize("home", ["/home/ann", "/home/ann/", "relative-home"])
def test_the_inlined_data_folder_rule_agrees_with_platformdirs(
    monkeypatch: pytest.MonkeyPatch, xdg_data_home: str | None, home: str
) -> None:
    import platformdirs

    from stretchlog.storage.paths import default_db_path, user_catalog_path

    monkeypatch.setenv("HOME", home)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        if xdg_data_home is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg_data_home)
    data = Path(platformdirs.user_data_dir("stretchlog", appauthor=False))
    config = Path(platformdirs.user_config_dir("stretchlog", appauthor=False))
    assert Path(default_db_path()) == data / "stretchlog.db"
    assert Path(user_catalog_path()) == config / "stretches.toml"


def test_stretch_arguments_complete_to_catalog_ids() -> None:
    from stretchlog.commands.options import complete_stretch

    assert ("couch-stretch", "Couch stretch") in complete_stretch("cou")
    assert {stretch_id for stretch_id, _ in complete_stretch("K")} == {
        "kneeling-reach-side-bend",
        "knee-to-chest",
    }
    assert len(complete_stretch("")) >= 12


def test_a_rest_day_bridges_the_streak_and_shows_everywhere(ok: Run, fails: Run) -> None:
    ok("log", "pigeon", "--date", "2 days ago")
    rested = ok("rest", "--date", "yesterday", "--note", "flu")
    assert "Marked yesterday (2026-11-24) as a rest day (id 2)." in rested.stdout
    ok("log", "pigeon")
    streak = ok("streak", "--json").json()
    assert (streak["current"], streak["current_start"]) == (2, "2026-11-23")
    history = ok("history").stdout
    assert "rest day" in history and "flu" in history
    assert ok("history", "--json").json()[1]["kind"] == "rest"
    assert "already a rest day" in fails("rest", "--date", "yesterday")
    assert "you stretched on 2026-11-25" in fails("rest")


def test_resting_today_keeps_the_streak_safe(ok: Run) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    ok("rest")
    assert "Rest day today" in ok().stdout
    streak = ok("streak", "--json").json()
    assert (streak["current"], streak["at_risk"], streak["today_rest"]) == (1, False, True)
    assert "(resting today)" in ok("streak").stdout


def test_logging_on_a_rest_day_unmarks_it(ok: Run) -> None:
    ok("rest")
    out = ok("log", "pigeon").stdout
    assert "Today is no longer a rest day." in out
    assert [s["kind"] for s in ok("history", "--json").json()] == ["session"]


def test_undo_and_delete_remove_rest_days(ok: Run) -> None:
    ok("rest", "--date", "yesterday")
    ok("rest", "--date", "3 days ago")
    assert "Removed rest day 2." in ok("undo", "--yes").stdout
    assert "Removed rest day 1." in ok("delete", "1", "--yes").stdout
    assert ok("history", "--json").json() == []


def test_the_command_map_names_the_module_of_every_command() -> None:
    from stretchlog.cli import COMMAND_MODULES, app

    found = {info.name: info.callback.__module__ for info in app.registered_commands}
    found |= {
        info.name: info.typer_instance.registered_callback.callback.__module__
        for info in app.registered_groups
    }
    assert {
        name: f"stretchlog.commands.{module}" for name, module in COMMAND_MODULES.items()
    } == found


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("log", "yesterday"), "use: stretchlog log --date 'yesterday'"),
        (("start", "3 days ago", "--dry-run"), "'3 days ago' is a day, not a stretch"),
        (("history", "10"), "to show N sessions, use --limit N"),
        (("calendar", "12"), "to show N weeks, use --weeks N"),
    ],
)
def test_common_slips_get_a_hint(fails: Run, args: tuple[str, ...], hint: str) -> None:
    assert hint in fails(*args, code=2)


def test_tomorrow_is_in_the_future_and_short_names_work(ok: Run, fails: Run) -> None:
    assert "2026-11-26 is in the future" in fails("log", "pigeon", "--date", "tomorrow")
    assert ok("-V").stdout.startswith("stretchlog ")
    ok("fav", "add", "pigeon", "couch")
    assert "Couch" in ok("fav", "ls").stdout
    ok("fav", "rm", "couch")
    assert [s["id"] for s in ok("fav", "ls", "--json").json()] == ["pigeon"]


def test_paths_says_where_everything_is(ok: Run, db_path: Path, tmp_path: Path) -> None:
    found = ok("paths", "--json").json()
    assert found["database"] == str(db_path)
    assert found["stretches"] == str(tmp_path / "xdg-config" / "stretchlog" / "stretches.toml")
    assert found["backups"] == str(db_path.parent)
    shown = ok("paths").stdout
    assert "(not there yet)" in shown and str(db_path) in shown


def test_global_options_may_follow_the_command() -> None:
    from stretchlog.commands.argv import global_options_first

    assert global_options_first(["history", "--db", "x.db", "--limit", "3"]) == [
        "--db", "x.db", "history", "--limit", "3",
    ]  # fmt: skip
    assert global_options_first(["log", "--db=x.db", "pigeon"]) == ["--db=x.db", "log", "pigeon"]
    assert global_options_first(["log", "--note", "x", "--", "--db"]) == [
        "log", "--note", "x", "--", "--db",
    ]  # fmt: skip


@pytest.mark.slow
def test_db_after_the_command_name_works_in_the_real_program(tmp_path: Path) -> None:
    import subprocess

    from tests.test_hardening import PROGRAM, environment

    env = environment(tmp_path / "default.db")
    other = tmp_path / "other.db"
    subprocess.run([str(PROGRAM), "log", "pigeon", "--db", str(other)], env=env, check=True)
    assert other.exists() and not (tmp_path / "default.db").exists()
    done = subprocess.run(
        [str(PROGRAM), "status", "--db", str(other)], env=env, capture_output=True, text=True
    )
    assert done.stdout == "stretched · 1-day streak\n"


def test_edit_says_what_it_changed_or_that_nothing_changed(ok: Run) -> None:
    ok("log", "pigeon", "--tightness", "4", "--date", "yesterday")
    out = ok("edit", "1", "--date", "2 days ago", "--tightness", "6", "--note", "x").stdout
    assert out.startswith(
        "✓ Updated session 1: day 2026-11-24 → 2026-11-23, note, tightness 4 → 6."
    )
    assert ok("edit", "1", "--tightness", "6").stdout.startswith("Nothing to change in session 1.")
    assert "stretches: Pigeon pose L+R, Glute bridge" in ok("edit", "1", "--add", "bridge").stdout


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
def test_catalog_ids_never_break_on_a_terminal_of_any_width(ok: Run, width: int) -> None:
    import re

    terminal = pinned_environment(stdout_is_terminal=True, width=width)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", ok("catalog", env=terminal).stdout)
    assert all(len(line) <= width for line in shown.splitlines())
    for stretch in ok("catalog", "--json").json():
        assert stretch["id"] in shown, (width, stretch["id"])


def test_the_counts_of_a_session_add_up(ok: Run) -> None:
    ok("log", "pigeon", "--hold", "5", "--reps", "2")
    shown = ok("delete", "1", "--yes").stdout
    assert "4 holds, 20 s" in shown and "Pigeon pose (left): 2 × 5 s" in shown


def test_every_command_that_prints_or_changes_data_speaks_json(
    ok: Run, run: Run, tmp_path: Path
) -> None:
    ok("log", "pigeon", "--date", "yesterday")
    not_yet = run("status", "--json")  # exit 1 all the same: not stretched today
    assert not_yet.exit_code == 1 and not_yet.json() == {
        "date": "2026-11-25", "done": False, "rest": False, "paused": False, "streak": 1,
        "longest": 1, "at_risk": True,
    }  # fmt: skip
    days = ok("calendar", "--weeks", "1", "--json").json()["days"]
    assert [d["date"] for d in days if d["seconds"]] == ["2026-11-24"]
    plan = ok("start", "pigeon", "--dry-run", "--json").json()
    assert plan["seconds"] == sum(step["seconds"] for step in plan["steps"]) == 130
    assert [f["id"] for f in ok("fav", "add", "couch", "pigeon", "--json").json()] == [
        "couch-stretch", "pigeon",
    ]  # fmt: skip
    assert ok("fav", "move", "pigeon", "1", "--json").json()[0]["id"] == "pigeon"
    assert ok("fav", "remove", "couch", "--json").json()[0]["id"] == "pigeon"
    exported = tmp_path / "e.json"
    ok("export", "-o", str(exported))
    summary = ok("import", str(exported), "--dry-run", "--json").json()
    assert (summary["dry_run"], summary["sessions"], summary["already_here"]) == (True, 0, 1)
    removed = ok("undo", "--yes", "--json").json()["removed"]
    assert removed["id"] == 1 and removed["date"] == "2026-11-24"
    ok("log", "bridge")
    assert ok("delete", "2", "--yes", "--json").json()["removed"]["id"] == 2
    pause = ok("pause", "--from", "today", "--json").json()
    assert (pause["id"], pause["from"], pause["to"]) == (1, "2026-11-25", None)
    assert ok("pause", "list", "--json").json() == [pause]
    assert ok("pause", "end", "--date", "tomorrow", "--json").json()["to"] == "2026-11-25"
    assert ok("pause", "delete", "1", "--yes", "--json").json()["removed"]["id"] == 1


def test_help_texts_break_lines_only_between_paragraphs() -> None:
    """Typer keeps a docstring's line breaks: one inside a paragraph breaks it mid-sentence."""
    import inspect

    from stretchlog.cli import app

    callbacks = [info.callback for info in app.registered_commands]
    callbacks += [
        info.callback
        for group in app.registered_groups
        for info in group.typer_instance.registered_commands
    ]
    for callback in callbacks:
        for paragraph in (inspect.getdoc(callback) or "").split("\n\n"):
            assert "\n" not in paragraph.strip(), (callback.__name__, paragraph)


def test_color_is_the_terminal_s_unless_said_otherwise(
    ok: Run, fails: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretchlog.commands.environment import Environment

    piped = pinned_environment()
    assert "\x1b[" not in ok("streak", env=piped).stdout
    assert "\x1b[" in ok("--color", "always", "streak", env=piped).stdout
    terminal = pinned_environment(stdout_is_terminal=True)
    assert "\x1b[" in ok("streak", env=terminal).stdout
    assert "\x1b[" not in ok("--color", "never", "streak", env=terminal).stdout
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    assert Environment.from_system().with_color("auto").rich_output is True
    assert "must be one of auto, always, never" in fails("--color", "rainbow", "streak")


def test_a_day_long_before_the_first_entry_is_asked_about(ok: Run, fails: Run) -> None:
    """A mistyped year (2025 for 2026) would start a history a year early."""
    ok("log", "pigeon", "--date", "2026-11-01")
    assert "add --yes to go ahead" in fails("log", "pigeon", "--date", "2025-11-01")
    terminal = pinned_environment(stdin_is_terminal=True)
    said_no = ok("log", "pigeon", "--date", "2025-11-01", input="n\n", env=terminal)
    assert "is 365 days before your first entry (2026-11-01)" in said_no.stdout
    ok("log", "pigeon", "--date", "2026-10-10")  # within a month of it: not asked
    ok("log", "pigeon", "--date", "2025-11-01", "--yes")
    assert len(ok("history", "--json").json()) == 3


def test_an_empty_db_option_is_a_usage_mistake(fails: Run) -> None:
    assert "--db is empty" in fails("--db", "", "history", code=2)


def test_the_dry_run_plan_reads_in_rows_at_40_columns(ok: Run) -> None:
    import re

    terminal = pinned_environment(stdout_is_terminal=True, width=40)
    shown = re.sub(
        r"\x1b\[[0-9;]*m", "", ok("start", "pigeon", "couch", "--dry-run", env=terminal).stdout
    )
    assert "Pigeon pose     left    1 × 1 min" in shown
    assert "Couch stretch   right    2 × 45 s" in shown


def test_usage_lines_use_one_convention_for_arguments(ok: Run) -> None:
    """[NAME] for what may be left out, {NAME} for what is needed; names in capitals."""
    import re

    from stretchlog.cli import app

    commands = [[info.name] for info in app.registered_commands if not info.hidden]
    commands += [
        [group.name, info.name]
        for group in app.registered_groups
        for info in group.typer_instance.registered_commands
        if not info.hidden
    ]
    for command in commands:
        if command == ["status"]:
            continue  # its own parser's usage: stretchlog status [--quiet] ...
        usage = next(
            line for line in ok(*command, "--help").stdout.splitlines() if "Usage:" in line
        )
        words = usage.split("Usage: stretchlog ")[1].split()[len(command) :]
        for word in words:
            assert re.fullmatch(r"\[OPTIONS\]|\[[A-Z]+(\.\.\.)?\]|\{[A-Z]+(\.\.\.)?\}", word), (
                command,
                word,
            )


@pytest.mark.parametrize("width", [40, 80, 200])
def test_history_on_a_terminal_keeps_ids_and_days_whole(ok: Run, width: int) -> None:
    import re

    ok("log", "pigeon", "couch", "thomas", "--note", "a note long enough to need clipping here")
    terminal = pinned_environment(stdout_is_terminal=True, width=width)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", ok("history", "--no-pager", env=terminal).stdout)
    row = next(line for line in shown.splitlines() if "2026-11-25" in line)
    assert row.split()[:3] == ["1", "Wed", "2026-11-25"] and len(row) <= width
