"""Every value stretchlog takes from outside, checked one way and refused in one wording.

A *rule* turns a raw value into the value kept, or says what was expected. The same rules read
catalog entries, import records and command options: `Fields` reads the fields of a record and
notes every problem (so a file's problems are all listed at once), while `check_option` refuses a
command's option at once. Whatever the channel, one mistake reads the same:
"... must be a whole number from 1 to 3600, not 0".
"""

import re
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from stretchlog.errors import BadValue

EARLIEST_DAY = date(1970, 1, 1)
"""No day before this can be logged: older dates are typing mistakes."""
LATEST_DAY = date(9000, 1, 1)
"""A clock showing a day after this is broken (and calendars of years after it overflow)."""
UTC_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
"""How a moment is stored and exported: UTC, to the second."""
TIGHTNESS_LOW, TIGHTNESS_HIGH = 0, 10
_TIGHTNESS_EXPECTED = (
    f"a whole number from {TIGHTNESS_LOW} (loose) to {TIGHTNESS_HIGH} (very tight)"
)
MAX_HOLD_SECONDS = 3600
MAX_REPS = 20
MAX_HOLD_TOTAL = MAX_HOLD_SECONDS * MAX_REPS
MAX_NOTE_CHARS = 4000
MAX_PREP_SECONDS = 60
POSITIONS = ("standing", "kneeling", "lying", "seated")
LEVELS = ("beginner", "intermediate", "advanced")
SIDES = ("left", "right")
SOURCES = ("manual", "guided", "import")
KINDS = ("session", "rest")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_UID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class Invalid(Exception):
    """A value a rule refuses; carries what was expected instead."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


Rule = Callable[[Any], Any]


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(UTC_FORMAT)


def is_text(value: object, *, one_line: bool = False) -> bool:
    """Text that can be stored and shown faithfully: valid Unicode (no lone surrogates) and, for
    names and catalog text (`one_line`), no control characters but tabs and newlines."""
    if not isinstance(value, str):
        return False
    if value.isprintable():
        return True
    if one_line and not all(ch.isprintable() or ch in "\t\n" for ch in value):
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Rules


def whole(low: int, high: int, *, from_text: bool = False) -> Rule:
    """A whole number from `low` to `high`; with `from_text`, also written in ASCII digits."""

    def rule(value: Any) -> int:
        if from_text and isinstance(value, str) and value.isascii() and value.isdigit():
            # more digits than `high` has is out of range (and int() raises over 4300 digits)
            digits = value.lstrip("0") or "0"
            value = int(digits) if len(digits) <= len(str(high)) else None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise Invalid(f"a whole number from {low} to {high}")
        return value

    return rule


def tightness(*, from_text: bool = False) -> Rule:
    """How tight the hips feel: a whole number from 0 (loose) to 10 (very tight)."""
    number = whole(TIGHTNESS_LOW, TIGHTNESS_HIGH, from_text=from_text)

    def rule(value: Any) -> int:
        try:
            return number(value)  # type: ignore[no-any-return]
        except Invalid:
            raise Invalid(_TIGHTNESS_EXPECTED) from None

    return rule


Scored = tuple[int, tuple[int, int] | None]
"""A tightness score, and (left, right) when the sides were scored apart."""
_BOTH_SIDES = r"(?:l|left)=([0-9]+), *(?:r|right)=([0-9]+)"
_TWO_SCORES = r"([0-9]+) +([0-9]+)"
"""Patterns compiled (and cached by `re`) when a score is read, not by every command at start."""


def tightness_by_side(*, answer: bool = False) -> Rule:
    """Tightness overall or for each hip: '5', or 'left=6,right=4' ('l=6,r=4', in any case,
    spaces after the comma); an `answer` typed at a question may also be '6 4', left then right.
    Gives the overall score and (left, right), or None when one score was given for both. The
    overall score of two sides is their mean, rounded half up (6 and 5 make 6), so that every
    view and stat of the overall score counts them."""
    score = tightness(from_text=True)
    example = "6 4 (left, then right)" if answer else "left=6,right=4"
    expected = f"{_TIGHTNESS_EXPECTED}, or one for each side like {example}"

    def rule(value: Any) -> Scored:
        typed = value.strip() if isinstance(value, str) else ""
        sides = re.fullmatch(_BOTH_SIDES, typed, re.ASCII | re.IGNORECASE)
        if sides is None and answer:
            sides = re.fullmatch(_TWO_SCORES, typed, re.ASCII)
        try:
            if sides is None:
                return score(typed or value), None
            left, right = score(sides[1]), score(sides[2])
        except Invalid:
            raise Invalid(expected) from None
        return overall_tightness(left, right), (left, right)

    return rule


def overall_tightness(left: int, right: int) -> int:
    """The one score of two hips: their mean, rounded half up (6 and 5 make 6)."""
    return (left + right + 1) // 2


def side_scores(value: Any) -> tuple[int, int]:
    """A score for each hip as a file holds it: {"left": 6, "right": 4}."""
    score = tightness()
    if not isinstance(value, dict) or set(value) != {"left", "right"}:
        raise Invalid('an object like {"left": 6, "right": 4}')
    try:
        return score(value["left"]), score(value["right"])
    except Invalid:
        raise Invalid('an object like {"left": 6, "right": 4}, each from 0 to 10') from None


def text(value: Any) -> str:
    """Non-empty text, kept exactly as written."""
    if not isinstance(value, str) or not value.strip() or not is_text(value, one_line=True):
        raise Invalid("non-empty text without control characters")
    return value


def slug(value: Any) -> str:
    text(value)
    if not _SLUG.match(value):
        raise Invalid("lower-case letters, digits and single dashes (like 'couch-stretch')")
    return str(value)


def texts(*, at_least_one: bool) -> Rule:
    def rule(value: Any) -> tuple[str, ...]:
        valid = isinstance(value, list) and all(
            isinstance(v, str) and v.strip() and is_text(v, one_line=True) for v in value
        )
        if not valid or (at_least_one and not value):
            raise Invalid("a list of non-empty texts" + (", at least one" if at_least_one else ""))
        return tuple(value)

    return rule


def seconds(value: Any) -> int:
    """A length of time as people write it: '45', '45 s', '1 min', '1 min 30 s', '1:30', '2m'."""
    text = " ".join(str(value).casefold().split()) if isinstance(value, str | int) else ""
    found = re.fullmatch(_DURATION, text) if not isinstance(value, bool) else None
    if found is None:
        raise Invalid("a time like 45, 45 s, 1 min or 1:30")
    if found["clock_minutes"] is not None:
        return int(found["clock_minutes"]) * 60 + int(found["clock_seconds"])
    minutes, plain = int(found["minutes"] or 0), int(found["seconds"] or 0)
    return minutes * 60 + plain


_DURATION = (
    r"(?:(?P<clock_minutes>[0-9]{1,3}):(?P<clock_seconds>[0-5][0-9])"
    r"|(?=[0-9])(?:(?P<minutes>[0-9]{1,3}) ?m(?:in(?:utes?|s)?)?)? ?"
    r"(?:(?P<seconds>[0-9]{1,4}) ?(?:s(?:ec(?:onds?|s)?)?)?)?)"
)


def choice(options: tuple[str, ...]) -> Rule:
    def rule(value: Any) -> str:
        if value not in options:
            raise Invalid("one of " + ", ".join(options))
        return str(value)

    return rule


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("true or false")
    return value


def note(value: Any) -> str | None:
    """A note, or None for none."""
    if value is None or value == "":
        return None
    if not isinstance(value, str) or len(value) > MAX_NOTE_CHARS or not is_text(value):
        raise Invalid(f"text (valid Unicode) of at most {MAX_NOTE_CHARS} characters")
    return value


def side(value: Any) -> str | None:
    if value is not None and value not in SIDES:
        raise Invalid("left, right or nothing")
    return value  # type: ignore[no-any-return]


def uid(value: Any) -> str:
    if not isinstance(value, str) or not _UID.match(value):
        raise Invalid("an id of letters, digits, '-' and '_' (up to 64)")
    return value


MAX_DEVICE_NAME_CHARS = 64


def device_name(value: Any) -> str:
    """What a machine is called where devices are listed: one line of text, not too long."""
    if not isinstance(value, str) or len(value) > MAX_DEVICE_NAME_CHARS:
        raise Invalid(f"one line of text of at most {MAX_DEVICE_NAME_CHARS} characters")
    return text(value)


MAX_ROUTINE_NAME_CHARS = 40


def routine_name(value: Any) -> str:
    """A routine's name (NFC): letters, digits, '-' and '_', starting with a letter or digit
    (a name starting with '-' would read as an option: 'start -r -r', 'routine show --help')."""
    import unicodedata

    name = unicodedata.normalize("NFC", value) if isinstance(value, str) else ""
    if (
        not 0 < len(name) <= MAX_ROUTINE_NAME_CHARS
        or not all(char.isalnum() or char in "-_" for char in name)
        or not name[0].isalnum()
    ):
        raise Invalid(
            f"up to {MAX_ROUTINE_NAME_CHARS} letters, digits, '-' or '_', starting with a letter"
            " or digit, such as 'morning' or 'desk-break'"
        )
    return name


MAX_STRETCH_ID_CHARS = 200


def clock_time(value: Any) -> int:
    """A time of day, HH:MM from 00:00 to 23:59 (the settings' rule), as minutes after midnight."""
    from stretchlog.domain.today import clock_time as time_of_day

    found = time_of_day(value) if isinstance(value, str) else None
    if found is None:
        raise Invalid("a time of day from 00:00 to 23:59, such as 07:30")
    return found.hour * 60 + found.minute


def weekdays(value: Any) -> tuple[int, ...]:
    """Days of the week: daily, weekdays, weekends, or day names joined by commas (mon,wed),
    as sorted day numbers (0 = Monday)."""
    from stretchlog.domain.reminders import DAY_NAMES, DAY_SETS

    expected = "daily, weekdays, weekends, or day names joined by commas, such as mon,wed,fri"
    if not isinstance(value, str):
        raise Invalid(expected)
    typed = value.strip().lower()
    if typed in DAY_SETS:
        return DAY_SETS[typed]
    names = [name.strip()[:3] for name in typed.split(",")]
    full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    words = [word.strip() for word in typed.split(",")]
    if not all(w in DAY_NAMES or w in full for w in words):
        raise Invalid(expected)
    return tuple(sorted({DAY_NAMES.index(name) for name in names}))


def stretch_id(value: Any) -> str:
    """An id as a file names a stretch: text that can be stored (a lone surrogate cannot) and
    shown, which need not be in the catalog."""
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= MAX_STRETCH_ID_CHARS
        or not is_text(value, one_line=True)
    ):
        raise Invalid(f"a stretch id (text of up to {MAX_STRETCH_ID_CHARS} characters)")
    return value


