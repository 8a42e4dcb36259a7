"""Every test gets its own database and a pinned clock: Wednesday 25 November 2026, 09:30 UTC."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stretchlog.cli import app
from stretchlog.commands.environment import Environment

NOW = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
TODAY = NOW.date()


class FakeTime:
    """A monotonic clock that only moves when the routine waits, with keys due at set times.

    A key of "^C" stands for Ctrl-C, which Python delivers as KeyboardInterrupt.
    """

    def __init__(self, keys: Iterable[tuple[float, str]] = ()) -> None:
        self.now = 0.0
        self.keys = sorted(keys)
        self.waits = 0

    def clock(self) -> float:
        return self.now

    def wait(self, timeout: float | None) -> str | None:
        self.waits += 1
        if self.keys and (timeout is None or self.keys[0][0] <= self.now + timeout):
            at, key = self.keys.pop(0)
            self.now = max(self.now, at)
            if key == "^C":
                raise KeyboardInterrupt
            return key
        assert timeout is not None, "the routine would wait for ever"
        self.now += timeout
        return None


def pinned_environment(**changes: Any) -> Environment:
    return Environment(now=lambda: NOW, width=100)._replace(**changes)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point stretchlog at a fresh database and away from the user's real folders."""
    db = tmp_path / "data" / "stretchlog.db"
    monkeypatch.setenv("STRETCHLOG_DB", str(db))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    for name in ("STRETCHLOG_NOW", "NO_COLOR", "STRETCHLOG_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return db


@pytest.fixture
def db_path(isolated: Path) -> Path:
    return isolated


Run = Callable[..., Result]


@pytest.fixture
def run() -> Run:
    """Run the CLI in-process with the pinned environment; `env=` swaps parts of it."""

    def invoke(*args: str, input: str | None = None, env: Environment | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), input=input, obj=env or pinned_environment())
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def ok(run: Run) -> Run:
    """Like `run`, but the command must succeed and write nothing to stderr."""

    def invoke(*args: str, **kwargs: Any) -> Result:
        result = run(*args, **kwargs)
        assert result.exit_code == 0, result.stderr or result.stdout
        assert result.stderr == ""
        return result

    return invoke


@pytest.fixture
def fails(run: Run) -> Callable[..., str]:
    """Run a command that must fail with one line on stderr and no traceback; returns that line."""

    def invoke(*args: str, code: int = 1, **kwargs: Any) -> str:
        result = run(*args, **kwargs)
        assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("stretchlog: error: ")
        assert "Please report this" not in lines[0], "a crash, not a refusal: " + lines[0]
        assert "Traceback" not in result.stderr + result.stdout
        return lines[0]

    return invoke


GIT_LEAKS = ("GIT_DIR", "GIT_WORK_TREE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL")
"""What a developer's shell may set that would point git at their own repository or name."""


def git_environment(home: Path) -> dict[str, str]:
    """Variables that keep the machine's git configuration out (no identity, hooks or
    signing): `home` gets a configuration of its own."""
    home.mkdir(exist_ok=True)
    config = home / "gitconfig"
    config.write_text("[init]\n\tdefaultBranch = main\n")
    return {"HOME": str(home), "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture
def own_git_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in git_environment(tmp_path / "home").items():
        monkeypatch.setenv(name, value)
    for name in GIT_LEAKS:
        monkeypatch.delenv(name, raising=False)
