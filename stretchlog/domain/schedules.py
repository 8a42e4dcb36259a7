"""The reminders as each operating system's scheduler reads them: systemd user units, a launchd
agent and a crontab block, each carrying a marker so that uninstalling removes exactly what
installing added.

Plain text in and out: the files are written (and crontab run) by storage/schedulers.py. The
command the scheduler runs is quoted here, once for each format.
"""

from collections.abc import Sequence

from stretchlog.domain.reminders import EVERY_DAY, Reminder, clock_text
from stretchlog.errors import BadValue

SCHEDULERS = ("systemd", "launchd", "cron")
MARKER = "Written by 'stretchlog remind install'; 'stretchlog remind uninstall' removes it."
"""In every file install writes: a file without it is not ours, and is never replaced."""
SERVICE_NAME = "stretchlog-remind.service"
TIMER_NAME = "stretchlog-remind.timer"
LAUNCHD_LABEL = "io.github.stretchlog.remind"
CRON_BEGIN = "# stretchlog reminders: begin"
CRON_END = "# stretchlog reminders: end"
_SYSTEMD_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def check_command(command: Sequence[str]) -> None:
    """Refuse a command no scheduler can hold faithfully: a control character (a newline would
    end a crontab line or a unit's setting) or text that is not valid Unicode."""
    for part in command:
        if not part or not part.isprintable():
            raise BadValue(
                f"the command for the scheduler holds a control character or an empty part:"
                f" {part!r}",
                "move stretchlog or the database to a path without one",
            )
        try:
            part.encode("utf-8")
        except UnicodeEncodeError:
            raise BadValue(
                f"the command for the scheduler is not valid text: {part!r}",
                "move stretchlog or the database to a path with a plain name",
            ) from None


# systemd


def systemd_quote(part: str) -> str:
    """One argument of ExecStart=: double-quoted with C escapes, with '%' (a specifier) and '$'
    (a variable) doubled, so the command runs exactly as given."""
    escaped = part.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return '"' + escaped.replace("$", "$$") + '"'


def systemd_calendar(reminder: Reminder) -> str:
    """OnCalendar= for one reminder: `Mon,Wed *-*-* 07:30:00`, or `*-*-* 07:30:00` daily."""
    time = f"*-*-* {clock_text(reminder.minute)}:00"
    if reminder.days == EVERY_DAY:
        return time
    return ",".join(_SYSTEMD_DAYS[day] for day in reminder.days) + " " + time


def systemd_units(reminders: Sequence[Reminder], command: Sequence[str]) -> dict[str, str]:
    """The text of the service and the timer, by file name. systemd will not run a program whose
    path holds a quote or a backslash, so such a path is handed to /usr/bin/env instead."""
    check_command(command)
    if any(char in command[0] for char in ("\\", '"', "'")):
        command = ["/usr/bin/env", *command]
    service = (
        f"# {MARKER}\n"
        "[Unit]\n"
        "Description=stretchlog: a reminder to stretch, unless today is done\n"
        "\n"
        "[Service]\n"
        "Type=oneshot\n"
        f"ExecStart={' '.join(systemd_quote(part) for part in command)}\n"
    )
    calendars = "".join(f"OnCalendar={systemd_calendar(r)}\n" for r in reminders)
    timer = (
        f"# {MARKER}\n"
        "[Unit]\n"
        "Description=stretchlog: when to remind you to stretch\n"
        "\n"
        "[Timer]\n"
        f"{calendars}"
        "Persistent=true\n"
        f"Unit={SERVICE_NAME}\n"
        "\n"
        "[Install]\n"
        "WantedBy=timers.target\n"
    )
    return {SERVICE_NAME: service, TIMER_NAME: timer}


# launchd


def launchd_plist(reminders: Sequence[Reminder], command: Sequence[str]) -> str:
    """The launch agent: the command, and one StartCalendarInterval entry per reminder and day
    (launchd's Weekday counts from Sunday, 0)."""
    import plistlib

    check_command(command)
    intervals: list[dict[str, int]] = []
    for reminder in reminders:
        hour, minute = divmod(reminder.minute, 60)
        if reminder.days == EVERY_DAY:
            intervals.append({"Hour": hour, "Minute": minute})
        else:
            intervals += [
                {"Hour": hour, "Minute": minute, "Weekday": (day + 1) % 7} for day in reminder.days
            ]
    text = plistlib.dumps(
        {
            "Label": LAUNCHD_LABEL,
            "ProgramArguments": list(command),
            "StartCalendarInterval": intervals,
            "ProcessType": "Interactive",
        }
    ).decode("utf-8")
    header, _, body = text.partition("<plist")
    return f"{header}<!-- {MARKER} -->\n<plist{body}"


# cron


def cron_quote(part: str) -> str:
    """One word of a crontab command: quoted for sh, with '%' (a newline to cron) escaped."""
    import shlex

    return shlex.quote(part).replace("%", "\\%")


def cron_block(reminders: Sequence[Reminder], command: Sequence[str]) -> str:
    """The crontab lines between our markers, markers included, ending in a newline."""
    check_command(command)
    line = " ".join(cron_quote(part) for part in command)
    entries = []
    for reminder in reminders:
        hour, minute = divmod(reminder.minute, 60)
        days = (
            "*" if reminder.days == EVERY_DAY else ",".join(str((d + 1) % 7) for d in reminder.days)
        )
        entries.append(f"{minute} {hour} * * {days} {line}\n")
    return f"{CRON_BEGIN}\n# {MARKER}\n{''.join(entries)}{CRON_END}\n"


def _block_span(crontab: str) -> tuple[int, int] | None:
    """Where our block is in `crontab` (from its begin line to after its end line), if there."""
    lines = crontab.splitlines(keepends=True)
    offset, start = 0, None
    for line in lines:
        if start is None and line.rstrip("\r\n") == CRON_BEGIN:
            start = offset
        offset += len(line)
        if start is not None and line.rstrip("\r\n") == CRON_END:
            return start, offset
    if start is not None:
        raise BadValue(
            f"your crontab has the line '{CRON_BEGIN}' but not '{CRON_END}' after it",
            "mend it with 'crontab -e' (add the end line, or remove the begin line)",
        )
    return None


def with_cron_block(crontab: str, block: str) -> str:
    """`crontab` with our block replaced in place, or added at the end; the rest unchanged."""
    span = _block_span(crontab)
    if span is not None:
        return crontab[: span[0]] + block + crontab[span[1] :]
    if crontab and not crontab.endswith("\n"):
        crontab += "\n"
    return crontab + block


def without_cron_block(crontab: str) -> str | None:
    """`crontab` without our block, byte for byte as it was around it; None when it has none."""
    span = _block_span(crontab)
    if span is None:
        return None
    return crontab[: span[0]] + crontab[span[1] :]


def has_marker(text: str) -> bool:
    return MARKER in text