def day(value: Any) -> date:
    """An ISO date from EARLIEST_DAY on. Days after today are fine: a device whose clock runs
    ahead, or one far east of here, logs them."""
    try:
        found = date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        found = None
    if found is None or found < EARLIEST_DAY:
        raise Invalid(f"a date like 2026-11-03, from {EARLIEST_DAY.isoformat()} on")
    return found


def moment(value: Any) -> datetime:
    """A time with its UTC offset, kept in UTC."""
    try:
        found = datetime.fromisoformat(value) if isinstance(value, str) else None
        if found is not None and found.tzinfo is not None:
            return found.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 or 9999, shifted out of range
        pass
    raise Invalid("a UTC time like 2026-11-03T08:30:00Z")


# Applying rules


def shown(value: Any, limit: int = 60) -> str:
    """`value` as it is quoted in a message: its repr, cut short when long (a 4,001-character
    note, a 5,000-digit number)."""
    text = repr(value) if not isinstance(value, int) or abs(value) < 10**limit else "a huge number"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_option(label: str, value: Any, rule: Rule) -> Any:
    """A command option's value by `rule`, None when not given; refuses at once, naming it."""
    if value is None:
        return None
    try:
        return rule(value)
    except Invalid as invalid:
        raise BadValue(f"{label} must be {invalid.expected}, not {shown(value)}") from None


class Fields:
    """Reads one record's fields by their rules, noting each problem by record and field and
    carrying on, so that every problem of a file is listed at once."""

    def __init__(
        self, record: Mapping[str, Any], where: str, problems: list[str], label: str = "field"
    ) -> None:
        self.record = record
        self.where = where
        self.problems = problems
        self.label = label

    def read(self, name: str, rule: Rule, fallback: Any) -> Any:
        """The field `name` by `rule`; `fallback` (and a noted problem) when it breaks it."""
        try:
            return rule(self.record.get(name))
        except Invalid as invalid:
            self.problems.append(
                f"{self.where}: {self.label} '{name}' must be {invalid.expected},"
                f" not {shown(self.record.get(name))}"
            )
            return fallback

    def optional(self, name: str, rule: Rule, fallback: Any = None) -> Any:
        """Like `read`, but a missing (or null) field is `fallback` without a problem."""
        if self.record.get(name) is None:
            return fallback
        return self.read(name, rule, fallback)
