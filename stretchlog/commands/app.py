"""The Typer application: global options, per-command state, and the single place errors exit.

Commands live in `stretchlog.commands`; each reads like a short story: parse, call the domain,
hand the result to rendering.
"""

import os
import sys
from collections.abc import Sequence
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from stretchlog import __version__
from stretchlog.commands.argv import invoked_command_name, needs_every_command
from stretchlog.commands.environment import Environment
from stretchlog.domain.records import Record
from stretchlog.errors import (
    BadDate,
    BadValue,
    CatalogError,
    ExitCode,
    Interrupted,
    NeedsTerminal,
    NotFound,
    StretchlogError,
    StretchNotFound,
    UsageError,
)
from stretchlog.storage.paths import DB_ENV_VAR, resolve_db_path
from stretchlog.storage.synced_store import SyncedStore
from stretchlog.ui.console import (
    Output,
    error_line,
    exit_on_output_failure,
    inert,
    note_line,
    to_stderr,
    warning_line,
)
from stretchlog.ui.views import Block, Line, Span

if TYPE_CHECKING:  # what each command needs is imported where it is used: start-up is paid per run
    from stretchlog.domain.catalog import Catalog, Stretch
    from stretchlog.domain.routines import Planned, Routine
    from stretchlog.domain.sessions import Session
    from stretchlog.domain.settings import Settings
    from stretchlog.domain.streaks import StreakSummary
    from stretchlog.storage.files import Text
    from stretchlog.storage.pauses import Pauses

PROG = "stretchlog"
DEBUG_ENV_VAR = "STRETCHLOG_DEBUG"


def print_error(message: str) -> None:
    to_stderr(error_line(message))


