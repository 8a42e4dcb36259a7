"""Views of the user's settings: `stretchlog config list` and `config get`."""

from typing import Any

from stretchlog.domain.settings import DEFAULTS, SETTINGS, Settings, value_of, value_text
from stretchlog.ui.views import Cell, Column, Span, Table

NOT_SET = "(not set)"
ROOM_TO_SAY_WHAT = 64
"""Columns under which a terminal shows the settings and their values only."""


def settings_table(settings: Settings, columns: int | None = None) -> Table:
    """Each setting, its value (dim while it is the default) and what it does, unless the
    terminal is `columns` narrow (the guide says it too)."""
    about = columns is None or columns >= ROOM_TO_SAY_WHAT
    rows: list[tuple[Cell, ...]] = []
    for setting in SETTINGS:
        value = value_of(settings, setting)
        default = value == value_of(DEFAULTS, setting)
        shown = Span(value_text(value) or NOT_SET, "dim" if default else "")
        rows.append(
            (setting.key, shown, Span(setting.about, "dim")) if about else (setting.key, shown)
        )
    return Table(
        columns=(
            Column("setting", style="accent", whole=True),
            Column("value", whole=True),
            *([Column("what it does")] if about else []),
        ),
        rows=tuple(rows),
        header=False,
    )


def settings_json(settings: Settings) -> dict[str, Any]:
    """Every setting by its key: its value as written in config.toml, null when not set."""
    return {setting.key: value_text(value_of(settings, setting)) for setting in SETTINGS}
