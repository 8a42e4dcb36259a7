"""How much each command costs as a whole process, as a ratio to `python -c "import typer"`.

    python benchmarks/startup.py [--runs 25]
    python benchmarks/startup.py --instructions


It builds the wheel and installs it into a scratch folder, so it times what users install. Every
command runs as a fresh process of that console script, with its output piped, interleaved with
the baselines in the same rounds so machine noise hits all alike. What is timed is the CPU time
(user + system) each process used, and the least of the runs is kept: on a shared machine, wall
time swings by half with the neighbours' load, CPU time by a few per cent.

On a virtual machine even CPU time can swing by a tenth between runs. `--instructions` counts
instead the instructions each process executes in user space, under valgrind (cachegrind, with
its cache simulation off): about 50 times slower, but the same count to within 0.1% on every
run, so one run of each command settles a ratio. It leaves out the kernel's share (file system
calls), which CPU time includes.

Budgets: read commands 1.3x of `python -c "import typer"`, and each on 10 years of history within
10% of its cost on an empty database, on 50 years within 25%; `status` (which runs on every shell
prompt) 2.5x of `python -c pass`; writes 2x of `python -c "import typer"` on every database, each
run on a fresh copy so that it finds the same history every time. `export` writes out the whole
history, so its cost grows with it by nature and it has no budget.
"""

import argparse
import compileall
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seed_history import seed  # noqa: E402

from stretchlog.storage.store import Store  # noqa: E402

BASELINE = "python -c 'import typer'"
PASS = "python -c pass"
BASELINES = {PASS: ["-c", "pass"], BASELINE: ["-c", "import typer"]}
Commands = dict[str, tuple[list[str], float | None, str]]
"""label: (arguments, budget as a ratio to the baseline or None for none, the baseline)"""
READS: Commands = {
    "stretchlog (dashboard)": ([], 1.3, BASELINE),
    "streak": (["streak"], 1.3, BASELINE),
    "streak --by-stretch": (["streak", "--by-stretch"], 1.3, BASELINE),
    "history --limit 10": (["history", "--limit", "10"], 1.3, BASELINE),
    "fav list": (["fav", "list"], 1.3, BASELINE),
    "calendar": (["calendar"], 1.3, BASELINE),
    "stats": (["stats"], 1.3, BASELINE),
    "start --dry-run": (["start", "pigeon", "--dry-run"], 1.3, BASELINE),
    "catalog": (["catalog"], 1.3, BASELINE),
    "show pigeon": (["show", "pigeon"], 1.3, BASELINE),
    "export": (["export"], None, BASELINE),
    "status (vs python -c pass)": (["status"], 2.5, PASS),
    "remind fire -n (vs pass)": (["remind", "fire", "-n"], 2.5, PASS),
}
WRITES: Commands = {
    "log pigeon": (["log", "pigeon"], 2.0, BASELINE),
    "edit 1 --note hi": (["edit", "1", "--note", "hi"], 2.0, BASELINE),
    "undo --yes": (["undo", "--yes"], 2.0, BASELINE),
}
# Users' installs carry compiled byte-code; a machine that forbids writing it would time the compiler.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

Job = tuple[str, str]  # (label, database name)


