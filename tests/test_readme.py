"""The README's examples are real: replayed in order on a fresh database with the clock pinned.

A block of text that starts with `$ stretchlog` is a transcript; `<!-- $ stretchlog ... -->` runs a
step silently (to back-date sessions, say). After changing output, refresh the README with
`UPDATE_README=1 python -m pytest tests/test_readme.py`.
"""

from __future__ import annotations

import os
import re
import shlex
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from stretchlog.cli import app
from tests.conftest import FakeTime, pinned_environment

README = Path(__file__).resolve().parent.parent / "README.md"
PINNED = datetime.fromisoformat("2026-11-25T08:15:00+01:00")
HIDDEN_STEP = r"^<!-- \$ (stretchlog[^\n]*) -->$"
PICTURE = r"^<!-- picture (\S+): \$ (stretchlog[^\n]*) -->$"
TRANSCRIPT = r"^```text\n(\$ stretchlog\b.*?)^```$"
UID = re.compile(r"\b[0-9a-f]{32}\b")


def run(command: str, must_succeed: bool = False) -> str:
    args = shlex.split(command)[1:]
    time = FakeTime()  # a guided routine runs at once, on a clock that moves as it waits
    env = pinned_environment(
        now=lambda: PINNED, monotonic=time.clock, keys=lambda: nullcontext(time.wait)
    )
    result = CliRunner().invoke(app, args, obj=env)
    assert result.exit_code == 0 or not must_succeed, (command, result.stderr)
    return result.stdout + result.stderr


def transcript(block: str) -> str:
    """The block with each command's output replaced by what the command prints now."""
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ stretchlog")]
    return "".join(f"$ {command}\n{run(command)}" for command in commands)


def replayed(text: str, pictures: Path) -> str:
    """The README with every transcript re-run; pictures it shows are saved under `pictures`."""
    pieces = []
    position = 0
    steps = f"{HIDDEN_STEP}|{PICTURE}|{TRANSCRIPT}"
    for match in re.finditer(steps, text, re.MULTILINE | re.DOTALL):
        pieces.append(text[position : match.start()])
        hidden, picture, picture_command, commands = match.groups()
        if hidden:
            run(hidden, must_succeed=True)
        elif picture:
            target = pictures / picture
            target.parent.mkdir(parents=True, exist_ok=True)
            run(f"{picture_command} --svg {shlex.quote(str(target))}", must_succeed=True)
        if commands:
            pieces.append(f"```text\n{transcript(commands)}```")
        else:
            pieces.append(match.group(0))
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def test_readme_examples_are_what_stretchlog_prints(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    fresh = replayed(text, tmp_path)
    pictures = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*.svg"))
    if os.environ.get("UPDATE_README"):
        README.write_text(fresh, encoding="utf-8")
        for picture in pictures:
            (README.parent / picture).parent.mkdir(exist_ok=True)
            (README.parent / picture).write_bytes((tmp_path / picture).read_bytes())
    assert mask(text) == mask(fresh)
    assert pictures, "the README shows a picture made by stretchlog"
    for picture in pictures:
        assert (README.parent / picture).read_bytes() == (tmp_path / picture).read_bytes(), (
            f"{picture} is not what stretchlog draws now; refresh it with UPDATE_README=1"
        )


def mask(text: str) -> str:
    """Session uids are random: compare everything else."""
    return UID.sub("…", text)


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = re.findall(
        r"^```bash\n(.*?)^```$", README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL
    )
    assert (
        blocks[0].strip()
        == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/stretchlog"
    )
    assert blocks[1].strip().endswith(".venv/bin/python -m pytest")


def test_every_command_is_documented() -> None:
    text = README.read_text(encoding="utf-8")
    commands = [info.name for info in app.registered_commands]
    commands += [
        f"{group.name} {info.name}"
        for group in app.registered_groups
        for info in group.typer_instance.registered_commands
    ]
    assert commands
    for command in commands:
        assert f"stretchlog {command}" in text, f"README does not show 'stretchlog {command}'"