class StretchlogGroup(TyperGroup):
    """Runs the command and turns every failure into one line on stderr and an exit code."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = self._run(args, prog_name, complete_var, extra)
        if standalone_mode:
            sys.exit(code)
        return code

    def invoke(self, ctx: Any) -> Any:
        """Run the command; Ctrl-C in one that does not handle it says so (Typer itself would
        exit 130 without a word), its transaction having rolled back."""
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted("interrupted; nothing was changed") from None

    def _run(self, args: Any, prog_name: str | None, complete_var: str | None, extra: Any) -> int:
        if any("\x00" in arg for arg in args or ()):
            # a real command line cannot carry one; only a program calling main() directly can
            print_error("an argument holds a NUL character, which no file name or text may contain")
            return ExitCode.USAGE
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except StretchlogError as error:
            print_error(str(error))
            return error.exit_code
        except typer.Abort:
            print_error("stopped; nothing was changed")
            return ExitCode.ERROR
        except KeyboardInterrupt:
            print_error("interrupted; nothing was changed")
            return ExitCode.INTERRUPTED
        except Exception as error:
            code = exit_on_output_failure(error)
            if code is not None:
                return code
            # Click's usage errors (vendored by Typer, so matched by shape, not by class).
            if hasattr(error, "format_message") and hasattr(error, "exit_code"):
                print_error(_usage_message(error))
                return int(error.exit_code)
            if os.environ.get(DEBUG_ENV_VAR):
                raise
            print_error(
                f"unexpected {type(error).__name__}: {error}. Nothing more was changed. "
                f"Please report this; run with {DEBUG_ENV_VAR}=1 to see the details"
            )
            return ExitCode.ERROR
        return result if isinstance(result, int) else ExitCode.OK


SLIPS = {
    "history": "to show N sessions, use --limit N",
    "calendar": "to show N weeks, use --weeks N",
    "stats": "to count from a day, use --since WHEN",
}
"""Hints for a value typed where an option was meant ('history 10'), by command."""


def _usage_message(error: Any) -> str:
    message = str(error.format_message())
    context = getattr(error, "ctx", None)
    if context is not None:
        slip = SLIPS.get(context.info_name or "")
        if slip and "unexpected extra argument" in message:
            message += f"; {slip}"
        message += f" (see '{context.command_path} --help')"
    return message


def _is_day(text: str, today: date) -> bool:
    from stretchlog.domain.dates import parse_when

    try:
        parse_when(text, today)
    except BadDate as error:
        return "future" in error.message
    return True


class Logged(Record):
    session: "Session"
    hides_rest: bool
    """A rest day was marked for its day: the session hides it now."""
    earlier: int
    """Sessions logged for its day before it."""


class AppState:
    """What one command run shares: the environment, the clock read once, and lazy resources."""

    def __init__(self, env: Environment, db_path: str) -> None:
        self.env = env
        self.db_path = db_path
        self.now = env.now()
        self._store: SyncedStore | None = None
        self._catalog: Catalog | None = None
        self._settings: Settings | None = None
        self._routine_names: dict[str, str] | None = None
        self.auto_sync = True
        """Whether `sync.auto` applies: not to `sync` itself, which reports what it does."""

    @property
    def settings(self) -> "Settings":
        """The user's settings. A config.toml that cannot be used gives a warning and the
        defaults: a mistake in it must not keep anyone from their history."""
        if self._settings is None and not self.configured:  # the defaults, without reading
            from stretchlog.domain.settings import DEFAULTS

            self._settings = DEFAULTS
        if self._settings is None:
            from stretchlog.storage.settings_file import load_settings

            self._settings, warning = load_settings()
            if warning is not None:
                to_stderr(warning_line(warning))
        return self._settings

    @property
    def first_weekday(self) -> int:
        """The weekday the user's weeks start on (`week_starts_on`)."""
        from stretchlog.domain.today import MONDAY

        return self.settings.first_weekday if self.configured else MONDAY

    @cached_property
    def configured(self) -> bool:
        """Whether there is a config.toml: without one, the defaults are known without reading
        the settings (which every command would pay for, most people having none)."""
        from stretchlog.storage.paths import user_config_path

        return os.path.exists(user_config_path())  # noqa: PTH110 (no pathlib on the way)

    @property
    def today(self) -> date:
        """The day it is here, which lasts until the user's day starts (`day_starts_at`); a clock
        before 1970 (a machine booted without the time) or in another millennium is refused,
        since nothing logged on such a day could be read back."""
        from stretchlog.domain.fields import EARLIEST_DAY, LATEST_DAY
        from stretchlog.domain.today import MIDNIGHT, day_of

        today = day_of(self.now, self.settings.day_starts_at if self.configured else MIDNIGHT)
        if not EARLIEST_DAY <= today <= LATEST_DAY:
            raise BadValue(
                f"the clock says it is {today.isoformat()}, which cannot be right",
                "set the system clock (or STRETCHLOG_NOW) to the real time",
            )
        return today

    @property
    def store(self) -> SyncedStore:
        if self._store is None:
            self._store = SyncedStore(self.db_path)
            self._store.wall_clock = self.env.now
            self._sync_automatically()
        return self._store

    def _sync_automatically(self) -> None:
        """With `sync.auto` on (after a first `sync`): take in what other devices wrote before
        reading, and send what changed here after writing; when nothing did, it costs a look at
        each file's size. A sync that fails is a warning: the command itself goes on."""
        if self._store is None or not self.auto_sync or not self.configured:
            return
        settings = self.settings
        if not (settings.sync_auto and settings.sync_dir):
            return
        from pathlib import Path

        folder = Path(settings.sync_dir)
        try:
            if folder.is_dir() and self._store.behind(folder):
                from stretchlog.storage.sync_exchange import exchange

                report = exchange(self._store, folder, self.now, self.device_name, None)
                if report.stretches:
                    from stretchlog.storage.catalog_files import put_in_user_catalog

                    put_in_user_catalog(report.stretches)
                    self._catalog = None
        except StretchlogError as error:
            to_stderr(warning_line(f"automatic sync with {folder} failed: {error}"))

    @property
    def device_name(self) -> str:
        """What this machine is called in the sync folder: `device.name`, or its host name."""
        from stretchlog.domain.settings import as_device_name

        return self.settings.device_name or as_device_name(_host_name()) or "unnamed"

    def device_names(self) -> dict[str, str]:
        """The name each device that synced goes by."""
        from stretchlog.storage.sync_log import SyncLog

        return SyncLog(self.store).device_names()

    @property
    def pauses(self) -> "Pauses":
        from stretchlog.storage.pauses import Pauses

        return Pauses(self.store)

    @property
    def catalog(self) -> "Catalog":
        """Every stretch. A stretches.toml that cannot be used is left out, with a warning: a
        mistake in it must not keep anyone from their history."""
        if self._catalog is None:
            from stretchlog.storage.catalog_files import load_catalog, load_user_catalog

            try:
                self._catalog = load_user_catalog()
            except CatalogError as error:
                to_stderr(warning_line(f"{error}; going on without your own stretches"))
                self._catalog = load_catalog()
        return self._catalog

    def routine(self, name: str | None = None) -> "Routine":
        """The routine called `name` (in any case), or the default one when `name` is None."""
        from stretchlog.domain.routines import DEFAULT_NAME, Routine

        if name is None:
            return self.store.default_routine() or Routine(DEFAULT_NAME, DEFAULT_NAME, True, ())
        found = self.store.routine(name)
        if found is None:
            from stretchlog.domain.routines import check_name

            try:
                made = f", or make it with 'stretchlog routine new {check_name(name)}'"
            except BadValue:  # no use suggesting a name that 'routine new' refuses
                made = ""
            raise NotFound(
                f"you have no routine called '{name}'",
                f"see yours with 'stretchlog routine list'{made}",
            )
        return found

    def planned(
        self, routine: "Routine", hold: int | None = None, reps: int | None = None
    ) -> "list[Planned]":
        """The routine's stretches at the dose each is done at today (--hold and --reps win),
        skipping any that left the catalog."""
        from functools import partial

        from stretchlog.domain.routines import planned

        found = ((self.catalog.get(dose.stretch_id), dose) for dose in routine.doses)
        return [
            planned(
                stretch,
                dose,
                partial(self.store.attempts, stretch.id, routine.uid, self.today),
                self.today,
                hold,
                reps,
            )
            for stretch, dose in found
            if stretch is not None
        ]

    def session_json(self, session: "Session") -> dict[str, Any]:
        """A session for --json, with the name of the routine it came from."""
        from stretchlog.ui.render import session_json

        if self._routine_names is None:
            self._routine_names = {r.uid: r.name for r in self.store.routines()}
        return session_json(session, self.catalog, self._routine_names)

    def favourites(self) -> "list[Stretch]":
        """The default routine's stretches, at their doses."""
        return [plan.stretch for plan in self.planned(self.routine())]

    def stretches(
        self,
        names: Sequence[str],
        command: str,
        routine_name: str | None = None,
        hold: int | None = None,
        reps: int | None = None,
    ) -> "tuple[list[Planned], Routine | None]":
        """The stretches named (at their own dose), or else a routine's (the default one unless
        --routine names another) at its doses, with that routine; --hold and --reps win over
        both. A day typed where a stretch was meant ('log yesterday') gets a hint about --date."""
        if names and routine_name is not None:
            raise UsageError(
                "name stretches or give --routine, not both",
                f"stretchlog {command} --routine {routine_name}",
            )
        if not names:
            routine = self.routine(routine_name)
            plans = self.planned(routine, hold, reps)
            if not plans:
                raise NotFound(*_nothing_to(command, routine))
            return plans, routine
        try:
            return self.planned(_by_hand(self.catalog.resolve_all(names)), hold, reps), None
        except StretchNotFound:
            day = next((name for name in names if _is_day(name, self.today)), None)
            if day is None:
                raise
            raise UsageError(
                f"'{day}' is a day, not a stretch",
                f"to log for that day, use: stretchlog log --date '{day}'",
            ) from None

    def streak(self) -> "StreakSummary":
        return self.store.streak(self.today)

    @property
    def out(self) -> Output:
        return Output(sys.stdout, rich=self.env.rich_output, width=self.env.width)

    @property
    def rows(self) -> int:
        """The terminal's height in rows."""
        import shutil

        return shutil.get_terminal_size().lines

    @property
    def columns(self) -> int:
        """The terminal's width in columns (80 in a pipe unless COLUMNS says otherwise)."""
        import shutil

        return self.env.width or shutil.get_terminal_size().columns

    def show(
        self,
        blocks: Sequence[Block],
        svg: Path | None = None,
        html: Path | None = None,
        force: bool = False,
    ) -> None:
        """Show `blocks`, and save them as the pictures asked for."""
        out = self.out
        out.show(*blocks)
        for path, kind in ((svg, "svg"), (html, "html")):
            if path is not None:
                self.write_file(path, out.picture(blocks, kind), "the picture", force)
                out.show(Line.of(Span(f"Saved the {kind.upper()} picture to {path}", "dim")))

    def write_file(self, path: Path, text: "Text", what: str, force: bool) -> None:
        """Write one of the user's files: new (or replaced with `force`), never over the
        database, the user's catalog or their settings."""
        from stretchlog.storage.files import write_new_file
        from stretchlog.storage.paths import user_catalog_path, user_config_path

        own = [self.db_path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
        own += [user_catalog_path(), user_config_path()]
        write_new_file(path, text, what, force=force, protected=own)

    def by_hand(
        self,
        day: date,
        plans: "Sequence[Planned]",
        routine: "Routine | None",
        note: str | None = None,
        tightness: int | None = None,
        hold: int | None = None,
        reps: int | None = None,
        *,
        tightness_sides: tuple[int, int] | None = None,
    ) -> "Session":
        """A session logged by hand for `day`: the stretches planned (of `routine`, if from one),
        at their doses unless --hold or --reps say otherwise."""
        from stretchlog.domain.sessions import Session, plan_holds

        return Session(
            day=day,
            logged_at=self.now,
            note=note,
            tightness=tightness,
            tightness_sides=tightness_sides,
            source="manual",
            holds=plan_holds([plan.stretch for plan in plans], hold, reps),
            routine_uid=routine.uid if routine else None,
        )

    def rest(self, day: date, note: str | None = None) -> "Session":
        """Mark `day` as a rest day, in one transaction (refused on a day stretched or rested)."""
        from stretchlog.domain.sessions import Session

        with self.store.transaction():
            return self.store.mark_rest_day(
                Session(
                    day=day, logged_at=self.now, note=note, tightness=None,
                    source="manual", holds=(), kind="rest",
                )
            )  # fmt: skip

    def log(self, draft: "Session") -> Logged:
        """Store a session, in one transaction, and say what it joined on its day."""
        from stretchlog.domain.days import rest_entry

        with self.store.transaction():
            on_day = self.store.on_day(draft.day)
            return Logged(
                session=self.store.add_session(draft),
                hides_rest=rest_entry(on_day) is not None,
                earlier=sum(1 for entry in on_day if not entry.is_rest),
            )

    def show_logged(self, logged: Logged) -> None:
        from stretchlog.ui import render

        self.out.show(
            *render.logged_lines(
                logged.session, self.streak(), self.catalog, self.today, logged.earlier,
                logged.hides_rest,
            )
        )  # fmt: skip

    def show_dashboard(self, as_json: bool) -> None:
        """Today: done or not, the streak, the routine (also what plain 'stretchlog' shows)."""
        from stretchlog.ui import render

        streak, routine = self.streak(), self.favourites()
        done = self.store.routines_done_on(self.today)
        routines = [(r.name, r.uid in done) for r in self.store.routines()]
        pause = next(iter(self.pauses.between(self.today, self.today)), None)
        if as_json:
            from stretchlog.ui.render_pauses import pause_json

            self.out.json(
                {
                    "streak": render.streak_json(streak, self.today),
                    "routine": render.favourites_json(routine),
                    "routines": [{"name": name, "done_today": ok} for name, ok in routines],
                    "pause": pause_json(pause) if pause else None,
                }
            )
            return
        from stretchlog.ui.render_pauses import paused_today

        paused = paused_today(pause) if pause and streak.today_paused else None
        self.out.show(*render.dashboard(streak, routine, self.today, routines, paused))

    def close(self) -> None:
        if self._store is not None:
            if self._store.recorded:
                self._sync_automatically()
            self._store.close()
            if self._store.created and sys.stderr.isatty():  # said once, to a person
                note = f"created a new database at {self._store.path}"
                to_stderr(note_line(note))

    def confirm(self, question: str, assume_yes: bool) -> bool:
        """Whether the user says yes; refuses when nobody is at the keyboard to ask."""
        if assume_yes:
            return True
        if not self.env.stdin_is_terminal:
            raise NeedsTerminal(
                "not confirmed: stdin is not a terminal, so stretchlog cannot ask",
                "add --yes to go ahead",
            )
        return typer.confirm(inert(question), default=False)

    def confirm_removal(self, question: str, assume_yes: bool, as_json: bool) -> bool:
        """Whether to remove what `question` asks about; when not, says that nothing was
        removed (`{"removed": null}` for scripts)."""
        if self.confirm(question, assume_yes):
            return True
        if as_json:
            self.out.json({"removed": None})
        else:
            self.out.show(Line.of(Span("Nothing removed.", "dim")))
        return False


def _host_name() -> str:
    """The machine's name, without importing socket where os knows it."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def _by_hand(stretches: "Sequence[Stretch]") -> "Routine":
    """Stretches named on the command line, as a routine of no one's, each at its own dose."""
    from stretchlog.domain.routines import Dose, Routine

    return Routine("", "", False, tuple(Dose(stretch.id) for stretch in dict.fromkeys(stretches)))


def _nothing_to(command: str, routine: "Routine") -> tuple[str, str]:
    """What to say when the routine asked for has no stretches."""
    if routine.is_default:
        return (
            f"you have no favourites to {command}",
            f"name the stretches (stretchlog {command} pigeon) or pick favourites with"
            " 'stretchlog fav pick'",
        )
    return (
        f"the routine '{routine.name}' has no stretches to {command}",
        f"add some with 'stretchlog routine add {routine.name} STRETCH...'",
    )


def state(ctx: typer.Context) -> AppState:
    found = ctx.find_object(AppState)
    assert found is not None, "the root callback sets up the state"
    return found


app = typer.Typer(
    cls=StretchlogGroup,
    name=PROG,
    help="Keep a daily psoas and hip-flexor stretching habit.",
    epilog="Run 'stretchlog' alone for today's dashboard.",
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode="rich",
)


def keep_only_invoked_command(typer_app: typer.Typer, args: list[str]) -> None:
    """Unregister every command but the one `args` invokes, before Typer builds the parsers.

    Typer builds the parser of every command on each run, about a millisecond apiece; a habit
    tracker runs many times a day (and `status` on every shell prompt), so only the command in use
    is built. Help, completion and unknown names keep them all, for full listings and suggestions.
    """
    if needs_every_command(args):
        return
    name = invoked_command_name(args)
    known = {info.name for info in typer_app.registered_commands}
    known |= {info.name for info in typer_app.registered_groups}
    if name is not None and name not in known:
        return
    typer_app.registered_commands = [c for c in typer_app.registered_commands if c.name == name]
    typer_app.registered_groups = [g for g in typer_app.registered_groups if g.name == name]


def _show_version(value: bool) -> None:
    if value:
        print(f"{PROG} {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar=DB_ENV_VAR,
            metavar="FILE",
            help="Database file to use (default: your user data folder).",
            show_default=False,
        ),
    ] = None,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="auto|always|never",
            help="Colour and tables: on a terminal (auto), always, or never.",
        ),
    ] = "auto",
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_show_version, is_eager=True, help="Show the version."
        ),
    ] = False,
) -> None:
    """Keep a daily psoas and hip-flexor stretching habit.

    Pick your favourite stretches, do them every day, and log it: stretchlog keeps your streak.
    """
    env = ctx.obj if isinstance(ctx.obj, Environment) else Environment.from_system()
    if db is not None and not db.strip():
        raise UsageError("--db is empty", "give a database file, or leave --db out")
    app_state = AppState(env.with_color(color), resolve_db_path(db))
    ctx.obj = app_state
    ctx.call_on_close(app_state.close)
    if ctx.invoked_subcommand is None:
        app_state.show_dashboard(as_json=False)
