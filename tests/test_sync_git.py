"""sync_git against local bare repositories: three clones of one remote stand for three devices."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from stretchlog.errors import BadValue
from stretchlog.storage import sync_git

pytestmark = pytest.mark.slow

_TEST_IDENTITY = ("-c", "user.name=Tester", "-c", "user.email=tester@example.org")


pytestmark = pytest.mark.usefixtures("own_git_config")


def git(folder: Path, *arguments: str) -> str:
    """Run git the way a user would by hand, with an identity for the commits they make."""
    done = subprocess.run(
        ["git", *_TEST_IDENTITY, "-C", str(folder), *arguments],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def clones(tmp_path: Path, *names: str) -> list[Path]:
    """An empty bare remote and a clone of it for each name."""
    git(tmp_path, "init", "--quiet", "--bare", "remote.git")
    for name in names:
        git(tmp_path, "clone", "--quiet", "remote.git", name)
    return [tmp_path / name for name in names]


def append(folder: Path, device: str, *lines: str) -> Path:
    """Append lines to the device's own file, as the sync command does between pull and publish."""
    own = folder / f"stretchlog-{device}.jsonl"
    with own.open("a", encoding="utf-8") as file:
        file.writelines(f"{line}\n" for line in lines)
    return own


def sync(folder: Path, device: str, *lines: str) -> sync_git.Published:
    sync_git.check_work_tree(folder)
    sync_git.pull(folder)
    return sync_git.publish(folder, append(folder, device, *lines), f"stretchlog: {device}")


def remote_log(tmp_path: Path) -> list[str]:
    return git(tmp_path / "remote.git", "log", "--format=%s", "main").splitlines()


