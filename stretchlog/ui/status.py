"""Today's status in one line, for shell prompts: what `stretchlog status` prints."""

from stretchlog.domain.streaks import StreakSummary
from stretchlog.errors import UsageError

FIELDS_HELP = "{streak} (days), {longest} (days), {done} (✓ or ✗), {at_risk} (! or nothing) and {rest} (rest or nothing)"


def status_line(streak: StreakSummary) -> str:
    """'stretched · 12-day streak', 'not yet today · 12-day streak at risk', ..."""
    streak_text = f"{streak.current}-day streak" if streak.current else ""
    if streak.today_done:
        state = "stretched"
    elif streak.today_rest:
        state = "rest day"
    else:
        state = "not yet today"
        streak_text += " at risk" if streak.at_risk else ""
    return f"{state} · {streak_text}" if streak_text else state


def fill(template: str, streak: StreakSummary) -> str:
    """`template` with the streak's fields filled in."""
    values = {
        "streak": streak.current,
        "longest": streak.longest,
        "done": "✓" if streak.today_done or streak.today_rest else "✗",
        "at_risk": "!" if streak.at_risk else "",
        "rest": "rest" if streak.today_rest else "",
    }
    if not template.isprintable() and any("\ud800" <= ch <= "\udfff" for ch in template):
        raise UsageError(
            "the --format template holds characters that are not valid text", "retype it"
        )
    try:
        return template.format_map(values)
    except (KeyError, ValueError, IndexError, AttributeError) as error:
        raise UsageError(
            f"the --format template {template!r} cannot be filled in ({error})",
            "use only {streak}, {longest}, {done}, {at_risk} and {rest}; write {{ for a brace",
        ) from None
