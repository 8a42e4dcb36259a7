"""A routine's whole life through the real CLI: new, add, set a dose and a growing hold, start,
log, rename, default, delete; and `fav`, which now changes the default routine."""

from __future__ import annotations

import json
import re
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path

import pytest

from tests.conftest import NOW, FakeTime, Run, pinned_environment


def guided_on(days_later: int, **changes: object):
    time = FakeTime()
    moment = NOW + timedelta(days=days_later)
    return pinned_environment(
        now=lambda: moment, monotonic=time.clock, keys=lambda: nullcontext(time.wait), **changes
    )


def test_a_routine_from_new_to_delete(ok: Run, fails: Run) -> None:
    ok("fav", "add", "pigeon")
    made = ok("routine", "new", "desk-break", "couch", "thomas", "--json").json()
    assert (made["name"], made["default"]) == ("desk-break", False)
    assert [s["id"] for s in made["stretches"]] == ["couch-stretch", "thomas-stretch"]
    assert "already have a routine called 'desk-break'" in fails("routine", "new", "Desk-Break")
    ok("routine", "add", "DESK-BREAK", "bridge", "--at", "1")
    ok("routine", "move", "desk-break", "bridge", "3")
    ok("routine", "remove", "desk-break", "thomas")
    shown = ok("routine", "show", "desk-break", "--json").json()
    assert [s["id"] for s in shown["stretches"]] == ["couch-stretch", "glute-bridge"]

    dosed = ok("routine", "set", "desk-break", "couch", "--hold", "60", "--reps", "1", "--json")
    couch = dosed.json()["stretches"][0]
    assert (couch["hold_seconds"], couch["reps"], couch["hold_from"]) == (60, 1, "routine")
    plan = ok("start", "-r", "desk-break", "--dry-run", "--json").json()
    assert plan["seconds"] == 2 * (5 + 60) + 2 * (5 + 40)  # couch 1 × 60 s a side; bridge 2 × 40 s
    assert "this routine's" in ok("start", "--routine", "desk-break", "--dry-run").stdout

    logged = ok("log", "-r", "desk-break", "--json").json()
    assert logged["routine"] == "desk-break"
    assert [(s["id"], s["seconds"]) for s in logged["stretches"]][:2] == [
        ("couch-stretch", 60), ("couch-stretch", 60),
    ]  # fmt: skip
    listed = {r["name"]: r for r in ok("routine", "list", "--json").json()}
    assert listed["desk-break"]["done_today"] and listed["desk-break"]["streak"] == 1
    assert not listed["favourites"]["done_today"]
    by_hand = ok("log", "bridge", "--json").json()
    assert by_hand["routine"] is None

    ok("routine", "rename", "desk-break", "pause")
    assert ok("history", "--json").json()[1]["routine"] == "pause"  # its sessions follow it
    assert "default routine, so it stays" in fails("routine", "delete", "favourites", "--yes")
    ok("routine", "default", "pause")
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == [
        "couch-stretch",
        "glute-bridge",
    ]
    ok("routine", "delete", "favourites", "--yes")
    assert [r["name"] for r in ok("routine", "list", "--json").json()] == ["pause"]
    assert "no routine called 'favourites'" in fails("start", "-r", "favourites", "--dry-run")


