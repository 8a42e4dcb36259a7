"""git as the engine of `sync --git` (issue 16): pull before applying, then push this device's file.

Each device appends to its own file only, so rebasing onto what the others pushed never meets a
conflict on stretchlog's files; a conflict made by hand is undone (`git rebase --abort`), leaving
the tree as it was. git runs as the user's own command, without a shell, a pager or a terminal to
prompt on: a sync fails in one line rather than hang waiting for a password.
"""

import os
import subprocess
from pathlib import Path

from stretchlog.domain.records import Record
from stretchlog.domain.sync import Published, Pulled
from stretchlog.errors import BadValue

# Long: the network, and steps that run the user's hooks (a rebase killed part way stays half done).
_LONG_SECONDS = 120
_SHORT_SECONDS = 15
_PUSH_ATTEMPTS = 4
_REASON_LIMIT = 200
_FALLBACK_IDENTITY = ("-c", "user.name=stretchlog", "-c", "user.email=stretchlog@localhost")
# Set by a git hook or an enclosing repository, these would point git away from the sync folder.
_FOREIGN_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")


class _Upstream(Record):
    """Where the branch is pulled from and pushed to."""

    remote: str
    branch: str  # its name on the remote
    tracking: str  # the local ref holding what was last fetched of it
    configured: bool  # False until the first push sets it