def timed(args: list[str]) -> float:
    """CPU seconds (user + system) the child process spent: unlike wall time, barely moved by
    other work on a shared machine."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([sys.executable, *args], capture_output=True, env=ENV)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):  # `status` says "not yet" with 1
        raise RuntimeError(f"{args} failed: {done.stderr.decode()}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(args: list[str]) -> float:
    """User-space instructions the process executed, as cachegrind counts them."""
    done = subprocess.run(
        [
            "valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
            sys.executable, *args,
        ],
        capture_output=True, env=ENV, text=True,
    )  # fmt: skip
    if done.returncode not in (0, 1):
        raise RuntimeError(f"{args} failed: {done.stderr}")
    refs = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if refs is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-500:]}")
    return float(refs.group(1).replace(",", ""))


def install_wheel(folder: Path) -> str:
    """Build the wheel, install it under `folder`, and return its console script."""
    pip = [sys.executable, "-m", "pip", "-q"]
    wheels, site = folder / "wheels", folder / "site"
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(HERE.parent)],
        check=True,
    )
    wheel = next(wheels.glob("stretchlog-*.whl"))
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    compileall.compile_dir(site / "stretchlog", quiet=1)
    ENV["PYTHONPATH"] = str(site)  # for the baselines too, so all pay for the same path
    return str(site / "bin" / "stretchlog")


def make_databases(folder: Path) -> dict[str, Path]:
    empty = folder / "empty.db"
    store = Store(empty)
    with store.transaction():
        pass  # creates the schema
    store.close()
    found = {"empty": empty}
    for years in (10, 50):
        history = folder / f"{years}-years.db"
        seed(history, years, date.today(), random.Random(years))
        found[f"{years} years"] = history
    return found


def measure(
    script: str,
    commands: Commands,
    databases: dict[str, Path],
    runs: int,
    cost: Callable[[list[str]], float],
    scratch: Path | None = None,
) -> dict[Job, float]:
    """The least cost of each command's runs on each database, and of the baselines, interleaved.

    The fastest run, not the median: on a shared machine noise only ever adds time, so the
    minimum is the steadiest estimate of what the work itself costs (as timeit's docs advise).
    With `scratch`, every run works on a fresh copy of its database there, so a write finds the
    same history each time (the copying is the parent's work, not counted).
    """
    jobs: dict[Job, tuple[list[str], Path | None]] = {
        (name, ""): (args, None) for name, args in BASELINES.items()
    }
    for label, (args, _, _) in commands.items():
        for db_name, db in databases.items():
            jobs[(label, db_name)] = ([script, "--db", str(scratch or db), *args], db)

    def run(job: Job, measured: Callable[[list[str]], float]) -> float:
        args, db = jobs[job]
        if scratch is not None and db is not None:
            for leftover in (Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
                leftover.unlink(missing_ok=True)
            shutil.copyfile(db, scratch)
        return measured(args)

    for job in jobs:
        run(job, timed)  # warm the disk cache
    samples: dict[Job, list[float]] = {job: [] for job in jobs}
    for _ in range(runs):
        for job in jobs:
            samples[job].append(run(job, cost))
    return {job: min(values) for job, values in samples.items()}


GROWTH_BUDGETS = {"10 years": 0.10, "50 years": 0.25}


def report(commands: Commands, least: dict[Job, float], unit: str) -> None:
    """Reads: the ratio to the baseline on an empty database, then the growth with history."""
    _print_baselines(least, unit)
    for label, (_, budget, baseline_label) in commands.items():
        empty = least[(label, "empty")] / least[(baseline_label, "")]
        growth = {
            size: least[(label, size)] / least[(label, "empty")] - 1 for size in GROWTH_BUDGETS
        }
        if budget is None:
            verdict, shown = "grows with the history by nature", "     -"
        else:
            fits = empty <= budget and all(
                growth[s] <= limit for s, limit in GROWTH_BUDGETS.items()
            )
            verdict, shown = ("ok" if fits else "OVER"), f"{budget:>6.1f}x"
        changes = "".join(f"{growth[size]:>+10.0%}" for size in GROWTH_BUDGETS)
        print(f"{label:28}{empty:>7.2f}x{changes}{shown}  {verdict}")


def report_writes(commands: Commands, least: dict[Job, float], unit: str) -> None:
    """Writes: the ratio to the baseline on each database, each against the same budget."""
    _print_baselines(least, unit)
    for label, (_, budget, baseline_label) in commands.items():
        empty, *grown = (
            least[(label, db_name)] / least[(baseline_label, "")]
            for db_name in ("empty", *GROWTH_BUDGETS)
        )
        assert budget is not None
        verdict = "ok" if max(empty, *grown) <= budget else "OVER"
        shown = "".join(f"{ratio:>9.2f}x" for ratio in grown)
        print(f"{label:28}{empty:>7.2f}x{shown}{budget:>6.1f}x  {verdict}")


def _print_baselines(least: dict[Job, float], unit: str) -> None:
    scale, name = (1e-6, "million instructions") if unit == "instructions" else (1000, "ms CPU")
    typer_cost, pass_cost = least[(BASELINE, "")] * scale, least[(PASS, "")] * scale
    print(f"{BASELINE} = {typer_cost:.0f} {name}; {PASS} = {pass_cost:.0f} {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under valgrind instead"
    )
    options = parser.parse_args()
    if options.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind (apt install valgrind)")
    cost, runs, unit = (instructions, 1, "instructions") if options.instructions else (
        timed, options.runs, "CPU time"
    )  # fmt: skip
    folder = Path(tempfile.mkdtemp())
    try:
        script = install_wheel(folder)
        databases = make_databases(folder)
        what = (
            "instructions of one run"
            if options.instructions
            else f"least CPU time of {runs} interleaved runs"
        )
        print(f"{what} per command, output piped")
        print(f"{'':28}{'empty':>8}{'10 years':>10}{'50 years':>10}{'budget':>7}  verdict")
        report(READS, measure(script, READS, databases, runs, cost), unit)
        # Writes sync to disk, which slows whatever runs next: they are timed apart, each on a
        # fresh copy of its database; on an empty one, edit and undo find nothing to change.
        print(f"\nwrites, each as a ratio to {BASELINE}, on a fresh copy of each database")
        scratch = folder / "scratch.db"
        report_writes(WRITES, measure(script, WRITES, databases, runs, cost, scratch), unit)
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