def test_names_and_mistakes_get_one_line_each(ok: Run, fails: Run, run: Run) -> None:
    assert "cannot name a routine" in fails("routine", "new", "two words")
    # a name that reads as an option could only ever be typed after '--'
    assert "starting with a letter or digit" in fails("routine", "new", "--", "-r")
    ok("routine", "new", "x")
    assert "cannot name a routine" in fails("routine", "rename", "x", "--", "--help")
    assert "no routine called 'nope'" in fails("routine", "show", "nope")
    assert "make it with 'stretchlog routine new nope'" in fails("log", "-r", "nope")
    assert fails("start", "-r", "two words", "--dry-run").endswith(
        "see yours with 'stretchlog routine list'"
    )  # not a name to make
    ok("routine", "new", "evening", "pigeon")
    both = run("log", "couch", "-r", "evening")
    assert both.exit_code == 2 and "not both" in both.stderr
    assert "is not in the routine 'evening'" in fails(
        "routine", "set", "evening", "couch", "--hold", "9"
    )
    assert "--progress, --every and --max together" in fails(
        "routine", "set", "evening", "pigeon", "--progress", "5"
    )
    assert "nothing to set" in fails("routine", "set", "evening", "pigeon")
    for wrong in (("add", "evening", "couch", "--at", "3"), ("move", "evening", "pigeon", "0")):
        assert "is outside the routine 'evening'; give a position from 1 to" in fails(
            "routine", *wrong
        )
    ok("routine", "new", "empty")
    assert ok("routine", "show", "empty").stdout.rstrip().endswith("STRETCH...")  # not '....'
    assert "not above the starting hold" in fails(
        "routine", "set", "evening", "pigeon", "--progress", "5", "--every", "2", "--max", "60"
    )
    assert "routine show evening" in fails("routine", "remove", "evening", "couch")
    assert "routine add evening couch-stretch" in fails("routine", "move", "evening", "couch", "1")
    assert "already in evening, at 1" in ok("routine", "add", "evening", "pigeon").stdout
    ok("routine", "remove", "evening", "pigeon")
    assert "'evening' has no stretches to log" in fails("log", "-r", "evening")


RATED = ("--tightness-before", "5", "--tightness-after", "4", "--prep", "0")


def grown_routine(ok: Run) -> None:
    """A routine 'hips' whose glute bridge (2 × 40 s) grows 5 s every 2 full sessions, after
    2 of them on the days before day 2: the hold is 45 s there."""
    ok("routine", "new", "hips", "bridge")
    ok("routine", "set", "hips", "bridge", "--progress", "5", "--every", "2", "--max", "50")
    for day in range(2):
        ok("start", "-r", "hips", *RATED, env=guided_on(day))


def test_a_hold_grows_after_full_guided_sessions_and_start_says_so(ok: Run) -> None:
    grown_routine(ok)
    grown = ok("routine", "show", "hips", "--json", env=guided_on(2)).json()["stretches"][0]
    assert (grown["hold_seconds"], grown["hold_from"]) == (45, "progression")
    assert grown["progression"]["full_sessions"] == 0
    said = ok("start", "-r", "hips", *RATED, env=guided_on(2)).stdout
    assert "Glute bridge: now 45 s per hold" in said
    shown = ok("routine", "show", "hips", env=guided_on(2)).stdout
    assert "1 more full session to 50 s" in shown
    worse = ("--tightness-before", "3", "--tightness-after", "6", "--prep", "0")
    ok("start", "-r", "hips", *worse, env=guided_on(3))  # tighter after: does not count
    assert (
        ok("routine", "show", "hips", "--json", env=guided_on(3)).json()["stretches"][0][
            "hold_seconds"
        ]
        == 45
    )
    after_a_break = ok("routine", "show", "hips", "--json", env=guided_on(12)).json()
    assert after_a_break["stretches"][0]["hold_seconds"] == 40  # a step back after a week off
    ok("history", "--json")


def test_fav_changes_the_default_routine_and_keeps_doses(ok: Run) -> None:
    ok("fav", "add", "couch", "pigeon")
    ok("fav", "set", "couch", "--hold", "50")
    ok("fav", "add", "bridge", "--at", "1")
    assert [(f["id"], f["hold_seconds"]) for f in ok("fav", "list", "--json").json()] == [
        ("glute-bridge", 40), ("couch-stretch", 50), ("pigeon", 60),
    ]  # fmt: skip
    assert ok("routine", "show", "favourites", "--json").json()["default"]


