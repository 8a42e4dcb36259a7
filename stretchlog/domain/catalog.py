"""The stretch catalog: definitions, loading and validating TOML, and resolving what users type."""

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from stretchlog.domain import fields
from stretchlog.domain.fields import LEVELS, MAX_HOLD_SECONDS, MAX_REPS, POSITIONS, SIDES, Fields
from stretchlog.domain.records import Record
from stretchlog.errors import CatalogError, StretchNotFound

MAX_NAME_CHARS = 200
"""No stretch is called anything longer; a longer name typed is refused before it is compared."""
_REQUIRED = (
    "id", "name", "summary", "position", "per_side", "hold_seconds", "reps", "level",
    "targets", "steps", "cues", "cautions",
)  # fmt: skip
_OPTIONAL = ("aliases", "url")
USER_ESSENTIALS = ("id", "name", "position", "per_side", "hold_seconds")
"""All a stretch of the user's own needs: the rest (summary, reps, level, targets, steps, cues,
cautions) may be left out."""


class Stretch(Record):
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
    overrides: bool = False
    """A user's stretch that replaces the bundled one with the same id."""
    custom: bool = False
    """From the user's own stretches.toml rather than the bundled catalog."""

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
        """The one stretch a user means by an id, alias or name, or by words of one.

        Closer readings win: a whole spelling, then whole words of one ('couch' in 'couch
        stretch'), then the start of one ('thom'). Within the first reading that finds anything,
        more than one stretch is an ambiguity to report, never a guess.
        """
        wanted = normalize(typed)
        if not wanted:
            raise StretchNotFound("an empty stretch name", "give an id from 'stretchlog catalog'")
        if len(wanted) > MAX_NAME_CHARS:
            raise StretchNotFound(
                f"no stretch has a name that long ({len(wanted)} characters)",
                "give an id from 'stretchlog catalog'",
            )
        readings = (
            lambda known: known == wanted,
            lambda known: f" {wanted} " in f" {known} ",
            lambda known: known.startswith(wanted),
        )
        for reads in readings:
            found = [s for s in self.stretches if any(reads(k) for k in spellings(s))]
            if len(found) == 1:
                return found[0]
            if found:
                raise StretchNotFound(
                    f"'{typed}' could mean several stretches",
                    f"did you mean {_either(s.id for s in found)}?",
                )
        raise StretchNotFound(f"no stretch called '{typed}'", self._suggestion(wanted))

    def resolve_all(self, typed: Iterable[str]) -> list[Stretch]:
        return [self.resolve(name) for name in typed]

    def _suggestion(self, wanted: str) -> str:
        import difflib  # only needed on this error path

        spelled = {k: s.id for s in self.stretches for k in spellings(s)}
        words = {w: s for k, s in spelled.items() for w in k.split() if len(w) > 3}
        typos = [k for k in [*spelled, *words] if _one_slip_apart(wanted, k)]
        close = difflib.get_close_matches(wanted, list(spelled), n=6, cutoff=0.5)
        containing = [k for k in spelled if wanted in k]
        ids = [spelled.get(k) or words[k] for k in (typos or close + containing)]
        chosen = list(dict.fromkeys(ids))[:3]
        if chosen:
            return f"did you mean {_either(chosen)}?"
        return "run 'stretchlog catalog' to see every stretch"


