"""`stretchlog config ...`: the user's settings, kept in config.toml beside their own stretches."""

from typing import Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import DATA, JsonFlag
from stretchlog.domain.fields import check_option
from stretchlog.domain.settings import KEYS, SETTINGS, rule, setting_named, value_of, value_text
from stretchlog.ui.render_settings import NOT_SET, settings_json, settings_table
from stretchlog.ui.views import Line, Span

config_app = typer.Typer(
    help="Your settings: when your day starts, the first day of the week, quiet hours.",
    invoke_without_command=True,
)
app.add_typer(config_app, name="config", rich_help_panel=DATA)


def _complete_key(incomplete: str) -> list[str]:
    return [key for key in KEYS if key.startswith(incomplete.casefold())]


Key = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help="One of: " + ", ".join(KEYS) + ".",
        autocompletion=_complete_key,
        show_default=False,
    ),
]
Value = Annotated[
    str,
    typer.Argument(
        metavar="VALUE",
        help="; ".join(f"{setting.key}: {setting.expected}" for setting in SETTINGS) + ".",
        show_default=False,
    ),
]


@config_app.callback()
def config_root(ctx: typer.Context) -> None:
    """Your settings, kept in config.toml ('stretchlog paths' shows where). Alone, it lists them."""
    if ctx.invoked_subcommand is None:
        _list(state(ctx), as_json=False)


@config_app.command("list")
def config_list(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Every setting, its value and what it does."""
    _list(state(ctx), as_json)


def _list(app_state: AppState, as_json: bool) -> None:
    if as_json:
        app_state.out.json(settings_json(app_state.settings))
    else:
        columns = app_state.columns if app_state.out.rich else None
        app_state.out.show(settings_table(app_state.settings, columns))


@config_app.command("get")
def config_get(ctx: typer.Context, key: Key, as_json: JsonFlag = False) -> None:
    """One setting's value: nothing when it is not set."""
    app_state = state(ctx)
    setting = setting_named(key)
    value = value_text(value_of(app_state.settings, setting))
    if as_json:
        app_state.out.json({"key": setting.key, "value": value})
    elif value is not None:
        app_state.out.show(Line.of(value))
    elif app_state.out.rich:
        app_state.out.show(Line.of(Span(NOT_SET, "dim")))


@config_app.command("set")
def config_set(
    ctx: typer.Context,
    key: Key,
    value: Value,
) -> None:
    """Change a setting, such as: stretchlog config set day_starts_at 04:00."""
    from stretchlog.storage.settings_file import change_setting

    app_state = state(ctx)
    setting = setting_named(key)
    text = value_text(check_option(setting.key, value, rule(setting)))
    change_setting(setting.key, text)
    _said(app_state, Line.of(Span(setting.key, "accent"), f" is {text} now."))


@config_app.command("unset")
def config_unset(ctx: typer.Context, key: Key) -> None:
    """Take a setting out of config.toml, back to its default."""
    from stretchlog.domain.settings import DEFAULTS
    from stretchlog.storage.settings_file import change_setting

    app_state = state(ctx)
    setting = setting_named(key)
    default = value_text(value_of(DEFAULTS, setting))
    if change_setting(setting.key, None):
        said = f" is back to its default, {default}." if default else " is not set now."
    else:
        said = f" was not set: it is {default}, the default." if default else " was not set."
    _said(app_state, Line.of(Span(setting.key, "accent"), said))


def _said(app_state: AppState, line: Line) -> None:
    """Say what changed, then read the file back: a problem left in it is warned about, and
    a day that has not started yet by the new day_starts_at is told."""
    from stretchlog.domain.today import day_of

    app_state.out.show(line)
    start = app_state.settings.day_starts_at
    day = day_of(app_state.now, start)
    if day != app_state.now.date():
        app_state.out.show(
            Line.of(
                Span(
                    f"It is still {day:%A %-d %B} until {value_text(start)}: what you log now"
                    " counts for that day.",
                    "dim",
                )
            )
        )
