"""The stretch catalog: definitions, loading and validating TOML, and resolving what users type."""

import importlib
import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from stretchlog.errors import CatalogError, StretchNotFound

POSITIONS = ("standing", "kneeling", "lying", "seated")
LEVELS = ("beginner", "intermediate", "advanced")
SIDES = ("left", "right")
MAX_HOLD_SECONDS = 3600
MAX_REPS = 20

_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
_REQUIRED = (
    "id", "name", "summary", "position", "per_side", "hold_seconds", "reps", "level",
    "targets", "steps", "cues", "cautions",
)  # fmt: skip
_OPTIONAL = ("aliases", "url")


class Stretch(NamedTuple):
    id: str
    name: str
    summary: str
    position: str
    per_side: bool
    hold_seconds: int
    reps: int
    level: str
    targets: tuple[str, ...]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    cautions: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    url: str | None = None

    @property
    def sides(self) -> tuple[str | None, ...]:
        """The sides one round of this stretch covers: left and right, or the body as a whole."""
        return SIDES if self.per_side else (None,)

    @property
    def default_seconds(self) -> int:
        """Seconds of holding in one full default round: every rep on every side."""
        return self.hold_seconds * self.reps * len(self.sides)


class Catalog:
    def __init__(self, stretches: tuple[Stretch, ...]) -> None:
        self.stretches = stretches

    def __iter__(self) -> Iterator[Stretch]:
        return iter(self.stretches)

    def __len__(self) -> int:
        return len(self.stretches)

    def get(self, stretch_id: str) -> Stretch | None:
        return next((s for s in self.stretches if s.id == stretch_id), None)

    def resolve(self, typed: str) -> Stretch:
        """The one stretch a user means by an id, alias, name or unambiguous prefix of one."""
        wanted = normalize(typed)
        if not wanted:
            raise StretchNotFound("an empty stretch name", "give an id from 'stretchlog catalog'")
        exact = [s for s in self.stretches if wanted in _spellings(s)]
        if exact:
            return exact[0]
        by_prefix = [s for s in self.stretches if any(k.startswith(wanted) for k in _spellings(s))]
        if len(by_prefix) == 1:
            return by_prefix[0]
        if by_prefix:
            raise StretchNotFound(
                f"'{typed}' could mean several stretches",
                f"did you mean {_either(s.id for s in by_prefix)}?",
            )
        raise StretchNotFound(f"no stretch called '{typed}'", self._suggestion(wanted))

    def resolve_all(self, typed: Iterable[str]) -> list[Stretch]:
        return [self.resolve(name) for name in typed]

    def _suggestion(self, wanted: str) -> str:
        import difflib  # only needed on this error path

        spelled = {k: s.id for s in self.stretches for k in _spellings(s)}
        close = difflib.get_close_matches(wanted, list(spelled), n=6, cutoff=0.5)
        containing = [k for k in spelled if wanted in k]
        ids = list(dict.fromkeys(spelled[k] for k in close + containing))[:3]
        if ids:
            return f"did you mean {_either(ids)}?"
        return "run 'stretchlog catalog' to see every stretch"


def normalize(text: str) -> str:
    """Fold case, dashes, underscores and runs of spaces so 'Couch_Stretch' finds 'couch-stretch'."""
    return " ".join(re.split(r"[\s_\-]+", text.casefold())).strip()


def _spellings(stretch: Stretch) -> tuple[str, ...]:
    return tuple(normalize(k) for k in (stretch.id, stretch.name, *stretch.aliases))


