"""The documentation's examples are real: README.md and every page under docs/ (and benchmarks/
README.md) are replayed, each in order on a fresh database with the clock pinned.

A block of text that starts with `$ stretchlog` is a transcript; `<!-- $ stretchlog ... -->` runs a
step silently (to back-date sessions, say); `<!-- picture FILE: $ stretchlog ... -->` saves what the
command draws as FILE, relative to the page. Every `stretchlog` command in a ```bash block is run
too, on a scratch database, and must at least parse. After changing output, refresh every page with
`UPDATE_README=1 python -m pytest tests/test_readme.py`.
"""

from __future__ import annotations

import os
import re
import shlex
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stretchlog.cli import app
from tests.conftest import FakeTime, pinned_environment

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted(ROOT.glob("docs/*.md")), *ROOT.glob("benchmarks/README.md")]
PINNED = datetime.fromisoformat("2026-11-25T08:15:00+01:00")
HIDDEN_STEP = r"^<!-- \$ (stretchlog[^\n]*) -->$"
PICTURE = r"^<!-- picture (\S+): \$ (stretchlog[^\n]*) -->$"
TRANSCRIPT = r"^```text\n(\$ stretchlog\b.*?)^```$"
BASH_BLOCK = r"^```bash\n(.*?)^```$"
FENCED_BLOCK = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
UID = re.compile(r"\b[0-9a-f]{32}\b|(?<=  )[0-9a-f]{8}(?=  )")
"""Random: a session's uid, and a device's id (whole, or its start in a table)."""


def name(page: Path) -> str:
    return str(page.relative_to(ROOT))


def invoke(args: list[str]) -> Any:
    time = FakeTime()  # a guided routine runs at once, on a clock that moves as it waits
    env = pinned_environment(
        now=lambda: PINNED, monotonic=time.clock, keys=lambda: nullcontext(time.wait)
    )
    return CliRunner().invoke(app, args, obj=env)


def run(command: str, must_succeed: bool = False) -> str:
    result = invoke(shlex.split(command)[1:])
    assert result.exit_code == 0 or not must_succeed, (command, result.stderr)
    return result.stdout + result.stderr


def transcript(block: str) -> str:
    """The block with each command's output replaced by what the command prints now."""
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ stretchlog")]
    return "".join(f"$ {command}\n{run(command)}" for command in commands)


def replayed(text: str, folder: Path, pictures: Path) -> str:
    """The page with every transcript re-run; the pictures it makes are saved under `pictures`,
    at their path relative to the repository (`folder` is the page's folder)."""
    pieces = []
    position = 0
    steps = f"{HIDDEN_STEP}|{PICTURE}|{TRANSCRIPT}"
    for match in re.finditer(steps, text, re.MULTILINE | re.DOTALL):
        pieces.append(text[position : match.start()])
        hidden, picture, picture_command, commands = match.groups()
        if hidden:
            run(hidden, must_succeed=True)
        elif picture:
            target = pictures / (folder / picture).resolve().relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            run(f"{picture_command} --svg {shlex.quote(str(target))}", must_succeed=True)
        if commands:
            pieces.append(f"```text\n{transcript(commands)}```")
        else:
            pieces.append(match.group(0))
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_examples_are_what_stretchlog_prints(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"  # where pages run: its files (laptop.db) go with the test
    (scratch / "sync-folder").mkdir(parents=True)
    monkeypatch.chdir(scratch)
    monkeypatch.setattr("socket.gethostname", lambda: "desk")  # the name sync gives a machine
    text = page.read_text(encoding="utf-8")
    pictures = tmp_path / "pictures"
    fresh = replayed(text, page.parent, pictures)
    made = sorted(path.relative_to(pictures) for path in pictures.rglob("*.svg"))
    if os.environ.get("UPDATE_README"):
        page.write_text(fresh, encoding="utf-8")
        for picture in made:
            (ROOT / picture).parent.mkdir(exist_ok=True)
            (ROOT / picture).write_bytes((pictures / picture).read_bytes())
    assert mask(text) == mask(fresh)
    for picture in made:
        assert (ROOT / picture).read_bytes() == (pictures / picture).read_bytes(), (
            f"{picture} is not what stretchlog draws now; refresh it with UPDATE_README=1"
        )


def mask(text: str) -> str:
    """Session uids are random: compare everything else."""
    return UID.sub("…", text)


def test_every_picture_shown_is_made_by_stretchlog() -> None:
    made, shown = set(), set()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        made |= {
            (page.parent / picture).resolve()
            for picture in re.findall(r"^<!-- picture (\S+):", text, re.MULTILINE)
        }
        shown |= {
            (page.parent / picture).resolve()
            for picture in re.findall(r"!\[[^\]]*\]\(([^)\s]+\.svg)\)", text)
        }
    assert ROOT / "docs" / "calendar.svg" in made, "the calendar picture is made by stretchlog"
    assert shown <= made, f"pictures shown but not made by stretchlog: {shown - made}"


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = re.findall(BASH_BLOCK, README.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    assert (
        blocks[0].strip()
        == "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/stretchlog"
    )
    assert blocks[1].strip().endswith(".venv/bin/python -m pytest")


def test_every_command_is_documented() -> None:
    text = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    commands = [info.name for info in app.registered_commands]
    commands += [
        f"{group.name} {info.name}"
        for group in app.registered_groups
        for info in group.typer_instance.registered_commands
    ]
    assert commands
    for command in commands:
        shown = re.search(rf"stretchlog {re.escape(command)}(?![\w-])", text)  # not 'asks'
        assert shown, f"no page shows 'stretchlog {command}'"


# ```bash blocks are for copying, so every stretchlog command in them must at least parse.

COMMAND_WORD = re.compile(r"(?<![^\s;&|(`'\"])(?:[\w.~/-]*/)?stretchlog(?![^\s;&|)`'\"])")
"""`stretchlog` (or a path ending in /stretchlog) as a word: not a file like stretchlog.json."""


def stretchlog_commands(block: str) -> list[list[str]]:
    """The arguments of every stretchlog command in a block of shell.

    A command ends where the shell would end it: a pipe, `&&`, `||`, `;`, a redirection, the `)` of
    a `$(...)` around it, a comment or the end of the line, so `stretchlog export > file` gives
    `export` and `"$(stretchlog status)"` gives `status`.
    """
    commands = []
    for line in block.replace("\\\n", " ").splitlines():
        line = _without_comment(line)
        for match in COMMAND_WORD.finditer(line):
            part = _up_to_shell_operator(line[match.end() :])
            assert "$(" not in part and "`" not in part, (
                f"cannot check {line!r}: the shell computes its arguments"
            )
            commands.append(shlex.split(part))
    return commands


def _without_comment(line: str) -> str:
    quote = None
    for index, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1].isspace()):
            return line[:index]
    return line