def test_an_old_database_keeps_its_favourites_as_the_default_routine(
    ok: Run, db_path: Path
) -> None:
    """A database from before routines (schema m008) upgrades with its favourites."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from stretchlog.storage import migrations

    db_path.parent.mkdir(parents=True, exist_ok=True)
    before_routines = Migrations(migrations.MIGRATION_SET)
    for step in migrations.STEPS[: migrations.NAMES.index("m009_routines")]:
        before_routines()(step)
    db = Database(db_path)
    before_routines.apply(db)
    db.execute("INSERT INTO favourites VALUES ('pigeon', 2), ('couch-stretch', 1)")
    db.conn.commit()
    db.close()
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == ["couch-stretch", "pigeon"]
    [routine] = ok("routine", "list", "--json").json()
    assert (routine["name"], routine["uid"], routine["default"]) == (
        "favourites", "favourites", True,
    )  # fmt: skip


def test_an_old_export_imports_its_favourites_as_the_default_routine(
    ok: Run, tmp_path: Path
) -> None:
    old = {
        "stretchlog_export": 1,
        "sessions": [
            {"uid": "a1", "date": "2026-11-24", "logged_at": "2026-11-24T08:00:00Z",
             "kind": "session", "source": "manual", "note": None, "tightness": None,
             "tightness_before": None,
             "stretches": [{"id": "pigeon", "side": "left", "seconds": 60, "reps": 1}]},
        ],
        "favourites": ["thomas-stretch", "pigeon"],
        "stretches": [],
    }  # fmt: skip
    file = tmp_path / "old.json"
    file.write_text(json.dumps(old), encoding="utf-8")
    summary = ok("import", str(file), "--json").json()
    assert summary["favourites_set"] and summary["sessions"] == 1
    assert [f["id"] for f in ok("fav", "list", "--json").json()] == ["thomas-stretch", "pigeon"]
    assert ok("history", "--json").json()[0]["routine"] is None


def test_routines_doses_and_growth_travel_in_an_export(
    ok: Run, tmp_path: Path, db_path: Path
) -> None:
    ok("fav", "add", "pigeon")
    ok("routine", "new", "evening", "couch", "bridge")
    ok("routine", "set", "evening", "couch", "--hold", "50", "--reps", "3")
    ok("routine", "set", "evening", "bridge", "--progress", "5", "--every", "2", "--max", "60")
    ok("log", "-r", "evening")
    exported = ok("export").stdout
    file = tmp_path / "all.json"
    file.write_text(exported, encoding="utf-8")
    other = ["--db", str(tmp_path / "other.db")]
    summary = ok(*other, "import", str(file), "--json").json()
    assert summary["routines_added"] == ["evening"] and summary["favourites_set"]
    assert ok(*other, "export").stdout == exported
    again = ok("import", str(file), "--json").json()  # into the database it came from
    assert (again["routines_added"], again["routines_kept"]) == ([], ["favourites", "evening"])
    shown = ok(*other, "routine", "show", "evening", "--json").json()["stretches"]
    assert (shown[0]["hold_seconds"], shown[0]["reps"]) == (50, 3)
    assert shown[1]["progression"]["max_seconds"] == 60
    assert ok(*other, "history", "--json").json()[0]["routine"] == "evening"


def test_a_default_routine_of_another_name_keeps_its_sessions_in_a_new_database(
    ok: Run, tmp_path: Path
) -> None:
    ok("routine", "new", "morning", "couch")
    ok("routine", "default", "morning")
    ok("routine", "delete", "favourites", "--yes")
    ok("log", "-r", "morning")
    file = tmp_path / "all.json"
    file.write_text(ok("export").stdout, encoding="utf-8")
    other = ["--db", str(tmp_path / "other.db")]
    summary = ok(*other, "import", str(file), "--json").json()
    assert summary["favourites_set"] and summary["routines_added"] == ["morning"]
    assert ok(*other, "history", "--json").json()[0]["routine"] == "morning"
    streaks = {s["name"]: s for s in ok(*other, "streak", "--by-routine", "--json").json()}
    assert streaks["morning"]["current"] == 1


def test_a_file_with_a_broken_routine_imports_nothing(ok: Run, fails: Run, tmp_path: Path) -> None:
    ok("fav", "add", "pigeon")
    document = json.loads(ok("export").stdout)
    document["routines"] = [
        {"uid": "r1", "name": "two words", "default": False, "stretches": []},
        {"uid": "r2", "name": "ok", "default": "yes",
         "stretches": [{"id": "pigeon", "hold_seconds": 0, "reps": None, "progression": None}]},
    ]  # fmt: skip
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    said = fails("import", str(file))
    assert "routine record 1: field 'name' must be up to 40 letters" in said
    grows_to_less = {"step_seconds": 5, "every": 3, "max_seconds": 60}
    document["routines"] = [
        {"uid": "r3", "name": "ok", "default": False,
         "stretches": [{"id": "couch-stretch", "hold_seconds": 70, "reps": None,
                        "progression": grows_to_less}]},
    ]  # fmt: skip
    file.write_text(json.dumps(document), encoding="utf-8")
    assert "stretch 1, progression: 'max_seconds' must be above 'hold_seconds'" in fails(
        "import", str(file)
    )  # as 'routine set' refuses it: a hold that could only shrink
    # a lone surrogate cannot be stored: refused by its record, not a crash at the database
    document["routines"][0]["stretches"][0] = {"id": "\ud800", "hold_seconds": None,
                                               "reps": None, "progression": None}  # fmt: skip
    file.write_text(json.dumps(document), encoding="utf-8")
    assert "routine record 1, stretch 1: field 'id' must be a stretch id" in fails(
        "import", str(file)
    )
    document["routines"] = []
    ok("log", "couch")
    session = json.loads(ok("export").stdout)["sessions"][0]
    session["uid"], session["stretches"][0]["id"] = "other", "\ud800"
    document["sessions"] = [session]
    file.write_text(json.dumps(document), encoding="utf-8")
    assert "field 'id' must be a stretch id" in fails("import", str(file))
    assert len(ok("history", "--json").json()) == 1
    [favourites] = ok("routine", "list", "--json").json()
    assert [s["id"] for s in favourites["stretches"]] == ["pigeon"]


@pytest.mark.parametrize("width", [40, 60])
def test_a_name_of_forty_letters_hides_no_column_on_a_narrow_terminal(ok: Run, width: int) -> None:
    long_name = "a-very-long-routine-name-of-forty-chars"
    ok("routine", "new", long_name, "couch")
    ok("log", "-r", long_name)
    terminal = pinned_environment(width=width, stdout_is_terminal=True)
    for args, shown in (
        (("streak", "--by-routine"), ("current", "longest", "last", "1 day", "today")),
        (("routine", "list"), ("holds", "streak", "3 min", "1 day")),
    ):
        text = re.sub(r"\x1b\[[0-9;]*m", "", ok(*args, env=terminal).stdout)
        assert all(len(line) <= width for line in text.splitlines()), text
        assert all(word in text for word in shown), text  # Rich dropped columns silently


def test_reps_alone_leave_a_rule_whose_maximum_the_stretch_has_outgrown(ok: Run) -> None:
    ok("routine", "new", "evening", "couch")
    ok("routine", "set", "evening", "couch", "--progress", "5", "--every", "3", "--max", "50")
    ok(
        "catalog", "add", "--id", "couch-stretch", "--name", "Couch stretch", "--summary", "Longer.",
        "--position", "kneeling", "--per-side", "--hold", "60", "--reps", "2",
        "--level", "advanced", "--target", "psoas", "--step", "Hold.", "--overrides",
    )  # fmt: skip
    # the stretch now starts at 60 s, above the rule's 50 s: the rule cannot grow it, but a
    # change of reps alone must not be refused for it
    shown = ok("routine", "set", "evening", "couch", "--reps", "1", "--json").json()
    assert shown["stretches"][0]["reps"] == 1


def test_the_dashboard_and_streak_by_routine_show_each_routine(ok: Run, run: Run) -> None:
    ok("fav", "add", "couch")
    dashboard = ok("today").stdout
    assert "Routines:" not in dashboard  # one routine: nothing to tell apart
    ok("routine", "new", "evening", "pigeon")
    ok("log", "-r", "evening")
    assert "Routines: ○ favourites  ✓ evening" in ok("today").stdout
    assert ok("today", "--json").json()["routines"] == [
        {"name": "favourites", "done_today": False}, {"name": "evening", "done_today": True},
    ]  # fmt: skip
    streaks = {s["name"]: s for s in ok("streak", "--by-routine", "--json").json()}
    assert (streaks["evening"]["current"], streaks["evening"]["last_done"]) == (1, "2026-11-25")
    assert (streaks["favourites"]["current"], streaks["favourites"]["last_done"]) == (0, None)
    assert "evening       1 day    1 day  today" in ok("streak", "--by-routine").stdout
    assert run("streak", "--by-routine", "--by-stretch").exit_code == 2


@pytest.mark.parametrize("width", [40, 80, 200])
def test_routine_views_fit_every_width_and_keep_ids_and_doses_whole(ok: Run, width: int) -> None:
    ok("routine", "new", "evening", "kneeling-lunge", "couch", "pigeon")
    ok("routine", "set", "evening", "pigeon", "--progress", "5", "--every", "3", "--max", "90")
    terminal = pinned_environment(width=width, stdout_is_terminal=True)
    ok("fav", "add", "kneeling-lunge", "couch")
    for args in (("routine", "show", "evening"), ("routine", "list"), ("fav", "list")):
        text = re.sub(r"\x1b\[[0-9;]*m", "", ok(*args, env=terminal).stdout)
        assert all(len(line) <= width for line in text.splitlines()), text
        if args[1] == "show":
            assert "2 × 30 s each side" in text and "1 × 1 min each side" in text
            assert ("half-kneeling-hip-flexor" in text) == (width >= 48)
            assert "3 more full sessions to 1 min 5 s" in " ".join(text.split())
        elif args[1] == "list" and args[0] == "routine":
            assert "evening" in text and "favourites ★" in text
        else:  # fav list: ids only where they fit, never a name squeezed to a sliver
            assert ("half-kneeling-hip-flexor" in text) == (width >= 48)
            assert "Couch stretch" in text


def test_an_import_cannot_plant_a_routine_of_endless_stretches(
    ok: Run, fails: Run, tmp_path: Path
) -> None:
    ok("fav", "add", "pigeon")
    document = json.loads(ok("export").stdout)
    many = [{"id": f"s{n}", "hold_seconds": None, "reps": None, "progression": None}
            for n in range(101)]  # fmt: skip
    document["routines"].append({"uid": "big", "name": "big", "default": False, "stretches": many})
    file = tmp_path / "big.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    assert "must be a list of at most 100 stretches" in fails("import", str(file))
    document["routines"][-1]["stretches"] = [{"id": "x" * 201}]
    file.write_text(json.dumps(document), encoding="utf-8")
    assert "a stretch id (text of up to 200 characters)" in fails("import", str(file))
    assert [r["name"] for r in ok("routine", "list", "--json").json()] == ["favourites"]


def test_what_a_narrow_routine_show_leaves_out_is_told_under_it(ok: Run) -> None:
    ok("routine", "new", "d", "couch")
    ok("routine", "set", "d", "couch", "--hold", "60")
    narrow = pinned_environment(width=80, stdout_is_terminal=True)
    shown = re.sub(r"\x1b\[[0-9;]*m", "", ok("routine", "show", "d", env=narrow).stdout)
    assert "couch-stretch: this routine's dose" in shown
