"""Browsing stretches, and the user's own: `catalog` (list, path, add, validate) and `show`."""

from pathlib import Path
from typing import Annotated

import typer

from stretchlog.commands.app import app, state
from stretchlog.commands.options import BROWSE, JsonFlag, OneStretch
from stretchlog.domain.catalog import Stretch, plural_problems
from stretchlog.domain.fields import LEVELS, POSITIONS
from stretchlog.errors import CatalogError, NeedsTerminal, NotFound
from stretchlog.storage.catalog_files import (
    MAX_CATALOG_BYTES,
    add_to_user_catalog,
    check_user_catalog,
)
from stretchlog.storage.files import read_text
from stretchlog.storage.paths import user_catalog_path
from stretchlog.ui import render
from stretchlog.ui.views import Line, Span

catalog_app = typer.Typer(
    help="Every stretch stretchlog knows, and your own in stretches.toml.",
    invoke_without_command=True,
)
app.add_typer(catalog_app, name="catalog", rich_help_panel=BROWSE)


@catalog_app.callback()
def catalog_root(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """List every stretch stretchlog knows, yours included (subcommands manage your own)."""
    if ctx.invoked_subcommand is not None:
        return
    app_state = state(ctx)
    if as_json:
        app_state.out.json([render.stretch_json(stretch) for stretch in app_state.catalog])
    else:
        favourites = app_state.store.favourite_ids()
        width = app_state.columns if app_state.out.rich else None
        app_state.out.show(render.catalog_table(app_state.catalog, favourites, width))


@catalog_app.command("path")
def catalog_path() -> None:
    """Print where your own stretches live (stretches.toml); it need not exist yet."""
    print(user_catalog_path())


@catalog_app.command("validate")
def catalog_validate(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The file to check (default: your stretches.toml).", show_default=False
        ),
    ] = None,
) -> None:
    """Check a catalog file and list every problem, with its entry and field."""
    app_state = state(ctx)
    path = file or Path(user_catalog_path())
    if not path.is_file():
        raise NotFound(
            f"there is no catalog file {path}", "add a stretch with 'stretchlog catalog add'"
        )
    stretches, problems = check_user_catalog(
        read_text(path, MAX_CATALOG_BYTES, "a catalog of stretches"), str(path)
    )
    if problems:
        app_state.out.show(*(Line.of(Span("✗ ", "bad"), problem) for problem in problems))
        raise CatalogError(
            f"{path} has {plural_problems(len(problems))}", "fix each one listed above"
        )
    app_state.out.show(
        Line.of(
            Span("✓ ", "good"),
            f"{path}: {render.plural(len(stretches), 'stretch', 'stretches')}, all valid.",
        )
    )


@catalog_app.command("add")
def catalog_add(
    ctx: typer.Context,
    stretch_id: Annotated[
        str | None, typer.Option("--id", help="A slug like 'wall-psoas-stretch'.")
    ] = None,
    name: Annotated[str | None, typer.Option(help="What you call it.")] = None,
    summary: Annotated[str | None, typer.Option(help="One line: what it does.")] = None,
    position: Annotated[
        str | None, typer.Option(help="standing, kneeling, lying or seated.")
    ] = None,
    per_side: Annotated[
        bool | None,
        typer.Option(
            "--per-side/--both-sides",
            help="Done left then right, or both at once.",
            show_default=False,
        ),
    ] = None,
    hold: Annotated[
        int | None, typer.Option("--hold", metavar="SECONDS", help="Seconds per hold.")
    ] = None,
    reps: Annotated[int | None, typer.Option(metavar="N", help="Holds (per side).")] = None,
    level: Annotated[str | None, typer.Option(help="beginner, intermediate or advanced.")] = None,
    target: Annotated[
        list[str] | None, typer.Option("--target", help="What it works on (repeat).")
    ] = None,
    step: Annotated[
        list[str] | None, typer.Option("--step", help="A step, in order (repeat).")
    ] = None,
    cue: Annotated[
        list[str] | None, typer.Option("--cue", help="A cue while holding (repeat).")
    ] = None,
    caution: Annotated[
        list[str] | None, typer.Option("--caution", help="When to ease off (repeat).")
    ] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name (repeat).")
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where to read more.")] = None,
    overrides: Annotated[
        bool, typer.Option("--overrides", help="Replace the bundled stretch with this id.")
    ] = False,
) -> None:
    """Add a stretch of your own to stretches.toml; asks for what is missing on a terminal."""
    app_state = state(ctx)
    given: dict[str, object] = {
        "id": stretch_id, "name": name, "summary": summary, "position": position,
        "per_side": per_side, "hold_seconds": hold, "reps": reps, "level": level,
        "targets": target, "steps": step, "cues": cue, "cautions": caution,
    }  # fmt: skip
    missing = [field for field, value in given.items() if value is None]
    if missing and not app_state.env.stdin_is_terminal:
        flags = ", ".join(_FLAGS.get(field, f"--{field}") for field in missing)
        raise NeedsTerminal(
            f"missing {flags}", "give every field as a flag, or run it on a terminal to be asked"
        )
    for field in missing:
        given[field] = _ask(field)
    document_entry = given | {"aliases": alias or []}
    if url:
        document_entry["url"] = url
    if overrides:
        document_entry["overrides"] = True
    draft = _as_stretch(document_entry)
    stretch = next(s for s in add_to_user_catalog([draft]) if s.id == draft.id)
    app_state.out.show(
        render.stretch_panel(stretch, in_routine=False),
        Line.of(Span("✓ ", "good"), f"Added '{stretch.id}' to {user_catalog_path()}."),
    )


