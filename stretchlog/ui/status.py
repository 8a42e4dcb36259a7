"""Today's status in one line, for shell prompts: what `stretchlog status` prints."""

from collections.abc import Collection
from datetime import date

from stretchlog.domain.streaks import StreakSummary
from stretchlog.errors import UsageError

FIELDS_HELP = "{streak} (days), {longest} (days), {done} (✓ or ✗), {at_risk} (! or nothing), {rest} (rest or nothing) and {paused} (paused or nothing)"


def status_line(streak: StreakSummary) -> str:
    """'stretched · 12-day streak', 'not yet today · 12-day streak at risk', ..."""
    streak_text = f"{streak.current}-day streak" if streak.current else ""
    if streak.today_done:
        state = "stretched"
    elif streak.today_paused:
        state = "paused"
    elif streak.today_rest:
        state = "rest day"
    else:
        state = "not yet today"
        streak_text += " at risk" if streak.at_risk else ""
    return f"{state} · {streak_text}" if streak_text else state


def settled(streak: StreakSummary) -> bool:
    """Whether today needs nothing more: stretched, a rest day, or paused."""
    return streak.today_done or streak.today_rest or streak.today_paused


def fill(template: str, streak: StreakSummary) -> str:
    """`template` with the streak's fields filled in."""
    values = {
        "streak": streak.current,
        "longest": streak.longest,
        "done": "✓" if settled(streak) else "✗",
        "at_risk": "!" if streak.at_risk else "",
        "rest": "rest" if streak.today_rest else "",
        "paused": "paused" if streak.today_paused else "",
    }
    if not template.isprintable() and any("\ud800" <= ch <= "\udfff" for ch in template):
        raise UsageError(
            "the --format template holds characters that are not valid text", "retype it"
        )
    return "".join(
        literal + ("" if field is None else str(values[field]))
        for literal, field in _pieces(template, values.keys())
    )


def _pieces(template: str, names: Collection[str]) -> list[tuple[str, str | None]]:
    """The template's text and plain {name} fields; anything more (a width, an attribute, an
    index) is refused, so a prompt template can neither pry nor make a gigabyte of spaces."""
    from string import Formatter  # only for a --format template

    hint = (
        "use only {streak}, {longest}, {done}, {at_risk}, {rest} and {paused}; write {{ for a brace"
    )
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as error:
        raise UsageError(f"the --format template cannot be read ({error})", hint) from None
    pieces = []
    for literal, field, spec, conversion in parsed:
        if field is not None and (field not in names or spec or conversion):
            shown = (
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
            raise UsageError(f"the --format template has {shown}, which is not a field", hint)
        pieces.append((literal, field))
    return pieces


def status_json(streak: StreakSummary, today: date) -> str:
    """Today's status for scripts: the same facts as the line, as JSON."""
    import json

    return json.dumps(
        {
            "date": today.isoformat(),
            "done": streak.today_done,
            "rest": streak.today_rest,
            "paused": streak.today_paused,
            "streak": streak.current,
            "longest": streak.longest,
            "at_risk": streak.at_risk,
        }
    )
