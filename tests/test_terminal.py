"""The installed program in a real pseudo-terminal, read through a terminal emulator (pyte).

These run the guided routine for real, with 1-2 second holds, and press keys as a user would.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte
import pytest

pytestmark = pytest.mark.slow

PROGRAM = Path(sys.executable).parent / "stretchlog"
ROWS, COLUMNS = 40, 100


def _ctrl_c_as_on_a_terminal() -> None:
    """A suite run in the background (`.ci/run &`) ignores SIGINT, and a child inherits that:
    Ctrl-C typed at the program must act as it does for a person at a terminal."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Terminal:
    """A pseudo-terminal running stretchlog, and the screen a user would see."""

    def __init__(self, args: list[str], env: dict[str, str], columns: int = COLUMNS) -> None:
        self.screen = pyte.Screen(columns, ROWS)
        self.stream = pyte.Stream(self.screen)
        self.child = pexpect.spawn(
            str(PROGRAM),
            args,
            env=env,
            encoding="utf-8",
            dimensions=(ROWS, columns),
            preexec_fn=_ctrl_c_as_on_a_terminal,
        )

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def pump(self, seconds: float = 0.05) -> None:
        with contextlib.suppress(pexpect.TIMEOUT, pexpect.EOF):
            self.stream.feed(self.child.read_nonblocking(1_000_000, timeout=seconds))

    def wait_for(self, seen: Callable[[str], bool], timeout: float = 20.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.pump()
            if seen(self.text):
                return self.text
            if not self.child.isalive():
                self.drain()
                if seen(self.text):
                    return self.text
                break
        raise AssertionError(f"never seen on screen:\n{self.text}")

    def drain(self) -> None:
        """Everything a program that has ended still had on its way to the screen: on a busy
        machine its last lines may come in several reads."""
        while True:
            try:
                self.stream.feed(self.child.read_nonblocking(1_000_000, timeout=2))
            except (pexpect.TIMEOUT, pexpect.EOF):
                return

    def finish(self, timeout: float = 60.0) -> int:
        """The exit status, once the program ends; one still running after `timeout` (waiting
        for a key that never comes) is killed and fails the test instead of hanging the suite."""
        deadline = time.monotonic() + timeout
        while self.child.isalive():
            if time.monotonic() > deadline:
                self.child.terminate(force=True)
                raise AssertionError(f"still running after {timeout} s:\n{self.text}")
            self.pump()
        self.pump()
        self.child.close()
        return int(self.child.exitstatus or 0)


@pytest.fixture
def terminal_env(tmp_path: Path) -> dict[str, str]:
    assert PROGRAM.exists(), f"stretchlog is not installed next to {sys.executable}"
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "TERM": "xterm-256color",
        "STRETCHLOG_DB": str(tmp_path / "stretchlog.db"),
        "STRETCHLOG_NOW": "2026-11-25T18:00:00+00:00",
    }


def logged(env: dict[str, str]) -> list[dict[str, object]]:
    history = subprocess.run(
        [str(PROGRAM), "history", "--json"], env=env, capture_output=True, text=True, check=True
    )
    sessions: list[dict[str, object]] = json.loads(history.stdout)
    return sessions


def test_a_guided_routine_on_a_terminal_pauses_skips_and_logs(terminal_env: dict[str, str]) -> None:
    args = ["start", "bridge", "pigeon", "--hold", "2", "--reps", "1", "--prep", "0"]
    term = Terminal(args, terminal_env)
    term.wait_for(lambda screen: "How tight do your hips feel before you start?" in screen)
    term.child.sendline("6")

    screen = term.wait_for(lambda screen: "HOLD" in screen and "Glute bridge" in screen)
    assert "Next: Pigeon pose, left side" in screen
    assert "Stretch 1 of 2" in screen and "space pause  s skip  q quit" in screen
    term.child.send(" ")
    paused = term.wait_for(lambda screen: "paused" in screen)
    assert "space resume" in paused
    time.sleep(2.5)  # longer than the hold: a paused hold must not end
    term.wait_for(lambda screen: "paused" in screen and "Pigeon pose, left side" in screen)
    term.child.send(" ")

    term.wait_for(lambda screen: "HOLD right side" in screen)
    term.child.send("s")
    screen = term.wait_for(lambda screen: "Routine complete" in screen)
    assert "✓ Glute bridge: held 2 s" in screen
    assert "✓ Pigeon pose, left side: held 2 s" in screen
    term.wait_for(lambda screen: "how tight do they feel?" in screen)
    term.child.sendline("3")
    screen = term.wait_for(lambda screen: "Logged session 1" in screen)
    assert term.finish() == 0
    assert "\x1b" not in screen  # the emulator consumed every escape: none was left broken

    [session] = logged(terminal_env)
    assert session["source"] == "guided"
    assert (session["tightness_before"], session["tightness"]) == (6, 3)
    held = {(s["id"], s["side"]): s["seconds"] for s in session["stretches"]}  # type: ignore[attr-defined]
    assert held.pop(("glute-bridge", None)) == 2
    assert held.pop(("pigeon", "left")) == 2
    assert held.get(("pigeon", "right"), 0) < 2  # skipped before the 2 s hold was up


