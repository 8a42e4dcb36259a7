"""How long each command takes as a whole process, as a ratio to `python -c "import typer"`.

    python benchmarks/startup.py [--runs 30]

Every command runs as a fresh process with its output piped, interleaved with the baselines in
the same rounds so machine noise hits all alike; the medians are compared. Budgets (issue #2):
read commands 1.3x, log 2x, and 10 years of history within 10% of an empty database.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seed_history import seed  # noqa: E402

from stretchlog.store import Store  # noqa: E402

# The console script users run, beside this interpreter (a venv's bin/).
SCRIPT = str(Path(sys.executable).with_name("stretchlog"))
BASELINES = {"python -c pass": ["-c", "pass"], "python -c 'import typer'": ["-c", "import typer"]}
COMMANDS = {
    "stretchlog (dashboard)": ([], 1.3),
    "streak": (["streak"], 1.3),
    "history --limit 10": (["history", "--limit", "10"], 1.3),
    "fav list": (["fav", "list"], 1.3),
    "log pigeon": (["log", "pigeon"], 2.0),
}


# Users' installs carry compiled byte-code; a machine that forbids writing it would time the compiler.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=ENV)
    return time.perf_counter() - start


def make_databases(folder: Path) -> dict[str, Path]:
    empty = folder / "empty.db"
    store = Store(empty)
    with store.transaction():
        pass
    store.close()
    ten_years = folder / "ten-years.db"
    seed(ten_years, 10, date.today(), __import__("random").Random(1))
    return {"empty": empty, "10 years": ten_years}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp())
    try:
        databases = make_databases(folder)
        jobs: dict[tuple[str, str], list[str]] = {
            (name, ""): args for name, args in BASELINES.items()
        }
        for label, (args, _) in COMMANDS.items():
            for db_name, db in databases.items():
                jobs[(label, db_name)] = [SCRIPT, "--db", str(db), *args]
        compileall.compile_dir(HERE.parent / "stretchlog", quiet=1)
        for args in jobs.values():
            timed(args)  # warm the disk cache
        samples: dict[tuple[str, str], list[float]] = {key: [] for key in jobs}
        for _ in range(runs):
            for key, args in jobs.items():
                samples[key].append(timed(args))
        report(samples, runs)
    finally:
        shutil.rmtree(folder)


def report(samples: dict[tuple[str, str], list[float]], runs: int) -> None:
    median = {key: statistics.median(values) for key, values in samples.items()}
    baseline = median[("python -c 'import typer'", "")]
    print(
        f"medians of {runs} interleaved runs; baseline python -c 'import typer' = {baseline * 1000:.0f} ms"
    )
    print(f"{'':26}{'empty':>8}{'10 years':>10}{'10y/empty':>11}{'budget':>8}  verdict")
    print(f"{'python -c pass':26}{median[('python -c pass', '')] / baseline:>7.2f}x")
    for label, (_, budget) in COMMANDS.items():
        empty, full = median[(label, "empty")] / baseline, median[(label, "10 years")] / baseline
        growth = full / empty - 1
        verdict = "ok" if max(empty, full) <= budget and growth <= 0.10 else "OVER"
        print(f"{label:26}{empty:>7.2f}x{full:>9.2f}x{growth:>+10.0%}{budget:>7.1f}x  {verdict}")


if __name__ == "__main__":
    main()
