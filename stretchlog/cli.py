"""The `stretchlog` command.

`status` runs on every shell prompt, so it takes a path that never imports Typer or Rich. Every
other command goes through the Typer application, importing only the module that defines it.
"""

import sys
from importlib import import_module

from stretchlog.commands.argv import (
    asks_for_help,
    global_options_first,
    invoked_command_name,
    needs_every_command,
)

COMMAND_MODULES = {
    **dict.fromkeys(
        ("today", "log", "rest", "edit", "streak", "history", "undo", "delete"), "core"
    ),
    **dict.fromkeys(("catalog", "show"), "stretches"),
    "fav": "favourites",
    "routine": "routines",
    "pause": "pauses",
    "start": "guided",
    "ask": "ask",
    **dict.fromkeys(("calendar", "stats", "status"), "insight"),
    **dict.fromkeys(("export", "import", "backup", "restore"), "data"),
    "paths": "paths",
    "config": "config",
    "remind": "remind",
    "sync": "sync",
}
"""Which module of stretchlog.commands defines each command (a test keeps this true)."""


def main() -> None:
    args = global_options_first(sys.argv[1:])
    name = invoked_command_name(args)
    _open_closed_streams()
    try:
        if name == "status" and not asks_for_help(args):
            from stretchlog.commands.status import main as status_main

            code: str | int | None = status_main(args)
        elif name == "remind" and not asks_for_help(args) and _fires(args):
            from stretchlog.commands.remind_fire import main as fire_main

            code = fire_main(args)
        else:
            from stretchlog.commands.app import app, keep_only_invoked_command

            _register_commands(None if needs_every_command(args) else (name or "today"))
            keep_only_invoked_command(app, args)
            app(args=args)
            code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, str | int) else None
    sys.exit(_flushed(code))


def _fires(args: list[str]) -> bool:
    from stretchlog.commands.remind_fire import is_fire

    return is_fire(args)


def _open_closed_streams() -> None:
    """A stream the caller closed (`stretchlog log pigeon 1>&-`) reads as empty and writes
    nowhere, instead of failing every command that touches it."""
    import os

    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))  # noqa: SIM115, PTH123


def _flushed(code: str | int | None) -> str | int | None:
    """`code`, once what is left of the output is written; Python would otherwise write it at
    exit and print its own noise if that fails (`> /dev/full`)."""
    try:
        sys.stdout.flush()
    except OSError as error:
        from stretchlog.ui.console import exit_on_output_failure

        failed = exit_on_output_failure(error)
        if failed is None:
            raise
        return failed or code  # a closed pipe keeps the command's own status
    return code


def _register_commands(name: str | None = None) -> None:
    """Import the module defining `name` (which registers it), or all of them for None or a name
    that is not a command, so the usage error can suggest the nearest."""
    every = dict.fromkeys(COMMAND_MODULES.values())  # in this order, for the help's panels
    for module in [COMMAND_MODULES[name]] if name in COMMAND_MODULES else every:
        import_module(f"stretchlog.commands.{module}")


def __getattr__(name: str) -> object:
    """`from stretchlog.cli import app`: the application with every command registered."""
    if name == "app":
        from stretchlog.commands.app import app

        _register_commands()
        return app
    raise AttributeError(name)