def check_work_tree(folder: Path) -> None:
    """Refuse `folder` unless it is the top of a git work tree with a branch checked out."""
    done = _git(folder, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        raise BadValue(
            f"{folder} is not a git work tree ({_reason(done.stderr)})",
            "clone your sync repository there or run `git init` in it, or sync without --git",
        )
    top = Path(done.stdout.rstrip("\n"))
    if top.resolve() != folder.resolve():
        raise BadValue(
            f"{folder} is inside the git work tree {_clean(str(top))}, not at its top",
            "sync with the top folder of the work tree",
        )
    _branch(folder)


def pull(folder: Path) -> Pulled:
    """Fetch, then rebase this device's commits onto the upstream branch (stashing unrelated edits
    meanwhile). Nothing to do when the remote has no such branch yet or there is no remote."""
    upstream = _upstream(folder, _branch(folder))
    if upstream is None:
        return Pulled(0, f"{folder} has no remote: a local-only repository, so nothing was pulled")
    return Pulled(_pull(folder, upstream))


def publish(folder: Path, own_file: Path, message: str) -> Published:
    """Commit `own_file` alone if it changed, then push, pulling and retrying when another device
    pushed first."""
    branch = _branch(folder)
    name = _name_inside(folder, own_file)
    committed = (folder / name).exists() and _commit(folder, name, message)
    upstream = _upstream(folder, branch)
    if upstream is None:
        return Published(
            committed,
            0,
            0,
            f"{folder} has no remote: a local-only repository, so nothing was pushed",
        )
    pulled = 0
    for _attempt in range(_PUSH_ATTEMPTS):
        ahead = _ahead(folder, upstream)
        if ahead == 0:
            return Published(committed, 0, pulled)
        first_push = () if upstream.configured else ("--set-upstream",)
        refspec = f"refs/heads/{branch}:refs/heads/{upstream.branch}"
        done = _git(folder, "push", "--quiet", *first_push, upstream.remote, refspec, long=True)
        if done.returncode == 0:
            return Published(committed, ahead, pulled)
        if not _lost_a_race(done.stderr):
            raise BadValue(
                f"cannot push to the remote {upstream.remote}: {_reason(done.stderr)}",
                "check the remote's address and your access to it, then sync again",
            )
        pulled += _pull(folder, upstream)
    raise BadValue(
        f"the remote {upstream.remote} kept changing: {_PUSH_ATTEMPTS} pushes were refused",
        "your commit is kept here; sync again in a moment",
    )


def _branch(folder: Path) -> str:
    """The branch checked out in `folder`; refused when there is none or a rebase is half done."""
    rebase_folders = _git(
        folder, "rev-parse", "--git-path", "rebase-merge", "--git-path", "rebase-apply"
    )
    paths = _output(rebase_folders, f"git cannot read {folder}").splitlines()
    if any((folder / path).exists() for path in paths):
        raise BadValue(
            f"a rebase is in progress in {folder}",
            "finish it (git rebase --continue) or undo it (git rebase --abort), then sync again",
        )
    done = _git(folder, "symbolic-ref", "--quiet", "--short", "HEAD")
    if done.returncode != 0:
        raise BadValue(
            f"{folder} has a detached HEAD, so there is no branch to sync",
            "check out your sync branch there (git switch BRANCH), then sync again",
        )
    return done.stdout.strip()


def _upstream(folder: Path, branch: str) -> _Upstream | None:
    """The branch's upstream, or else the same name on the remote (origin, or the only one there
    is); None when the repository has no remote."""
    remote = _git(folder, "config", "--get", f"branch.{branch}.remote").stdout.strip()
    merge = _git(folder, "config", "--get", f"branch.{branch}.merge").stdout.strip()
    if remote and merge.startswith("refs/heads/"):
        return _Upstream(remote, merge.removeprefix("refs/heads/"), "@{upstream}", True)
    remotes = _output(_git(folder, "remote"), f"git cannot read {folder}'s remotes").split()
    if not remotes:
        return None
    if "origin" not in remotes and len(remotes) > 1:
        raise BadValue(
            f"the branch {branch} in {folder} has no upstream, and there are several remotes",
            f"push it once to the one to sync with (git push -u REMOTE {branch}), then sync again",
        )
    remote = "origin" if "origin" in remotes else remotes[0]
    return _Upstream(remote, branch, f"refs/remotes/{remote}/{branch}", False)


def _pull(folder: Path, upstream: _Upstream) -> int:
    """Fetch and rebase onto the upstream branch; the number of commits that arrived."""
    fetched = _git(folder, "fetch", "--quiet", upstream.remote, long=True)
    if fetched.returncode != 0:
        raise BadValue(
            f"cannot fetch from the remote {upstream.remote}: {_reason(fetched.stderr)}",
            f"check its address (git -C {folder} remote -v) and your network, then sync again",
        )
    if not _exists(folder, upstream.tracking):
        return 0  # the remote does not have the branch yet: the first push creates it
    if not _exists(folder, "HEAD"):  # nothing committed here yet: take the remote's branch as is
        arrived = _count(folder, upstream.tracking)
        merged = _git(folder, "merge", "--ff-only", "--quiet", upstream.tracking, long=True)
        _output(merged, f"cannot take {upstream.remote}/{upstream.branch} into {folder}")
        return arrived
    arrived = _count(folder, f"HEAD..{upstream.tracking}")
    if arrived == 0:
        return 0
    identity = _identity(folder)  # rebasing and stashing make commits
    rebased = _git(
        folder, "rebase", "--autostash", "-q", upstream.tracking, config=identity, long=True
    )
    if rebased.returncode == 0:
        return arrived
    conflicted = _git(folder, "diff", "--name-only", "--diff-filter=U").stdout.splitlines()
    _git(folder, "rebase", "--abort", long=True)
    reason = f"{', '.join(conflicted)} changed both here and there" if conflicted else ""
    raise BadValue(
        f"cannot rebase {folder} onto {upstream.remote}/{upstream.branch}: "
        + (_clean(reason) or _reason(rebased.stderr)),
        "nothing was changed; a file edited by hand on two devices must be made to agree "
        "(git pull --rebase), then sync again",
    )


def _commit(folder: Path, name: str, message: str) -> bool:
    """Commit the file `name` alone, leaving anything else staged as it was; False when it has not
    changed since the last commit."""
    # --force: the device's file is what sync is for, even where some .gitignore pattern matches it.
    _output(_git(folder, "add", "--force", "--", name), f"git cannot add {name}")
    if _git(folder, "diff", "--cached", "--quiet", "--", name).returncode == 0:
        return False
    identity = _identity(folder)
    committed = _git(folder, "commit", "-q", "-m", message, "--", name, config=identity, long=True)
    _output(committed, f"git cannot commit {name}")
    return True


def _identity(folder: Path) -> tuple[str, ...]:
    """Settings for a step that makes commits: stretchlog's name where the user has not set one."""
    email = _git(folder, "config", "--get", "user.email").stdout.strip()
    return () if email else _FALLBACK_IDENTITY


def _ahead(folder: Path, upstream: _Upstream) -> int:
    """How many commits here the remote has not got."""
    if _exists(folder, upstream.tracking):
        return _count(folder, f"{upstream.tracking}..HEAD")
    return _count(folder, "HEAD") if _exists(folder, "HEAD") else 0


def _lost_a_race(stderr: str) -> bool:
    """Whether a push was refused because another device pushed first."""
    return "[rejected]" in stderr or "cannot lock ref" in stderr


def _name_inside(folder: Path, own_file: Path) -> str:
    try:
        return own_file.absolute().relative_to(folder.absolute()).as_posix()
    except ValueError:
        raise BadValue(
            f"{own_file} is not inside the sync folder {folder}", "keep it in the sync folder"
        ) from None


def _exists(folder: Path, revision: str) -> bool:
    found = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    return found.returncode == 0


def _count(folder: Path, revisions: str) -> int:
    return int(_output(_git(folder, "rev-list", "--count", revisions), "git cannot count commits"))


def _output(done: subprocess.CompletedProcess[str], failure: str) -> str:
    """What a git step printed; when it failed, `failure` with git's reason."""
    if done.returncode != 0:
        raise BadValue(
            f"{failure}: {_reason(done.stderr)}", "see `git status` there, then sync again"
        )
    return done.stdout


def _git(
    folder: Path, *arguments: str, config: tuple[str, ...] = (), long: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run git in `folder`, its output captured; a git missing, stuck or unable to start is refused.
    A new session: no terminal, so ssh cannot stop to ask for a passphrase either."""
    timeout = _LONG_SECONDS if long else _SHORT_SECONDS
    environment = {key: value for key, value in os.environ.items() if key not in _FOREIGN_VARIABLES}
    environment.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", GIT_LITERAL_PATHSPECS="1")
    # The folder's content comes from other machines: no fsmonitor command runs on it.
    command = ["git", "--no-pager", "-c", "core.fsmonitor=false", *config, "-C", str(folder)]
    try:
        return subprocess.run(
            [*command, *arguments],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            env=environment,
            timeout=timeout,
            start_new_session=True,
            check=False,
        )
    except FileNotFoundError:
        raise BadValue(
            "git is not installed (no `git` command on PATH)", "install git, or sync without --git"
        ) from None
    except subprocess.TimeoutExpired:
        raise BadValue(
            f"git {arguments[0]} gave no answer within {timeout} s in {folder}",
            "check your network and the remote, then sync again",
        ) from None
    except OSError as error:
        raise BadValue(
            f"git did not start: {error.strerror}", "check your git installation"
        ) from None


def _reason(stderr: str) -> str:
    """git's reason in one line: its first fatal or error line (what follows is mostly advice),
    else its last line that is not a hint."""
    lines = [line for line in map(_clean, stderr.splitlines()) if line]
    causes = [line for line in lines if line.startswith(("fatal:", "error:"))]
    others = [line for line in lines if not line.startswith("hint:")]
    return causes[0] if causes else others[-1] if others else "git gave no reason"


def _clean(text: str) -> str:
    """`text` on one bounded line, without control characters (it comes from git or the folder)."""
    line = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return line if len(line) <= _REASON_LIMIT else line[: _REASON_LIMIT - 1] + "…"
