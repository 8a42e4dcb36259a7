"""The program as users get it: a real process, and a built wheel run from another folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_process(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_python_m_runs_and_errors_without_traceback(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "STRETCHLOG_DB": str(tmp_path / "x.db"),
        "STRETCHLOG_NOW": "2026-11-25T09:00:00+00:00",
    }
    version = run_process(sys.executable, "-m", "stretchlog", "--version", cwd=tmp_path, env=env)
    assert version.returncode == 0 and version.stdout.startswith("stretchlog ")
    bad = run_process(sys.executable, "-m", "stretchlog", "log", "nope", cwd=tmp_path, env=env)
    assert bad.returncode == 1
    assert (
        bad.stderr
        == "stretchlog: error: no stretch called 'nope'; run 'stretchlog catalog' to see every stretch\n"
    )
    assert not (tmp_path / "x.db").exists()


def test_a_bad_pinned_clock_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "STRETCHLOG_DB": str(tmp_path / "x.db"), "STRETCHLOG_NOW": "soon"}
    result = run_process(sys.executable, "-m", "stretchlog", "streak", cwd=tmp_path, env=env)
    assert result.returncode == 1
    assert "STRETCHLOG_NOW='soon' is not an ISO date and time" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_the_built_wheel_ships_the_catalog_and_works_elsewhere(tmp_path: Path) -> None:
    dist, site = tmp_path / "dist", tmp_path / "site"
    build = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        str(dist),
        str(ROOT),
    ]
    subprocess.run(build, check=True, capture_output=True, timeout=300)
    wheel = next(dist.glob("stretchlog-*.whl"))
    assert {"stretchlog/data/catalog.toml", "stretchlog/_bundled_catalog.py"} <= set(
        zipfile.ZipFile(wheel).namelist()
    )
    install = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "-q",
        "--target",
        str(site),
        str(wheel),
    ]
    subprocess.run(install, check=True, capture_output=True, timeout=300)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "STRETCHLOG_DB": str(elsewhere / "w.db")}
    where = run_process(
        sys.executable,
        "-c",
        "import stretchlog; print(stretchlog.__file__)",
        cwd=elsewhere,
        env=env,
    )
    assert where.stdout.startswith(str(site))
    same = (
        "from stretchlog.storage import catalog_files as c; "
        "assert c.load_catalog().stretches == c.parse_catalog(c.bundled_catalog_path().read_text(), 'x').stretches; "
        "import stretchlog._bundled_catalog"
    )
    assert run_process(sys.executable, "-c", same, cwd=elsewhere, env=env).returncode == 0
    script = str(site / "bin" / "stretchlog")
    for args in (
        ["catalog"],
        ["show", "couch"],
        ["fav", "add", "pigeon"],
        ["log"],
        ["history"],
        ["streak"],
        [],
    ):
        result = run_process(sys.executable, script, *args, cwd=elsewhere, env=env)
        assert result.returncode == 0, (args, result.stderr)
    assert (
        "Pigeon pose"
        in run_process(sys.executable, script, "history", cwd=elsewhere, env=env).stdout
    )
