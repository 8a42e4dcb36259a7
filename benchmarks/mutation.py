"""Mutation testing of the domain and storage folders with mutmut: how many bugs the suite catches.

    pip install mutmut==3.8.1        # not in the test extra: a benchmark, not part of CI
    python benchmarks/mutation.py    # the whole run: about 30 minutes on 2 cores
    python benchmarks/mutation.py --report   # only the summary of the last run, from mutants/
    python benchmarks/mutation.py --max-children 4
    python benchmarks/mutation.py 'stretchlog.domain.routine*'   # some mutants only

mutmut reads its settings from [tool.mutmut] in pyproject.toml: it mutates stretchlog/domain/ and
stretchlog/storage/ (not the generated known_schema.py) and runs the fast part of the suite
(`-m "not slow"`: the slow tests run real processes, which would not see the mutant) against each
mutant, only the tests that reach the mutated function. It keeps its work in mutants/ and, run
again, tests only the mutants whose function or tests changed.

The kill score counts a mutant as caught when a test failed or the tests timed out under it; a
survivor, or a mutant no fast test reaches, counts against it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAUGHT = ("killed", "timeout", "caught by type check")


def mutmut(*args: str, quiet: bool = False) -> str:
    """Run mutmut from the checkout's root; its output, or it streams to the terminal."""
    command = [sys.executable, "-m", "mutmut", *args]
    if quiet:
        done = subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        return done.stdout
    subprocess.run(command, cwd=ROOT, check=True)
    return ""


def statuses() -> dict[str, str]:
    """Every mutant's status, by mutmut's name for it (module.function__mutmut_N)."""
    found = {}
    for line in mutmut("results", "--all=true", quiet=True).splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and name.startswith("stretchlog."):
            found[name] = status
    return found


def module_of(name: str) -> str:
    """`stretchlog.domain.days.x_shown__mutmut_3` -> `stretchlog/domain/days.py`."""
    return name.rsplit(".", 1)[0].replace(".", "/") + ".py"


def _numbered(name: str) -> tuple[str, int]:
    """Sorts x_f__mutmut_2 before x_f__mutmut_10."""
    stem, _, number = name.partition(" ")[0].rpartition("_")
    return stem, int(number)


def report(found: dict[str, str]) -> None:
    counts = Counter(found.values())
    total = len(found)
    caught = sum(counts[status] for status in CAUGHT)
    print(f"mutants      {total}")
    print(f"killed       {counts['killed']}")
    print(f"timed out    {counts['timeout']}")
    print(f"survived     {counts['survived']}")
    print(f"no tests     {counts['no tests']}")
    others = {k: v for k, v in counts.items() if k not in (*CAUGHT, "survived", "no tests")}
    if others:
        print("other        " + ", ".join(f"{v} {k}" for k, v in sorted(others.items())))
    if total:
        print(f"kill score   {caught / total:.1%}  (killed or timed out, of all mutants)")
    checked = total - counts["not checked"]
    if counts["not checked"] and checked:
        print(f"             {caught / checked:.1%}  of the {checked} checked so far")
    by_file: dict[str, list[str]] = defaultdict(list)
    for name, status in found.items():
        if status not in CAUGHT:
            by_file[module_of(name)].append(f"{name} ({status})" if status != "survived" else name)
    print()
    for path in sorted(by_file):
        names = sorted(by_file[path], key=_numbered)
        print(f"{path}: {len(names)} left")
        for name in names:
            print(f"    {name}")
    print("\nsee one with: mutmut show NAME")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mutants", nargs="*", help="mutant names or globs (default: all)")
    parser.add_argument("--max-children", type=int, help="parallel workers (default: the cores)")
    parser.add_argument("--report", action="store_true", help="summarise the last run only")
    args = parser.parse_args()
    if not args.report:
        extra = ["--max-children", str(args.max_children)] if args.max_children else []
        mutmut("run", *extra, *args.mutants)
    report(statuses())


if __name__ == "__main__":
    main()
