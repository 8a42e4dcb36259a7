"""Your data stays yours: `export`, `import`, `backup` and `restore`."""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import DATA, Force, JsonFlag, Yes
from stretchlog.domain.catalog import (
    Catalog,
    Stretch,
    entry_document,
    first_of,
)
from stretchlog.domain.days import repeated_rest_days
from stretchlog.domain.sessions import Session
from stretchlog.errors import BadValue, DatabaseError
from stretchlog.storage.files import read_text
from stretchlog.ui.console import inert_lines
from stretchlog.ui.render import plural
from stretchlog.ui.views import Line, Span

if TYPE_CHECKING:
    from collections.abc import Iterator

    from stretchlog.domain.exchange import Imported
    from stretchlog.domain.pauses import Pause
    from stretchlog.domain.routines import Dose, Routine

FORMATS = ("json", "csv")
MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""Fifty years of daily sessions export to about 20 MB: a file much larger is not an export."""


def _check_format(value: str | None) -> str | None:
    if value is not None and value not in FORMATS:
        raise BadValue(f"--format must be json or csv, not {value!r}", "pick one of them")
    return value


Format = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="json|csv", help="The file's format.", show_default=False
    ),
]


@app.command("export", rich_help_panel=DATA)
def export_command(
    ctx: typer.Context,
    file_format: Format = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write here instead of to stdout ('-' is stdout).",
            dir_okay=False,
        ),
    ] = None,
    force: Force = False,
) -> None:
    """Everything you logged: JSON (complete, re-importable) or CSV (for spreadsheets)."""
    from stretchlog.domain.exchange import json_parts, to_csv

    app_state = state(ctx)
    chosen = _check_format(file_format) or "json"
    store = app_state.store
    with store.snapshot():  # sessions, routines and pauses as of one moment
        count = store.count_sessions()
        if chosen == "json":
            parts = json_parts(
                store.in_export_order(),
                store.routines(),
                [
                    entry_document(s)
                    for s in sorted(app_state.catalog, key=lambda s: s.id)
                    if s.custom
                ],
                app_state.pauses.all(),
            )
        else:
            parts = iter([to_csv(store.sessions(hidden=True), app_state.catalog)])
        if output is None or str(output) == "-":
            _to_stdout(app_state, parts)
            return
        app_state.write_file(output, parts, "the export", force)
    app_state.out.show(
        Line.of(Span("✓ ", "good"), f"Exported {plural(count, 'entry', 'entries')} to {output}.")
    )


def _to_stdout(app_state: AppState, parts: "Iterator[str]") -> None:
    """Exact in a pipe or a file, written as it is made; inert on a terminal, where escapes
    would act."""
    if app_state.env.stdout_is_terminal:
        sys.stdout.write(inert_lines("".join(parts)))
    else:
        sys.stdout.writelines(parts)


@app.command("import", rich_help_panel=DATA)
def import_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A file from 'stretchlog export'.", dir_okay=False),
    ],
    file_format: Format = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and say what it would add.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Add the sessions of an exported file; those already here are skipped. All or nothing."""
    from stretchlog.domain.exchange import detect_format, read_export, unknown_ids

    app_state = state(ctx)
    text = read_text(file, MAX_IMPORT_BYTES, "an export")
    chosen = _check_format(file_format) or detect_format(text)
    imported, problems = read_export(text, chosen, app_state.today)
    if problems:
        app_state.out.show(*(Line.of(Span("✗ ", "bad"), problem) for problem in problems))
        raise BadValue(
            f"{file}: {first_of(problems)}", "nothing was imported; fix the file and try again"
        )
    store = app_state.store
    if dry_run:
        plan = _plan(app_state, imported)
    else:
        with store.transaction():  # planned under the write lock: a second import waits for it
            plan = _plan(app_state, imported)
            store.add_checked(plan.fresh)
            if plan.favourites is not None:
                store.replace_doses(plan.favourites[0], plan.favourites[1])
            for routine in plan.routines:
                store.add_routine(routine.uid, routine.name)
                store.replace_doses(routine.uid, routine.doses)
            for pause in plan.pauses:
                app_state.pauses.add(pause, app_state.now)
            if plan.stretches:
                from stretchlog.storage.catalog_files import add_to_user_catalog

                add_to_user_catalog(plan.stretches)
    unknown = unknown_ids(imported, app_state.catalog)
    if as_json:
        app_state.out.json(_import_json(app_state, dry_run, plan, len(imported.sessions), unknown))
    else:
        _summarize_import(app_state, file, dry_run, plan, len(imported.sessions), unknown)


