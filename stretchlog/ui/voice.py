"""The guided routine's voice: cues spoken through the system's own speech engine.

Speech never moves the clock. Each cue starts an engine process and returns at once; a cue still
speaking when the next is due is cut off (its process group ended), a pause silences it, and
leaving ends every process this started. `VoicedScreen` wraps the screen as the engine's view,
and wakes the routine at each cue's moment as a redraw tick would: deadlines stay as they are.

Imported only when `start` speaks: subprocess and shlex cost every other command nothing.
"""

import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from types import TracebackType

from stretchlog.domain.cues import Cue
from stretchlog.domain.guided import Event, GuidedRun, Status, View
from stretchlog.domain.records import Record

TEXT = "{text}"
LINGER_SECONDS = 15.0
"""How long the closing words may go on after the routine, before the command returns."""
ENDING_SECONDS = 1.0
"""How long a process cut off has to end, or a stop command to run, before it is killed."""
DUE_SLACK = 1e-6
"""A cue is due this close to its moment: a float clock lands a hair before a whole second."""
NO_ENGINE = (
    "no speech engine found: install espeak-ng (apt install espeak-ng) or speech-dispatcher,"
    " or set guided.voice_command; going on with the bell"
)


class Engine(Record):
    say: tuple[str, ...]
    """The command that speaks, with `{text}` where the words go (always as one argument)."""
    stop: tuple[str, ...] = ()
    """For an engine that speaks through a daemon, which ending its process does not silence:
    the command that does."""

    def command(self, words: str) -> list[str]:
        return [part.replace(TEXT, words) for part in self.say]


KNOWN_ENGINES = (
    # speech-dispatcher's default priority, text, cuts off its own previous message
    Engine(("spd-say", "--", TEXT), stop=("spd-say", "--cancel")),
    Engine(("espeak-ng", "--", TEXT)),
    Engine(("espeak", "--", TEXT)),
    Engine(("say", TEXT)),  # macOS; cue text never starts with '-' (see domain/cues.py)
)


def find_engine(voice_command: str | None) -> Engine | None:
    """The engine `guided.voice_command` names (settings.py checked it splits and holds
    {text}), else the first known one installed; None when it cannot be found."""
    if voice_command:
        engine = Engine(tuple(shlex.split(voice_command)))
        return engine if shutil.which(engine.say[0]) else None
    return next((engine for engine in KNOWN_ENGINES if shutil.which(engine.say[0])), None)


def no_engine_warning(voice_command: str | None) -> str:
    if voice_command:
        program = shlex.split(voice_command)[0]
        return (
            f"guided.voice_command runs '{program}', which is not installed; going on with the bell"
        )
    return NO_ENGINE


class Speaker:
    """Says one thing at a time through `engine`; a context manager that leaves no process
    behind. The closing words (`farewell`) may finish, for up to LINGER_SECONDS."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._speaking: subprocess.Popen[bytes] | None = None
        self._ending: list[subprocess.Popen[bytes]] = []
        self._lingers = False
        self._quiet = True
        """Nothing said since the last silence: there is nothing to stop."""

    def say(self, words: str) -> None:
        self._cut_off()
        self._speaking = self._launch(self.engine.command(words))
        self._quiet = False

    def farewell(self, words: str) -> None:
        self.say(words)
        self._lingers = True

    def silence(self) -> None:
        self._cut_off()
        self._quiet = True
        if self.engine.stop:
            stopping = self._launch(list(self.engine.stop))
            if stopping is not None:
                self._ending.append(stopping)

    def __enter__(self) -> "Speaker":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None and self._lingers:
                if self._speaking is not None:
                    with suppress(subprocess.TimeoutExpired):
                        self._speaking.wait(LINGER_SECONDS)
            elif not self._quiet:
                self.silence()
        finally:
            self._cut_off()
            for process in self._ending:
                _end(process)
            self._ending.clear()

    def _launch(self, command: list[str]) -> "subprocess.Popen[bytes] | None":
        """Start `command` in a session of its own (so that it, and whatever it starts, can be
        ended as one group, and Ctrl-C on the terminal reaches stretchlog alone); never waits."""
        self.reap()
        try:
            return subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            return None  # an engine that will not start leaves the routine silent, not broken

    def _cut_off(self) -> None:
        if self._speaking is not None:
            _signal_group(self._speaking, signal.SIGTERM)
            self._ending.append(self._speaking)
            self._speaking = None
        self.reap()

    def reap(self) -> None:
        """Collect the processes that have ended (cues said, cut off, stop commands run), so
        none lingers as a zombie; never waits."""
        if self._speaking is not None and self._speaking.poll() is not None:
            self._speaking = None
        self._ending = [process for process in self._ending if process.poll() is None]


def _signal_group(process: "subprocess.Popen[bytes]", signum: int) -> None:
    # Only a process not yet reaped: until then its id, and its group's, cannot be reused.
    if process.returncode is None:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signum)


def _end(process: "subprocess.Popen[bytes]") -> None:
    """Wait for a process already cut off (or a stop command, which must get to run), and
    kill what is left of it after ENDING_SECONDS."""
    try:
        process.wait(ENDING_SECONDS)
    except subprocess.TimeoutExpired:
        _signal_group(process, signal.SIGKILL)
        process.wait()


class VoicedScreen:
    """`screen` with a voice: each cue is said when its step has run for its offset (a cue
    whose moment was missed, by a late wake-up or a skip, gives way to the latest one due).
    The bell gives way to the voice."""

    def __init__(self, screen: View, speaker: Speaker, cues: Sequence[Cue]) -> None:
        self.screen = screen
        self.speaker = speaker
        self._cues: dict[int, list[Cue]] = {}
        for cue in cues:
            self._cues.setdefault(cue.step, []).append(cue)
        self._waiting: list[Cue] = []
        self._to_next: float | None = None

    @property
    def tick(self) -> float | None:
        """The screen's tick, or sooner when a cue is due before it."""
        if self._to_next is None or self.screen.tick is None:
            return self.screen.tick if self._to_next is None else self._to_next
        return min(self.screen.tick, self._to_next)

    def report(self, event: Event, guided_run: GuidedRun) -> None:
        self.screen.report(event, guided_run)
        if event.kind == "begin":
            self._waiting = list(self._cues.get(guided_run.index, ()))
        elif event.kind == "pause":
            self.speaker.silence()

    def redraw(self, status: Status) -> None:
        self.screen.redraw(status)
        self.speaker.reap()
        if status.paused:
            self._to_next = None
            return
        into = status.step.seconds - status.left
        due = [cue for cue in self._waiting if cue.offset <= into + DUE_SLACK]
        if due:
            self.speaker.say(due[-1].text)
            del self._waiting[: len(due)]
        self._to_next = self._waiting[0].offset - into if self._waiting else None
