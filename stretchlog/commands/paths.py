"""`stretchlog paths`: where stretchlog keeps what is yours."""

import os
from pathlib import Path

import typer

from stretchlog.commands.app import app, state
from stretchlog.commands.options import DATA, JsonFlag
from stretchlog.storage.paths import user_catalog_path, user_config_path
from stretchlog.ui.views import Column, Span, Table


@app.command("paths", rich_help_panel=DATA)
def paths_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Where your database, your own stretches, your settings and your backups are."""
    app_state = state(ctx)
    database = Path(app_state.db_path).absolute()
    catalog = Path(user_catalog_path())
    places = {
        "database": (database, "your history"),
        "stretches": (catalog, "your own stretches"),
        "config": (Path(user_config_path()), "your settings ('stretchlog config')"),
        "settings": (catalog.parent, "the folder of your settings"),
        "backups": (database.parent, "where 'stretchlog backup' puts copies"),
    }
    if as_json:
        app_state.out.json({name: str(path) for name, (path, _) in places.items()})
        return
    app_state.out.show(
        Table(
            columns=(Column("what", style="accent"), Column("path"), Column("", style="dim")),
            rows=tuple(
                (name, str(path), Span(f"{about}{_missing(path)}", "dim"))
                for name, (path, about) in places.items()
            ),
            header=False,
        )
    )


def _missing(path: Path) -> str:
    return "" if os.path.lexists(path) else " (not there yet)"