def _have(catalog: Catalog, stretch: Stretch) -> bool:
    """Whether the catalog has `stretch` already: by id, and as the user's own if it replaces
    a bundled one (an export carries the user's overrides, which an empty catalog lacks)."""
    found = catalog.get(stretch.id)
    return found is not None and (found.custom or not stretch.overrides)


class _Plan(NamedTuple):
    """What an import adds: new sessions and rest days, the file's own stretches, its routines
        that are new here (by uid and by name), and its default routine's stretches as the default
        one's here when that has none yet (`favourites`: that routine's uid and the doses), the file's
    default routine being added as well when it is another by uid, so its sessions keep it;
        `repeated_rest` rest days land on a day rested already, `routines_kept` are the names of
        routines of the file that are here already or whose name is taken."""

    fresh: list[Session]
    repeated_rest: int
    stretches: list[Stretch]
    favourites: "tuple[str, tuple[Dose, ...]] | None"
    routines: "list[Routine]"
    routines_kept: list[str]
    pauses: "list[Pause]"


def _plan(app_state: AppState, imported: "Imported") -> _Plan:
    store = app_state.store
    present = store.uids()
    fresh = [s for s in imported.sessions if s.uid not in present]
    rested = (date.fromordinal(number) for number in store.rest_numbers())
    repeated = repeated_rest_days(fresh, rested)
    from stretchlog.domain.routines import MAX_ROUTINES, name_key

    here = store.routines()
    default = next((r for r in here if r.is_default), None)
    favourites = None
    added, kept = [], []
    for routine in imported.routines:
        if routine.is_default and default is not None and not default.doses and routine.doses:
            favourites = (default.uid, routine.doses)
            if routine.uid == default.uid:
                continue
            # another routine by uid: added as well (unless taken), so its sessions keep it
        if len(here) >= MAX_ROUTINES or any(
            r.uid == routine.uid or name_key(r.name) == name_key(routine.name) for r in here
        ):
            kept.append(routine.name)
        else:
            added.append(routine)
            here.append(routine)
    return _Plan(
        pauses=_fresh_pauses(app_state, imported),
        fresh=[s for s in fresh if s not in repeated],
        repeated_rest=len(repeated),
        stretches=[s for s in imported.stretches if not _have(app_state.catalog, s)],
        favourites=favourites,
        routines=added,
        routines_kept=kept,
    )


def _fresh_pauses(app_state: AppState, imported: "Imported") -> "list[Pause]":
    """The file's pauses not here yet (by uid); refused, all of the import with them, when one
    would overlap a pause here."""
    from stretchlog.domain.pauses import overlapping_import

    here = app_state.pauses.all()
    known = {pause.uid for pause in here}
    fresh = [pause for pause in imported.pauses if pause.uid not in known]
    clash = overlapping_import(fresh, here)
    if clash is not None:
        raise BadValue(
            clash, "nothing was imported; end or delete that pause here first, or edit the file"
        )
    return fresh


def _import_json(
    app_state: AppState, dry_run: bool, plan: _Plan, in_file: int, unknown: list[str]
) -> dict[str, object]:
    rest = sum(1 for s in plan.fresh if s.is_rest)
    return {
        "dry_run": dry_run,
        "sessions": len(plan.fresh) - rest,
        "rest_days": rest,
        "already_here": in_file - len(plan.fresh) - plan.repeated_rest,
        "repeated_rest_days": plan.repeated_rest,
        "stretches_added": [s.id for s in plan.stretches],
        "favourites_set": plan.favourites is not None,
        "routines_added": [routine.name for routine in plan.routines],
        "routines_kept": plan.routines_kept,
        "unknown_ids": unknown,
        "after_today": sum(1 for s in plan.fresh if s.day > app_state.today),
        "pauses_added": len(plan.pauses),
    }


