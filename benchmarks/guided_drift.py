"""Does the guided routine keep time? Planned against actual end, run for real.

    python benchmarks/guided_drift.py [--holds 30] [--seconds 1]

Runs the routine engine on the real monotonic clock with real waiting, drawing the live screen
(to /dev/null, through a forced terminal) ten times a second, for `--holds` holds of `--seconds`
each. The baseline, measured in the same run, is the naive loop most timers start as — sleep the
hold's length, then draw — whose drift grows with every hold. Budget (issue #3): within 0.1 s of
plan for the whole routine.

The same routine runs again with the voice (issue #17): every cue started through the system's
speech engine (the first of spd-say, espeak-ng, espeak and say installed; without one, a stand-in
process that "speaks" for two seconds, so that each cue is still started, cut off and reaped).
Speech must not move the clock: the voiced run has the same budget.
"""

import argparse
import sys
import time
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stretchlog.domain.cues import countdown, plan_cues
from stretchlog.domain.guided import GuidedRun, Step, View, planned_seconds, run
from stretchlog.storage.catalog_files import load_catalog
from stretchlog.ui.console import Output
from stretchlog.ui.guided_screen import LiveScreen, live_frame
from stretchlog.ui.keys import no_keys
from stretchlog.ui.voice import Engine, Speaker, VoicedScreen, find_engine

BUDGET_SECONDS = 0.1


def routine_steps(holds: int, seconds: int) -> tuple[Step, ...]:
    pigeon = load_catalog().resolve("pigeon")
    return tuple(
        Step("hold", pigeon, 1 + n // 2, ("left", "right")[n % 2], 1, 1, seconds)
        for n in range(holds)
    )


STAND_IN = Engine((sys.executable, "-c", "import time; time.sleep(2)", "{text}"))


def engine_drift(steps: tuple[Step, ...], engine: Engine | None = None) -> float:
    """The engine's drift, silent or (with `engine`) saying every cue of the plan."""
    with Path("/dev/null").open("w") as sink, Output(sink, rich=True, width=100).live() as region:
        screen: View = LiveScreen(region, steps[-1].number, False, True)
        with Speaker(engine) if engine else nullcontext() as speaker:
            if speaker is not None:
                screen = VoicedScreen(screen, speaker, plan_cues(steps, countdown("10,3")))
            start = time.monotonic()
            routine = GuidedRun(steps, start)
            run(routine, time.monotonic, no_keys, screen)
            return time.monotonic() - start - planned_seconds(steps)


def naive_drift(steps: tuple[Step, ...]) -> float:
    """Sleep each hold's length, then draw: every draw and every late wake-up adds up."""
    with Path("/dev/null").open("w") as sink, Output(sink, rich=True, width=100).live() as region:
        start = time.monotonic()
        routine = GuidedRun(steps, start)
        for step in steps:
            time.sleep(step.seconds)
            region.update(*live_frame(routine.status(time.monotonic()), steps[-1].number, True))
        return time.monotonic() - start - planned_seconds(steps)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holds", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=1)
    options = parser.parse_args()
    steps = routine_steps(options.holds, options.seconds)
    planned = planned_seconds(steps)
    naive = naive_drift(steps)
    engine = engine_drift(steps)
    speech = find_engine(None)
    voiced = engine_drift(steps, speech or STAND_IN)
    spoken_by = speech.say[0] if speech else "a stand-in engine, none installed"
    print(f"routine: {options.holds} holds of {options.seconds} s = {planned} s planned")
    print(f"baseline (sleep, then draw): ended {naive * 1000:+.1f} ms from plan")
    print(
        f"stretchlog engine:           ended {engine * 1000:+.1f} ms from plan"
        f"  ({engine / naive if naive else 0:.2f}x the baseline's drift;"
        f" budget ±{BUDGET_SECONDS * 1000:.0f} ms)"
    )
    print(
        f"  with the voice:            ended {voiced * 1000:+.1f} ms from plan"
        f"  ({len(plan_cues(steps, countdown('10,3')))} cues through {spoken_by})"
    )
    if max(abs(engine), abs(voiced)) > BUDGET_SECONDS:
        sys.exit("over budget")


if __name__ == "__main__":
    main()
