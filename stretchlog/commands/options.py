"""Arguments and options several commands share, declared once."""

from pathlib import Path
from typing import Annotated

import typer

# The panels of `stretchlog --help`
READ = "Your log"
WRITE = "Logging"
BROWSE = "Stretches"
DATA = "Your data"


def complete_stretch(incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for STRETCH: catalog ids starting with what was typed so far."""
    from stretchlog.domain.catalog import normalize
    from stretchlog.storage.catalog_files import load_user_catalog

    typed = normalize(incomplete)
    catalog = load_user_catalog()
    return [(s.id, s.name) for s in catalog if normalize(s.id).startswith(typed)]


JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
Stretches = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="STRETCH...",
        help="Stretch ids, aliases, names or unambiguous prefixes.",
        autocompletion=complete_stretch,
        show_default=False,
    ),
]
RequiredStretches = Annotated[
    list[str],
    typer.Argument(
        metavar="STRETCH...",
        help="Stretch ids, aliases, names or unambiguous prefixes.",
        autocompletion=complete_stretch,
        show_default=False,
    ),
]
OneStretch = Annotated[
    str,
    typer.Argument(
        metavar="STRETCH",
        help="A stretch id, alias, name or unambiguous prefix.",
        autocompletion=complete_stretch,
        show_default=False,
    ),
]
WHEN_HELP = "A day: 2026-11-03, 'Nov 3', today, yesterday, '3 days ago', monday, 'last monday'."
When = Annotated[
    str | None, typer.Option("--date", "-d", metavar="WHEN", help=WHEN_HELP, show_default=False)
]
HoldOption = Annotated[
    int | None,
    typer.Option("--hold", metavar="SECONDS", help="Seconds per hold, instead of the usual dose."),
]
RepsOption = Annotated[
    int | None,
    typer.Option("--reps", metavar="N", help="Holds per side, instead of the usual dose."),
]
Yes = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
SvgFile = Annotated[
    Path | None,
    typer.Option(
        "--svg", metavar="FILE", help="Also save what is shown as an SVG picture.", dir_okay=False
    ),
]
HtmlFile = Annotated[
    Path | None,
    typer.Option(
        "--html", metavar="FILE", help="Also save what is shown as an HTML page.", dir_okay=False
    ),
]
Force = Annotated[
    bool,
    typer.Option("--force", help="Replace an existing file (never the database or your catalog)."),
]
SCORE = "0-10|left=N,right=N"
"""How a tightness option is written: one score, or one for each side."""
SessionId = Annotated[
    int, typer.Argument(metavar="ID", help="The session's id, from 'stretchlog history'.")
]


def complete_routine(incomplete: str) -> list[str]:
    """Shell completion for a routine's name: yours, starting with what was typed so far."""
    from stretchlog.errors import StretchlogError
    from stretchlog.storage.paths import resolve_db_path
    from stretchlog.storage.store import Store

    store = Store(resolve_db_path(None))
    try:
        names = [routine.name for routine in store.routines()]
    except StretchlogError:  # completing a word is no place for an error
        names = []
    finally:
        store.close()
    return [name for name in names if name.casefold().startswith(incomplete.casefold())]


RoutineOption = Annotated[
    str | None,
    typer.Option(
        "--routine",
        "-r",
        metavar="NAME",
        help="Do this routine's stretches, at its doses (not the default routine's).",
        autocompletion=complete_routine,
        show_default=False,
    ),
]
