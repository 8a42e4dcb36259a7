"""Reminders: the times of the week they are due, and whether one that fires should speak up.

`remind fire` runs from the operating system's scheduler, so it must stay quiet whenever a nudge
is not needed. `decide` is that choice, on facts the caller gathers: nothing here reads the clock,
the database or the configuration. Kept free of `re` and `typing`, as `remind fire` starts like
`status` does.
"""

from stretchlog.domain.records import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see records.py)
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Day names by `date.weekday()`: Monday is 0."""
EVERY_DAY = (0, 1, 2, 3, 4, 5, 6)
WEEKDAYS = (0, 1, 2, 3, 4)
WEEKENDS = (5, 6)
DAY_SETS = {"daily": EVERY_DAY, "weekdays": WEEKDAYS, "weekends": WEEKENDS}
MAX_REMINDERS = 24
MINUTES_A_DAY = 24 * 60


class Reminder(Record):
    id: int
    minute: int
    """Minutes after local midnight, 0 to 1439."""
    days: tuple[int, ...]
    """The days of the week it is due (0 = Monday), sorted, at least one."""
    routine_uid: str | None
    """The routine it is for; None for the default routine."""

    @property
    def time_text(self) -> str:
        return clock_text(self.minute)

    @property
    def days_text(self) -> str:
        return days_text(self.days)


class Decision(Record):
    notify: bool
    reason: str


def clock_text(minute: int) -> str:
    """Minutes after midnight as HH:MM."""
    return f"{minute // 60:02d}:{minute % 60:02d}"


def days_text(days: "Sequence[int]") -> str:
    """`daily`, `weekdays`, `weekends`, or the day names joined by commas (`mon,wed,fri`)."""
    for name, numbers in DAY_SETS.items():
        if tuple(days) == numbers:
            return name
    return ",".join(DAY_NAMES[day] for day in days)


def check_room(existing: "Sequence[Reminder]", minute: int, days: "Sequence[int]") -> None:
    """Refuse a new reminder at `minute` on `days` beside `existing` ones: one more than
    MAX_REMINDERS, or one at the time of another on a day they share (it would fire twice)."""
    from stretchlog.errors import BadValue

    if len(existing) >= MAX_REMINDERS:
        raise BadValue(
            f"you have {len(existing)} reminders, the most stretchlog keeps",
            "remove one first with 'stretchlog remind remove ID'",
        )
    for other in existing:
        shared = sorted(set(other.days) & set(days))
        if other.minute == minute and shared:
            raise BadValue(
                f"reminder {other.id} is already at {other.time_text} on {days_text(shared)}",
                f"remove it first with 'stretchlog remind remove {other.id}'",
            )


def in_quiet_hours(minute: int, quiet_hours: "tuple[int, int] | None") -> bool:
    """Whether `minute` (after midnight) falls in the quiet hours [start, end), which wrap past
    midnight when start is later than end (22:00 to 07:00). Equal ends mean no quiet hours."""
    if quiet_hours is None:
        return False
    start, end = quiet_hours
    if start <= end:
        return start <= minute < end
    return minute >= start or minute < end


def decide(
    *,
    done_today: bool,
    rest_today: bool,
    paused_today: bool,
    quiet_hours: "tuple[int, int] | None",
    minute: int,
) -> Decision:
    """Whether a reminder firing at `minute` (local, after midnight) should notify, and why."""
    if done_today:
        return Decision(False, "today is already stretched")
    if rest_today:
        return Decision(False, "today is a rest day")
    if paused_today:
        return Decision(False, "reminders are paused today")
    if quiet_hours is not None and in_quiet_hours(minute, quiet_hours):
        start, end = quiet_hours
        return Decision(False, f"it is quiet hours ({clock_text(start)} to {clock_text(end)})")
    return Decision(True, "today is not stretched yet")


def due_reminder(reminders: "Iterable[Reminder]", weekday: int, minute: int) -> Reminder | None:
    """The reminder that is firing: the latest due today by `minute`. None when none is (a timer
    missed yesterday evening that fires after midnight on waking)."""
    due = [r for r in reminders if weekday in r.days and r.minute <= minute]
    return max(due, key=lambda r: (r.minute, r.id), default=None)


def reminder_text(routine_name: str, streak: int) -> str:
    """What the notification says: the routine, and the streak at stake if there is one."""
    text = f"Time to stretch: {routine_name}"
    if streak > 0:
        text += f" (your {streak}-day streak is waiting)"
    return text
