"""`stretchlog sync`: one history on several machines, through a folder that Syncthing, Dropbox,
iCloud, OneDrive or git keeps in step. Each machine writes only its own file in it."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stretchlog.commands.app import AppState, app, state
from stretchlog.commands.options import DATA, JsonFlag
from stretchlog.errors import BadValue
from stretchlog.ui import render_sync

if TYPE_CHECKING:
    from stretchlog.domain.sync import Published, Pulled, Report

FolderArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DIR]",
        help="The sync folder (default: the sync.dir setting).",
        show_default=False,
    ),
]


@app.command("sync", rich_help_panel=DATA)
def sync_command(
    ctx: typer.Context,
    folder: FolderArgument = None,
    status: Annotated[
        bool, typer.Option("--status", help="List the devices and what waits; change nothing.")
    ] = False,
    use_git: Annotated[
        bool,
        typer.Option("--git", help="DIR is a git work tree: pull first, then commit and push."),
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Bring this machine and your others into step through a shared folder: send what changed here, take in what changed there."""
    app_state = state(ctx)
    app_state.auto_sync = False  # this sync says what it took in; --status changes nothing
    if status:
        _show_status(app_state, _named_folder(app_state, folder), as_json)
        return
    chosen = _folder(app_state, folder)
    from stretchlog.storage import sync_folder

    sync_folder.check_folder(chosen)
    pulled = _git_pull(chosen) if use_git else None
    report = _exchange(app_state, chosen)
    pushed = _git_publish(chosen, report.device) if use_git else None
    if as_json:
        app_state.out.json(
            render_sync.report_json(report, app_state.device_names(), pulled, pushed)
        )
    else:
        app_state.out.show(
            *render_sync.report_lines(report, app_state.device_names(), pulled, pushed)
        )


def _named_folder(app_state: AppState, given: Path | None) -> Path | None:
    """DIR, or else the sync.dir setting, if either names a folder."""
    if given is not None:
        return given.expanduser()
    configured = app_state.settings.sync_dir
    return None if configured is None else Path(configured)


def _folder(app_state: AppState, given: Path | None) -> Path:
    found = _named_folder(app_state, given)
    if found is None:
        raise BadValue(
            "no sync folder given",
            "name one (stretchlog sync ~/Sync/stretchlog), or set it once:"
            " stretchlog config set sync.dir ~/Sync/stretchlog",
        )
    return found


def _exchange(app_state: AppState, folder: Path) -> "Report":
    from stretchlog.storage.catalog_files import put_in_user_catalog
    from stretchlog.storage.sync_exchange import exchange

    custom = [stretch for stretch in app_state.catalog if stretch.custom] if _has_own() else []
    report = exchange(app_state.store, folder, app_state.now, app_state.device_name, custom)
    if report.stretches:
        put_in_user_catalog(report.stretches)
    return report


def _has_own() -> bool:
    """Whether there is a stretches.toml (without one, the catalog need not be read)."""
    import os

    from stretchlog.storage.paths import user_catalog_path

    return os.path.exists(user_catalog_path())  # noqa: PTH110 (no pathlib on the way)


def _git_pull(folder: Path) -> "Pulled":
    from stretchlog.storage import sync_git

    sync_git.check_work_tree(folder)
    return sync_git.pull(folder)


def _git_publish(folder: Path, device: str) -> "Published":
    from stretchlog.domain.sync_files import device_file
    from stretchlog.storage import sync_git

    return sync_git.publish(folder, folder / device_file(device), "stretchlog: sync")


def _show_status(app_state: AppState, folder: Path | None, as_json: bool) -> None:
    from stretchlog.storage.sync_status import devices

    found = devices(app_state.store, folder)
    if as_json:
        app_state.out.json(render_sync.status_json(found))
    else:
        app_state.out.show(
            *render_sync.status_blocks(found, app_state.columns, app_state.now.tzinfo)
        )
