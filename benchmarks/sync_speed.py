"""How quick is sync? Runs the installed command for real, beside baselines measured in the same
run (these machines are noisy: ratios, not seconds, are what to compare).

    python benchmarks/sync_speed.py [--years 10] [--runs 7]

- the first sync of a history of `--years` years, published by one device and taken in by
  another (issue #16: within 3 s here), with the peak memory of each process;
- a sync with nothing new, as a ratio to `python -c "import typer"` (budget 1.3x);
- `today` with `sync.auto` on and nothing new, as a ratio to `today` without it.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.seed_history import seed

PROGRAM = Path(sys.executable).parent / "stretchlog"
TODAY = date(2026, 11, 25)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds taken, and the peak memory (KB) of the child, for one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    return took, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def best(command: list[str], env: dict[str, str], runs: int) -> float:
    return min(timed(command, env)[0] for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        folder = root / "folder"
        folder.mkdir()
        env = {**os.environ, "STRETCHLOG_NOW": f"{TODAY}T20:00:00+00:00"}
        first, second = root / "first.db", root / "second.db"
        import random

        entries = seed(first, options.years, TODAY, random.Random(2026))
        sync = [str(PROGRAM), "sync", str(folder)]
        publish, publish_kb = timed([str(PROGRAM), "--db", str(first), *sync[1:]], env)
        size = sum(path.stat().st_size for path in folder.iterdir())
        take_in, take_in_kb = timed([str(PROGRAM), "--db", str(second), *sync[1:]], env)
        print(f"{options.years} years: {entries:,} entries, a {size / 2**20:.1f} MB device file")
        print(f"first sync, publishing it:  {publish:.2f} s, peak {publish_kb / 1024:.0f} MB")
        print(f"first sync, taking it in:   {take_in:.2f} s, peak {take_in_kb / 1024:.0f} MB")

        typer = best([sys.executable, "-c", "import typer"], env, options.runs)
        idle = best([str(PROGRAM), "--db", str(second), *sync[1:]], env, options.runs)
        print(f"sync with nothing new: {idle / typer:.2f}x of import typer (budget 1.3x)")

        plain = best([str(PROGRAM), "--db", str(second), "today"], env, options.runs)
        config = root / "config"
        auto_env = {**env, "XDG_CONFIG_HOME": str(config)}
        for key, value in (("sync.dir", str(folder)), ("sync.auto", "true")):
            subprocess.run([str(PROGRAM), "config", "set", key, value], env=auto_env, check=True)
        auto = best([str(PROGRAM), "--db", str(second), "today"], auto_env, options.runs)
        print(f"today with sync.auto, nothing new: {auto / plain:.2f}x of today without it")


if __name__ == "__main__":
    main()