EARLY_HOLD = "3"
"""Long enough that a key or signal sent once the right side's hold shows lands within it, even
on a machine loaded with other work; 1 s was not (the routine could end first)."""


def test_ctrl_c_ends_the_routine_and_keeps_the_completed_holds(
    terminal_env: dict[str, str],
) -> None:
    args = ["start", "pigeon", "--hold", EARLY_HOLD, "--prep", "0", "--tightness-before", "5"]
    args += ["--tightness-after", "2"]
    term = Terminal(args, terminal_env)
    term.wait_for(lambda screen: "HOLD right side" in screen)
    term.child.sendintr()
    asked = term.wait_for(lambda screen: "you held? [Y/n]" in screen)
    assert re.search(r"Log the [34] s you held\? \[Y/n\]", asked)  # the left side, and a moment
    term.child.sendline("")
    screen = term.wait_for(lambda screen: "Routine" in screen and "Logged" in screen)
    assert "Traceback" not in screen
    assert term.finish() == 0
    [session] = logged(terminal_env)
    assert session["stretches"][0]["side"] == "left"  # type: ignore[index]
    assert session["tightness_before"] == 5


@pytest.mark.parametrize(("answer", "code"), [("n", 0), ("^C", 130)])
def test_a_routine_ended_early_is_logged_only_if_the_user_says_so(
    terminal_env: dict[str, str], answer: str, code: int
) -> None:
    """A start pressed by mistake and quit at once must not count as a stretched day."""
    args = ["start", "pigeon", "--hold", EARLY_HOLD, "--prep", "0", "--tightness-before", "5"]
    term = Terminal(args, terminal_env)
    term.wait_for(lambda screen: "HOLD right side" in screen)
    term.child.send("q")
    term.wait_for(lambda screen: "you held? [Y/n]" in screen)
    if answer == "^C":
        term.child.sendintr()
    else:
        term.child.sendline(answer)
    assert term.finish() == code
    assert logged(terminal_env) == []


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_a_stop_signal_ends_the_routine_like_ctrl_c(
    terminal_env: dict[str, str], stop: str
) -> None:
    import signal

    args = ["start", "pigeon", "--hold", EARLY_HOLD, "--prep", "0", "--tightness-before", "5"]
    args += ["--tightness-after", "2"]
    term = Terminal(args, terminal_env)
    term.wait_for(lambda screen: "HOLD right side" in screen)
    term.child.kill(getattr(signal, stop))
    term.finish()
    [session] = logged(terminal_env)
    assert session["stretches"][0]["side"] == "left"  # type: ignore[index]
    assert session["tightness_before"] == 5


def test_the_terminal_is_restored_after_the_routine(terminal_env: dict[str, str]) -> None:
    """Keys were read one by one without echo during the routine; afterwards typing echoes."""
    args = ["start", "bridge", "--hold", "1", "--reps", "1", "--prep", "0"]
    term = Terminal(args, terminal_env)
    term.wait_for(lambda screen: "before you start?" in screen)
    term.child.sendline("")
    term.wait_for(lambda screen: "how tight do they feel?" in screen)
    term.child.sendline("4")  # echoed only if the terminal is back in its normal mode
    screen = term.wait_for(lambda screen: "Logged session" in screen)
    assert "Enter to skip: 4" in screen
    assert term.finish() == 0