def test_the_first_push_to_an_empty_remote_sets_the_upstream(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    pulled = sync_git.pull(a)
    assert pulled == sync_git.Pulled(0, "")
    published = sync_git.publish(a, append(a, "a", '{"seq": 1}'), "stretchlog: a")
    assert published == sync_git.Published(committed=True, pushed=1, pulled=0, note="")
    assert remote_log(tmp_path) == ["stretchlog: a"]
    assert git(a, "rev-parse", "--abbrev-ref", "@{upstream}").strip() == "origin/main"
    author = git(tmp_path / "remote.git", "log", "-1", "--format=%an <%ae>", "main").strip()
    assert author == "stretchlog <stretchlog@localhost>"


def test_a_repository_made_with_init_and_remote_add_pushes_and_tracks(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet", "--bare", "remote.git")
    folder = tmp_path / "folder"
    git(tmp_path, "init", "--quiet", "folder")
    git(folder, "remote", "add", "origin", str(tmp_path / "remote.git"))
    assert sync(folder, "a", "1").pushed == 1
    assert git(folder, "config", "branch.main.merge").strip() == "refs/heads/main"
    assert remote_log(tmp_path) == ["stretchlog: a"]


def test_three_devices_taking_turns_each_see_every_line(tmp_path: Path) -> None:
    devices = clones(tmp_path, "a", "b", "c")
    for turn in range(3):
        for folder in devices:
            sync(folder, folder.name, f"{folder.name}{turn}")
    for folder in devices:
        sync_git.pull(folder)
        for device in ("a", "b", "c"):
            lines = (folder / f"stretchlog-{device}.jsonl").read_text().splitlines()
            assert lines == [f"{device}0", f"{device}1", f"{device}2"]
    assert len(remote_log(tmp_path)) == 9


def test_pull_counts_the_commits_that_arrive(tmp_path: Path) -> None:
    a, b = clones(tmp_path, "a", "b")
    sync(a, "a", "1")
    sync(a, "a", "2")
    assert sync_git.pull(b) == sync_git.Pulled(2, "")
    assert sync_git.pull(b) == sync_git.Pulled(0, "")
    assert (b / "stretchlog-a.jsonl").read_text() == "1\n2\n"


def test_a_device_that_pushed_first_makes_publish_rebase_and_retry(tmp_path: Path) -> None:
    a, b = clones(tmp_path, "a", "b")
    sync(a, "a", "a0")
    sync_git.pull(b)
    sync_git.pull(a)
    sync(b, "b", "b1")  # between a's pull and a's publish
    published = sync_git.publish(a, append(a, "a", "a1"), "stretchlog: a")
    assert published == sync_git.Published(committed=True, pushed=1, pulled=1, note="")
    assert remote_log(tmp_path) == ["stretchlog: a", "stretchlog: b", "stretchlog: a"]
    assert git(tmp_path / "remote.git", "show", "main:stretchlog-a.jsonl") == "a0\na1\n"
    assert git(tmp_path / "remote.git", "show", "main:stretchlog-b.jsonl") == "b1\n"
    assert git(a, "status", "--porcelain") == ""


def test_a_clone_made_while_the_remote_was_empty_takes_what_arrived_since(tmp_path: Path) -> None:
    a, c = clones(tmp_path, "a", "c")
    sync(a, "a", "a0")
    append(c, "c", "c0")  # written before c has a commit of its own
    assert sync_git.pull(c).commits == 1
    assert sync_git.publish(c, c / "stretchlog-c.jsonl", "stretchlog: c").pushed == 1
    assert remote_log(tmp_path) == ["stretchlog: c", "stretchlog: a"]


def test_nothing_changed_makes_no_commit(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    own = append(a, "a", "1")
    sync_git.publish(a, own, "stretchlog: a")
    published = sync_git.publish(a, own, "stretchlog: a")
    assert published == sync_git.Published(committed=False, pushed=0, pulled=0, note="")
    assert git(a, "log", "--format=%s").splitlines() == ["stretchlog: a"]


def test_only_the_own_file_is_committed_and_other_edits_survive_a_pull(tmp_path: Path) -> None:
    a, b = clones(tmp_path, "a", "b")
    (a / "notes.txt").write_text("mine\n")
    git(a, "add", "notes.txt")
    git(a, "commit", "--quiet", "-m", "notes")
    git(a, "push", "--quiet", "origin", "main")
    sync_git.pull(b)
    (b / "notes.txt").write_text("edited, not committed\n")
    (b / "staged.txt").write_text("staged, not committed\n")
    git(b, "add", "staged.txt")
    sync(a, "a", "a0")
    sync(b, "b", "b0")
    assert (b / "notes.txt").read_text() == "edited, not committed\n"
    assert git(b, "status", "--porcelain").splitlines() == [" M notes.txt", "A  staged.txt"]
    assert git(b, "show", "--name-only", "--format=", "HEAD").split() == ["stretchlog-b.jsonl"]
    assert (b / "stretchlog-a.jsonl").read_text() == "a0\n"


def test_the_users_identity_is_used_when_they_have_one(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    git(a, "config", "user.name", "Ada")
    git(a, "config", "user.email", "ada@example.org")
    sync(a, "a", "1")
    assert git(a, "log", "-1", "--format=%an <%ae>").strip() == "Ada <ada@example.org>"


def test_a_hand_edited_conflict_is_undone_and_explained(tmp_path: Path) -> None:
    a, b = clones(tmp_path, "a", "b")
    sync(a, "a", "a0")
    sync_git.pull(b)
    (b / "stretchlog-a.jsonl").write_text("edited on b\n")
    git(b, "commit", "--quiet", "-am", "hand edit on b")
    git(b, "push", "--quiet")
    (a / "stretchlog-a.jsonl").write_text("edited on a\n")
    git(a, "commit", "--quiet", "-am", "hand edit on a")
    before = git(a, "rev-parse", "HEAD")
    with pytest.raises(BadValue) as raised:
        sync_git.pull(a)
    assert "stretchlog-a.jsonl changed both here and there" in str(raised.value)
    assert "\n" not in str(raised.value)
    assert git(a, "rev-parse", "HEAD") == before
    assert git(a, "status", "--porcelain") == ""
    assert (a / "stretchlog-a.jsonl").read_text() == "edited on a\n"
    assert not (a / ".git" / "rebase-merge").exists()


def test_a_repository_without_a_remote_commits_with_a_note(tmp_path: Path) -> None:
    folder = tmp_path / "local"
    git(tmp_path, "init", "--quiet", "local")
    sync_git.check_work_tree(folder)
    assert "local-only" in sync_git.pull(folder).note
    published = sync_git.publish(folder, append(folder, "a", "1"), "stretchlog: a")
    assert published.committed
    assert (published.pushed, published.pulled) == (0, 0)
    assert "local-only" in published.note
    assert git(folder, "log", "--format=%s").splitlines() == ["stretchlog: a"]


def test_a_folder_outside_git_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(BadValue, match="is not a git work tree"):
        sync_git.check_work_tree(plain)


def test_a_subfolder_of_a_work_tree_is_refused_naming_the_top(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    (a / "inner").mkdir()
    with pytest.raises(BadValue, match=r"inside the git work tree .*a, not at its top"):
        sync_git.check_work_tree(a / "inner")
    sync_git.check_work_tree(a)


def test_a_detached_head_is_refused(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    sync(a, "a", "1")
    git(a, "checkout", "--quiet", "--detach")
    with pytest.raises(BadValue, match="detached HEAD"):
        sync_git.check_work_tree(a)
    with pytest.raises(BadValue, match="detached HEAD"):
        sync_git.publish(a, append(a, "a", "2"), "stretchlog: a")
    assert git(a, "log", "--format=%s").splitlines() == ["stretchlog: a"]


def test_a_rebase_in_progress_is_refused(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    sync(a, "a", "a0")
    (a / "stretchlog-a.jsonl").write_text("changed\n")
    git(a, "commit", "--quiet", "-am", "local change")
    stopped = subprocess.run(
        ["git", "-C", str(a), "rebase", "--exec", "false", "HEAD~1"], check=False
    )
    assert stopped.returncode != 0
    assert (a / ".git" / "rebase-merge").exists()
    with pytest.raises(BadValue, match=r"rebase is in progress.*git rebase --abort"):
        sync_git.pull(a)


def test_git_missing_from_path_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [a] = clones(tmp_path, "a")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(BadValue, match="git is not installed"):
        sync_git.check_work_tree(a)


def test_an_unreachable_remote_is_one_line(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    git(a, "remote", "set-url", "origin", str(tmp_path / "nowhere.git"))
    with pytest.raises(BadValue) as raised:
        sync_git.pull(a)
    message = str(raised.value)
    assert message.startswith("cannot fetch from the remote origin: fatal: ")
    assert "nowhere.git" in message
    assert "\n" not in message and len(raised.value.message) < 300


def test_a_push_refused_for_another_reason_is_not_retried(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    sync(a, "a", "1")
    hook = tmp_path / "remote.git" / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'no \x1b[31mpushes\x1b[0m today' >&2\nexit 1\n")
    hook.chmod(0o755)
    with pytest.raises(BadValue) as raised:
        sync(a, "a", "2")
    message = str(raised.value)
    assert message.startswith("cannot push to the remote origin: ")
    assert "\x1b" not in message and "\n" not in message
    assert remote_log(tmp_path) == ["stretchlog: a"]
    assert git(a, "log", "--format=%s").splitlines() == ["stretchlog: a", "stretchlog: a"]


def test_a_file_outside_the_folder_is_refused(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    with pytest.raises(BadValue, match="not inside the sync folder"):
        sync_git.publish(a, tmp_path / "elsewhere.jsonl", "stretchlog: a")


def test_the_own_file_is_published_even_where_git_is_told_to_ignore_it(tmp_path: Path) -> None:
    [a] = clones(tmp_path, "a")
    (a / ".git" / "info" / "exclude").write_text("*.jsonl\n")
    assert sync(a, "a", "1").pushed == 1
    assert git(tmp_path / "remote.git", "show", "main:stretchlog-a.jsonl") == "1\n"
