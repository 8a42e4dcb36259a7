"""Spoken cues: what the voice says and when (a pure plan, shared by the dry run and the live
routine), said on the injected clock; the settings and options that ask for it. The engines
themselves, fake and real, are in test_voice_engines.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from stretchlog.domain.cues import closing_words, countdown, plan_cues, speakable
from stretchlog.domain.fields import Invalid
from stretchlog.domain.guided import GuidedRun, Status, plan_steps, run
from stretchlog.ui.voice import Engine, Speaker, VoicedScreen
from tests.conftest import FakeTime, Run
from tests.test_guided import BRIDGE, PIGEON, RecordingView, guided_env

PLAN_ARGS = ("start", "pigeon", "--hold", "12", "--prep", "3")
PLAN_SAYS = [
    (0, "Pigeon pose. Get into position, left side first"),
    (3, "Pigeon pose, left side, 12 seconds"),
    (5, "10 seconds left"),
    (12, "3"),
    (13, "2"),
    (14, "1"),
    (15, "Switch sides: right side now"),
    (18, "Pigeon pose, right side, 12 seconds"),
    (20, "10 seconds left"),
    (27, "3"),
    (28, "2"),
    (29, "1"),
    (30, "Done. 24 seconds held, a new streak begins."),
]

# The plan: a pure function of the steps


def test_the_cues_follow_the_plan_in_order_of_time() -> None:
    steps = plan_steps([PIGEON, BRIDGE], hold=12, reps=None, prep=3)
    cues = plan_cues(steps, countdown("10,3"))
    assert [c.text for c in cues if c.kind != "count"] == [
        "Pigeon pose. Get into position, left side first",
        "Pigeon pose, left side, 12 seconds",
        "Switch sides: right side now",
        "Pigeon pose, right side, 12 seconds",
        "Next: Glute bridge. Get into position",
        "Glute bridge, 12 seconds",
        "Release, breathe, and go again",
        "Glute bridge, 12 seconds",
    ]
    assert [(c.offset, c.text) for c in cues if c.step == 1] == [
        (0, "Pigeon pose, left side, 12 seconds"),
        (2, "10 seconds left"), (9, "3"), (10, "2"), (11, "1"),
    ]  # fmt: skip


def test_without_a_prep_the_hold_names_the_next_stretch_and_short_holds_skip_the_count() -> None:
    steps = plan_steps([BRIDGE, PIGEON], hold=3, reps=1, prep=0)
    cues = plan_cues(steps, countdown("10,3"), new_holds={2: 60})
    assert [(c.step, c.offset, c.text) for c in cues] == [
        (0, 0, "Glute bridge, 3 seconds"), (0, 1, "2"), (0, 2, "1"),
        (1, 0, "Pigeon pose, left side, 3 seconds. A step back after a break, from 1 minute"),
        (1, 1, "2"), (1, 2, "1"),
        (2, 0, "Pigeon pose, right side, 3 seconds"), (2, 1, "2"), (2, 2, "1"),
    ]  # fmt: skip


def test_a_grown_hold_is_announced_with_its_stretch() -> None:
    steps = plan_steps([PIGEON], hold=50, reps=1, prep=5)
    first = plan_cues(steps, (), new_holds={1: 45})[0]
    assert (
        first.text
        == "Pigeon pose. Get into position, left side first. New target, up from 45 seconds"
    )


@pytest.mark.parametrize(
    ("given", "counts"),
    [("10,3", (10, 3, 2, 1)), ("5", (5, 4, 3, 2, 1)), ("30, 10", (30, 10)), ("off", ())],
)
def test_countdown_numbers_up_to_five_count_on_to_one(given: str, counts: tuple[int, ...]) -> None:
    assert countdown(given) == counts


@pytest.mark.parametrize("given", ["", "ten", "10,,3", "0", "3601", "-3", "1e3", "99999999"])
def test_countdown_refuses_what_is_not_seconds(given: str) -> None:
    with pytest.raises(Invalid):
        countdown(given)


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("-rf --voice=evil", "rf --voice=evil"),
        ("Hip\x1b[31m\nopener\x07", "Hip [31m opener"),
        ("–––", "this stretch"),
        ("x" * 500, "x" * 60),
    ],
)
def test_a_users_stretch_name_is_spoken_safely(name: str, said: str) -> None:
    assert speakable(name) == said


def test_the_closing_words_say_the_time_held_and_the_streak() -> None:
    assert closing_words(125, 6) == "Done. 2 minutes 5 seconds held, 6 days in a row."
    assert closing_words(60, 1) == "Done. 1 minute held, a new streak begins."


# The live routine on the injected clock, with a speaker that only notes what it is told


class NotedSpeaker(Speaker):
    def __init__(self, time: FakeTime) -> None:
        super().__init__(Engine(("unused",)))
        self.time = time
        self.noted: list[tuple[float, str]] = []

    def say(self, words: str) -> None:
        self.noted.append((self.time.now, words))

    def silence(self) -> None:
        self.noted.append((self.time.now, "(silence)"))


def voiced(
    steps: Any, keys: Iterable[tuple[float, str]] = (), tick: float | None = None
) -> tuple[NotedSpeaker, RecordingView, FakeTime]:
    time = FakeTime(keys)
    speaker = NotedSpeaker(time)
    screen = RecordingView(tick)
    run(
        GuidedRun(steps, 0.0),
        time.clock,
        time.wait,
        VoicedScreen(screen, speaker, plan_cues(steps, countdown("10,3"))),
    )
    return speaker, screen, time


@pytest.mark.parametrize("tick", [None, 0.1, 0.7])
def test_each_cue_is_said_at_its_moment_and_the_routine_keeps_its_time(tick: float | None) -> None:
    steps = plan_steps([PIGEON], hold=12, reps=1, prep=3)
    speaker, screen, time = voiced(steps, tick=tick)
    assert [(round(at, 6), words) for at, words in speaker.noted] == PLAN_SAYS[:-1]
    assert time.now == 30
    if tick is None:  # the voice wakes the routine only when it has something to say
        assert len(screen.statuses) == len(PLAN_SAYS) - 1


def test_a_pause_silences_the_voice_and_the_cues_move_on_with_the_steps() -> None:
    steps = plan_steps([PIGEON], hold=12, reps=1, prep=3)
    speaker, _, time = voiced(steps, keys=[(4, " "), (104, " ")])
    assert speaker.noted[:4] == [
        (0, "Pigeon pose. Get into position, left side first"),
        (3, "Pigeon pose, left side, 12 seconds"),
        (4, "(silence)"),
        (105, "10 seconds left"),  # due at 5, after 100 s paused
    ]
    assert time.now == 130


def test_a_skipped_step_says_nothing_more_and_the_next_begins_with_its_own_cue() -> None:
    steps = plan_steps([PIGEON], hold=12, reps=1, prep=3)
    speaker, _, _ = voiced(steps, keys=[(5.5, "s")])
    assert speaker.noted[2:5] == [
        (5, "10 seconds left"),
        (5.5, "Switch sides: right side now"),
        (8.5, "Pigeon pose, right side, 12 seconds"),
    ]


def test_a_late_wake_up_says_only_the_latest_cue_due() -> None:
    speaker = NotedSpeaker(FakeTime())
    steps = plan_steps([BRIDGE], hold=12, reps=1, prep=0)
    screen = VoicedScreen(RecordingView(), speaker, plan_cues(steps, countdown("10,3")))
    routine = GuidedRun(steps, 0.0)
    for event in routine.take_events():
        screen.report(event, routine)
    screen.redraw(routine.status(0.0))
    speaker.time.now = 10.5
    screen.redraw(routine.status(10.5))  # 10 s left, 3 and 2 all passed meanwhile
    assert [words for _, words in speaker.noted] == ["Glute bridge, 12 seconds", "2"]
    assert screen.tick == pytest.approx(0.5)


def test_the_voiced_screen_keeps_the_screens_tick_when_it_is_sooner() -> None:
    steps = plan_steps([BRIDGE], hold=30, reps=1, prep=0)
    screen = VoicedScreen(RecordingView(0.1), NotedSpeaker(FakeTime()), plan_cues(steps, ()))
    routine = GuidedRun(steps, 0.0)
    for event in routine.take_events():
        screen.report(event, routine)
    screen.redraw(Status(steps[0], 30.0, 30.0, False, None))
    assert screen.tick == 0.1


# The command: no engine, settings and options


def test_with_no_engine_one_line_says_what_to_install_and_the_bell_rings(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    args = ("start", "bridge", "--hold", "1", "--reps", "2", "--prep", "0", "--voice")
    result = run(*args, env=guided_env(stdout_is_terminal=True, no_color=True)[0])
    assert result.exit_code == 0
    assert result.stderr == (
        "stretchlog: warning: no speech engine found: install espeak-ng (apt install espeak-ng)"
        " or speech-dispatcher, or set guided.voice_command; going on with the bell\n"
    )
    assert result.stdout.count("\a") == 4


def test_a_voice_command_that_is_not_installed_is_named(
    run: Run, ok: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    ok("config", "set", "guided.voice_command", "no-such-tts {text}")
    result = run("start", "bridge", "--hold", "1", "--voice", env=guided_env()[0])
    assert result.exit_code == 0
    assert "guided.voice_command runs 'no-such-tts', which is not installed" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        "espeak-ng",  # no {text}
        "{text} --now",  # {text} in the program's place
        "espeak-ng '{text}",  # an unclosed quote
        "espeak-ng {text}\x1b",
        "x" * 300 + " {text}",
        "   ",
    ],
)
def test_a_voice_command_without_a_place_for_the_words_is_refused(fails: Any, command: str) -> None:
    line = fails("config", "set", "guided.voice_command", command)
    assert "guided.voice_command must be a command with {text} in it" in line


def test_voice_settings_are_listed_and_read_back(ok: Run, fails: Any, tmp_path: Path) -> None:
    assert "guided.voice must be true or false, not 'maybe'" in fails(
        "config", "set", "guided.voice", "maybe"
    )
    ok("config", "set", "guided.voice", "yes")
    assert ok("config", "get", "guided.voice").stdout == "true\n"
    listed = ok("config", "list", "--json").json()
    assert listed["guided.voice"] == "true" and listed["guided.voice_command"] is None
    written = tmp_path / "xdg-config" / "stretchlog" / "config.toml"
    written.write_text("[guided]\nvoice = false\n")  # a TOML boolean, typed by hand
    assert ok("config", "get", "guided.voice").stdout == "false\n"


def test_a_bad_countdown_is_refused_before_anything_runs(fails: Any) -> None:
    line = fails("start", "pigeon", "--countdown", "10,zero")
    assert "--countdown must be seconds left separated by commas, like 10,3, or off" in line


def test_the_dry_run_lists_cues_only_with_the_voice(ok: Run) -> None:
    assert "cues" not in ok("start", "pigeon", "--dry-run", "--json").json()
    out = ok("start", "pigeon", "--dry-run", "--voice", "--countdown", "off").stdout
    assert "Spoken cues" in out
    assert "0:05  Pigeon pose, left side, 1 minute\n1:05  Switch sides: right side now" in out


def test_the_dry_run_says_a_grown_target_and_the_streak_logging_it_makes(ok: Run) -> None:
    from tests.test_routines_cli import grown_routine, guided_on

    grown_routine(ok)
    args = ("start", "-r", "hips", "--prep", "0", "--voice", "--dry-run", "--json")
    cues = ok(*args, env=guided_on(2)).json()["cues"]
    assert cues[0]["text"] == "Glute bridge, 45 seconds. New target, up from 40 seconds"
    assert cues[-1] == {
        "at": 90,
        "kind": "done",
        "text": "Done. 1 minute 30 seconds held, 3 days in a row.",
    }
