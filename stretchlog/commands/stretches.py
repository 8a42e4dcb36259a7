"""Browsing stretches, and the user's own: `catalog` (list, path, add, validate) and `show`."""

from pathlib import Path
from typing import Annotated

import typer

from stretchlog.commands.app import app, state
from stretchlog.commands.options import BROWSE, JsonFlag, OneStretch
from stretchlog.domain import fields
from stretchlog.domain.catalog import USER_ESSENTIALS, Stretch, plural_problems
from stretchlog.domain.fields import LEVELS, MAX_HOLD_SECONDS, POSITIONS
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
            metavar="FILE",
            help="The file to check (default: your stretches.toml).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check a catalog file and list every problem, with its entry and field."""
    app_state = state(ctx)
    path = file or Path(user_catalog_path())
    try:
        text = read_text(path, MAX_CATALOG_BYTES, "a catalog of stretches")
    except NotFound:
        raise NotFound(
            f"there is no catalog file {path}", "add a stretch with 'stretchlog catalog add'"
        ) from None
    stretches, problems = check_user_catalog(text, str(path))
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
    """Add a stretch of your own to stretches.toml. Only the id, name, position, sides and hold are needed; on a terminal it asks for those that are missing."""
    app_state = state(ctx)
    given: dict[str, object] = {
        "id": stretch_id, "name": name, "position": position, "per_side": per_side,
        "hold_seconds": hold,
    }  # fmt: skip
    missing = [field for field, value in given.items() if value is None]
    if missing and not app_state.env.stdin_is_terminal:
        flags = ", ".join(_FLAGS[field] for field in missing)
        raise NeedsTerminal(
            f"missing {flags}", "give them as flags, or run it on a terminal to be asked"
        )
    for field in ("name", "id", "position", "per_side", "hold_seconds"):  # the name first
        if given[field] is None:
            given[field] = _ask(field, given)
    entry = {
        **given,
        "summary": summary or "",
        "reps": reps if reps is not None else 1,
        "level": level or LEVELS[0],
        "targets": target or [],
        "steps": step or [],
        "cues": cue or [],
        "cautions": caution or [],
        "aliases": alias or [],
        "url": url,
        "overrides": overrides,
    }
    draft = _as_stretch(entry)
    stretch = next(s for s in add_to_user_catalog([draft]) if s.id == draft.id)
    app_state.out.show(
        render.stretch_panel(stretch, in_routine=False),
        Line.of(Span("✓ ", "good"), f"Added '{stretch.id}' to {user_catalog_path()}."),
    )


_FLAGS = dict(zip(USER_ESSENTIALS, ("--id", "--name", "--position", "--per-side/--both-sides",
              "--hold"), strict=True))  # fmt: skip


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


def _ask(field: str, given: dict[str, object]) -> object:
    """One answer, asked until it is one the catalog takes: each checked as it is given."""
    if field == "per_side":
        return typer.confirm("Done on each side in turn (left, then right)?", default=True)
    question, rule = {
        "name": ("Name", fields.text),
        "id": ("Id, which you type to use it", fields.slug),
        "position": (f"Position ({', '.join(POSITIONS)})", fields.choice(POSITIONS)),
        "hold_seconds": ("Hold, like 30 s or 1 min", _hold),
    }[field]
    suggested = _slug(str(given["name"])) if field == "id" else None
    while True:
        answer = typer.prompt(question, default=suggested, show_default=bool(suggested)).strip()
        try:
            return rule(answer)
        except fields.Invalid as invalid:
            typer.echo(f"Please give {invalid.expected}.", err=True)


def _hold(text: str) -> int:
    return fields.whole(1, MAX_HOLD_SECONDS)(fields.seconds(text))  # type: ignore[no-any-return]


def _slug(name: str) -> str:
    """An id made from a name: 'Wall psoas lunge' becomes 'wall-psoas-lunge'."""
    words = "".join(ch if ch.isascii() and ch.isalnum() else " " for ch in name.casefold()).split()
    return "-".join(words) or "my-stretch"


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
