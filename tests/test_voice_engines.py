"""Spoken cues through a speech engine: a fake one on PATH, through the command in-process and
the installed program on a real terminal, and espeak-ng itself.

The fake engine is a real program: it notes each call (its pid, its arguments, and the time on the
test's clock, which the clock publishes in the environment every child inherits) and, when told,
"speaks" for a while, noting when it is cut off. No engine process may outlive a test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import wave
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FakeTime, Run, pinned_environment
from tests.test_voice import PLAN_ARGS, PLAN_SAYS

# The command, with a fake engine on PATH


FAKE_ENGINE = """\
#!{python}
import json, os, signal, sys, time

def note(**entry):
    with open(os.environ["FAKE_ENGINE_LOG"], "a") as log:
        log.write(json.dumps(dict(pid=os.getpid(), **entry)) + "\\n")

def cut_off(signum, frame):
    note(cut=True)
    sys.exit(0)

signal.signal(signal.SIGTERM, cut_off)
note(at=float(os.environ.get("FAKE_NOW", "nan")), argv=sys.argv[1:])
time.sleep(float(os.environ.get("FAKE_SPEAK_SECONDS", "0")))
"""


class PublishedTime(FakeTime):
    """The test's clock, published to each process started (FAKE_NOW) as it moves."""

    def __init__(self, keys: Iterable[tuple[float, str]] = ()) -> None:
        super().__init__(keys)
        os.environ["FAKE_NOW"] = "0"

    def wait(self, timeout: float | None) -> str | None:
        try:
            return super().wait(timeout)
        finally:
            os.environ["FAKE_NOW"] = repr(self.now)


class FakeEngine:
    def __init__(self, folder: Path) -> None:
        self.log = folder / "calls.jsonl"
        self.log.touch()

    def notes(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log.read_text().splitlines()]

    def calls(self) -> list[dict[str, Any]]:
        return [note for note in self.notes() if "argv" in note]

    def said(self) -> list[tuple[float, str]]:
        """When each cue began on the test's clock, and its words (after the '--')."""
        return [(call["at"], call["argv"][-1]) for call in self.calls()]

    def cut(self) -> set[int]:
        return {note["pid"] for note in self.notes() if note.get("cut")}


@pytest.fixture
def engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeEngine]:
    """A fake espeak-ng, alone on PATH; each start waits (for real, briefly) until the fake has
    noted its call, so that a cue cut off at once is still on the record."""
    folder = tmp_path / "bin"
    folder.mkdir()
    program = folder / "espeak-ng"
    program.write_text(FAKE_ENGINE.format(python=sys.executable))
    program.chmod(0o755)
    fake = FakeEngine(tmp_path)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("FAKE_ENGINE_LOG", str(fake.log))
    monkeypatch.setenv("FAKE_NOW", "0")

    class NotedPopen(subprocess.Popen):  # type: ignore[type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            deadline = time.monotonic() + 20
            while f'"pid": {self.pid},' not in fake.log.read_text():
                assert time.monotonic() < deadline, "the fake engine never started"
                time.sleep(0.002)

    monkeypatch.setattr(subprocess, "Popen", NotedPopen)
    yield fake
    for call in fake.calls():  # no engine process is ever left behind
        with pytest.raises(ProcessLookupError):
            os.kill(call["pid"], 0)


def voiced_env(keys: Iterable[tuple[float, str]] = (), **changes: Any) -> Any:
    from contextlib import nullcontext

    time = PublishedTime(keys)
    return pinned_environment(monotonic=time.clock, keys=lambda: nullcontext(time.wait))._replace(
        **changes
    )


@pytest.mark.slow
def test_the_engine_says_what_the_dry_run_lists_at_the_times_it_lists(
    ok: Run, engine: FakeEngine
) -> None:
    planned = ok(*PLAN_ARGS, "--voice", "--dry-run", "--json").json()["cues"]
    assert [(cue["at"], cue["text"]) for cue in planned] == PLAN_SAYS
    out = ok(*PLAN_ARGS, "--voice", env=voiced_env(stdout_is_terminal=True, no_color=True))
    assert engine.said() == PLAN_SAYS
    assert all(call["argv"][:-1] == ["--"] for call in engine.calls())  # words: one argument
    assert "\a" not in out.stdout  # the voice, not the bell
    assert ok("history", "--json").json()[0]["seconds"] == 24


