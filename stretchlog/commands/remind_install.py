"""`remind install` and `remind uninstall`: the reminders written into (and taken out of) the
scheduler's own files, with the commands that turn a systemd timer or a launchd agent on and off.
"""

import shlex
import shutil
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path

from stretchlog.commands.app import AppState
from stretchlog.domain.reminders import Reminder
from stretchlog.domain.schedules import (
    LAUNCHD_LABEL,
    SERVICE_NAME,
    TIMER_NAME,
    cron_block,
    launchd_plist,
    systemd_units,
    with_cron_block,
    without_cron_block,
)
from stretchlog.errors import BadValue
from stretchlog.storage import schedulers
from stretchlog.storage.files import locked
from stretchlog.ui.render_reminders import file_lines
from stretchlog.ui.views import Line, Span

SYSTEMD_ENABLE = (
    ("systemctl", "--user", "daemon-reload"),
    ("systemctl", "--user", "enable", "--now", TIMER_NAME),
)
SYSTEMD_DISABLE = (("systemctl", "--user", "disable", "--now", TIMER_NAME),)
SYSTEMD_RELOAD = (("systemctl", "--user", "daemon-reload"),)


def _systemd_paths() -> list[Path]:
    folder = schedulers.systemd_user_folder()
    return [folder / SERVICE_NAME, folder / TIMER_NAME]


def _launchd_path() -> Path:
    return schedulers.launch_agents_folder() / f"{LAUNCHD_LABEL}.plist"


def install(
    app_state: AppState,
    scheduler: str,
    reminders: Sequence[Reminder],
    command: Sequence[str],
    print_only: bool,
    enable: bool,
) -> None:
    """Write `reminders` into `scheduler`, running `command` at their times; with `print_only`,
    show what would be written instead. Running it again changes only what differs."""
    enabling: Sequence[Sequence[str]]
    if scheduler == "cron":
        block = cron_block(reminders, command)
        if print_only:
            _show_plan(app_state, "Into your crontab, between its marker lines:", block, ())
            return
        with _locked(app_state):
            changed = _install_cron(block)
        _said(app_state, "your crontab", changed)
        return
    if scheduler == "systemd":
        files = dict(zip(_systemd_paths(), systemd_units(reminders, command).values(), strict=True))
        enabling = SYSTEMD_ENABLE
    else:
        plist = _launchd_path()
        files = {plist: launchd_plist(reminders, command)}
        enabling = (("launchctl", "unload", str(plist)), ("launchctl", "load", "-w", str(plist)))
    if print_only:
        for path, text in files.items():
            _show_plan(app_state, f"{path}:", text, ())
        _show_plan(app_state, "Then:", "", enabling)
        return
    with _locked(app_state):
        for path in files:  # every file ours (or not there) before any is written
            schedulers.owned(path)
        for path, text in files.items():
            _said(app_state, str(path), schedulers.write_owned(path, text))
    if enable:
        _run_all(app_state, enabling, ignore_failure=False)
    else:
        app_state.out.show(
            Line.of("To turn the reminders on (or pick up a change), run:"),
            *(Line.of("  ", Span(shlex.join(step), "accent")) for step in enabling),
            Line.of(Span("or install again with --enable to have stretchlog run them.", "dim")),
        )


def uninstall(app_state: AppState, chosen: Sequence[str]) -> None:
    """Take out of each scheduler in `chosen` exactly what install put there."""
    removed = False
    with _locked(app_state):
        if "systemd" in chosen:
            paths = [path for path in _systemd_paths() if schedulers.owned(path)]
            if paths and shutil.which("systemctl"):
                _run_all(app_state, SYSTEMD_DISABLE, ignore_failure=True)
            for path in paths:
                removed |= _removed(app_state, path)
            if paths and shutil.which("systemctl"):
                _run_all(app_state, SYSTEMD_RELOAD, ignore_failure=True)
        if "launchd" in chosen:
            plist = _launchd_path()
            if schedulers.owned(plist):
                if shutil.which("launchctl"):
                    _run_all(app_state, [("launchctl", "unload", str(plist))], ignore_failure=True)
                removed |= _removed(app_state, plist)
        if "cron" in chosen and (len(chosen) == 1 or shutil.which("crontab")):
            kept = without_cron_block(schedulers.read_crontab())
            if kept is not None:
                schedulers.write_crontab(kept)
                app_state.out.show(Line.of("Took the reminders out of your crontab."))
                removed = True
    if not removed:
        app_state.out.show(Line.of("Nothing to remove: no reminders were installed."))


def _install_cron(block: str) -> bool:
    """Put `block` in the user's crontab, replacing ours in place; False when already there."""
    current = schedulers.read_crontab()
    updated = with_cron_block(current, block)
    if updated == current:
        return False
    schedulers.write_crontab(updated)
    return True


def _locked(app_state: AppState) -> AbstractContextManager[None]:
    """One install or uninstall at a time, for this database's user."""
    return locked(Path(app_state.db_path + "-remind"))


def _removed(app_state: AppState, path: Path) -> bool:
    if schedulers.remove_owned(path):
        app_state.out.show(Line.of(f"Removed {path}"))
        return True
    return False


def _said(app_state: AppState, where: str, changed: bool) -> None:
    verb = "Wrote the reminders to" if changed else "Already up to date:"
    app_state.out.show(Line.of(f"{verb} {where}"))


def _show_plan(app_state: AppState, title: str, text: str, steps: Sequence[Sequence[str]]) -> None:
    app_state.out.show(
        Line.of(Span(title, "strong")),
        *file_lines(text),
        *(Line.of("  ", shlex.join(step)) for step in steps),
    )


def _run_all(app_state: AppState, steps: Sequence[Sequence[str]], *, ignore_failure: bool) -> None:
    for step in steps:
        done = schedulers.run_tool(list(step))
        shown = shlex.join(step)
        if done.returncode == 0 or ignore_failure or tuple(step[1:2]) == ("unload",):
            app_state.out.show(Line.of(Span(f"Ran: {shown}", "dim")))
            continue
        reason = (done.stderr.strip().splitlines() or ["no reason given"])[0]
        raise BadValue(f"'{shown}' failed: {reason}", "the files are written; run it yourself")