_FLAGS = {"id": "--id", "per_side": "--per-side/--both-sides", "hold_seconds": "--hold", "targets": "--target",
          "steps": "--step", "cues": "--cue", "cautions": "--caution"}  # fmt: skip


def _as_stretch(entry: dict[str, object]) -> Stretch:
    """The entry as a Stretch for writing out; checking comes after, on the file as written."""

    def texts(key: str) -> tuple[str, ...]:
        value = entry.get(key) or []
        return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)

    def number(key: str) -> int:
        value = entry[key]
        return value if isinstance(value, int) else 0

    return Stretch(
        id=str(entry["id"]), name=str(entry["name"]), summary=str(entry["summary"]),
        position=str(entry["position"]), per_side=bool(entry["per_side"]),
        hold_seconds=number("hold_seconds"), reps=number("reps"), level=str(entry["level"]),
        targets=texts("targets"), steps=texts("steps"), cues=texts("cues"),
        cautions=texts("cautions"), aliases=texts("aliases"),
        url=str(entry["url"]) if entry.get("url") else None,
        overrides=bool(entry.get("overrides")),
    )  # fmt: skip


_QUESTIONS = {
    "id": "Id (a slug like wall-psoas-stretch)",
    "name": "Name",
    "summary": "Summary (one line)",
    "position": f"Position ({', '.join(POSITIONS)})",
    "per_side": "Done on each side in turn?",
    "hold_seconds": "Seconds per hold",
    "reps": "Holds (per side)",
    "level": f"Level ({', '.join(LEVELS)})",
    "targets": "What it works on",
    "steps": "Steps, in order",
    "cues": "Cues while holding",
    "cautions": "Cautions",
}


def _ask(field: str) -> object:
    question = _QUESTIONS[field]
    if field == "per_side":
        return typer.confirm(question, default=True)
    if field in ("hold_seconds", "reps"):
        return typer.prompt(question, type=int)
    if field in ("targets", "steps", "cues", "cautions"):
        typer.echo(f"{question}: one per line, an empty line to finish.")
        answers: list[str] = []
        while answer := typer.prompt(
            f"  {len(answers) + 1}", default="", show_default=False
        ).strip():
            answers.append(answer)
        return answers
    return typer.prompt(question).strip()


@app.command("show", rich_help_panel=BROWSE)
def show_command(ctx: typer.Context, name: OneStretch, as_json: JsonFlag = False) -> None:
    """How to do one stretch: steps, cues, cautions and hold."""
    app_state = state(ctx)
    stretch = app_state.catalog.resolve(name)
    if as_json:
        app_state.out.json(render.stretch_json(stretch))
    else:
        in_routine = stretch.id in app_state.store.favourite_ids()
        app_state.out.show(render.stretch_panel(stretch, in_routine))