@pytest.mark.slow
def test_a_cue_still_speaking_when_the_next_is_due_is_cut_off(
    ok: Run, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEAK_SECONDS", "60")
    ok(*PLAN_ARGS, "--voice", "--countdown", "off", env=voiced_env(keys=[(16, "q")]))
    calls = engine.calls()
    assert [(at, words) for at, words in engine.said()] == [
        (0, PLAN_SAYS[0][1]), (3, PLAN_SAYS[1][1]), (15, PLAN_SAYS[6][1]),
    ]  # fmt: skip
    assert engine.cut() == {call["pid"] for call in calls}  # the last one, by quitting


@pytest.mark.slow
def test_a_pause_silences_the_engine_and_quitting_stops_it(
    ok: Run, engine: FakeEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_SPEAK_SECONDS", "60")
    env = voiced_env(keys=[(4, " "), (50, " "), (54, "q")])
    ok(*PLAN_ARGS, "--voice", env=env)
    assert engine.said() == [(0, PLAN_SAYS[0][1]), (3, PLAN_SAYS[1][1]), (51, "10 seconds left")]
    assert engine.cut() == {call["pid"] for call in engine.calls()}


@pytest.mark.slow
def test_the_setting_speaks_unless_no_voice_and_a_command_of_ones_own_gets_the_words(
    ok: Run, engine: FakeEngine, tmp_path: Path
) -> None:
    shutil.copy(tmp_path / "bin" / "espeak-ng", tmp_path / "bin" / "my-tts")
    ok("config", "set", "guided.voice", "true")
    ok("config", "set", "guided.voice_command", "my-tts --rate 'very slow' {text}")
    args = ("start", "bridge", "--hold", "2", "--reps", "1", "--prep", "0", "--countdown", "off")
    ok(*args, "--no-voice", env=voiced_env())
    assert engine.calls() == []
    ok(*args, env=voiced_env())
    assert [call["argv"] for call in engine.calls()] == [
        ["--rate", "very slow", "Glute bridge, 2 seconds"],
        ["--rate", "very slow", "Done. 2 seconds held, a new streak begins."],
    ]


@pytest.mark.slow
def test_an_engine_that_speaks_through_a_daemon_is_told_to_stop_on_a_pause(
    ok: Run, engine: FakeEngine, tmp_path: Path
) -> None:
    (tmp_path / "bin" / "espeak-ng").rename(tmp_path / "bin" / "spd-say")
    ok(*PLAN_ARGS, "--voice", "--countdown", "off", env=voiced_env(keys=[(4, " "), (5, "q")]))
    assert [call["argv"] for call in engine.calls()] == [
        ["--", PLAN_SAYS[0][1]],
        ["--", PLAN_SAYS[1][1]],
        ["--cancel"],
        ["--cancel"],
    ]  # fmt: skip  (silenced by the pause, then by quitting)


@pytest.mark.slow
@pytest.mark.parametrize("key", ["q", "^C"])
def test_on_a_real_terminal_ending_the_routine_leaves_no_engine_behind(
    engine: FakeEngine, tmp_path: Path, key: str
) -> None:
    from tests.test_terminal import PROGRAM, Terminal

    env = {
        "PATH": str(tmp_path / "bin"),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "STRETCHLOG_DB": str(tmp_path / "stretchlog.db"),
        "FAKE_ENGINE_LOG": str(engine.log),
        "FAKE_SPEAK_SECONDS": "60",
    }
    assert PROGRAM.exists()
    args = ["start", "pigeon", "--hold", "30", "--prep", "0", "--voice", "--tightness-before", "5"]
    term = Terminal(args, env)
    term.wait_for(lambda screen: "HOLD left side" in screen and "28 s left" in screen)
    deadline = time.monotonic() + 30
    while not engine.calls():
        assert time.monotonic() < deadline, "no cue was spoken"
        time.sleep(0.02)
    if key == "q":
        term.child.send("q")
    else:
        term.child.sendintr()
    term.wait_for(lambda screen: "you held? [Y/n]" in screen)
    pids = {call["pid"] for call in engine.calls()}
    while engine.cut() != pids:  # silenced at once, not once the question is answered
        assert time.monotonic() < deadline, "the cue went on speaking after the routine ended"
        time.sleep(0.02)
    term.child.sendline("n")
    assert term.finish() == 0
    assert [words for _, words in engine.said()] == ["Pigeon pose, left side, 30 seconds"]


# The real engine


REAL_ENGINE = "espeak-ng"


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which(REAL_ENGINE) is None and not os.environ.get("CI_REQUIRE_ESPEAK"),
    reason="espeak-ng is not installed (CI installs it, and sets CI_REQUIRE_ESPEAK to fail here)",
)
def test_espeak_ng_speaks_a_cue_of_the_installed_command_into_a_wav_file(tmp_path: Path) -> None:
    assert shutil.which(REAL_ENGINE), "CI_REQUIRE_ESPEAK is set, and espeak-ng is not installed"
    sound = tmp_path / "cue.wav"
    program = Path(sys.executable).parent / "stretchlog"
    env = os.environ | {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    command = f"{REAL_ENGINE} -w {sound} {{text}}"
    subprocess.run([program, "config", "set", "guided.voice_command", command], env=env, check=True)
    args = ["start", "bridge", "--hold", "1", "--reps", "1", "--prep", "0", "--voice"]
    finished = subprocess.run(
        [program, *args], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert finished.returncode == 0 and finished.stderr == "", finished.stderr
    with wave.open(str(sound)) as speech:
        assert speech.getnframes() / speech.getframerate() > 0.5  # "Done. 1 second held, ..."
        assert speech.getsampwidth() == 2
        frames = speech.readframes(speech.getnframes())
    samples = memoryview(frames).cast("h")
    assert max(abs(sample) for sample in samples) > 1000  # not silence