def _either(options: Iterable[str]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def bundled_catalog_path() -> Path:
    """Where the shipped catalog is: inside the package in a wheel, in data/ in a source checkout."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / "catalog.toml"
    return installed if installed.is_file() else package.parent / "data" / "catalog.toml"


def load_catalog(path: Path | None = None) -> Catalog:
    """The catalog in `path`, or the bundled one (pre-parsed when installed from a wheel)."""
    if path is None:
        try:
            bundled = importlib.import_module("stretchlog._bundled_catalog")
        except ImportError:
            pass  # a source checkout: read data/catalog.toml
        else:
            return catalog_from_document(bundled.DOCUMENT, str(bundled_catalog_path()))
    source = path or bundled_catalog_path()
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(
            f"cannot read the catalog {source}: {error}", "reinstall stretchlog"
        ) from error
    return parse_catalog(text, str(source))


def parse_catalog(text: str, source: str) -> Catalog:
    import tomllib  # costly to import: installed wheels carry the bundled catalog pre-parsed

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError(f"{source} is not valid TOML: {error}", "fix the file") from error
    return catalog_from_document(document, source)


def catalog_from_document(document: Mapping[str, Any], source: str) -> Catalog:
    """Validate a parsed catalog: every problem names the file, the entry and the field."""
    entries = document.get("stretch", [])
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{source} has no [[stretch]] entries", "add at least one")
    stretches = tuple(
        _parse_entry(entry, number, source) for number, entry in enumerate(entries, 1)
    )
    _check_unique(stretches, source)
    return Catalog(stretches)


def _parse_entry(entry: object, number: int, source: str) -> Stretch:
    where = f"{source}: stretch #{number}"
    if not isinstance(entry, Mapping):
        raise CatalogError(
            f"{where} is not a table", "write it as [[stretch]] with key = value lines"
        )
    if isinstance(entry.get("id"), str):
        where = f"{source}: stretch '{entry['id']}'"
    unknown = sorted(set(entry) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise CatalogError(
            f"{where}: unknown field '{unknown[0]}'",
            f"the fields are {', '.join(_REQUIRED + _OPTIONAL)}",
        )
    missing = [name for name in _REQUIRED if name not in entry]
    if missing:
        raise CatalogError(f"{where}: field '{missing[0]}' is missing", "add it")
    field = _FieldReader(entry, where)
    return Stretch(
        id=field.slug("id"),
        name=field.text("name"),
        summary=field.text("summary"),
        position=field.choice("position", POSITIONS),
        per_side=field.boolean("per_side"),
        hold_seconds=field.whole("hold_seconds", 1, MAX_HOLD_SECONDS),
        reps=field.whole("reps", 1, MAX_REPS),
        level=field.choice("level", LEVELS),
        targets=field.texts("targets"),
        steps=field.texts("steps"),
        cues=field.texts("cues"),
        cautions=field.texts("cautions"),
        aliases=field.texts("aliases", required=False),
        url=field.optional_text("url"),
    )


class _FieldReader:
    def __init__(self, entry: Mapping[str, Any], where: str) -> None:
        self.entry = entry
        self.where = where

    def _fail(self, name: str, expected: str) -> CatalogError:
        return CatalogError(
            f"{self.where}: field '{name}' must be {expected}, not {self.entry[name]!r}",
            "fix the entry",
        )

    def text(self, name: str) -> str:
        value = self.entry[name]
        if not isinstance(value, str) or not value.strip():
            raise self._fail(name, "non-empty text")
        return value.strip()

    def optional_text(self, name: str) -> str | None:
        return self.text(name) if name in self.entry else None

    def slug(self, name: str) -> str:
        value = self.text(name)
        if not re.match(_SLUG, value):
            raise self._fail(
                name, "lower-case letters, digits and single dashes (like 'couch-stretch')"
            )
        return value

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.entry[name]
        if value not in options:
            raise self._fail(name, "one of " + ", ".join(options))
        return str(value)

    def boolean(self, name: str) -> bool:
        value = self.entry[name]
        if not isinstance(value, bool):
            raise self._fail(name, "true or false")
        return value

    def whole(self, name: str, low: int, high: int) -> int:
        value = self.entry[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self._fail(name, f"a whole number from {low} to {high}")
        return value

    def texts(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.entry.get(name, [])
        valid = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        if not valid or (required and not value):
            raise self._fail(
                name, "a list of non-empty texts" + (", at least one" if required else "")
            )
        return tuple(v.strip() for v in value)


def _check_unique(stretches: tuple[Stretch, ...], source: str) -> None:
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for stretch in stretches:
        if stretch.id in ids:
            raise CatalogError(f"{source}: stretch id '{stretch.id}' is used twice", "rename one")
        ids.add(stretch.id)
        for spelling in dict.fromkeys(_spellings(stretch)):
            other = owner.setdefault(spelling, stretch.id)
            if other != stretch.id:
                raise CatalogError(
                    f"{source}: stretch '{stretch.id}': '{spelling}' already names '{other}'",
                    "change the alias or name so each one means a single stretch",
                )
