"""The guided routine's engine on a fake clock: timing, sides, reps, pause, skip, quit, Ctrl-C."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchlog.domain.guided import Event, GuidedRun, Status, Step, held_holds, plan_steps, run
from stretchlog.domain.sessions import Hold
from stretchlog.errors import BadValue
from stretchlog.storage.catalog_files import load_catalog
from tests.conftest import FakeTime, Run, pinned_environment
from tests.test_cli import stored_sessions

CATALOG = load_catalog()
PIGEON = CATALOG.resolve("pigeon")  # per side, 1 × 60 s
BRIDGE = CATALOG.resolve("glute-bridge")  # both sides at once, 2 × 40 s
COUCH = CATALOG.resolve("couch")  # per side, 2 × 45 s


class RecordingView:
    def __init__(self, tick: float | None = None) -> None:
        self.tick = tick
        self.events: list[Event] = []
        self.statuses: list[Status] = []

    def report(self, event: Event, routine: GuidedRun) -> None:
        self.events.append(event)

    def redraw(self, status: Status) -> None:
        self.statuses.append(status)

    def said(self) -> list[str]:
        return [_describe(event) for event in self.events]


def _describe(event: Event) -> str:
    step = event.step
    where = f"{step.stretch.id}:{step.side or 'both'}:{step.rep}"
    held = f"={event.held}" if event.kind == "end" and step.is_hold else ""
    return f"{event.kind} {step.kind} {where}{held}"


def go(steps: tuple[Step, ...], keys: Iterable[tuple[float, str]] = (), tick: float | None = None):
    time = FakeTime(keys)
    routine = GuidedRun(steps, time.clock())
    view = RecordingView(tick)
    run(routine, time.clock, time.wait, view)
    return routine, view, time


def test_a_per_side_stretch_runs_left_then_right_with_a_prep_before_each_hold() -> None:
    steps = plan_steps([PIGEON], hold=None, reps=None, prep=5)
    assert [(s.kind, s.side, s.seconds) for s in steps] == [
        ("prep", "left", 5), ("hold", "left", 60), ("prep", "right", 5), ("hold", "right", 60),
    ]  # fmt: skip
    assert "left side first" in steps[0].cue
    assert "switch sides" in steps[2].cue
    routine, view, time = go(steps)
    assert time.now == 130
    assert view.said() == [
        "begin prep pigeon:left:1", "end prep pigeon:left:1",
        "begin hold pigeon:left:1", "end hold pigeon:left:1=60",
        "begin prep pigeon:right:1", "end prep pigeon:right:1",
        "begin hold pigeon:right:1", "end hold pigeon:right:1=60",
    ]  # fmt: skip
    assert held_holds(routine.held) == (
        Hold("pigeon", "left", 60, 1),
        Hold("pigeon", "right", 60, 1),
    )
    assert not routine.ended_early


def test_reps_repeat_with_their_own_cue_and_options_override_the_dose() -> None:
    steps = plan_steps([BRIDGE, COUCH], hold=3, reps=2, prep=0)
    assert [(s.stretch.id, s.side, s.rep, s.seconds) for s in steps] == [
        ("glute-bridge", None, 1, 3), ("glute-bridge", None, 2, 3),
        ("couch-stretch", "left", 1, 3), ("couch-stretch", "left", 2, 3),
        ("couch-stretch", "right", 1, 3), ("couch-stretch", "right", 2, 3),
    ]  # fmt: skip
    assert [s.number for s in steps] == [1, 1, 2, 2, 2, 2]
    assert steps[1].cue == "release, breathe, and go again"
    routine, _, time = go(steps)
    assert time.now == 18
    assert held_holds(routine.held) == (
        Hold("glute-bridge", None, 6, 2),
        Hold("couch-stretch", "left", 6, 2),
        Hold("couch-stretch", "right", 6, 2),
    )


@pytest.mark.parametrize(
    ("option", "value"), [("hold", 0), ("hold", 3601), ("reps", 0), ("reps", 21), ("prep", 61)]
)
def test_out_of_range_options_are_refused(option: str, value: int) -> None:
    arguments = {"hold": None, "reps": None, "prep": 5} | {option: value}
    with pytest.raises(BadValue, match=f"--{option} must be a whole number from"):
        plan_steps([PIGEON], **arguments)


def test_pause_stops_the_countdown_and_resume_moves_every_deadline_on() -> None:
    steps = plan_steps([PIGEON], hold=10, reps=1, prep=0)
    routine, view, time = go(steps, keys=[(4, " "), (104, " ")])
    assert time.now == 120  # 20 s of holds + 100 s paused
    assert "pause hold pigeon:left:1" in view.said()
    assert "resume hold pigeon:left:1" in view.said()
    assert [h.seconds for h in routine.held] == [10, 10]


def test_the_screen_shows_time_left_frozen_while_paused() -> None:
    steps = plan_steps([BRIDGE], hold=10, reps=1, prep=0)
    _, view, _ = go(steps, keys=[(4, " "), (10, " ")], tick=1.0)
    paused = [s for s in view.statuses if s.paused]
    assert paused and {s.left for s in paused} == {6.0}
    assert [s.left for s in view.statuses if not s.paused][:5] == [10, 9, 8, 7, 6]


def test_skip_ends_a_hold_early_keeping_the_seconds_held() -> None:
    steps = plan_steps([PIGEON], hold=30, reps=1, prep=5)
    routine, view, time = go(steps, keys=[(2, "s"), (2 + 12.7, "s")])
    # the prep was skipped at 2 s; the left hold at 12.7 s into it; the right one ran in full
    assert time.now == pytest.approx(2 + 12.7 + 5 + 30)
    assert [h.seconds for h in routine.held] == [12, 30]
    assert "end hold pigeon:left:1=12" in view.said()


def test_skipping_while_paused_starts_the_next_step_paused() -> None:
    steps = plan_steps([BRIDGE], hold=10, reps=2, prep=0)
    routine, _, time = go(steps, keys=[(3, " "), (50, "s"), (60, " ")])
    assert [h.seconds for h in routine.held] == [3, 10]
    assert time.now == 70


@pytest.mark.parametrize("key", ["q", "^C"])
def test_quitting_keeps_the_completed_holds_and_the_part_held(key: str) -> None:
    steps = plan_steps([COUCH], hold=None, reps=1, prep=0)
    routine, view, time = go(steps, keys=[(45 + 20.5, key)])
    assert routine.ended_early
    assert time.now == 65.5
    assert held_holds(routine.held) == (
        Hold("couch-stretch", "left", 45, 1),
        Hold("couch-stretch", "right", 20, 1),
    )
    assert view.said()[-1] == "end hold couch-stretch:right:1=20"


def test_quitting_during_the_first_prep_holds_nothing() -> None:
    routine, _, _ = go(plan_steps([COUCH], None, None, prep=5), keys=[(1, "q")])
    assert routine.ended_early
    assert held_holds(routine.held) == ()


def test_ctrl_c_while_paused_counts_only_the_time_held_before_the_pause() -> None:
    routine, _, _ = go(plan_steps([BRIDGE], 40, 1, prep=0), keys=[(7.9, " "), (300, "^C")])
    assert held_holds(routine.held) == (Hold("glute-bridge", None, 7, 1),)


def test_next_up_and_time_left_overall() -> None:
    steps = plan_steps([BRIDGE, PIGEON], hold=10, reps=1, prep=5)
    _, view, _ = go(steps, tick=5.0)
    first = view.statuses[0]
    assert first.step.kind == "prep" and first.left_overall == 5 + 10 + 2 * (5 + 10)
    assert first.next_hold is not None and first.next_hold.stretch.id == "glute-bridge"
    last = view.statuses[-1]
    assert last.next_hold is None and last.left_overall == last.left


def test_unknown_keys_do_nothing() -> None:
    routine, _, time = go(plan_steps([BRIDGE], 5, 1, prep=0), keys=[(1, "x"), (2, "\x1b")])
    assert time.now == 5 and [h.seconds for h in routine.held] == [5]


def test_an_empty_routine_ends_at_once() -> None:
    routine, view, time = go(())
    assert routine.finished and view.events == [] and time.now == 0


@settings(max_examples=200, deadline=None)
@given(
    holds=st.lists(st.integers(1, 90), min_size=1, max_size=12),
    lateness=st.lists(st.floats(0, 0.9), min_size=1, max_size=40),
    pauses=st.lists(st.tuples(st.floats(0.1, 60), st.floats(0.5, 50)), max_size=3),
)
def test_late_wake_ups_never_add_drift(
    holds: list[int], lateness: list[float], pauses: list[tuple[float, float]]
) -> None:
    """However late each wake-up comes, the routine ends when planned plus the time paused."""
    steps = tuple(Step("hold", BRIDGE, n, None, 1, 1, sec) for n, sec in enumerate(holds, 1))
    late = iter(lateness * 1000)
    presses: list[tuple[float, str]] = []
    at = 0.0
    for gap, pause in pauses:
        presses += [(at + gap, " "), (at + gap + pause, " ")]
        at += gap + pause
    time = FakeTime()
    pressed_at: list[float] = []

    def wait(timeout: float | None) -> str | None:
        if presses and (timeout is None or presses[0][0] <= time.now + timeout):
            time.now = max(time.now, presses.pop(0)[0])
            pressed_at.append(time.now)
            return " "
        assert timeout is not None
        time.now += timeout + next(late)
        return None

    routine = GuidedRun(steps, 0.0)
    run(routine, time.clock, wait, RecordingView(tick=1.0))
    assert [h.seconds for h in routine.held] == holds
    paused = sum(pressed_at[1::2]) - sum(pressed_at[0::2])
    assert len(pressed_at) % 2 == 0
    assert routine.deadline == pytest.approx(sum(holds) + paused)
    assert 0 <= time.now - routine.deadline < 1.0  # only the last wake-up's own lateness


# The command, in-process: plain progress lines, the fake clock and scripted keys


def guided_env(keys: Iterable[tuple[float, str]] = (), **changes: object):
    from contextlib import nullcontext

    time = FakeTime(keys)
    env = pinned_environment(monotonic=time.clock, keys=lambda: nullcontext(time.wait))
    return env._replace(**changes), time


def test_start_runs_the_favourites_and_logs_a_guided_session(ok: Run) -> None:
    ok("fav", "add", "bridge", "pigeon")
    env, time = guided_env()
    out = ok("start", "--hold", "10", "--reps", "1", "--prep", "3", env=env).stdout
    assert time.now == 3 * (3 + 10)
    for line in (
        "Stretch 1 of 2: Glute bridge (lying)",
        "  get into position (3 s)",
        "  hold: 10 s",
        "Stretch 2 of 2: Pigeon pose (seated)",
        "  switch sides: right side now (3 s)",
        "  hold right side: 10 s",
        "  ✓ Pigeon pose, right side: held 10 s",
        "Routine complete",
    ):
        assert line in out
    assert "\a" not in out  # no bell into a pipe
    [session] = ok("history", "--json").json()
    assert session["source"] == "guided"
    assert [(s["id"], s["side"], s["seconds"]) for s in session["stretches"]] == [
        ("glute-bridge", None, 10), ("pigeon", "left", 10), ("pigeon", "right", 10),
    ]  # fmt: skip
    assert ok("streak", "--json").json()["today_done"]


def test_quitting_logs_what_was_held_and_says_so(ok: Run) -> None:
    env, _ = guided_env(keys=[(30 + 12.4, "q")])
    out = ok("start", "couch", "--reps", "1", "--hold", "30", "--prep", "0", env=env).stdout
    assert "Routine ended early" in out and "Ended early: logging the holds you did." in out
    assert "Couch stretch, right side: held 12 s of 30 s" in out
    [session] = ok("history", "--json").json()
    assert [s["seconds"] for s in session["stretches"]] == [30, 12]
    assert session["seconds"] == 42


def test_ctrl_c_before_any_hold_logs_nothing(ok: Run) -> None:
    env, _ = guided_env(keys=[(2, "^C")])
    out = ok("start", "couch", env=env).stdout
    assert "Nothing was held, so nothing was logged." in out
    assert ok("history", "--json").json() == []


def test_tightness_before_and_after_are_stored_and_shown(ok: Run) -> None:
    env, _ = guided_env()
    args = ("start", "bridge", "--hold", "1", "--reps", "1", "--prep", "0")
    ok(*args, "--tightness-before", "7", "--tightness-after", "4", env=env)
    [session] = ok("history", "--json").json()
    assert (session["tightness_before"], session["tightness"]) == (7, 4)
    assert "7→4" in ok("history").stdout


def test_on_a_terminal_tightness_is_asked_before_and_after(run: Run, ok: Run) -> None:
    env, _ = guided_env(stdin_is_terminal=True)
    args = ("start", "bridge", "--hold", "1", "--reps", "1", "--prep", "0")
    result = run(*args, input="eleven\n8\n\n", env=env)
    assert result.exit_code == 0
    assert "How tight do your hips feel before you start?" in result.stdout
    assert result.stderr == (
        "Please type a whole number from 0 (loose) to 10 (very tight),"
        " or one for each side like 6 4 (left, then right).\n"
    )
    [session] = ok("history", "--json").json()
    assert (session["tightness_before"], session["tightness"]) == (8, None)


def test_without_a_terminal_nothing_is_asked(ok: Run) -> None:
    env, _ = guided_env()
    out = ok("start", "bridge", "--hold", "1", "--reps", "1", env=env).stdout
    assert "How tight" not in out


def test_dry_run_prints_the_plan_and_logs_nothing(ok: Run, db_path: Path) -> None:
    ok("fav", "add", "couch", "bridge")
    out = ok("start", "--dry-run").stdout
    assert "Couch stretch" in out and "left" in out and "both" in out
    # couch 2 × 45 s per side, bridge 2 × 40 s; a 5 s prep before each of the 6 holds
    assert "Total: 6 holds, 4 min 20 s of holding, 4 min 50 s with getting ready." in out
    assert stored_sessions(db_path) == 0


def test_start_without_favourites_or_names_says_what_to_do(fails: Run) -> None:
    assert "you have no favourites to start" in fails("start")


@pytest.mark.parametrize(
    "args",
    [
        ("--hold", "0"),
        ("--reps", "99"),
        ("--prep", "-1"),
        ("--tightness-before", "11"),
        ("--tightness-after", "-2"),
    ],
)
def test_bad_numbers_are_refused_before_anything_runs(fails: Run, args: tuple[str, ...]) -> None:
    assert "must be a whole number from" in fails("start", "pigeon", *args)


def test_the_bell_rings_at_each_hold_on_a_terminal_unless_silenced(ok: Run) -> None:
    args = ("start", "bridge", "--hold", "1", "--reps", "2", "--prep", "0")
    env, _ = guided_env(stdout_is_terminal=True, no_color=True)
    assert ok(*args, env=env).stdout.count("\a") == 4
    env, _ = guided_env(stdout_is_terminal=True, no_color=True)
    assert "\a" not in ok(*args, "--no-sound", env=env).stdout


@pytest.mark.parametrize(
    ("height", "cues", "summary"), [(12, False, False), (20, False, True), (40, True, True)]
)
def test_the_live_panel_gives_way_on_short_terminals_but_keeps_the_countdown_and_keys(
    height: int, cues: bool, summary: bool
) -> None:
    from stretchlog.ui.console import plain_text
    from stretchlog.ui.guided_screen import live_frame

    steps = plan_steps([CATALOG.get("pigeon")], 5, 1, 0)
    run_ = GuidedRun(steps, 0.0)
    text = plain_text(live_frame(run_.status(1.0), 1, keys=True, height=height))
    assert ("Cues:" in text) is cues
    assert ("seated · " in text) is summary
    assert "4 s left" in text and "q quit" in text
