"""How quick is sync? The installed command, run for real beside baselines measured in the same
run (these machines are noisy: ratios, not seconds, are what to compare).

    python benchmarks/sync_speed.py [--years 10]

- the first sync of a history of `--years` years, published by one device and taken in by
  another (issue #16: within 3 s here), in wall time, with the peak memory of each process;
- `export` and `import` of that history, in wall time and peak memory (issue #16: import within
  1.5 s for 50 years, export and sync in memory that does not grow with the history);
- a sync with nothing new, as a ratio to `python -c "import typer"` (budget 1.3x), and `today`
  with `sync.auto` on and nothing new, as a ratio to `today` without it: instructions counted by
  valgrind, as `startup.py --instructions` does, since a single process's time swings too much.
"""

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from seed_history import seed  # noqa: E402
from startup import ENV, install_wheel, instructions  # noqa: E402

TODAY = date(2026, 11, 25)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds of one run of the command, and the peak memory (MB) of that process."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{args} failed")
    return took, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        script = install_wheel(root)
        env = {**ENV, "STRETCHLOG_NOW": f"{TODAY}T20:00:00+00:00", "PYTHONHASHSEED": "0"}
        env["XDG_CONFIG_HOME"] = str(root / "config")
        folder = root / "folder"
        folder.mkdir()
        first, second, imported = root / "first.db", root / "second.db", root / "imported.db"
        entries = seed(first, options.years, TODAY, random.Random(options.years))
        print(f"{options.years} years of history: {entries:,} entries")

        export = root / "export.json"
        took, peak = timed([script, "--db", str(first), "export", "-o", str(export)], env)
        print(f"export:                     {took:5.2f} s, peak {peak:4.0f} MB")
        took, peak = timed([script, "--db", str(imported), "import", str(export)], env)
        print(f"import:                     {took:5.2f} s, peak {peak:4.0f} MB")
        took, peak = timed([script, "--db", str(first), "sync", str(folder)], env)
        print(f"first sync, publishing it:  {took:5.2f} s, peak {peak:4.0f} MB")
        took, peak = timed([script, "--db", str(second), "sync", str(folder)], env)
        print(f"first sync, taking it in:   {took:5.2f} s, peak {peak:4.0f} MB")

        typer = instructions(["-c", "import typer"])
        idle = instructions([script, "--db", str(second), "sync", str(folder)])
        print(f"sync with nothing new:      {idle / typer:5.2f}x of import typer (budget 1.3x)")
        plain = instructions([script, "--db", str(second), "today"])
        for key, value in (("sync.dir", str(folder)), ("sync.auto", "true")):
            subprocess.run(
                [sys.executable, script, "config", "set", key, value], env=env, check=True
            )
        ENV["XDG_CONFIG_HOME"] = env["XDG_CONFIG_HOME"]
        auto = instructions([script, "--db", str(second), "today"])
        print(f"today with sync.auto, nothing new: {auto / plain:5.2f}x of today without it")


if __name__ == "__main__":
    main()
