"""A routine's whole life through the real CLI: new, add, set a dose and a growing hold, start,
log, rename, default, delete; and `fav`, which now changes the default routine."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta

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
    assert "no routine called 'nope'" in fails("routine", "show", "nope")
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
    assert "not above the starting hold" in fails(
        "routine", "set", "evening", "pigeon", "--progress", "5", "--every", "2", "--max", "60"
    )
    ok("routine", "remove", "evening", "pigeon")
    assert "'evening' has no stretches to log" in fails("log", "-r", "evening")


def test_a_hold_grows_after_full_guided_sessions_and_start_says_so(ok: Run) -> None:
    ok("routine", "new", "hips", "bridge")  # glute bridge: 2 × 40 s
    ok("routine", "set", "hips", "bridge", "--progress", "5", "--every", "2", "--max", "50")
    rated = ("--tightness-before", "5", "--tightness-after", "4", "--prep", "0")
    for day in range(2):
        ok("start", "-r", "hips", *rated, env=guided_on(day))
    grown = ok("routine", "show", "hips", "--json", env=guided_on(2)).json()["stretches"][0]
    assert (grown["hold_seconds"], grown["hold_from"]) == (45, "progression")
    assert grown["progression"]["full_sessions"] == 0
    said = ok("start", "-r", "hips", *rated, env=guided_on(2)).stdout
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