def _up_to_shell_operator(text: str) -> str:
    quote = None
    for index, char in enumerate(text):
        if quote:
            quote = None if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "|&;<>)":
            part = text[:index]
            return re.sub(r"\s\d+$", " ", part) if char in "<>" else part  # the 2 of 2>/dev/null
    return text


def usage_errors(text: str) -> tuple[list[str], list[str]]:
    """Run every stretchlog command of the text's ```bash blocks: those run, and those that
    stretchlog refused as a usage error (exit status 2) or crashed on."""
    checked, failures = [], []
    for block in re.findall(BASH_BLOCK, text, re.MULTILINE | re.DOTALL):
        for args in stretchlog_commands(block):
            command = shlex.join(["stretchlog", *args])
            checked.append(command)
            result = invoke(args)
            if result.exit_code == 2 or "error: unexpected" in result.stderr:
                failures.append(f"{command}\n  {result.stderr.strip()}")
    return checked, failures


def test_every_command_in_a_bash_block_parses(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)  # exports and backups land in the scratch folder
    checked, failures = [], []
    for page in PAGES:
        page_checked, page_failures = usage_errors(page.read_text(encoding="utf-8"))
        checked += page_checked
        failures += [f"{name(page)}: {failure}" for failure in page_failures]
    assert checked, "no stretchlog command was found in a ```bash block"
    assert not failures, "\n".join(failures)


def test_bash_commands_are_found_where_the_shell_would_run_them() -> None:
    block = (
        "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/stretchlog\n"
        "stretchlog export > stretchlog.json   # everything\n"
        'PS1=\'$(stretchlog status --format "🧘{streak} " 2>/dev/null)\'"$PS1"\n'
        '0 19 * * * stretchlog status --quiet || notify-send "Stretch" "$(stretchlog status)"\n'
        "stretchlog catalog add --id wall --name 'Wall lunge' \\\n  --hold 30\n"
        "sqlite-utils ~/.local/share/stretchlog/stretchlog.db 'select 1'  # stretchlog streak\n"
    )
    assert stretchlog_commands(block) == [
        [],
        ["export"],
        ["status", "--format", "🧘{streak} "],
        ["status", "--quiet"],
        ["status"],
        ["catalog", "add", "--id", "wall", "--name", "Wall lunge", "--hold", "30"],
    ]


def test_a_mistyped_flag_in_a_bash_block_fails(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    page = "```bash\nstretchlog calendar -y 2026\nstretchlog history | head -3 --limt 2\n```\n"
    checked, failures = usage_errors(page + "```bash\nstretchlog streak --weeks 3\n```\n")
    assert checked == [
        "stretchlog calendar -y 2026",
        "stretchlog history",
        "stretchlog streak --weeks 3",
    ]
    assert [failure.splitlines()[0] for failure in failures] == [
        "stretchlog calendar -y 2026",
        "stretchlog streak --weeks 3",
    ]


# Links between the pages must lead somewhere.

LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(text: str) -> set[str]:
    """The anchors GitHub gives the page's headings."""
    seen: dict[str, int] = {}
    for heading in re.findall(r"^#+ (.*)$", FENCED_BLOCK.sub("", text), re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        if count:
            seen[f"{slug}-{count}"] = 1
    return set(seen)


@pytest.mark.parametrize("page", PAGES, ids=name)
def test_links_between_pages_resolve(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    for target in LINK.findall(FENCED_BLOCK.sub("", text)):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{name(page)} links to {target}, which does not exist"
        if anchor:
            assert anchor in anchors(linked.read_text(encoding="utf-8")), (
                f"{name(page)} links to {target}, but {name(linked)} has no such heading"
            )
