"""Build a realistic stretching history through the Store, for benchmarks and demos.

    python benchmarks/seed_history.py --years 10 --db /tmp/ten-years.db

A session most days (more often on weekdays), 2-6 stretches each, some days two sessions, a rest
day now and then, some notes and tightness scores that drift down as the habit takes hold. Seeded, so runs are repeatable.
"""

from __future__ import annotations

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from stretchlog.domain.sessions import Session, plan_holds
from stretchlog.storage.catalog_files import load_catalog
from stretchlog.storage.store import Store

NOTES = (
    "stiff after a long day at the desk",
    "felt good",
    "short one",
    "lower back tight",
    "after a run",
)


def seed(db: Path, years: int, today: date, rng: random.Random) -> int:
    catalog = list(load_catalog())
    store = Store(db)
    count = 0
    with store.transaction():
        store.replace_favourites([s.id for s in catalog[:4]])
        day = today - timedelta(days=round(365.25 * years))
        while day < today:
            chance = 0.9 if day.weekday() < 5 else 0.7
            if rng.random() < 0.02:
                store.add_session(_rest_day(day))
                count += 1
                day += timedelta(days=1)
                continue
            for _ in range(2 if rng.random() < 0.05 else 1):
                if rng.random() < chance:
                    store.add_session(_session(day, catalog, rng, progress=count))
                    count += 1
            day += timedelta(days=1)
    store.close()
    return count


def _session(day: date, catalog: list, rng: random.Random, progress: int) -> Session:  # type: ignore[type-arg]
    stretches = rng.sample(catalog, rng.randint(2, 6))
    tightness = max(0, min(10, round(rng.gauss(7 - min(progress / 400, 4), 1.5))))
    logged_at = datetime.combine(day, time(rng.randint(6, 22), rng.randint(0, 59)), tzinfo=UTC)
    return Session(
        day=day,
        logged_at=logged_at,
        note=rng.choice(NOTES) if rng.random() < 0.2 else None,
        tightness=tightness if rng.random() < 0.6 else None,
        source="manual",
        holds=plan_holds(stretches),
    )


def _rest_day(day: date) -> Session:
    logged_at = datetime.combine(day, time(20), tzinfo=UTC)
    return Session(day, logged_at, "ill", None, "manual", (), kind="rest")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.db.exists():
        parser.error(f"{args.db} exists; seed a new file")
    count = seed(args.db, args.years, args.today, random.Random(args.seed))
    print(f"seeded {count} sessions over {args.years} years into {args.db}")


if __name__ == "__main__":
    main()
