"""The user's own export always imports again: any database stretchlog's commands can make,
with any clocks and time zones, exports to JSON that imports into an empty database and exports
again to the very same bytes."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from stretchlog.cli import app
from tests.conftest import pinned_environment

BASE = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
ZONES = [timezone(timedelta(hours=hours)) for hours in (-12, -5, 0, 5.5, 14)]
NAMES = ["pigeon", "pigeon pose", "couch", "bridge", "thomas", "mine"]
MINE = [
    "catalog", "add", "--id", "mine", "--name", "Mine", "--position", "lying", "--both-sides",
    "--hold", "30",
]  # fmt: skip
OVERRIDE = [
    "catalog", "add", "--id", "glute-bridge", "--name", "My bridge", "--alias", "my bridge",
    "--summary", "s", "--position", "lying", "--both-sides", "--hold", "45", "--reps", "2",
    "--level", "beginner", "--target", "t", "--step", "s", "--cue", "c", "--caution", "c",
    "--overrides",
]  # fmt: skip

clocks = st.one_of(
    st.builds(
        lambda hours, zone: (BASE + timedelta(hours=hours)).astimezone(zone),
        st.integers(-60, 72),
        st.sampled_from(ZONES),
    ),
    st.just(datetime(1970, 1, 1, 3, tzinfo=UTC)),  # a machine that booted without the time
)
notes = st.one_of(st.none(), st.text(max_size=12), st.just("\x1b[31m\u202e 🧘\u200d♀️ \r\n"))
steps = st.one_of(
    st.tuples(st.just("log"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
              st.integers(0, 3), notes),
    st.tuples(st.just("rest"), st.integers(0, 3), notes),
    st.tuples(st.just("undo")),
    st.tuples(st.just("delete"), st.integers(1, 8)),
    st.tuples(st.just("move"), st.integers(1, 8), st.integers(0, 3)),
    st.tuples(st.just("fav"), st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)),
    st.tuples(st.just("mine")),
    st.tuples(st.just("override")),
    st.tuples(st.just("forget stretches")),
    st.tuples(st.just("routine"), st.sampled_from(["am", "Desk_2", "ÜBUNG"]),
              st.lists(st.sampled_from(NAMES), max_size=3)),
    st.tuples(st.just("dose"), st.sampled_from(["am", "favourites"]), st.sampled_from(NAMES),
              st.integers(1, 90), st.booleans()),
    st.tuples(st.just("log routine"), st.sampled_from(["am", "Desk_2"]), st.integers(0, 3)),
    st.tuples(st.just("sides"), st.sampled_from(NAMES), st.integers(0, 10), st.integers(0, 10)),
)  # fmt: skip


def invoke(moment: datetime, *args: str) -> tuple[int, str, str]:
    env = pinned_environment(now=lambda: moment)
    result = CliRunner().invoke(app, list(args), obj=env)
    assert "Please report this" not in result.stderr, (args, result.stderr)
    return result.exit_code, result.stdout, result.stderr


def command(step: tuple[object, ...]) -> list[str]:
    match step:
        case ("log", names, days_ago, note):
            return ["log", *names, "--date", f"{days_ago} days ago"] + (
                ["--note", note] if note is not None else []
            )
        case ("rest", days_ago, note):
            return ["rest", "--date", f"{days_ago} days ago"] + (
                ["--note", note] if note is not None else []
            )
        case ("undo",):
            return ["undo", "--yes"]
        case ("delete", number):
            return ["delete", str(number), "--yes"]
        case ("move", number, days_ago):
            return ["edit", str(number), "--date", f"{days_ago} days ago"]
        case ("fav", names):
            return ["fav", "add", *names]
        case ("mine",):
            return MINE
        case ("override",):
            return OVERRIDE
        case ("routine", name, names):
            return ["routine", "new", str(name), *names]
        case ("dose", routine, name, hold, grows):
            growth = ["--progress", "5", "--every", "2", "--max", str(hold + 30)] if grows else []
            return ["routine", "set", str(routine), str(name), "--hold", str(hold), *growth]
        case ("sides", name, left, right):
            return ["log", str(name), "--tightness", f"left={left},right={right}"]
        case ("log routine", name, days_ago):
            return ["log", "-r", str(name), "--date", f"{days_ago} days ago"]
    raise AssertionError(step)


@settings(
    max_examples=int(os.environ.get("ROUND_TRIPS", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(steps, clocks), max_size=14), clocks)
@example([(("log", ["pigeon", "pigeon pose"], 0, None), BASE)], BASE)
@example(
    [(("mine",), BASE), (("log", ["mine"], 0, None), BASE), (("forget stretches",), BASE)], BASE
)
@example([(("override",), BASE), (("log", ["bridge"], 1, None), BASE)], BASE)
@example(
    [(("routine", "am", ["couch"]), BASE), (("dose", "am", "couch", 40, True), BASE),
     (("log routine", "am", 1), BASE), (("fav", ["pigeon"]), BASE)],
    BASE,
)  # fmt: skip
@example([(("rest", 0, "flu"), BASE), (("log", ["couch"], 0, None), BASE)], BASE)
@example([(("log", ["thomas"], 0, None), BASE.astimezone(ZONES[-1]))], BASE.astimezone(ZONES[0]))
def test_any_database_exports_to_a_file_that_imports_and_exports_the_same(
    tmp_path_factory: pytest.TempPathFactory,
    history: list[tuple[tuple[object, ...], datetime]],
    importer: datetime,
) -> None:
    home = tmp_path_factory.mktemp("round-trip")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("STRETCHLOG_DB", "STRETCHLOG_NOW", "NO_COLOR"):
            patch.delenv(name, raising=False)
        patch.setenv("XDG_CONFIG_HOME", str(home / "first"))
        first = ["--db", str(home / "first.db")]
        for step, moment in history:
            if step == ("forget stretches",):  # the user's own stretches leave the catalog
                (home / "first" / "stretchlog" / "stretches.toml").unlink(missing_ok=True)
                continue
            invoke(moment, *first, *command(step))
        code, exported, error = invoke(BASE, *first, "export")
        if not (home / "first.db").exists():
            return  # nothing was ever written
        assert code == 0, error
        file = home / "export.json"
        file.write_text(exported, encoding="utf-8")
        patch.setenv("XDG_CONFIG_HOME", str(home / "second"))
        second = ["--db", str(home / "second.db")]
        code, _, error = invoke(importer, *second, "import", str(file))
        assert code == 0, error
        assert invoke(BASE, *second, "export")[1] == exported
