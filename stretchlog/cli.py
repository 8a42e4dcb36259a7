"""The `stretchlog` command: the application with every command registered."""

import sys

from stretchlog.app import app, keep_only_invoked_command
from stretchlog.commands import core, favourites, guided

__all__ = ["app", "core", "favourites", "guided", "main"]


def main() -> None:
    args = sys.argv[1:]
    keep_only_invoked_command(app, args)
    app(args=args)
