"""What `sync` says it did, and what `sync --status` lists, as views and as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from stretchlog.ui.views import Block, Column, Line, Span, Style, Table

if TYPE_CHECKING:
    from stretchlog.domain.sync import DeviceReport, DeviceStatus, Published, Pulled, Report

NARROW = 60
"""Below this many columns, the status is a line a device, not a table."""


def _changes(count: int) -> str:
    from stretchlog.ui.render import plural  # only when there is a count to say

    return plural(count, "change")


def _pull_text(pulled: Pulled) -> str:
    if pulled.note:
        return pulled.note
    return f"pulled {_commits(pulled.commits)}." if pulled.commits else "nothing new to pull."


def _push_text(pushed: Published) -> str:
    said = pushed.note or (
        f"committed this machine's file and pushed {_commits(pushed.pushed)}."
        if pushed.committed
        else f"nothing to commit; pushed {_commits(pushed.pushed)}."
        if pushed.pushed
        else "nothing to commit or push."
    )
    if pushed.pulled:
        said += f" {_commits(pushed.pulled)} arrived meanwhile: the next sync takes them in."
    return said


def _commits(count: int) -> str:
    from stretchlog.ui.render import plural

    return plural(count, "commit")


def _name(device: str, names: Mapping[str, str | None]) -> str:
    """What a device is called: its name, told apart by the start of its id when another
    device has the same one (two machines that both left their host name at 'localhost')."""
    name = names.get(device)
    if not name:
        return f"device {device[:8]}"
    alike = sum(1 for other in names.values() if other == name)
    return f"{name} ({device[:8]})" if alike > 1 else name


def report_lines(
    report: Report,
    names: Mapping[str, str],
    pulled: Pulled | None = None,
    pushed: Published | None = None,
) -> list[Block]:
    lines: list[Block] = []
    if pulled is not None:
        lines.append(Line.of(Span("git: ", "dim"), _pull_text(pulled)))
    if report.first:
        lines.append(
            Line.of(
                Span("✓ ", "good"),
                f"This machine joined the sync folder as {_name(report.device, names)}:"
                " its whole history was sent.",
            )
        )
    sent = _changes(report.published) if report.published else "nothing new"
    lines.append(Line.of(Span("↑ ", "accent"), f"Sent {sent}."))
    for device in report.devices:
        if device.device == report.device and not (device.refused or device.problems):
            continue
        lines.append(_device_line(device, names))
        lines += _problem_lines(device.problems)
    for name, here in report.renamed:
        lines.append(
            Line.of(
                Span("! ", "warn"),
                f"Two machines each made a routine called {name!r}: one of them is {here!r}"
                " now (stretchlog routine rename changes that).",
            )
        )
    for passed in report.passed_over:
        lines.append(Line.of(Span("! ", "warn"), _short(passed)))
    if not any(device.device != report.device for device in report.devices):
        lines.append(Line.of(Span("No other device has written to this folder yet.", "dim")))
    if pushed is not None:
        lines.append(Line.of(Span("git: ", "dim"), _push_text(pushed)))
    return lines


def _problem_lines(problems: Sequence[str]) -> list[Block]:
    """The first two problems and the last (which may say the rest of the file waits), and how
    many are left out between them."""
    from stretchlog.domain.sync import MAX_PROBLEMS

    if len(problems) > 3:
        hidden = f"{len(problems) - 3} more" if len(problems) < MAX_PROBLEMS else "more"
        problems = [*problems[:2], f"… {hidden}", problems[-1]]
    return [Line.of("  ", Span(_short(problem), "warn")) for problem in problems]


def _short(problem: str) -> str:
    """A problem with each device file named by the start of its id, as the status shows ids:
    `stretchlog-4df563bb….jsonl` (the whole name is in --json)."""
    import re

    return re.sub(r"\bstretchlog-([0-9a-f]{8})[0-9a-f]{24}", "stretchlog-\\1…", problem)


def _device_line(device: DeviceReport, names: Mapping[str, str]) -> Line:
    said = [f"took in {_changes(device.arrived)}" if device.arrived else "nothing new"]
    if device.known:
        said.append(f"{device.known} already here")
    if device.refused:
        said.append(f"refused {device.refused}")
    style: Style = "warn" if device.refused or device.problems else "good"
    return Line.of(
        Span("↓ ", style), Span(_name(device.device, names), "strong"), ": ", ", ".join(said), "."
    )


def report_json(
    report: Report,
    names: Mapping[str, str],
    pulled: Pulled | None = None,
    pushed: Published | None = None,
) -> dict[str, Any]:
    return {
        "device": report.device,
        "name": names.get(report.device),
        "first_sync": report.first,
        "sent": report.published,
        "devices": [
            {
                "device": device.device,
                "name": names.get(device.device),
                "arrived": device.arrived,
                "already_here": device.known,
                "refused": device.refused,
                "problems": list(device.problems),
            }
            for device in report.devices
        ],
        "passed_over": list(report.passed_over),
        "renamed": [{"name": name, "now": here} for name, here in report.renamed],
        "git": None
        if pulled is None or pushed is None
        else {
            "pulled": pulled.commits,
            "committed": pushed.committed,
            "pushed": pushed.pushed,
            "arrived_while_pushing": pushed.pulled,
            "note": pulled.note or pushed.note or None,
        },
    }


def _moment(moment: datetime | None, zone: tzinfo | None) -> str:
    """In the zone of the clock the command runs by (the machine's, or STRETCHLOG_NOW's)."""
    return "never" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def status_blocks(
    found: Sequence[DeviceStatus], width: int | None, zone: tzinfo | None
) -> list[Block]:
    if not found:
        return [
            Line.of(
                "This database has not synced yet. Start with ",
                Span("stretchlog sync DIR", "accent"),
                ".",
            )
        ]
    names = {device.device: device.name for device in found}
    if width is not None and width < NARROW:  # a line each, wrapping between words
        table: list[Block] = [
            Line.of(
                Span(_name(device.device, names), "strong"),
                ", this one" if device.this else "",
                f": {_waiting(device)}, last synced {_moment(device.synced_at, zone)}",
            )
            for device in found
        ]
    else:
        table = [
            Table(
                columns=(
                    Column("device", style="strong"),
                    Column("id", style="dim", whole=True),
                    Column("last synced", whole=True),
                    Column("waiting", justify="right", whole=True),
                ),
                rows=tuple(
                    (
                        Span((device.name or "unnamed") + (", this one" if device.this else "")),
                        device.device[:8],
                        _moment(device.synced_at, zone),
                        Span(_waiting(device), "warn" if device.waiting else ""),
                    )
                    for device in found
                ),
                title="Sync",
            )
        ]
    blocks = table
    for device in found:
        if device.problem:
            blocks.append(
                Line.of(
                    Span("! ", "warn"), f"{_name(device.device, names)}: ", _short(device.problem)
                )
            )
    return blocks


def _waiting(device: DeviceStatus) -> str:
    return f"{device.waiting} to send" if device.this else f"{device.waiting} waiting"


def status_json(found: Sequence[DeviceStatus]) -> list[dict[str, Any]]:
    return [
        {
            "device": device.device,
            "name": device.name,
            "this": device.this,
            "last_synced": None if device.synced_at is None else device.synced_at.isoformat(),
            "last_change": None if device.last_change is None else device.last_change.isoformat(),
            "waiting": device.waiting,
            "refused": device.refused,
            "problem": device.problem,
        }
        for device in found
    ]
