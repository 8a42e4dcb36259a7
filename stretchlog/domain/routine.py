"""A routine's stretches in order (the favourites are the default routine's). Pure list
operations on stretch ids; `name` is the routine's, or None for the favourites."""

from __future__ import annotations

import re
from collections.abc import Sequence

from stretchlog.errors import BadValue, NotFound


def add(
    routine: Sequence[str], new_ids: Sequence[str], at: int | None = None, name: str | None = None
) -> list[str]:
    """`routine` with `new_ids` inserted at 1-based position `at` (default: the end).

    A stretch already in the routine is never doubled: without `at` it stays where it is (so
    adding is always safe to repeat); with `at`, it moves there with the others.
    """
    wanted = list(dict.fromkeys(new_ids))
    fresh = wanted if at is not None else [i for i in wanted if i not in routine]
    kept = [stretch_id for stretch_id in routine if stretch_id not in fresh]
    index = len(kept) if at is None else _index(at, len(kept) + 1, name)
    return kept[:index] + fresh + kept[index:]


def remove(routine: Sequence[str], gone_ids: Sequence[str], name: str | None = None) -> list[str]:
    missing = [stretch_id for stretch_id in gone_ids if stretch_id not in routine]
    if missing:
        shown = "fav list" if name is None else f"routine show {name}"
        raise NotFound(
            f"'{missing[0]}' is not in {_called(name)}", f"see it with 'stretchlog {shown}'"
        )
    return [stretch_id for stretch_id in routine if stretch_id not in gone_ids]


def move(
    routine: Sequence[str], stretch_id: str, position: int, name: str | None = None
) -> list[str]:
    if stretch_id not in routine:
        adder = "fav add" if name is None else f"routine add {name}"
        raise NotFound(
            f"'{stretch_id}' is not in {_called(name)}",
            f"add it with 'stretchlog {adder} {stretch_id}'",
        )
    rest = [other for other in routine if other != stretch_id]
    index = _index(position, len(routine), name)
    return [*rest[:index], stretch_id, *rest[index:]]


def _called(name: str | None) -> str:
    return "your routine" if name is None else f"the routine '{name}'"


def _index(position: int, highest: int, name: str | None = None) -> int:
    if not 1 <= position <= highest:
        raise BadValue(
            f"position {position} is outside {_called(name)}",
            f"give a position from 1 to {highest}",
        )
    return position - 1


def parse_picks(text: str, choices: int) -> list[int]:
    """0-based indexes from a line like '3 1 7' or '3, 1, 7', each from 1 to `choices`."""
    words = [word for word in re.split(r"[\s,]+", text.strip()) if word]
    if not all(word.isascii() and word.isdigit() and len(word) < 10 for word in words):
        raise BadValue(f"'{text.strip()}' is not a list of numbers", "type numbers like: 1 6 3")
    numbers = [int(word) for word in words]
    outside = [n for n in numbers if not 1 <= n <= choices]
    if outside:
        raise BadValue(f"there is no number {outside[0]}", f"pick numbers from 1 to {choices}")
    if len(set(numbers)) != len(numbers):
        raise BadValue("a number appears twice", "list each stretch once")
    return [n - 1 for n in numbers]
