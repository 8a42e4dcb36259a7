"""`catalog add` edits the user's stretches.toml in place (tomlkit): what is there stays as it was."""

from pathlib import Path
from typing import Any

from stretchlog.storage.paths import user_catalog_path
from tests.conftest import Run

ADD = (
    "catalog", "add", "--id", "desk-lunge", "--position", "standing", "--both-sides",
    "--name", "Desk lunge", "--hold", "40",
)  # fmt: skip


def catalog_file(text: str) -> Path:
    path = Path(user_catalog_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_catalog_add_keeps_comments_and_layout_and_appends_after_a_blank_line(ok: Run) -> None:
    mine = (
        "# my stretches\n"
        "[[stretch]]\n"
        "id   = 'wall'   # the one by the door\n"
        "name = 'Wall lunge'\n"
        "position = 'standing'\n"
        "per_side = true\n"
        "hold_seconds = 30\n"
        "reps = 2\n"
        "level = 'beginner'\n"
        "\n"
        "\n"
        "# more to come"  # no newline at the end
    )
    path = catalog_file(mine)
    ok(*ADD, "--alias", "desk", "--step", "Stand tall.", "--step", "Lunge.")
    assert path.read_text() == mine + (
        "\n\n[[stretch]]\n"
        'id = "desk-lunge"\n'
        'name = "Desk lunge"\n'
        'aliases = ["desk"]\n'
        'position = "standing"\n'
        "per_side = false\n"
        "hold_seconds = 40\n"
        "reps = 1\n"
        'level = "beginner"\n'
        'steps = ["Stand tall.", "Lunge."]\n'
    )
    assert ok("show", "desk", "--json").json()["steps"] == ["Stand tall.", "Lunge."]


def test_long_lists_go_one_item_a_line(ok: Run) -> None:
    long = "Keep the back knee soft and the pelvis tucked under."
    ok(*ADD, "--cue", long, "--cue", "Breathe out.")
    text = Path(user_catalog_path()).read_text()
    assert f'cues = [\n    "{long}",\n    "Breathe out.",\n]\n' in text
    assert text.startswith("# Your own stretches for stretchlog")


def test_text_that_needs_escapes_reads_back_exactly(ok: Run) -> None:
    name = 'Say "hi" \\ to C:\\temp \t tabs, é, 🧘'
    ok(*ADD, "--name", name)
    assert ok("show", "desk-lunge", "--json").json()["name"] == name


def test_a_catalog_written_as_an_inline_array_is_not_rewritten(fails: Any) -> None:
    mine = (
        'stretch = [{id = "x", name = "X", position = "lying", per_side = false,'
        ' hold_seconds = 30, reps = 1, level = "beginner"}]\n'
    )
    path = catalog_file(mine)
    assert "does not list its stretches as [[stretch]] tables" in fails(*ADD)
    assert path.read_text() == mine