def test_a_new_database_is_announced_once_with_its_path(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    fresh = tmp_path / "fresh.db"
    first = Terminal(["--db", str(fresh), "log", "pigeon"], terminal_env)
    screen = first.wait_for(lambda screen: "Logged" in screen and "created" in screen)
    assert f"stretchlog: created a new database at {fresh}" in " ".join(screen.split())
    first.finish()
    again = Terminal(["--db", str(fresh), "log", "pigeon"], terminal_env)
    screen = again.wait_for(lambda screen: "Logged session 2" in screen)
    again.finish()
    assert "created a new database" not in again.text


def test_a_long_history_pages_like_git_and_keeps_one_line_a_session(
    terminal_env: dict[str, str], tmp_path: Path
) -> None:
    for day in range(60):
        note = "a long note about a stiff back " * 3
        subprocess.run(
            [str(PROGRAM), "log", "pigeon", "couch", "thomas", "--date", f"{day} days ago",
             "--note", note, "--yes"],
            env=terminal_env, check=True, capture_output=True,
        )  # fmt: skip
    paged = tmp_path / "paged.txt"
    env = {**terminal_env, "PAGER": f"sh -c 'cat > {paged}'"}
    term = Terminal(["history"], env)
    term.finish()
    rows = [line for line in paged.read_text().splitlines() if "Pigeon pose" in line]
    assert len(rows) == 60  # one line a session
    assert all(re.search(r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) 20\d\d-\d\d-\d\d", r) for r in rows)
    assert "\x1b[" in paged.read_text()  # colour kept for the pager (less -R)
    short = Terminal(["history", "--limit", "5"], env)
    screen = short.wait_for(lambda screen: "Pigeon pose" in screen)
    short.finish()
    assert screen.count("Pigeon pose") == 5  # shorter than the screen: shown, not paged
    unpaged = Terminal(["history", "--no-pager"], env)
    unpaged.finish()
    assert "Pigeon pose" in unpaged.text


def test_errors_on_a_narrow_terminal_break_between_words(terminal_env: dict[str, str]) -> None:
    term = Terminal(["log", "couch", "--date", "next friday"], terminal_env, columns=40)
    assert term.finish() == 1
    lines = [line for line in term.text.splitlines() if line]
    assert len(lines) > 3 and lines[0].startswith("stretchlog: error: cannot read")
    assert all(line.startswith("  ") for line in lines[1:])  # indented under its start
    said = (
        "stretchlog: error: cannot read 'next friday' as a date; use a date like 2026-11-03,"
        " 'Nov 3', 'yesterday', '3 days ago' or 'monday'"
    )
    assert " ".join(line.strip() for line in lines) == said  # no word cut in two


@pytest.mark.parametrize("columns", [40, 80, 200])
def test_routines_read_well_in_a_real_terminal(terminal_env: dict[str, str], columns: int) -> None:
    for args in (["routine", "new", "evening", "kneeling-lunge", "couch"],
                 ["routine", "set", "evening", "couch", "--progress", "5", "--every", "3",
                  "--max", "90"],
                 ["log", "-r", "evening"]):  # fmt: skip
        subprocess.run([str(PROGRAM), *args], env=terminal_env, check=True, capture_output=True)
    shown = Terminal(["routine", "show", "evening"], terminal_env, columns=columns)
    assert shown.finish() == 0
    words = " ".join(shown.text.split())
    assert "2 × 30 s each side" in shown.text  # a dose never breaks
    assert ("half-kneeling-hip-flexor" in shown.text) == (columns >= 48)  # nor does an id
    assert "3 more full sessions to 50 s" in words
    listed = Terminal(["routine"], terminal_env, columns=columns)
    assert listed.finish() == 0
    assert "✓" in listed.text and "evening" in listed.text and "favourites ★" in listed.text


def test_ask_fills_in_forgotten_days_and_ctrl_c_keeps_the_answers_given(
    terminal_env: dict[str, str],
) -> None:
    for args in (["fav", "add", "couch"], ["log", "--date", "2026-11-21"]):
        subprocess.run([str(PROGRAM), *args], env=terminal_env, check=True, capture_output=True)
    term = Terminal(["ask"], terminal_env)
    term.wait_for(lambda screen: "Sun 22 Nov: did you stretch? [y]es (favourites)" in screen)
    term.child.sendline("Y")
    term.wait_for(lambda screen: "Mon 23 Nov: did you stretch?" in screen)
    assert "✓ Logged session 2 for Sun 22 Nov (2026-11-22)" in term.text
    term.child.sendline("maybe")
    term.wait_for(lambda screen: "Please answer y (log favourites)" in screen)
    term.child.sendline("rest")
    term.wait_for(lambda screen: "Tue 24 Nov (yesterday): did you stretch?" in screen)
    term.child.sendintr()
    screen = term.wait_for(lambda screen: "interrupted; what was logged" in screen)
    assert term.finish() == 130
    assert "Logged 1 session and 1 rest day; stopped with 2 days to go" in screen
    assert "Traceback" not in screen
    entries = {(entry["date"], entry["kind"]) for entry in logged(terminal_env)}
    assert entries == {
        ("2026-11-21", "session"), ("2026-11-22", "session"), ("2026-11-23", "rest"),
    }  # fmt: skip