def _summarize_import(
    app_state: AppState, file: Path, dry_run: bool, plan: _Plan, in_file: int, unknown: list[str]
) -> None:
    rest = sum(1 for s in plan.fresh if s.is_rest)
    present = in_file - len(plan.fresh) - plan.repeated_rest
    verb = "Would import" if dry_run else "Imported"
    what = plural(len(plan.fresh) - rest, "session") + (
        f" and {plural(rest, 'rest day')}" if rest else ""
    )
    lines = [Line.of(Span("✓ " if not dry_run else "• ", "good"), f"{verb} {what} from {file}.")]
    if present:
        lines.append(
            Line.of(Span(f"{plural(present, 'entry', 'entries')} already here, skipped.", "dim"))
        )
    if plan.repeated_rest:
        skipped = plural(plan.repeated_rest, "rest day")
        lines.append(Line.of(Span(f"{skipped} skipped: that day is a rest day already.", "dim")))
    if plan.stretches:
        added = "would be added" if dry_run else "added"
        count = plural(len(plan.stretches), "stretch", "stretches")
        lines.append(Line.of(f"{count} of yours {added} to your catalog."))
    ahead = sum(1 for s in plan.fresh if s.day > app_state.today)
    if ahead:
        lines.append(
            Line.of(
                Span(
                    f"{plural(ahead, 'entry', 'entries')} dated after today (a clock ahead, or a"
                    " time zone east of here): they count once their day comes.",
                    "dim",
                )
            )
        )
    if unknown:
        ids = ", ".join(unknown)
        lines.append(
            Line.of(Span(f"Not in your catalog, kept by their ids as logged: {ids}.", "dim"))
        )
    if plan.favourites:
        lines.append(
            Line.of(
                "Your favourites " + ("would be" if dry_run else "were") + " set from the file."
            )
        )
    if plan.routines:
        names = ", ".join(routine.name for routine in plan.routines)
        lines.append(Line.of(f"Routines {'that would be ' if dry_run else ''}added: {names}."))
    if plan.routines_kept:
        names = ", ".join(plan.routines_kept)
        lines.append(
            Line.of(Span(f"Routines kept as they are here (same routine or name): {names}.", "dim"))
        )
    if plan.pauses:
        count = plural(len(plan.pauses), "pause")
        lines.append(Line.of(f"{count} {'would be ' if dry_run else ''}added."))
    app_state.out.show(*lines)


@app.command("backup", rich_help_panel=DATA)
def backup_command(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="Where to write it (default: beside the database, timestamped).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """A consistent copy of your database, safe to take while stretchlog is writing."""
    app_state = state(ctx)
    target = str(file) if file else _timestamped(app_state, "backup")
    count = app_state.store.backup_to(target)
    app_state.out.show(
        Line.of(Span("✓ ", "good"), f"Backed up {plural(count, 'entry', 'entries')} to {target}.")
    )


def _timestamped(app_state: AppState, label: str) -> str:
    """A new file beside the database named for when it was made, like
    stretchlog-backup-20261125-093000.db (-2, -3... for a second one in the same second)."""
    stamp = app_state.now.strftime("%Y%m%d-%H%M%S")
    base = Path(app_state.db_path).absolute()
    names = (f"stretchlog-{label}-{stamp}{f'-{n}' if n > 1 else ''}.db" for n in range(1, 1000))
    return str(next(base.with_name(name) for name in names if not base.with_name(name).exists()))


@app.command("restore", rich_help_panel=DATA)
def restore_command(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A file made by 'stretchlog backup'.", dir_okay=False),
    ],
    yes: Yes = False,
) -> None:
    """Replace your database with a backup, after checking it and keeping a copy of the current one."""
    from stretchlog.storage.copies import checked_copy, set_aside

    app_state = state(ctx)
    store = app_state.store
    with checked_copy(str(file)) as (prepared, incoming):
        try:
            current, damaged = store.count_sessions(), None
        except DatabaseError as error:  # restoring is what a damaged database needs most
            current, damaged = 0, error
        if damaged:
            question = f"Your database cannot be used ({damaged.message}). Set it aside and"
        else:
            question = f"Replace your {plural(current, 'entry', 'entries')} with"
        span = f", {incoming.first} to {incoming.last}" if incoming.first else ""
        question += f" the {plural(incoming.entries, 'entry', 'entries')}{span} in {file}?"
        if not app_state.confirm(question, assume_yes=yes):
            app_state.out.show(Line.of(Span("Nothing restored.", "dim")))
            return
        kept = None
        if damaged:
            kept = _timestamped(app_state, "damaged")
            store.close()
            set_aside(store.path, kept, prepared)
        else:
            if store.exists():  # even with no sessions: favourites are worth keeping too
                kept = _timestamped(app_state, "before-restore")
            store.replace_with(prepared, keep=kept)
    lines = [
        Line.of(
            Span("✓ ", "good"),
            f"Restored {plural(incoming.entries, 'entry', 'entries')} from {file}.",
        )
    ]
    if kept:
        lines.append(Line.of(Span(f"Your previous database is kept at {kept}.", "dim")))
    app_state.out.show(*lines)
