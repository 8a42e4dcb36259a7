"""Reading the command line before any parser exists: which command is being run."""

import os

GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--color")


def asks_for_help(args: list[str]) -> bool:
    return any(arg in ("-h", "--help") for arg in args)


def needs_every_command(args: list[str]) -> bool:
    """Help and shell completion list every command; anything else runs just one."""
    return asks_for_help(args) or any(key.endswith("_COMPLETE") for key in os.environ)


def invoked_command_name(args: list[str]) -> str | None:
    """The first argument that is not a global option or its value."""
    tokens = iter(args)
    for token in tokens:
        if token in GLOBAL_OPTIONS_WITH_VALUES:
            next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def global_options_first(args: list[str]) -> list[str]:
    """`args` with global options typed after the command name moved before it, so that
    `stretchlog history --db FILE` works like `stretchlog --db FILE history`."""
    moved: list[str] = []
    rest: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token == "--":
            rest += [token, *tokens]
        elif token in GLOBAL_OPTIONS_WITH_VALUES:
            moved += [token, next(tokens, "")]
        elif token.startswith(tuple(f"{option}=" for option in GLOBAL_OPTIONS_WITH_VALUES)):
            moved.append(token)
        else:
            rest.append(token)
    return [*moved, *rest]
