"""`stretchlog start`: be guided through the routine with timers, then log what was held.

The engine and its screens are imported when `start` runs, not when any other command does.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import (
    SCORE,
    WRITE,
    HoldOption,
    RepsOption,
    RoutineOption,
    Stretches,
)
from stretchlog.domain import fields
from stretchlog.domain.fields import Scored, check_option
from stretchlog.domain.sessions import Session
from stretchlog.ui.render import duration
from stretchlog.ui.views import Line, Span

if TYPE_CHECKING:
    from stretchlog.domain.cues import Cue
    from stretchlog.domain.guided import GuidedRun, Step
    from stretchlog.domain.routines import Planned, Routine
    from stretchlog.domain.sessions import Hold
    from stretchlog.ui.voice import Speaker

DEFAULT_COUNTDOWN = "10,3"
TightnessBefore = Annotated[
    str | None,
    typer.Option(
        "--tightness-before",
        metavar=SCORE,
        help="Before: how tight your hips feel as you start (0 loose, 10 very tight; or each side, like left=6,right=4); asked if not given.",
        show_default=False,
    ),
]
TightnessAfter = Annotated[
    str | None,
    typer.Option(
        "--tightness-after",
        metavar=SCORE,
        help="After: how tight they feel when you have finished (0-10, or left=N,right=N); asked if not given.",
        show_default=False,
    ),
]


@app.command("start", rich_help_panel=WRITE)
def start_command(
    ctx: typer.Context,
    names: Stretches = None,
    hold: HoldOption = None,
    reps: RepsOption = None,
    prep: Annotated[
        int, typer.Option("--prep", metavar="SECONDS", help="Get-ready time before each hold.")
    ] = 5,
    no_sound: Annotated[
        bool,
        typer.Option(
            "--no-sound",
            envvar="STRETCHLOG_NO_SOUND",
            help="No terminal bell at the start and end of holds.",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show the plan and its duration; log nothing.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="With --dry-run: print the plan as JSON for scripts.")
    ] = False,
    voice: Annotated[
        bool | None,
        typer.Option(
            "--voice/--no-voice",
            help="Speak the cues through the system's speech engine (spd-say, espeak-ng, espeak or say); the guided.voice setting makes it the default.",
            show_default=False,
        ),
    ] = None,
    countdown: Annotated[
        str,
        typer.Option(
            "--countdown",
            metavar="SECONDS",
            help="With the voice: the seconds left in a hold at which a count is said; 5 or less counts on to 1 ('10,3': 10, then 3, 2, 1), or off.",
        ),
    ] = DEFAULT_COUNTDOWN,
    tightness_before: TightnessBefore = None,
    tightness_after: TightnessAfter = None,
    routine_name: RoutineOption = None,
) -> None:
    """Be guided through your routine (or --routine, or the stretches named) with timers, then log it.

    Keys: space pauses and resumes, s skips the current hold, q (or Ctrl-C) ends the routine, keeping the holds done so far.
    """
    from stretchlog.domain.guided import plan_steps
    from stretchlog.ui.guided_screen import cue_table, plan_json, plan_table, plan_total

    app_state = state(ctx)
    plans, routine = app_state.stretches(names or [], "start", routine_name, hold, reps)
    steps = plan_steps([plan.stretch for plan in plans], hold, reps, prep)
    before: Scored | None = check_option(
        "--tightness-before", tightness_before, fields.tightness_by_side()
    )
    after: Scored | None = check_option(
        "--tightness-after", tightness_after, fields.tightness_by_side()
    )
    speaks = _speaks(app_state, voice)
    counts = _counts(countdown) if speaks or countdown != DEFAULT_COUNTDOWN else ()
    spoken = _voice(app_state, plans, steps, counts) if speaks else None
    if dry_run:
        from stretchlog.ui.render_routines import dose_from, dose_json

        cues = _planned_cues(steps, spoken) if spoken else None
        if as_json:
            doses = [dose_json(p, n) for n, p in enumerate(plans, 1)]
            app_state.out.json(plan_json(steps, doses, cues))
        else:
            width = app_state.columns if app_state.out.rich else None
            own = all(plan.hold_from == plan.reps_from == "stretch" for plan in plans)
            sources = [] if own else [dose_from(plan) for plan in plans]
            app_state.out.show(plan_table(steps, width, sources), plan_total(steps))
            if cues:
                app_state.out.show(cue_table(steps, cues))
        return
    if any(plan.announced for plan in plans):
        from stretchlog.ui.render_routines import announcement

        app_state.out.show(*(announcement(plan) for plan in plans if plan.announced))
    if before is None:
        before = _ask_tightness(
            app_state, "How tight do your hips feel before you start", before=True
        )
    with _speaker(app_state, spoken) as speaker:
        guided_run, signalled = _guide(app_state, steps, not no_sound, speaker, spoken)
        _keep(app_state, steps, guided_run, signalled, before, after, routine)


def _keep(
    app_state: AppState,
    steps: "tuple[Step, ...]",
    guided_run: "GuidedRun",
    signalled: bool,
    before: Scored | None,
    after: Scored | None,
    routine: "Routine | None",
) -> None:
    """Show how the routine went and log what was held (asking first, when it ended early)."""
    from stretchlog.domain.guided import held_holds
    from stretchlog.ui.guided_screen import summary_table

    app_state.out.show(summary_table(steps, guided_run.held, guided_run.ended_early))
    holds = held_holds(guided_run.held)
    if not holds:
        app_state.out.show(Line.of(Span("Nothing was held, so nothing was logged.", "dim")))
        return
    if guided_run.ended_early and not (signalled or _keep_early_holds(app_state, holds)):
        app_state.out.show(Line.of(Span("Nothing logged.", "dim")))
        return
    if guided_run.ended_early:
        app_state.out.show(Line.of(Span("Ended early: ", "warn"), "logging the holds you did."))
    if after is None and not signalled:
        after = _ask_tightness(app_state, "And now, how tight do they feel")
    draft = Session(
        day=app_state.today,
        logged_at=app_state.env.now(),
        note=None,
        tightness=after[0] if after else None,
        tightness_sides=after[1] if after else None,
        tightness_before=before[0] if before else None,
        tightness_before_sides=before[1] if before else None,
        source="guided",
        holds=holds,
        routine_uid=routine.uid if routine else None,
    )
    # The routine took minutes: open the database afresh, in case a sync client or a restore
    # replaced the file meanwhile.
    app_state.store.close()
    app_state.show_logged(app_state.log(draft))


def _keep_early_holds(app_state: AppState, holds: "tuple[Hold, ...]") -> bool:
    """Whether to log a routine ended early: asked on a terminal, since a start pressed by
    mistake and quit at once should not count as a stretched day; piped, yes. A second Ctrl-C
    ends without logging."""
    if not app_state.env.stdin_is_terminal:
        return True
    held = duration(sum(hold.seconds for hold in holds))
    try:
        return typer.confirm(f"Log the {held} you held?", default=True)
    except typer.Abort:
        typer.echo()
        raise KeyboardInterrupt from None


def _speaks(app_state: AppState, voice: bool | None) -> bool:
    """--voice or --no-voice, else the guided.voice setting."""
    if voice is not None:
        return voice
    return app_state.configured and app_state.settings.voice


class Voice(NamedTuple):
    """What the voice says in this routine: its cues, and the streak its closing words tell
    (as it will be once the session is logged)."""

    cues: "tuple[Cue, ...]"
    streak: int


def _counts(countdown: str) -> "tuple[int, ...]":
    """--countdown, checked (the cues are imported only for a routine that speaks, or a count
    typed on the command line, which is checked whether or not it will be said)."""
    from stretchlog.domain.cues import countdown as countdown_rule

    counts: tuple[int, ...] = check_option("--countdown", countdown, countdown_rule)
    return counts


def _voice(
    app_state: AppState,
    plans: "Sequence[Planned]",
    steps: "tuple[Step, ...]",
    counts: "tuple[int, ...]",
) -> Voice:
    from stretchlog.domain.cues import plan_cues

    new_holds = {
        number: plan.target.previous
        for number, plan in enumerate(plans, 1)
        if plan.announced and plan.target and plan.target.previous
    }
    streak = app_state.streak()
    return Voice(
        plan_cues(steps, counts, new_holds),
        streak.current if streak.today_done else streak.current + 1,
    )


def _planned_cues(steps: "tuple[Step, ...]", voice: Voice) -> "tuple[Cue, ...]":
    """Every cue of the plan, closing with the time it holds."""
    from stretchlog.domain.cues import Cue, closing_words
    from stretchlog.domain.guided import planned_seconds

    held = planned_seconds(step for step in steps if step.is_hold)
    return (*voice.cues, Cue(len(steps), 0, closing_words(held, voice.streak), "done"))


@contextmanager
def _speaker(app_state: AppState, voice: Voice | None) -> "Iterator[Speaker | None]":
    """A speaker for the routine's cues (None without them, or with no engine to say them,
    which is told in one line: the routine goes on with the bell)."""
    if voice is None:
        yield None
        return
    from stretchlog.ui.console import to_stderr, warning_line
    from stretchlog.ui.voice import Speaker, find_engine, no_engine_warning

    voice_command = app_state.settings.voice_command
    engine = find_engine(voice_command)
    if engine is None:
        to_stderr(warning_line(no_engine_warning(voice_command)))
        yield None
        return
    with Speaker(engine) as speaker:
        yield speaker


def _guide(
    app_state: AppState,
    steps: "tuple[Step, ...]",
    sound: bool,
    speaker: "Speaker | None",
    voice: Voice | None,
) -> "tuple[GuidedRun, bool]":
    """The routine as it went, and whether a stop signal (not a key) ended it. With a
    `speaker`, the cues are said instead of the bell, and a routine done to its end closes
    with the time actually held and the streak."""
    from stretchlog.domain.cues import closing_words
    from stretchlog.domain.guided import GuidedRun, View, held_holds, run
    from stretchlog.ui.guided_screen import LiveScreen, PlainScreen

    env = app_state.env
    stretch_count = steps[-1].number if steps else 0
    sound = sound and env.stdout_is_terminal and speaker is None
    with _stopped_like_ctrl_c() as signals, env.keys() as wait_for_keys:
        guided_run = GuidedRun(steps, env.monotonic())
        out = app_state.out
        with out.live() if out.rich else nullcontext() as region:
            screen: View = (
                LiveScreen(
                    region, stretch_count, sound, keys=env.stdin_is_terminal, height=app_state.rows
                )
                if region is not None
                else PlainScreen(out, stretch_count, sound)
            )
            if speaker is not None and voice is not None:
                from stretchlog.ui.voice import VoicedScreen

                screen = VoicedScreen(screen, speaker, voice.cues)
            run(guided_run, env.monotonic, wait_for_keys, screen)
    held = sum(hold.seconds for hold in held_holds(guided_run.held))
    if speaker is not None and voice is not None:
        if held and not guided_run.ended_early:
            speaker.farewell(closing_words(held, voice.streak))
        else:  # ended early: quiet now, not once the question that follows is answered
            speaker.silence()
    return guided_run, bool(signals)


@contextmanager
def _stopped_like_ctrl_c() -> Iterator[list[int]]:
    """While the routine runs, a polite stop (SIGTERM, or SIGHUP when the terminal goes away)
    ends it like Ctrl-C: the terminal is restored and the holds done are kept, without a
    question nobody is there to answer. Yields the signals received."""
    import signal

    received: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        received.append(signum)
        raise KeyboardInterrupt

    stops = [signal.SIGTERM, signal.SIGHUP]
    previous = [signal.signal(stop, interrupt) for stop in stops]
    try:
        yield received
    finally:
        for stop, handler in zip(stops, previous, strict=True):
            signal.signal(stop, handler)


def _ask_tightness(app_state: AppState, question: str, before: bool = False) -> Scored | None:
    """A 0–10 answer (or one for each side, '6 4'), or None when skipped or nobody is at the
    keyboard. Ctrl-C before the routine cancels it; after, it only skips the rating (the holds
    are logged all the same)."""
    if not app_state.env.stdin_is_terminal:
        return None
    while True:
        try:
            answer = typer.prompt(
                f"{question}? 0-10 (or left and right, like 6 4), Enter to skip",
                default="",
                show_default=False,
            )
        except typer.Abort:
            typer.echo()  # the ^C the terminal echoed ends its own line
            if before:
                raise KeyboardInterrupt from None
            return None
        answer = answer.strip()
        if not answer:
            return None
        try:
            return fields.tightness_by_side(answer=True)(answer)  # type: ignore[no-any-return]
        except fields.Invalid as invalid:
            typer.echo(f"Please type {invalid.expected}.", err=True)
