"""The `stretchlog` command: the application with every command registered."""

from stretchlog.app import app
from stretchlog.commands import core, favourites

__all__ = ["app", "core", "favourites", "main"]


def main() -> None:
    app()