def _one_slip_apart(typed: str, known: str) -> bool:
    """Whether one common slip turns `known` into `typed`: two letters swapped, one missing,
    one doubled or one extra, or one wrong."""
    if abs(len(typed) - len(known)) > 1 or typed == known:
        return False
    if len(typed) == len(known):
        wrong = [i for i, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        swapped = (
            len(wrong) == 2
            and wrong[1] == wrong[0] + 1
            and typed[wrong[0]] == known[wrong[1]]
            and typed[wrong[1]] == known[wrong[0]]
        )
        return len(wrong) == 1 or swapped
    shorter, longer = sorted((typed, known), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def normalize(text: str) -> str:
    """Fold case, dashes, underscores and runs of spaces so 'Couch_Stretch' finds 'couch-stretch'."""
    return " ".join(re.split(r"[\s_\-]+", text.casefold())).strip()


def spellings(stretch: Stretch) -> tuple[str, ...]:
    return tuple(normalize(k) for k in (stretch.id, stretch.name, *stretch.aliases))


def _either(options: Iterable[str]) -> str:
    quoted = [f"'{o}'" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def parse_catalog(text: str, source: str, user: bool = False) -> Catalog:
    """A catalog from TOML text; raises CatalogError with the first problem found."""
    stretches, problems = check_catalog(text, source, user)
    if problems:
        raise CatalogError(
            first_of(problems), f"fix the file; 'stretchlog catalog validate {source}' lists all"
        )
    return Catalog(stretches)


def plural_problems(count: int) -> str:
    return f"{count} problem" + ("" if count == 1 else "s")


def first_of(problems: list[str]) -> str:
    """The first problem, saying how many more there are."""
    return problems[0] + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else "")


def check_catalog(
    text: str, source: str, user: bool = False
) -> tuple[tuple[Stretch, ...], list[str]]:
    """Every problem in a catalog's TOML text, each naming the file, the entry and the field."""
    import tomllib  # costly to import: installed wheels carry the bundled catalog pre-parsed

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return (), [f"{source} is not valid TOML: {error}"]
    except RecursionError:
        return (), [f"{source} is not valid TOML: it is nested too deeply"]
    unknown = sorted(set(document) - {"stretch", "version"})
    if unknown:
        return (), [f"{source}: unknown table '{unknown[0]}' (stretches go in [[stretch]])"]
    return check_document(document, source, user)


def catalog_from_document(document: Mapping[str, Any], source: str) -> Catalog:
    stretches, problems = check_document(document, source)
    if problems:
        raise CatalogError(problems[0], "fix the file")
    return Catalog(stretches)


def check_document(
    document: Mapping[str, Any], source: str, user: bool = False
) -> tuple[tuple[Stretch, ...], list[str]]:
    entries = document.get("stretch", [])
    if not isinstance(entries, list) or (not entries and not user):
        return (), [f"{source} has no [[stretch]] entries"]
    problems: list[str] = []
    stretches = []
    for number, entry in enumerate(entries, 1):
        stretch = _parse_entry(entry, number, source, problems, user)
        if stretch is not None:
            stretches.append(stretch)
    problems.extend(spelling_clashes(stretches, source))
    return tuple(stretches), problems


def merge(bundled: Catalog, user: Catalog) -> Catalog:
    """The bundled stretches with the user's added, or replacing those they say they override."""
    stretches, problems = merged(bundled, user, "your stretches.toml")
    if problems:
        raise CatalogError(problems[0], "fix your stretches.toml ('stretchlog catalog path')")
    return Catalog(stretches)


def merged(bundled: Catalog, user: Catalog, source: str) -> tuple[tuple[Stretch, ...], list[str]]:
    problems = []
    replaced = {s.id for s in user if s.overrides}
    clashing = set()
    for stretch in user:
        in_bundle = bundled.get(stretch.id) is not None
        if in_bundle and not stretch.overrides:
            clashing.add(stretch.id)
            problems.append(
                f"{source}: stretch '{stretch.id}' has the id of a bundled stretch;"
                " pick another id, or replace the bundled one (overrides = true in the file,"
                " --overrides with catalog add)"
            )
        elif stretch.overrides and not in_bundle:
            problems.append(
                f"{source}: stretch '{stretch.id}' says overrides = true, but no bundled stretch"
                " has that id"
            )
    stretches = tuple(s for s in bundled if s.id not in replaced) + tuple(
        s for s in user if s.id not in clashing
    )
    problems.extend(spelling_clashes(stretches, source))
    return stretches, problems


def _parse_entry(
    entry: object, number: int, source: str, problems: list[str], user: bool
) -> Stretch | None:
    where = f"{source}: stretch #{number}"
    if not isinstance(entry, Mapping):
        problems.append(f"{where} is not a table; write it as [[stretch]] with key = value lines")
        return None
    if isinstance(entry.get("id"), str):
        where = f"{source}: stretch '{entry['id']}'"
    found_before = len(problems)
    allowed = _REQUIRED + _OPTIONAL + (("overrides",) if user else ())
    for name in sorted(set(entry) - set(allowed)):
        problems.append(f"{where}: unknown field '{name}' (the fields are {', '.join(allowed)})")
    for name in USER_ESSENTIALS if user else _REQUIRED:
        if name not in entry:
            problems.append(f"{where}: field '{name}' is missing")
    field = Fields(entry, where, problems)
    # The bundled stretches describe themselves fully; one of the user's own needs only what a
    # person knows (USER_ESSENTIALS), the rest has plain defaults.
    described = fields.texts(at_least_one=not user)
    stretch = Stretch(
        id=field.optional("id", fields.slug, ""),
        name=field.optional("name", fields.text, ""),
        summary=field.optional("summary", fields.text, ""),
        position=field.optional("position", fields.choice(POSITIONS), ""),
        per_side=field.optional("per_side", fields.boolean, False),
        hold_seconds=field.optional("hold_seconds", fields.whole(1, MAX_HOLD_SECONDS), 1),
        reps=field.optional("reps", fields.whole(1, MAX_REPS), 1),
        level=field.optional("level", fields.choice(LEVELS), LEVELS[0] if user else ""),
        targets=field.optional("targets", described, ()),
        steps=field.optional("steps", described, ()),
        cues=field.optional("cues", described, ()),
        cautions=field.optional("cautions", described, ()),
        aliases=field.optional("aliases", fields.texts(at_least_one=False), ()),
        url=field.optional("url", fields.text),
        overrides=field.optional("overrides", fields.boolean, False),
        custom=user,
    )
    return stretch if len(problems) == found_before else None


def spelling_clashes(stretches: Iterable[Stretch], source: str) -> list[str]:
    """Ids used twice, and names or aliases that would mean two stretches."""
    problems = []
    owner: dict[str, str] = {}
    ids: set[str] = set()
    for stretch in stretches:
        if stretch.id in ids:
            problems.append(f"{source}: stretch id '{stretch.id}' is used twice; rename one")
            continue
        ids.add(stretch.id)
        for spelling in dict.fromkeys(spellings(stretch)):
            other = owner.setdefault(spelling, stretch.id)
            if other != stretch.id:
                problems.append(
                    f"{source}: stretch '{stretch.id}': '{spelling}' already names '{other}';"
                    " change the alias or name so each one means a single stretch"
                )
    return problems


# Writing entries


def entry_document(stretch: Stretch) -> dict[str, Any]:
    """A stretch as the fields of a [[stretch]] table, for exports and for writing TOML."""
    document: dict[str, Any] = {
        "id": stretch.id,
        "name": stretch.name,
        "aliases": list(stretch.aliases),
        "summary": stretch.summary,
        "position": stretch.position,
        "per_side": stretch.per_side,
        "hold_seconds": stretch.hold_seconds,
        "reps": stretch.reps,
        "level": stretch.level,
        "targets": list(stretch.targets),
        "steps": list(stretch.steps),
        "cues": list(stretch.cues),
        "cautions": list(stretch.cautions),
    }
    if not stretch.summary:  # one's own may go without, and "" is no summary to read back
        del document["summary"]
    if stretch.url:
        document["url"] = stretch.url
    if stretch.overrides:
        document["overrides"] = True
    return document
