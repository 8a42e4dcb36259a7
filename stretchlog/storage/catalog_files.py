"""The catalog's files: the bundled one (pre-parsed in a wheel) and the user's stretches.toml."""

import importlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stretchlog.domain.catalog import (
    Catalog,
    Stretch,
    catalog_from_document,
    check_catalog,
    first_of,
    merge,
    merged,
    parse_catalog,
    spellings,
)
from stretchlog.errors import CatalogError, StretchlogError
from stretchlog.storage.files import locked, read_text, replace_file
from stretchlog.storage.paths import user_catalog_path

if TYPE_CHECKING:
    import tomlkit.items

MAX_CATALOG_BYTES = 4 * 2**20
"""A catalog of a thousand stretches is about a megabyte."""


def bundled_catalog_path() -> Path:
    """Where the shipped catalog is: inside the package in a wheel, in data/ in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "data" / "catalog.toml"
    return installed if installed.is_file() else package.parent / "data" / "catalog.toml"


def load_catalog(path: Path | None = None, user_catalog: Path | None = None) -> Catalog:
    """The catalog in `path` (the bundled one by default, pre-parsed when installed from a
    wheel), merged with the user's own stretches from `user_catalog` when that file exists."""
    if path is None:
        try:
            bundled = importlib.import_module("stretchlog._bundled_catalog")
        except ImportError:
            catalog = parse_catalog(_read(bundled_catalog_path()), str(bundled_catalog_path()))
        else:
            catalog = catalog_from_document(bundled.DOCUMENT, str(bundled_catalog_path()))
    else:
        catalog = parse_catalog(_read(path), str(path))
    if user_catalog is None or not user_catalog.is_file():
        return catalog
    return merge(catalog, parse_catalog(_read(user_catalog), str(user_catalog), user=True))


def load_user_catalog() -> Catalog:
    """Every stretch: the bundled ones and the user's own."""
    return load_catalog(user_catalog=Path(user_catalog_path()))


def _read(source: Path) -> str:
    try:
        return read_text(source, MAX_CATALOG_BYTES, "a catalog of stretches")
    except StretchlogError as error:
        raise CatalogError(
            f"cannot use the catalog {source}: {error.message}", error.hint
        ) from None


def check_user_catalog(text: str, source: str) -> tuple[tuple[Stretch, ...], list[str]]:
    """Problems of a user's catalog file itself, then of merging it with the bundled stretches."""
    stretches, problems = check_catalog(text, source, user=True)
    if not problems:
        _, problems = merged(load_catalog(), Catalog(stretches), source)
    return stretches, problems


def put_in_user_catalog(stretches: Sequence[Stretch]) -> tuple[Stretch, ...]:
    """Like add_to_user_catalog, but a stretch of one's own already there with the same id is
    replaced (by the version another device synced)."""
    return add_to_user_catalog(stretches, replacing=True)


def add_to_user_catalog(new: Sequence[Stretch], *, replacing: bool = False) -> tuple[Stretch, ...]:
    """Append `new` to the user's stretches.toml as [[stretch]] tables, keeping what is there
    (comments and layout too: tomlkit edits the file), once the whole file as it will be read
    back checks out (with the bundled stretches too); returns its stretches. The file is read
    and written under a lock, so that adds running at once all land."""
    import tomlkit

    path = Path(user_catalog_path())
    with locked(path):
        _check_no_takeover(new, load_user_catalog())
        existing = _read(path) if path.is_file() else USER_CATALOG_HEADER
        document = _editable(existing.rstrip("\n") + "\n", path)
        entries = document.setdefault("stretch", tomlkit.aot())
        if not isinstance(entries, tomlkit.items.AoT):
            raise CatalogError(
                f"{path} does not list its stretches as [[stretch]] tables",
                "write each of yours as a [[stretch]] table, then add more",
            )
        for stretch in new:
            at = [index for index, entry in enumerate(entries) if entry.get("id") == stretch.id]
            if replacing and at:
                entries[at[0]] = entry_table(stretch)
            else:
                entries.append(entry_table(stretch))
        text = tomlkit.dumps(document)
        stretches, problems = check_user_catalog(text, str(path))
        if problems:
            raise CatalogError(first_of(problems), "nothing was added; fix it and try again")
        replace_file(path, text, "your stretches")
    return stretches


def _editable(text: str, path: Path) -> "tomlkit.TOMLDocument":
    """The user's catalog as tomlkit reads it, to edit it in place."""
    import tomlkit
    from tomlkit.exceptions import ParseError

    try:
        return tomlkit.parse(text)
    except ParseError as error:  # it was read as TOML just now: tomlkit is stricter here
        raise CatalogError(
            f"stretchlog cannot edit {path} ({error})",
            "nothing was added; add your stretch to the file in an editor",
        ) from None


def _check_no_takeover(new: Sequence[Stretch], current: Catalog) -> None:
    """Refuse a new stretch spelled like what users already type for another one: one called
    'Couch' would win 'log couch' from the couch stretch without a word. A spelling takes over
    another stretch's when it is that stretch's id, name or alias, or its first whole words."""
    for stretch in new:
        for spelling in spellings(stretch):
            for other in current:
                if other.id != stretch.id and any(  # an override keeps its id: that is the point
                    known == spelling or known.startswith(spelling + " ")
                    for known in spellings(other)
                ):
                    raise CatalogError(
                        f"stretch '{stretch.id}': '{spelling}' already finds '{other.id}', so it"
                        " would take that name over",
                        "nothing was added; give it another name or alias",
                    )


def entry_table(stretch: Stretch) -> "tomlkit.items.Table":
    """One [[stretch]] table in the layout of the bundled catalog, after a blank line."""
    import tomlkit

    def listed(texts: tuple[str, ...]) -> tomlkit.items.Array:
        array = tomlkit.array()
        array.extend(texts)
        return array.multiline(len(texts) > 1 and sum(len(t) for t in texts) >= 60)

    table = tomlkit.table()
    table.trivia.indent = "\n"
    table["id"] = stretch.id
    table["name"] = stretch.name
    if stretch.aliases:
        table["aliases"] = listed(stretch.aliases)
    if stretch.summary:  # one's own may go without (see catalog.USER_ESSENTIALS)
        table["summary"] = stretch.summary
    table["position"] = stretch.position
    table["per_side"] = stretch.per_side
    table["hold_seconds"] = stretch.hold_seconds
    table["reps"] = stretch.reps
    table["level"] = stretch.level
    for key, texts in (
        ("targets", stretch.targets),
        ("steps", stretch.steps),
        ("cues", stretch.cues),
        ("cautions", stretch.cautions),
    ):
        if texts:
            table[key] = listed(texts)
    if stretch.url:
        table["url"] = stretch.url
    if stretch.overrides:
        table["overrides"] = True
    return table


USER_CATALOG_HEADER = """\
# Your own stretches for stretchlog, merged with the ones it ships with.
#
# Same fields as the bundled catalog (see 'stretchlog catalog --json' for examples). A stretch
# with the id of a bundled one must say overrides = true to replace it.
# Check this file with 'stretchlog catalog validate'.
"""
